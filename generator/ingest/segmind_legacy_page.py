"""Segmind's older model page, as a scrape flattened it to text (the legacy "Attributes" layout).

Perhaps a title first, then `POST`, `javascript`, and the whole example on one line (its gutter
numbers first) holding the URL `https://api.segmind.com/v1/<slug>` (or `/v1/models/<slug>`)
and the body (`const reqBody = {...}`, `const data = {...}`, or a Python `data = {...}`: see
segmind_example.py). Then `RESPONSE` with the content type on the same line or the next
(`image/jpeg`: v1 answers the image bytes) or a `Returns: Image` / `Returns: Text/JSON` line,
`HTTP Response Codes` as `200 - OKImage Generated` (reason and meaning glued), and `Attributes`:

    cfgfloat ( default: 6 )          name and type glued (types: segmind_types.py); `*` required;
    Guidance scale                   `Affects Pricing` may follow the name; the description
    min : 0,                         inclusive bounds; some pages print the maximum as a second
    max : 20                         `min :` line
    Allowed values:                  the values of an enum, one a line; the scrape often lost them

`( default: None )` means no default; `( default: 1 )` is a placeholder on many fields, not a
default where it contradicts the type or the bounds (a warning, the field is kept). After the
attributes come a note on the `x-remaining-credits` header, the model's name and a paragraph
about it (the summary), then marketing prose, which is not read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Final

from ..spec.model import Endpoint, Vocabulary
from .base import Document
from .page_text import (
    FieldDraft,
    find_line,
    glued_split,
    normalise,
    parse_number,
    settle_required_default,
)
from .segmind_example import Example, code_lines, read_example
from .segmind_facts import (
    AFFECTS_PRICING,
    read_values,
    set_bound,
    set_default,
    settle_default,
)
from .segmind_types import WORD_PATTERN, draft_type, parse, start_draft
from .segmind_v2 import returns_what

LAYOUT: Final = "segmind-legacy-page"
PROVIDER: Final = "segmind"

_MARKERS: Final = (
    r"(?P<req>\s*\*)?(?:\s*\(\s*default\s*:\s?(?P<default>.*?)\s*\))?(?P<req_after>\s*\*)?"
)
_HEADER = re.compile(rf"(?P<name>[a-z_][A-Za-z0-9_]*?)(?P<type>{WORD_PATTERN}){_MARKERS}")
_AFTER_NAME = re.compile(rf"(?P<type>{WORD_PATTERN}){_MARKERS}")
_HEADER_SHAPE = re.compile(
    r"[a-z_][a-z0-9_:]*(?:\s*\([a-z0-9 _-]*\))?(?:\[\])?(?:\s*\*)?(?:\s*\(\s*default:.*\))?(?:\s*\*)?"
)
_BOUND = re.compile(r"(?P<which>min|max)\s*:\s*(?P<value>\S+?),?")
_ALLOWED = re.compile(r"Allowed values\s*:\s*(?P<rest>.*)")
_URL = re.compile(
    r"https://api\.segmind\.com(?P<path>/v1/(?:models/)?(?P<slug>[A-Za-z0-9][A-Za-z0-9._-]*))"
)
_STATUS = re.compile(r"(?P<code>\d{3}) - (?P<text>.+)")
_RESPONSE = re.compile(r"RESPONSE\b\s*(?P<kind>.*)")
_RETURNS = re.compile(r"Returns\s*:\s*(?P<kind>.+)")


def detect(text: str) -> bool:
    """The older Segmind page: a Segmind v1 URL and an `Attributes` list."""
    return (
        _URL.search(text) is not None
        and re.search(r"^Attributes\s*$", text, re.MULTILINE) is not None
    )


def ingest(doc: Document, vocabulary: Vocabulary) -> list[Endpoint]:
    attributes = _heading(doc, "Attributes")
    code_line, path, slug, example = _read_example(doc, attributes)
    notes = _example_notes(doc, code_line) + example.warnings
    notes += _response_notes(doc, attributes)
    drafts, end = _read_attributes(doc, attributes, notes, example)
    title, summary, tail_notes = _read_tail(doc, end)
    return [
        Endpoint(
            id=f"{PROVIDER}/{slug}",
            provider=PROVIDER,
            title=title or _top_title(doc, code_line),
            summary=summary,
            protocols=("v1",),
            path=path if path != f"/v1/{slug}" else None,
            input=tuple(d.build(vocabulary) for d in drafts),
            output=(),
            examples={"request": example.body} if example.body is not None else {},
            notes=tuple(notes + tail_notes),
            sources=doc.source(LAYOUT),
        )
    ]


def _heading(doc: Document, name: str) -> int:
    line = find_line(doc, re.escape(name) + r"\s*")
    if line is None:
        end = len(doc.lines) or 1
        raise doc.fail(end, f"no '{name}' section before the page ends (is it truncated?)")
    return line


# ---------------------------------------------------------------------------- example


def _read_example(doc: Document, end: int) -> tuple[int, str, str, Example]:
    """The line of the example's URL, its v1 path and slug, and the request body."""
    for n in range(1, end):
        url = _URL.search(doc.lines[n - 1])
        if url is None:
            continue
        stop = next(
            (k for k in range(n, end) if _RESPONSE.fullmatch(doc.lines[k - 1].strip())), end
        )
        example = read_example(doc, code_lines(doc, 1, stop))
        if example.body is None and not example.warnings:
            example.warnings.append(doc.warn(n, "the example shows no request body"))
        return n, url["path"], url["slug"], example
    raise doc.fail(end, "no example with the URL 'https://api.segmind.com/v1/<slug>'")


