"""Segmind's older model page, as a scrape flattened it to text.

`POST`, `javascript`, then the whole JS example on one line (its gutter numbers first), with
`const url = "https://api.segmind.com/v1/<slug>"` and `const reqBody = {...}` (JSON). Then
`RESPONSE` and the content type (`image/jpeg`: v1 answers the image bytes), `HTTP Response
Codes` as `200 - OKImage Generated` (reason and meaning glued), and `Attributes`:

    cfgfloat ( default: 6 )          name and type glued: float, int, str, enum:str, bool, image
    Guidance scale                   description
    min : 0,                         inclusive bounds
    max : 20
    promptstr *                      `*`: required
    Allowed values:                  the values of an enum; the scrape often lost them

After the attributes come a note on the `x-remaining-credits` header, the model's name and a
paragraph about it (the summary), then marketing prose, which is not read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Final

from ..spec.model import JSON, Endpoint, Vocabulary
from .base import Document
from .page_text import (
    FieldDraft,
    bound_fits,
    find_line,
    glued_split,
    is_file_name,
    normalise,
    parse_number,
    settle_required_default,
)

LAYOUT: Final = "segmind-legacy-page"
PROVIDER: Final = "segmind"

_TYPES: Final = {
    "float": "number",
    "int": "integer",
    "str": "string",
    "enum:str": "string",
    "enum:int": "integer",
    "enum:float": "number",
    "bool": "boolean",
    "image": "string",
}
_TYPE_ALTERNATIVES: Final = "|".join(re.escape(t) for t in sorted(_TYPES, key=len, reverse=True))
_MARKERS: Final = r"(?P<req>\s*\*)?(?:\s*\(\s*default:\s?(?P<default>.*?)\s*\))?"
_HEADER = re.compile(rf"(?P<name>[a-z_][a-z0-9_]*?)(?P<type>{_TYPE_ALTERNATIVES}){_MARKERS}")
_HEADER_SHAPE = re.compile(r"[a-z_][a-z0-9_:]*(?:\s*\*)?(?:\s*\(\s*default:.*\))?")
_BOUND = re.compile(r"(?P<which>min|max)\s*:\s*(?P<value>\S+?),?")
_ALLOWED = re.compile(r"Allowed values\s*:")
_URL = re.compile(
    r'const url = "https://api\.segmind\.com/v1/(?P<slug>[A-Za-z0-9][A-Za-z0-9._-]*)"'
)
_REQ_BODY = re.compile(r"const reqBody = ")
_STATUS = re.compile(r"(?P<code>\d{3}) - (?P<text>.+)")


def detect(text: str) -> bool:
    """The older Segmind page: a `const url = ...segmind...` example, `RESPONSE`, `Attributes`."""
    return (
        _URL.search(text) is not None
        and re.search(r"^RESPONSE$", text, re.MULTILINE) is not None
        and re.search(r"^Attributes$", text, re.MULTILINE) is not None
    )


def ingest(doc: Document, vocabulary: Vocabulary) -> list[Endpoint]:
    code_line, slug, example = _read_example(doc)
    notes = _example_notes(doc, code_line)
    notes += _response_notes(doc)
    attributes = _heading(doc, "Attributes")
    drafts, end = _read_attributes(doc, attributes, notes)
    title, summary, tail_notes = _read_tail(doc, end)
    return [
        Endpoint(
            id=f"{PROVIDER}/{slug}",
            provider=PROVIDER,
            title=title,
            summary=summary,
            protocols=("v1",),
            input=tuple(d.build(vocabulary) for d in drafts),
            output=(),
            examples={"request": example},
            notes=tuple(notes + tail_notes),
            sources=doc.source(LAYOUT),
        )
    ]


def _heading(doc: Document, name: str) -> int:
    line = find_line(doc, re.escape(name))
    if line is None:
        end = len(doc.lines) or 1
        raise doc.fail(end, f"no '{name}' section before the page ends (is it truncated?)")
    return line


# ---------------------------------------------------------------------------- JS example


def _read_example(doc: Document) -> tuple[int, str, dict[str, JSON]]:
    """The line of the JS example, the slug of its URL and its `reqBody`."""
    for n, text in enumerate(doc.lines, start=1):
        url = _URL.search(text)
        if url is None:
            continue
        body = _REQ_BODY.search(text)
        if body is None:
            raise doc.fail(n, "the example has no 'const reqBody = {...}'")
        try:
            value, _ = json.JSONDecoder().raw_decode(text, body.end())
        except ValueError:
            raise doc.fail(n, "the example's reqBody is not a JSON object") from None
        if not isinstance(value, dict):
            raise doc.fail(n, "the example's reqBody is not a JSON object")
        return n, url["slug"], value
    raise doc.fail(None, "no example with 'const url = \"https://api.segmind.com/v1/<slug>\"'")


def _example_notes(doc: Document, line: int) -> list[str]:
    text = doc.lines[line - 1]
    if "FormData" not in text or "x-api-key" not in text:
        return []
    return [
        "The page's JavaScript example posts the fields as multipart/form-data (FormData) "
        "with the x-api-key header"
    ]


def _response_notes(doc: Document) -> list[str]:
    """`RESPONSE` + its content type, and the `HTTP Response Codes` list."""
    notes: list[str] = []
    response = find_line(doc, "RESPONSE")
    if response is not None:
        kind = doc.lines[response].strip() if response < len(doc.lines) else ""
        if not kind:
            raise doc.fail(response, "RESPONSE is not followed by a content type")
        notes.append(f"v1 returns {kind} (the raw bytes, not JSON)")
    codes = find_line(doc, "HTTP Response Codes")
    if codes is None:
        return notes
    for n in range(codes + 1, len(doc.lines) + 1):
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
    allowed_line: int | None = None
    values: list[tuple[int, str]] = field(default_factory=list)
    constrained: bool = False


def _read_attributes(doc: Document, start: int, notes: list[str]) -> tuple[list[FieldDraft], int]:
    """The attribute entries after `Attributes`, and the line where the section ends."""
    entries: list[_Entry] = []
    end = len(doc.lines) + 1
    for n in range(start + 1, len(doc.lines) + 1):
        text = doc.lines[n - 1].strip()
        if not text:
            continue
        current = entries[-1] if entries else None
        if _HEADER.fullmatch(text):
            entries.append(_start_entry(doc, n, text))
        elif _HEADER_SHAPE.fullmatch(text) and (current is None or not _takes_value(current, text)):
            raise doc.fail(n, f"cannot read the attribute {text!r} (unknown type?)")
        elif current is None:
            raise doc.fail(n, f"expected an attribute like 'cfgfloat ( default: 6 )': {text!r}")
        elif not _read_line(doc, current, n, text):
            end = n
            break
    if not entries:
        raise doc.fail(start, "the Attributes section lists no attribute")
    for entry in entries:
        _finish_entry(doc, entry, notes)
    return [e.draft for e in entries], end


def _takes_value(entry: _Entry, text: str) -> bool:
    """After `Allowed values:`, a bare word is one of the values."""
    return entry.allowed_line is not None and re.fullmatch(r"\S+", text) is not None


def _start_entry(doc: Document, line: int, text: str) -> _Entry:
    match = _HEADER.fullmatch(text)
    assert match is not None
    name, word = match["name"], match["type"]
    draft = FieldDraft(doc, name, _TYPES[word], line)
    if match["req"]:
        draft.set("required", True, line)
    if word == "image" or is_file_name(name):
        draft.set("file", True, line)
    if match["default"] is not None:
        draft.set("default", _typed_default(doc, line, match["default"], draft), line)
    return _Entry(draft)


def _typed_default(doc: Document, line: int, raw: str, draft: FieldDraft) -> JSON:
    """`( default: 6 )` holds bare text: typed by the attribute's type, strings kept verbatim."""
    if draft.type == "string":
        return raw
    if draft.type == "boolean" and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    number = parse_number(raw)
    if number is not None and bound_fits(number, draft.type_expr()):
        return number
    raise doc.fail(line, f"the default {raw!r} is not a valid {draft.type}", draft.name)


