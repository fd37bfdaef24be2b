"""The text layer of the fal playground layout (see `fal_playground`): lines and headings, the
`name type` entries under a heading with the lines that follow each, and the JSON examples that
close a block. Nothing here is typed beyond the entry's type expression."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Final

from ..spec.input_files import json_value
from ..spec.model import JSON, TypeExpr
from .base import Document

_BUILTINS: Final = {
    "string": "string",
    "integer": "integer",
    "float": "number",
    "boolean": "boolean",
}
_ENTRY: Final = re.compile(r"([a-z_][a-z0-9_]*) (\S.*)")
TYPE_NAME: Final = re.compile(r"[A-Z][A-Za-z0-9_]*")
_ENUM_LINE: Final = "Possible enum values:"
_SIZE_NOTE: Final = "Note: For custom image sizes, you can pass the width and height as an object:"


def doc_line(doc: Document, n: int) -> str:
    """Line `n` (1-based) of the document, as it stands."""
    return doc.lines[n - 1]


def find_line(doc: Document, text: str, start: int, end: int) -> int | None:
    """The first line in `start`..`end` that reads exactly `text` (surrounding spaces aside)."""
    return next((n for n in range(start, end + 1) if doc_line(doc, n).strip() == text), None)


def find_headings(doc: Document, start: int, end: int) -> list[tuple[int, str]]:
    """Headings in `start`..`end`: a line followed by a line `#`."""
    return [
        (n, doc_line(doc, n).strip())
        for n in range(start, end)
        if doc_line(doc, n + 1).strip() == "#" and doc_line(doc, n).strip()
    ]


# ---------------------------------------------------------------------------- entries


@dataclass
class Entry:
    """One `name type` entry and the lines that follow it, before they are typed."""

    name: str
    type: TypeExpr
    line: int
    text: list[tuple[int, str]] = field(default_factory=list)
    enum: tuple[int, tuple[str, ...]] | None = None
    size_example: tuple[int, JSON] | None = None


@dataclass
class Block:
    """The entries under one heading, and the JSON example that closes it, if any."""

    entries: list[Entry] = field(default_factory=list)
    example: tuple[int, JSON] | None = None
    repaired: list[int] = field(default_factory=list)


def parse_type(text: str) -> TypeExpr | None:
    """`list<LoraWeight>`, `ImageSize | Enum`, ... as a type; enums come with no values yet
    (`enum=()`); None when `text` is not a type expression of this layout."""
    atoms = [_atom(part) for part in text.split(" | ")]
    if any(atom is None for atom in atoms):
        return None
    variants = tuple(atom for atom in atoms if atom is not None)
    return variants[0] if len(variants) == 1 else TypeExpr(type="union", variants=variants)


def _atom(text: str) -> TypeExpr | None:
    if text.startswith("list<") and text.endswith(">"):
        items = parse_type(text[5:-1])
        return None if items is None else TypeExpr(type="array", items=items)
    if text in _BUILTINS:
        return TypeExpr(type=_BUILTINS[text])
    if TYPE_NAME.fullmatch(text):
        return TypeExpr(type="string", enum=()) if text.endswith("Enum") else TypeExpr(type=text)
    return None


def _entry_header(line: str) -> tuple[str, TypeExpr] | None:
    match = _ENTRY.fullmatch(line.strip())
    if match is None:
        return None
    parsed = parse_type(match.group(2))
    return None if parsed is None else (match.group(1), parsed)


def read_block(doc: Document, start: int, end: int, where: str) -> Block:
    """Read the entries (and closing example) on lines `start`..`end`."""
    block = Block()
    n = start
    while n <= end:
        text = doc_line(doc, n).strip()
        header = _entry_header(text)
        current = block.entries[-1] if block.entries else None
        if not text:
            n += 1
        elif header is not None:
            if block.example is not None:
                raise doc.fail(n, f"{where}: parameter after the example", header[0])
            block.entries.append(Entry(header[0], header[1], n))
            n += 1
        elif text == "{":
            if block.example is not None:
                raise doc.fail(n, f"{where}: a second JSON example")
            close = _closing(doc, n, end, where)
            value, repaired = _json(doc, n, close)
            block.example = (n, value)
            block.repaired += repaired
            n = close + 1
        elif current is None:
            raise doc.fail(n, f"{where}: text before the first parameter: {text!r}")
        elif text.startswith(_ENUM_LINE):
            if current.enum is not None:
                raise doc.fail(n, "a second list of enum values", current.name)
            values = tuple(v.strip() for v in text[len(_ENUM_LINE) :].split(","))
            if not all(values):
                raise doc.fail(n, f"an empty enum value in {text!r}", current.name)
            current.enum = (n, values)
            n += 1
        elif text == _SIZE_NOTE:
            n = _size_note(doc, n, end, current, where)
        else:
            current.text.append((n, text))
            n += 1
    return block


def _closing(doc: Document, start: int, end: int, where: str) -> int:
    """The line `}` (unindented) that closes the JSON opened on `start`."""
    close = next((n for n in range(start + 1, end + 1) if doc_line(doc, n).rstrip() == "}"), None)
    if close is None:
        raise doc.fail(start, f"{where}: the JSON opened here never closes (truncated page?)")
    return close


def _size_note(doc: Document, note: int, end: int, entry: Entry, where: str) -> int:
    """Read the custom-size snippet after the note on line `note`; answer the next line."""
    opening = next((n for n in range(note + 1, end + 1) if doc_line(doc, n).strip()), None)
    pattern = re.compile(r'("[a-z_]+"): \{')
    match = None if opening is None else pattern.fullmatch(doc_line(doc, opening).strip())
    if opening is None or match is None:
        raise doc.fail(note, 'the custom-size note has no `"name": {...}` snippet', entry.name)
    close = _closing(doc, opening, end, where)
    body = "\n".join(["{", *(doc_line(doc, n) for n in range(opening, close + 1)), "}"])
    try:
        value = json_value(body)
    except ValueError as error:
        message = f"the custom-size snippet does not parse: {error}"
        raise doc.fail(opening, message, entry.name) from None
    entry.size_example = (note, next(iter(value.values())))
    return close + 1


# ---------------------------------------------------------------------------- JSON examples

_STRING_MEMBER: Final = re.compile(r'(\s*"[^"]*": ")(.*)("(?:,)?)')


def _json(doc: Document, start: int, end: int) -> tuple[JSON, list[int]]:
    """The JSON on lines `start`..`end`, with the lines whose inner quotes had to be escaped."""
    lines = [doc_line(doc, n) for n in range(start, end + 1)]
    repaired: list[int] = []
    try:
        return json_value("\n".join(lines)), repaired
    except ValueError:
        pass
    for i, line in enumerate(lines):
        match = _STRING_MEMBER.fullmatch(line)
        if match is None:
            continue
        inner = re.sub(r'(?<!\\)"', r"\"", match.group(2))
        if inner != match.group(2):
            lines[i] = match.group(1) + inner + match.group(3)
            repaired.append(start + i)
    try:
        return json_value("\n".join(lines)), repaired
    except json.JSONDecodeError as error:
        message = f"the JSON example does not parse: {error.msg}"
        raise doc.fail(start + error.lineno - 1, message) from None
    except ValueError as error:
        raise doc.fail(start, f"the JSON example cannot be read: {error}") from None