def _top_title(doc: Document, code_line: int) -> str | None:
    """A title above the example (some scrapes keep the page's heading there)."""
    for n in range(1, code_line):
        text = doc.lines[n - 1].strip()
        if text in ("POST", "javascript", "python", "bash", "curl"):
            return None
        if text:
            return text
    return None


def _example_notes(doc: Document, line: int) -> list[str]:
    text = doc.lines[line - 1]
    if "FormData" not in text or "x-api-key" not in text:
        return []
    return [
        "The page's JavaScript example posts the fields as multipart/form-data (FormData) "
        "with the x-api-key header"
    ]


def _response_notes(doc: Document, end: int) -> list[str]:
    """`RESPONSE` + its content type (same line or next), `Returns: ...`, and the `HTTP
    Response Codes` list, all above the attributes."""
    notes: list[str] = []
    for n in range(1, end):
        text = doc.lines[n - 1].strip()
        response, returns = _RESPONSE.fullmatch(text), _RETURNS.fullmatch(text)
        if response is not None:
            kind = response["kind"].strip() or (doc.lines[n].strip() if n < end else "")
            if not kind or kind == "HTTP Response Codes":
                notes.append(doc.warn(n, "RESPONSE is not followed by a content type"))
            else:
                notes.append(f"v1 returns {kind}{returns_what(kind)}")
            break
        if returns is not None:
            kind = returns["kind"].strip()
            notes.append(f"v1 returns {kind}{returns_what(kind)}")
            break
    codes = find_line(doc, r"HTTP Response Codes\s*")
    if codes is None:
        return notes
    for n in range(codes + 1, end):
        match = _STATUS.fullmatch(doc.lines[n - 1].strip())
        if match is None:
            break
        split = glued_split(match["text"])
        if split is None:
            notes.append(f"HTTP {match['code']}: {match['text']}")
        else:
            notes.append(f"HTTP {match['code']} {split[0]}: {split[1]}")
    return notes


# ---------------------------------------------------------------------------- attributes


@dataclass
class _Entry:
    draft: FieldDraft
    description: list[tuple[int, str]] = field(default_factory=list)
    allowed: list[tuple[int, str]] | None = None
    constrained: bool = False
    readable: bool = True


def _read_attributes(
    doc: Document, start: int, notes: list[str], example: Example
) -> tuple[list[FieldDraft], int]:
    """The attribute entries after `Attributes`, and the line where the section ends."""
    entries: list[_Entry] = []
    end = len(doc.lines) + 1
    keys = sorted(example.body or {}, key=len, reverse=True)
    for n in range(start + 1, len(doc.lines) + 1):
        text = doc.lines[n - 1].strip()
        if not text:
            continue
        current = entries[-1] if entries else None
        header = _header(text, keys)
        if header is not None and (current is None or not _takes_value(current, text)):
            entries.append(_start_entry(doc, n, header, AFFECTS_PRICING.search(text), notes))
        elif _HEADER_SHAPE.fullmatch(text) and (current is None or not _takes_value(current, text)):
            notes.append(
                doc.warn(n, f"cannot read the attribute {text!r} (unknown type?); left out")
            )
            entries.append(_Entry(FieldDraft(doc, text, "any", n), readable=False))
        elif current is None:
            raise doc.fail(n, f"expected an attribute like 'cfgfloat ( default: 6 )': {text!r}")
        elif not _read_line(doc, current, n, text, notes):
            if _more_attributes(doc, n, keys):
                current.description.append((n, text))  # a second paragraph of its description
                continue
            end = n
            break
    kept = [e for e in entries if e.readable]
    if not kept:
        raise doc.fail(start, "the Attributes section lists no attribute")
    for entry in kept:
        _finish_entry(doc, entry, notes)
    return [e.draft for e in kept], end