def _read_line(doc: Document, entry: _Entry, line: int, text: str) -> bool:
    """Take one non-blank line into the entry; False when it ends the Attributes section."""
    bound = _BOUND.fullmatch(text)
    if _takes_value(entry, text) and bound is None:
        entry.values.append((line, text))
    elif bound is not None:
        _set_bound(doc, entry.draft, line, bound)
        entry.constrained = True
    elif _ALLOWED.fullmatch(text):
        entry.allowed_line = line
        entry.constrained = True
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


def _set_bound(doc: Document, draft: FieldDraft, line: int, match: re.Match[str]) -> None:
    value = parse_number(match["value"])
    fact = "minimum" if match["which"] == "min" else "maximum"
    if value is None or not bound_fits(value, draft.type_expr()):
        raise doc.fail(
            line, f"cannot read the {fact} {match['value']!r} of a {draft.type}", draft.name
        )
    if draft.has(fact):
        raise doc.fail(line, f"{fact} is given twice", draft.name)
    draft.set(fact, value, line)


def _finish_entry(doc: Document, entry: _Entry, notes: list[str]) -> None:
    draft = entry.draft
    if entry.description:
        text = normalise(" ".join(t for _, t in entry.description))
        draft.set("description", text, entry.description[0][0])
    low, high = draft.type_facts.get("minimum"), draft.type_facts.get("maximum")
    if low is not None and high is not None and low > high:
        raise doc.fail(entry.draft.line, f"min {low} is above max {high}", draft.name)
    if entry.allowed_line is not None:
        _set_allowed(doc, entry, notes)
    _check_default(doc, draft)
    default = draft.default()
    if isinstance(default, str) and parse_number(default) is not None:
        notes.append(
            f"{draft.name}: the page gives the number {default} as the default of a string; "
            f"kept as the string {json.dumps(default)}"
        )
    settle_required_default(draft, notes)


def _set_allowed(doc: Document, entry: _Entry, notes: list[str]) -> None:
    draft = entry.draft
    assert entry.allowed_line is not None
    if not entry.values:
        notes.append(
            f"{draft.name}: the page says 'Allowed values:' but the scrape lost the values; "
            "the enum is left unset"
        )
        return
    values = tuple(_typed_default(doc, n, text, draft) for n, text in entry.values)
    draft.set("enum", values, entry.values[0][0])


def _check_default(doc: Document, draft: FieldDraft) -> None:
    """The default must lie within the page's own bounds and allowed values."""
    if not draft.has("default"):
        return
    value, t = draft.default(), draft.type_expr()
    line = draft.line
    if t.enum is not None and value not in t.enum:
        raise doc.fail(line, f"the default {value!r} is not an allowed value", draft.name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if t.minimum is not None and value < t.minimum:
            raise doc.fail(line, f"the default {value} is below min {t.minimum}", draft.name)
        if t.maximum is not None and value > t.maximum:
            raise doc.fail(line, f"the default {value} is above max {t.maximum}", draft.name)


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
    if not read and not notes:
        raise doc.fail(len(doc.lines), "the page ends in its Attributes (truncated?)")
    message = "the page looks truncated: it ends before the model's description"
    kept = "; its name and summary are left out" if read else ""
    notes.append(doc.warn(len(doc.lines), message + kept))
    if not read and not notes[0].endswith("."):
        notes.pop(0)  # the credits note itself is cut
    return None, None, notes
