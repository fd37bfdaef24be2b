"""The `Parameters` list of Segmind's newer pages (the "Parameters" and the v2-first layouts).

One entry per parameter, its header found by structure: a name glued to `required` or
`optional`, then the type word, on the same line or the next:

    cfgoptional                      promptrequired / base64optional / strengthoptional number
    number                           string (uri), string[], object[], enum:int, ...
    Guidance scale                   description: any other text of the entry
    Default: 7.5Range: 1 - 25        a default (JSON or bare), maybe a range glued to it
    Allowed values :                 then values glued ("webp""jpg") or one a line; a list the
    "webp""jpg""png"                 page cuts ((13 total) ... +3 more) gives no enum

A fact that cannot be read is a located warning (see segmind_facts.py); the entry is kept.
The caller passes the section's span: a page whose Parameters never end (nothing follows them)
is cut inside its list, which the caller refuses before calling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from .base import Document
from .page_text import FieldDraft, normalise, settle_required_default
from .segmind_facts import (
    AFFECTS_PRICING,
    read_values,
    set_default,
    set_range,
    settle_default,
)
from .segmind_types import TYPE_SHAPE, TypeWord, draft_type, parse, start_draft

_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MARKER: Final = re.compile(r"required|optional")
_DEFAULT: Final = re.compile(r"Default\s*:\s*(?P<rest>.*)")
_RANGE_LABEL: Final = re.compile(r"Range\s*:\s*")
_ALLOWED: Final = re.compile(r"Allowed values\s*:?\s*(?P<rest>.*)")
_MORE: Final = re.compile(r"\+\s*\d+\s*more")


@dataclass(frozen=True)
class Header:
    name: str
    required: bool
    type_text: str
    """The type word glued after the marker, or empty (it is on the next line)."""
    pricing: bool


def header(text: str) -> Header | None:
    """`cfgoptional`, `promptrequired string`: a parameter's first line, or None."""
    pricing = AFFECTS_PRICING.search(text) is not None
    text = AFFECTS_PRICING.sub("", text).strip()
    for marker in _MARKER.finditer(text):
        name, rest = text[: marker.start()], text[marker.end() :].strip()
        if _NAME.fullmatch(name) and (not rest or TYPE_SHAPE.fullmatch(rest)):
            return Header(name, marker.group() == "required", rest, pricing)
    return None


@dataclass
class _Entry:
    draft: FieldDraft
    description: list[tuple[int, str]] = field(default_factory=list)


def read_parameters(doc: Document, start: int, end: int, notes: list[str]) -> list[FieldDraft]:
    """The parameters listed on lines `start+1 .. end-1` (`start` is the heading)."""
    entries: list[_Entry] = []
    n = start + 1
    while n < end:
        text = doc.lines[n - 1].strip()
        found = header(text) if text else None
        if found is not None:
            entry, n = _start_entry(doc, n, found, end, notes)
            entries.append(entry)
        elif not text:
            n += 1
        elif not entries:
            raise doc.fail(
                n, f"expected a parameter ('<name>required' or '<name>optional'): {text!r}"
            )
        else:
            n = _read_detail(doc, entries[-1], n, end, notes)
    if not entries:
        raise doc.fail(start, "the Parameters section lists no parameter")
    for entry in entries:
        _finish(doc, entry, notes)
    return [e.draft for e in entries]


def _start_entry(
    doc: Document, line: int, found: Header, end: int, notes: list[str]
) -> tuple[_Entry, int]:
    """The entry a header opens, and the line after its type word."""
    next_line = line + 1
    type_text, type_line = found.type_text, line
    following = next((k for k in range(line + 1, end) if doc.lines[k - 1].strip()), None)
    if not type_text and following is not None:
        candidate = doc.lines[following - 1].strip()
        if TYPE_SHAPE.fullmatch(candidate) and header(candidate) is None:
            type_text, type_line, next_line = candidate, following, following + 1
    word: TypeWord | None = parse(type_text) if type_text else None
    draft = FieldDraft(doc, found.name, draft_type(word) if word else "any", type_line)
    if word is None:
        what = f"unknown type {type_text!r}" if type_text else "no type line"
        notes.append(doc.warn(type_line, f"{what}; the type is left open (any)", found.name))
    else:
        start_draft(draft, word, type_line)
        if word.unknown_qualifier:
            notes.append(
                doc.warn(
                    type_line,
                    f"unknown qualifier ({word.unknown_qualifier}) of {word.word!r}; "
                    f"read as a {draft.type}",
                    found.name,
                )
            )
    if found.required:
        draft.set("required", True, line)
    if found.pricing:
        notes.append(f"{found.name}: the page says it affects pricing")
    return _Entry(draft), next_line


def _read_detail(doc: Document, entry: _Entry, n: int, end: int, notes: list[str]) -> int:
    """One line (or an Allowed values run) of a parameter; returns the next line to read."""
    text = doc.lines[n - 1].strip()
    draft = entry.draft
    default = _DEFAULT.fullmatch(text)
    allowed = _ALLOWED.fullmatch(text)
    if default is not None:
        value, _, bounds = _split_range(default["rest"])
        set_default(doc, draft, n, value, notes)
        if bounds is not None:
            set_range(doc, draft, n, bounds, notes)
    elif _RANGE_LABEL.match(text):
        set_range(doc, draft, n, _RANGE_LABEL.sub("", text, count=1), notes)
    elif allowed is not None:
        lines = [(n, allowed["rest"])]
        n += 1
        while n < end and _is_value(doc, n, end):
            lines.append((n, doc.lines[n - 1]))
            n += 1
        read_values(doc, draft, lines, notes)
        return n
    elif AFFECTS_PRICING.fullmatch(text):
        notes.append(f"{draft.name}: the page says it affects pricing")
    else:
        entry.description.append((n, text))
    return n + 1


def _split_range(rest: str) -> tuple[str, str, str | None]:
    """`7.5Range: 1 - 25` -> (`7.5`, ..., `1 - 25`); a `Range:` inside a quoted default stays."""
    for match in _RANGE_LABEL.finditer(rest):
        before = rest[: match.start()]
        if before.count('"') % 2 == 0:
            return before, match.group(), rest[match.end() :]
    return rest, "", None


def _is_value(doc: Document, n: int, end: int) -> bool:
    """Whether line `n` continues an Allowed values run: a non-blank line that opens no
    parameter and states no other fact; a blank line only when `+N more` follows it."""
    text = doc.lines[n - 1].strip()
    if not text:
        following = next(
            (doc.lines[k - 1].strip() for k in range(n + 1, end) if doc.lines[k - 1].strip()), ""
        )
        return _MORE.fullmatch(following) is not None
    return not (
        header(text) is not None
        or _DEFAULT.fullmatch(text)
        or _RANGE_LABEL.match(text)
        or _ALLOWED.fullmatch(text)
    )


def _finish(doc: Document, entry: _Entry, notes: list[str]) -> None:
    draft = entry.draft
    if entry.description:
        text = normalise(" ".join(t for _, t in entry.description))
        draft.set("description", text, entry.description[0][0])
    settle_default(doc, draft, notes)
    settle_required_default(draft, notes)