def _header(text: str, keys: list[str]) -> re.Match[str] | tuple[str, re.Match[str]] | None:
    """The name and the rest of an attribute's first line; the example's keys first, so a name
    that ends like a type word (`use_image` + `bool`) splits where the example says."""
    text = AFFECTS_PRICING.sub("", text).strip()
    for key in keys:
        if text.startswith(key):
            rest = _AFTER_NAME.fullmatch(text[len(key) :].strip())
            if rest is not None:
                return key, rest
    return _HEADER.fullmatch(text)


def _more_attributes(doc: Document, line: int, keys: list[str]) -> bool:
    """Whether an attribute follows `line` before the credits note (or the page's end)."""
    for n in range(line + 1, len(doc.lines) + 1):
        text = doc.lines[n - 1].strip()
        if "x-remaining-credits" in text:
            return False
        if text and _header(text, keys) is not None:
            return True
    return False


def _takes_value(entry: _Entry, text: str) -> bool:
    """After `Allowed values:`, a bare word is one of the values."""
    return entry.allowed is not None and re.fullmatch(r"\S+", text) is not None


def _start_entry(
    doc: Document,
    line: int,
    header: re.Match[str] | tuple[str, re.Match[str]],
    pricing: re.Match[str] | None,
    notes: list[str],
) -> _Entry:
    name, match = header if isinstance(header, tuple) else (header["name"], header)
    word = parse(match["type"])
    assert word is not None
    draft = FieldDraft(doc, name, draft_type(word), line)
    start_draft(draft, word, line)
    if word.unknown_qualifier:
        notes.append(
            doc.warn(
                line, f"unknown qualifier ({word.unknown_qualifier}); read as a {draft.type}", name
            )
        )
    if match["req"] or match["req_after"]:
        draft.set("required", True, line)
    if pricing is not None:
        notes.append(f"{name}: the page says it affects pricing")
    if match["default"] is not None:
        set_default(doc, draft, line, match["default"], notes, bare=True)
    return _Entry(draft)


def _read_line(doc: Document, entry: _Entry, line: int, text: str, notes: list[str]) -> bool:
    """Take one non-blank line into the entry; False when it ends the Attributes section."""
    if not entry.readable:
        return True
    bound = _BOUND.fullmatch(text)
    allowed = _ALLOWED.fullmatch(text)
    if _takes_value(entry, text) and bound is None:
        assert entry.allowed is not None
        entry.allowed.append((line, text))
    elif bound is not None:
        set_bound(doc, entry.draft, line, bound["which"], bound["value"], notes)
        entry.constrained = True
    elif allowed is not None:
        entry.allowed = [(line, allowed["rest"])]
        entry.constrained = True
    elif AFFECTS_PRICING.fullmatch(text):
        notes.append(f"{entry.draft.name}: the page says it affects pricing")
    elif not entry.constrained and _continues_description(entry, line):
        entry.description.append((line, text))
    else:
        return False
    return True


def _continues_description(entry: _Entry, line: int) -> bool:
    """Descriptions are one paragraph: prose after it belongs to the page, not the attribute."""
    if not entry.description:
        return True
    return entry.description[-1][0] == line - 1


def _finish_entry(doc: Document, entry: _Entry, notes: list[str]) -> None:
    draft = entry.draft
    if entry.description:
        text = normalise(" ".join(t for _, t in entry.description))
        draft.set("description", text, entry.description[0][0])
    if entry.allowed is not None:
        read_values(doc, draft, entry.allowed, notes)
    settle_default(doc, draft, notes)
    default = draft.default()
    if isinstance(default, str) and parse_number(default) is not None:
        notes.append(
            f"{draft.name}: the page gives the number {default} as the default of a string; "
            f"kept as the string {json.dumps(default)}"
        )
    settle_required_default(draft, notes)


# ---------------------------------------------------------------------------- after the list


def _read_tail(doc: Document, start: int) -> tuple[str | None, str | None, list[str]]:
    """The credits note, then the model's name and its first paragraph (the summary), which
    the model's longer description follows. A page that ends before that description looks
    truncated: what may be cut (the summary, or title and summary) is left out, with a
    warning."""
    notes: list[str] = []
    read: list[str] = []
    for n in range(start, len(doc.lines) + 1):
        text = normalise(doc.lines[n - 1])
        if not text:
            continue
        if "x-remaining-credits" in text and not read:
            notes.append(text)
        elif len(read) < 2:
            read.append(text)
        else:
            return read[0], read[1], notes
    if not notes:  # no credits note: what was read may be the cut end of the last attribute
        raise doc.fail(len(doc.lines), "the page ends in its Attributes (truncated?)")
    message = "the page looks truncated: it ends before the model's description"
    kept = "; its name and summary are left out" if read else ""
    notes.append(doc.warn(len(doc.lines), message + kept))
    if not read and not notes[0].endswith("."):
        notes.pop(0)  # the credits note itself is cut
    return None, None, notes
