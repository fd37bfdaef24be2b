"""The schema sections of fal's markdown page (see `fal_markdown`): finding a heading and where
its section ends, and reading the parameter bullets and labelled JSON examples under it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Final

from ..spec.input_files import json_value
from ..spec.model import JSON
from .base import Document
from .fal_markdown_params import PARAGRAPH, Param, finish_param
from .page_text import FieldDraft, find_line

_BULLET = re.compile(
    r"- \*\*`(?P<name>[^`]+)`\*\* \(`(?P<type>[^`]+)`, _(?P<req>required|optional)_\):?"
)
_SUB_BULLET = re.compile(r"  - (?P<text>.*)")
_LABEL = re.compile(r"\*\*(?P<label>[^*]+)\*\*:")
_EXAMPLE_KEYS: Final = {
    "Required Parameters Example": "request",
    "Full Example": "full_request",
    "Example Response": "response",
}


def find_heading(doc: Document, pattern: str) -> int:
    line = find_line(doc, pattern)
    if line is None:
        heading = pattern.replace("\\", "")
        end = len(doc.lines) or 1
        raise doc.fail(end, f"no '{heading}' section before the page ends (is it truncated?)")
    return line


def section_end(doc: Document, heading: int) -> int:
    """The line after the last line of the section opened at `heading` (fences skipped)."""
    level = len(doc.lines[heading - 1]) - len(doc.lines[heading - 1].lstrip("#"))
    fenced = False
    for n in range(heading + 1, len(doc.lines) + 1):
        text = doc.lines[n - 1]
        if text.startswith("```"):
            fenced = not fenced
            continue
        hashes = len(text) - len(text.lstrip("#"))
        if not fenced and 0 < hashes <= level and text[hashes : hashes + 1] == " ":
            return n
    if fenced:
        raise doc.fail(len(doc.lines), "a ``` block is never closed (is the page truncated?)")
    return len(doc.lines) + 1


@dataclass
class Schema:
    drafts: list[Param] = field(default_factory=list)
    examples: dict[str, JSON] = field(default_factory=dict)


def read_schema(doc: Document, heading: int, end: int, section: str, notes: list[str]) -> Schema:
    """Bullets and labelled JSON examples between `heading` and `end`."""
    schema = Schema()
    current: Param | None = None
    n = heading + 1
    while n < end:
        text = doc.lines[n - 1]
        bullet = _BULLET.fullmatch(text)
        label = _LABEL.fullmatch(text)
        if bullet is not None:
            current = _start_param(doc, n, bullet)
            schema.drafts.append(current)
        elif label is not None:
            current = None
            n = _read_example(doc, n, end, label["label"], schema.examples)
        elif not text.strip():
            if current is not None and not _paragraph_follows(doc, n, end, current):
                current = None
        elif current is not None and (sub := _SUB_BULLET.fullmatch(text)) is not None:
            current.subs.append((n, sub["text"]))
        elif current is not None and text.startswith("  ") and not current.subs:
            if current.description and not doc.lines[n - 2].strip():
                current.description.append((n, PARAGRAPH))
            current.description.append((n, text))
        elif schema.drafts or text.startswith((" ", "-", "`")):
            message = f"cannot read this line of the {section} schema: {text.strip()!r}; skipped"
            notes.append(doc.warn(n, message))
        n += 1
    for param in schema.drafts:
        finish_param(doc, param, section, notes)
    return schema


def _paragraph_follows(doc: Document, blank: int, end: int, current: Param) -> bool:
    """Whether the description of `current` goes on, after blank lines, with an indented
    paragraph (not a detail bullet: details follow the prose directly)."""
    if current.subs or not current.description:
        return False
    n = blank
    while n < end and not doc.lines[n - 1].strip():
        n += 1
    text = doc.lines[n - 1] if n < end else ""
    return text.startswith("  ") and _SUB_BULLET.fullmatch(text) is None


def _start_param(doc: Document, line: int, bullet: re.Match[str]) -> Param:
    draft = FieldDraft(doc, bullet["name"], "any", line)
    if bullet["req"] == "required":
        draft.set("required", True, line)
    return Param(draft, bullet["type"].strip())


def _read_example(doc: Document, line: int, end: int, label: str, into: dict[str, JSON]) -> int:
    """A `**Label**:` line, a blank line, then a ```json block; returns the block's last line."""
    n = line + 1
    while n < end and not doc.lines[n - 1].strip():
        n += 1
    if n >= end or doc.lines[n - 1].strip() != "```json":
        raise doc.fail(line, f"'{label}' is not followed by a ```json block")
    close = next((k for k in range(n + 1, end) if doc.lines[k - 1].strip() == "```"), None)
    if close is None:
        raise doc.fail(n, f"the ```json block of '{label}' is never closed")
    try:
        value = json_value("\n".join(doc.lines[n : close - 1]))
    except json.JSONDecodeError as error:
        raise doc.fail(n + error.lineno, f"the '{label}' example is not valid JSON") from None
    except ValueError as error:
        raise doc.fail(n, f"the '{label}' example cannot be read: {error}") from None
    key = _EXAMPLE_KEYS.get(label, re.sub(r"\W+", "_", label.lower()).strip("_"))
    into[key] = value
    return close
