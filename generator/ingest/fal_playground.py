"""Ingester for scraped fal.ai playground pages (layout "fal-playground").

The layout. One text file holds one or more playground pages, each opened by a numbered header
line `1)fal-ai/hidream-i1-full`, `2)fal-ai/ideogram/v2`, ... (numbered from 1, in order). A page
runs to the next header, or to a `Related Models` footer. It reads:

- the tabs `About` (scraped once as `bout`) and `Generate`, then optional About prose;
- `1. Calling the API` ... `4. Files`: client usage, streaming, queue (with `webhookUrl`) and
  file-input prose, identical from page to page;
- `5. Schema`, with the headings `Input`, `Output` and `Other types`, each heading followed
  by a line `#`. In `Other types` every named type is a heading of its own (`LoraWeight` / `#`).

Under each heading, every parameter starts with a line `name type`, where type is `string`,
`integer`, `float`, `boolean`, `list<T>`, a type name (`LoraWeight`), an enum (`StyleEnum`,
`Enum`), or a union (`ImageSize | Enum`). The lines up to the next parameter are its
description (which may end in `Default value: <value>`), a `Possible enum values: a, b, c`
line, and for `image_size` a note `For custom image sizes, you can pass the width and height as
an object:` with a JSON snippet. After the last input comes a JSON example request, after the
last output a JSON example response (an Output with entries but no example is a page cut
short: an error). An Output section may be empty.

What becomes of it (decisions of this ingester):

- Types: `float` is a number; `*Enum` / `Enum` is a string enum of the listed values (strings,
  in page order, `1:1` and `realistic_image/b_and_w` included); a named type is a reference;
  `ImageSize | Enum` is a union of the reference and the string enum.
- Defaults are typed by the parameter's type: `5` on an integer is 5, on a float 5 (3.5 stays
  3.5), `true` is True, `"jpeg"` is "jpeg", `""` is "", and an unquoted `square_hd` is
  "square_hd". An object default (`{'height': 2048, 'width': 2048}` as a Python literal, or
  JSON) is read for a type with an object variant. `null` means no default, nullable. A default
  that does not read as its type costs a located warning (the parameter has no default). A
  default outside the page's own enum is kept as the page states it, with a note saying so.
- Required: the playground has no required marker, but fal's example request states the
  required inputs: the `input: {...}` of the submit snippet (`1. Calling the API`) lists them,
  and the JSON example request (which adds optional ones) repeats them. A parameter in both is
  required, recorded as inferred (`from:` the snippet's line, and a note naming them); without
  a snippet none is marked required, with a note. The OpenAPI document, when merged, wins.
- Bounds: the page gives none as facts; limits written in a description (`(1-4)` on a number,
  `Support up to 3 images` on a list) become minimum/maximum or min_items/max_items through
  `prose`, which reads only unambiguous phrases; their `from:` is the description's line.
- Files: a string parameter named `*_url` (or the items of `*_urls`) is a file input.
- The custom-size snippet becomes the field's example (`{"width": 1280, "height": 720}`).
- Named types: only the types the endpoint's inputs and outputs use, followed transitively
  (ColorPalette -> ColorPaletteMember -> RGBColor), become `types:`; the others are left out
  and named in a note (ideogram/v2 lists V3 types nothing uses). A page type that states the
  same facts as the shared type of that name (specs/types.yaml) - same properties in the same
  order, same types, defaults, enums, bounds and descriptions; the page cannot state titles,
  nullability or required-ness, so those are not compared - is referenced, not copied.
  Otherwise it is kept locally under its own name and shadows the shared one (the page's
  `ImageSize`, without the shared bounds, is local). A used type neither on the page nor shared
  (nor shared under the last segment of fal's long internal names) is an open object type
  named as the page names it, with a located warning.
- Pages are independent: a page that cannot be read is reported and the other pages of the
  file are still ingested (`ingest_all`).
- Examples: the request example goes to `examples["request"]`, the response example to
  `examples["response"]`. Scraping drops the backslashes of quotes inside example strings
  (`... The word "FLUX" is painted ...`); such a line is read with those quotes as literal
  characters, and a note says so.
- Title and summary come from the About prose: a single short line without a full stop (`F-Lite`)
  is the title, otherwise the first paragraph is the summary and the rest a note. The page
  states no category. Protocols are fal's `run` and `queue`. Streaming support, webhooks and
  file-input handling are kept as notes.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final

from ..spec.errors import Problem, ProblemsError
from ..spec.model import JSON, MISSING, Endpoint, Field, TypeDef, TypeExpr, Vocabulary
from . import prose, type_names
from .base import Document, repository_types, with_canonical

LAYOUT: Final = "fal-playground"
PROVIDER: Final = "fal"
PROTOCOLS: Final = ("run", "queue")

_PAGE_HEADER: Final = re.compile(r"(\d+)\)\s*([a-z0-9][a-z0-9._-]*(?:/[a-z0-9._-]+)+)")
_ENTRY: Final = re.compile(r"([a-z_][a-z0-9_]*) (\S.*)")
_TYPE_NAME: Final = re.compile(r"[A-Z][A-Za-z0-9_]*")
_DEFAULT: Final = re.compile(r"(?:^|\s)Default value: (.*)$")
_ENUM_LINE: Final = "Possible enum values:"
_SIZE_NOTE: Final = "Note: For custom image sizes, you can pass the width and height as an object:"
_SCHEMA: Final = "5. Schema"
_CALLING: Final = "1. Calling the API"
_FOOTER: Final = "Related Models"
_TABS: Final = frozenset({"About", "bout", "Generate"})
_SECTIONS: Final = ("Input", "Output", "Other types")
_BUILTINS: Final = {
    "string": "string",
    "integer": "integer",
    "float": "number",
    "boolean": "boolean",
}
_NO_REQUIRED_NOTE: Final = (
    "The playground page does not say which parameters are required; none is marked required"
    " here (every example request sends `prompt`, which is no proof)."
)


# ---------------------------------------------------------------------------- detection


def detect(text: str) -> bool:
    """A playground file opens with `1)<endpoint id>` and has a `5. Schema` with an `Input`."""
    lines = text.splitlines()
    first = next((line.strip() for line in lines if line.strip()), "")
    header = _PAGE_HEADER.fullmatch(first)
    if header is None or header.group(1) != "1":
        return False
    return any(
        lines[i].strip() == _SCHEMA and lines[i + 1].strip() == "#" for i in range(len(lines) - 1)
    )


# ---------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class _Page:
    """One page of the file: its endpoint id and its lines `start`..`end` (1-based, inclusive)."""

    number: int
    id: str
    start: int
    end: int


def _pages(doc: Document) -> list[_Page]:
    headers = [
        (n, match)
        for n, line in enumerate(doc.lines, start=1)
        if (match := _PAGE_HEADER.fullmatch(line.strip()))
    ]
    if not headers:
        raise doc.fail(1, "no page header such as `1)fal-ai/<model>` found")
    pages = []
    for i, (n, match) in enumerate(headers):
        number = int(match.group(1))
        if number != i + 1:
            raise doc.fail(n, f"page number {number} out of order (expected {i + 1})")
        end = headers[i + 1][0] - 1 if i + 1 < len(headers) else len(doc.lines)
        footer = _find(doc, _FOOTER, n + 1, end)
        pages.append(_Page(number, match.group(2), n, end if footer is None else footer - 1))
    return pages


def _line(doc: Document, n: int) -> str:
    return doc.lines[n - 1]


def _find(doc: Document, text: str, start: int, end: int) -> int | None:
    """The first line in `start`..`end` that reads exactly `text` (surrounding spaces aside)."""
    return next((n for n in range(start, end + 1) if _line(doc, n).strip() == text), None)


def _headings(doc: Document, start: int, end: int) -> list[tuple[int, str]]:
    """Headings in `start`..`end`: a line followed by a line `#`."""
    return [
        (n, _line(doc, n).strip())
        for n in range(start, end)
        if _line(doc, n + 1).strip() == "#" and _line(doc, n).strip()
    ]


# ---------------------------------------------------------------------------- entries


@dataclass
class _Entry:
    """One `name type` entry and the lines that follow it, before they are typed."""

    name: str
    type: TypeExpr
    line: int
    text: list[tuple[int, str]] = field(default_factory=list)
    enum: tuple[int, tuple[str, ...]] | None = None
    size_example: tuple[int, JSON] | None = None


@dataclass
class _Block:
    """The entries under one heading, and the JSON example that closes it, if any."""

    entries: list[_Entry] = field(default_factory=list)
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
    if _TYPE_NAME.fullmatch(text):
        return TypeExpr(type="string", enum=()) if text.endswith("Enum") else TypeExpr(type=text)
    return None


def _entry_header(line: str) -> tuple[str, TypeExpr] | None:
    match = _ENTRY.fullmatch(line.strip())
    if match is None:
        return None
    parsed = parse_type(match.group(2))
    return None if parsed is None else (match.group(1), parsed)


def _block(doc: Document, start: int, end: int, where: str) -> _Block:
    """Read the entries (and closing example) on lines `start`..`end`."""
    block = _Block()
    n = start
    while n <= end:
        text = _line(doc, n).strip()
        header = _entry_header(text)
        current = block.entries[-1] if block.entries else None
        if not text:
            n += 1
        elif header is not None:
            if block.example is not None:
                raise doc.fail(n, f"{where}: parameter after the example", header[0])
            block.entries.append(_Entry(header[0], header[1], n))
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
    close = next((n for n in range(start + 1, end + 1) if _line(doc, n).rstrip() == "}"), None)
    if close is None:
        raise doc.fail(start, f"{where}: the JSON opened here never closes (truncated page?)")
    return close


def _size_note(doc: Document, note: int, end: int, entry: _Entry, where: str) -> int:
    """Read the custom-size snippet after the note on line `note`; answer the next line."""
    opening = next((n for n in range(note + 1, end + 1) if _line(doc, n).strip()), None)
    pattern = re.compile(r'("[a-z_]+"): \{')
    match = None if opening is None else pattern.fullmatch(_line(doc, opening).strip())
    if opening is None or match is None:
        raise doc.fail(note, 'the custom-size note has no `"name": {...}` snippet', entry.name)
    close = _closing(doc, opening, end, where)
    body = "\n".join(["{", *(_line(doc, n) for n in range(opening, close + 1)), "}"])
    try:
        value = json.loads(body)
    except ValueError as error:
        message = f"the custom-size snippet does not parse: {error}"
        raise doc.fail(opening, message, entry.name) from None
    entry.size_example = (note, next(iter(value.values())))
    return close + 1


# ---------------------------------------------------------------------------- JSON examples

_STRING_MEMBER: Final = re.compile(r'(\s*"[^"]*": ")(.*)("(?:,)?)')


def _json(doc: Document, start: int, end: int) -> tuple[JSON, list[int]]:
    """The JSON on lines `start`..`end`, with the lines whose inner quotes had to be escaped."""
    lines = [_line(doc, n) for n in range(start, end + 1)]
    repaired: list[int] = []
    try:
        return json.loads("\n".join(lines)), repaired
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
        return json.loads("\n".join(lines)), repaired
    except json.JSONDecodeError as error:
        message = f"the JSON example does not parse: {error.msg}"
        raise doc.fail(start + error.lineno - 1, message) from None


# ---------------------------------------------------------------------------- fields


def _description(doc: Document, entry: _Entry) -> tuple[str | None, tuple[int, str] | None]:
    """The description without its `Default value:` sentence, and that default (line, text)."""
    parts: list[str] = []
    default: tuple[int, str] | None = None
    for n, text in entry.text:
        match = _DEFAULT.search(text)
        if match is not None:
            if default is not None:
                raise doc.fail(n, "a second `Default value:`", entry.name)
            default = (n, match.group(1).strip())
            text = text[: match.start()]
        parts.append(text)
    description = " ".join(" ".join(parts).split())
    return (description or None), default


def _typed_default(
    doc: Document, entry: _Entry, t: TypeExpr, line: int, raw: str, notes: list[str]
) -> JSON:
    """The default as a value of `t`; MISSING (with a warning) when it does not read as one."""
    value = _read_default(t, raw)
    if value is MISSING:
        kind = "float" if t.type == "number" else t.type
        message = f"cannot read the default {raw!r} as a {kind}; left without a default"
        notes.append(doc.warn(line, message, entry.name))
    return value


def _read_default(t: TypeExpr, raw: str) -> JSON:
    """`raw` read as a value of type `t`; MISSING when it is not one."""
    if raw.startswith(("{", "[")):
        return _read_structured(t, raw)
    if t.type == "integer":
        return int(raw) if re.fullmatch(r"-?\d+", raw) else MISSING
    if t.type == "number":
        if re.fullmatch(r"-?\d+", raw):
            return int(raw)
        return (
            float(raw) if re.fullmatch(r"-?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?", raw) else MISSING
        )
    if t.type == "boolean":
        return {"true": True, "false": False}.get(raw, MISSING)
    if t.type == "string" or (t.type == "union" and _string_variant(t) is not None):
        return _read_string(raw)
    try:
        value: JSON = json.loads(raw)
    except ValueError:
        return MISSING
    return value if isinstance(value, list | dict) else MISSING


def _read_structured(t: TypeExpr, raw: str) -> JSON:
    """An object or list default, as JSON or as a Python literal; MISSING unless `t` (or one of
    its variants) takes an object (a named type or `object`) or a list respectively."""
    try:
        value = json.loads(raw)
    except ValueError:
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return MISSING
    kinds = {v.type for v in (t, *t.variants)}
    takes_object = "object" in kinds or any(v.is_ref for v in (t, *t.variants))
    if isinstance(value, dict) and takes_object:
        return value
    return value if isinstance(value, list) and "array" in kinds else MISSING


def _read_string(raw: str) -> JSON:
    """`"jpeg"` -> "jpeg", `""` -> "", bare `square_hd` -> "square_hd"; MISSING otherwise."""
    if raw.startswith('"'):
        try:
            value = json.loads(raw)
        except ValueError:
            return MISSING
        return value if isinstance(value, str) else MISSING
    return raw if re.fullmatch(r"[^\s\"]+", raw) else MISSING


def _string_variant(t: TypeExpr) -> TypeExpr | None:
    return next((v for v in t.variants if v.type == "string"), None)


def _with_enum(doc: Document, entry: _Entry, origin: dict[str, str]) -> TypeExpr:
    """Fill the enum placeholder of the entry's type with its `Possible enum values`."""
    t = entry.type
    holes = [v for v in (t, *t.variants) if v.enum == ()]
    if entry.enum is None:
        if holes:
            raise doc.fail(entry.line, "an enum type without `Possible enum values`", entry.name)
        return t
    line, values = entry.enum
    if len(holes) != 1:
        raise doc.fail(line, "enum values for a type that has no single Enum", entry.name)
    origin["enum"] = doc.at(line)
    if t.enum == ():
        return t.with_(enum=values)
    return t.with_(variants=tuple(v.with_(enum=values) if v.enum == () else v for v in t.variants))


def _with_file(name: str, t: TypeExpr, origin: dict[str, str], line: str) -> TypeExpr:
    if name.endswith("_url") and t.type == "string":
        origin["file"] = line
        return t.with_(file=True)
    if name.endswith("_urls") and t.type == "array" and t.items and t.items.type == "string":
        origin["file"] = line
        return t.with_(items=t.items.with_(file=True))
    return t


def _with_limits(
    doc: Document, entry: _Entry, t: TypeExpr, text: str | None, origin: dict[str, str]
) -> TypeExpr:
    """Bounds the description states in words (see `prose`), where the type can carry them."""
    if text is None:
        return t
    if t.type in ("integer", "number"):
        limit = prose.value_range(text)
        facts = ("minimum", "maximum")
    elif t.type == "array":
        limit = prose.item_count(text)
        facts = ("min_items", "max_items")
    else:
        return t
    if limit is None:
        return t
    if t.type == "integer" and not all(
        isinstance(v, int) for v in (limit.low, limit.high) if v is not None
    ):
        return t
    line = _phrase_line(doc, entry, limit.phrases[0])
    changes = {
        fact: value
        for fact, value in zip(facts, (limit.low, limit.high), strict=True)
        if value is not None
    }
    origin.update({fact: line for fact in changes})
    return t.with_(**changes)


def _phrase_line(doc: Document, entry: _Entry, phrase: str) -> str:
    squeezed = " ".join(phrase.split())
    for n, text in entry.text:
        if squeezed in " ".join(text.split()):
            return doc.at(n)
    return doc.at(entry.text[0][0])


def _field(doc: Document, entry: _Entry, notes: list[str]) -> Field:
    """The located Field of one entry (no canonical name yet)."""
    origin = {"type": doc.at(entry.line)}
    t = _with_enum(doc, entry, origin)
    if t.type == "array":
        origin["items"] = doc.at(entry.line)
    t = _with_file(entry.name, t, origin, doc.at(entry.line))
    description, default_at = _description(doc, entry)
    if description is not None:
        origin["description"] = doc.at(entry.text[0][0])
    default: JSON = MISSING
    if default_at is not None and default_at[1] in ("null", "None"):
        t = t.with_(nullable=True)
        origin["nullable"] = doc.at(default_at[0])
    elif default_at is not None:
        default = _typed_default(doc, entry, t, *default_at, notes)
        if default is not MISSING:
            origin["default"] = doc.at(default_at[0])
    t = _with_limits(doc, entry, t, description, origin)
    examples: tuple[JSON, ...] = ()
    if entry.size_example is not None:
        examples = (entry.size_example[1],)
        origin["examples"] = doc.at(entry.size_example[0])
    return Field(
        entry.name, t, default=default, description=description, examples=examples, origin=origin
    )


def _default_outside_enum(f: Field) -> str | None:
    """A note when the page's default is not one of the page's own enum values."""
    t = f.type
    enum_type = _string_variant(t) if t.type == "union" else t
    if enum_type is None or enum_type.enum is None or f.default is MISSING:
        return None
    if f.default in enum_type.enum:
        return None
    return (
        f"The page's default {f.default!r} for `{f.name}` ({f.origin['default']}) is not one of"
        f" its enum values ({f.origin['enum']}); kept as the page states it."
    )


# ---------------------------------------------------------------------------- named types


def _walk(t: TypeExpr) -> Iterator[TypeExpr]:
    yield t
    if t.items is not None:
        yield from _walk(t.items)
    for variant in t.variants:
        yield from _walk(variant)
    for prop in t.properties or ():
        yield from _walk(prop.type)


def _names_in(fields: tuple[Field, ...]) -> Iterator[tuple[str, str]]:
    """(type name, origin of the use) for every reference in `fields`, in order."""
    for f in fields:
        for t in _walk(f.type):
            if t.is_ref:
                yield t.type, f.origin["type"]


def _projection(t: TypeExpr) -> TypeExpr:
    """The facts of a type this layout can state: no titles, nullability or required-ness."""
    properties = None
    if t.properties is not None:
        properties = tuple(
            Field(p.name, _projection(p.type), default=p.default, description=p.description)
            for p in t.properties
        )
    return t.with_(
        nullable=False,
        items=None if t.items is None else _projection(t.items),
        variants=tuple(_projection(v) for v in t.variants),
        properties=properties,
    )


def _same_as_shared(local: TypeDef, shared: TypeDef | None) -> bool:
    return shared is not None and _projection(local.type) == _projection(shared.type)


def _used_types(
    doc: Document,
    fields: tuple[Field, ...],
    page_types: Mapping[str, _Block],
    shared: Mapping[str, TypeDef],
    notes: list[str],
    cut_short: bool = False,
) -> dict[str, TypeDef]:
    """Every type the fields use, transitively; the page's definition where it gives one, else
    the shared one (also under the last segment of a long fal name), else an open object.
    `cut_short`: the page ends the file, so a type missing from it may have been cut off: the
    shared one is used with a "truncated?" warning, and with no shared one it is an error, not
    a guess."""
    found: dict[str, TypeDef] = {}
    pending = list(_names_in(fields))
    while pending:
        name, used_at = pending.pop(0)
        short = type_names.short_name(name)
        if name in found:
            continue
        if name in page_types:
            props = tuple(_field(doc, e, notes) for e in page_types[name].entries)
            found[name] = TypeDef(name, TypeExpr(type="object", properties=props))
            pending += _names_in(props)
        elif name in shared:
            found[name] = shared[name]
            if cut_short:
                line = int(used_at.rsplit(":", 1)[1])
                message = (
                    f"type {name!r} is not defined on this page, which ends the file "
                    "(truncated?); the shared type is used"
                )
                notes.append(doc.warn(line, message))
        elif short in shared:
            found[name] = TypeDef(name, shared[short].type, shared[short].description)
            notes.append(type_names.shortened_note(name, short))
        elif (learned := type_names.learned(name, shared)) is not None:
            key, types, note = learned
            found.update({n: t for n, t in types.items() if n != key})
            found[name] = TypeDef(name, types[key].type, types[key].description)
            notes.append(note)
            if cut_short:
                line = int(used_at.rsplit(":", 1)[1])
                message = f"type {name!r} is not defined on this page, which ends the file"
                notes.append(doc.warn(line, f"{message} (truncated?); {note}"))
        else:
            line = int(used_at.rsplit(":", 1)[1])
            missing = f"type {name!r} is used but neither the page nor specs/types.yaml defines it"
            if cut_short:
                raise doc.fail(line, f"{missing} (the page ends the file: truncated?)")
            message = f"{missing}; it is an open object type here"
            notes.append(doc.warn(line, message))
            found[name] = type_names.open_type(name)
    return found


def _distrust_last_type(
    doc: Document, page_types: dict[str, _Block], shared: Mapping[str, TypeDef], notes: list[str]
) -> set[str]:
    """The file ends inside the last type of this page's `Other types`, where a cut cannot be
    told from the end of the file: the shared type of that name replaces it (or, with none,
    it is kept), with a warning either way. Answers the names replaced."""
    name = list(page_types)[-1]
    where = next(iter(page_types[name].entries), None)
    line = where.line if where is not None else len(doc.lines)
    ends = f"the file ends inside `{name}`, the last type of this page (truncated?)"
    if name in shared:
        del page_types[name]
        notes.append(doc.warn(line, f"{ends}; the shared `{name}` is used instead"))
        return {name}
    notes.append(doc.warn(line, f"{ends}; kept as the page gives it"))
    return set()


def _other_types(doc: Document, headings: list[tuple[int, str]], end: int) -> dict[str, _Block]:
    blocks: dict[str, _Block] = {}
    for i, (n, name) in enumerate(headings):
        if not _TYPE_NAME.fullmatch(name):
            raise doc.fail(n, f"{name!r} is not a type name")
        if name in blocks:
            raise doc.fail(n, f"type {name!r} is defined twice on this page")
        last = headings[i + 1][0] - 1 if i + 1 < len(headings) else end
        block = _block(doc, n + 2, last, f"type {name}")
        if block.example is not None:
            raise doc.fail(block.example[0], f"type {name}: unexpected JSON example")
        blocks[name] = block
    return blocks


# ---------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class _About:
    title: str | None
    summary: str | None
    notes: tuple[str, ...]


def _about(doc: Document, page: _Page, calling: int) -> _About:
    """Title, summary and further prose of the About tab, between the header and `calling`."""
    paragraphs: list[list[str]] = [[]]
    for n in range(page.start + 1, calling):
        text = _line(doc, n).strip()
        if text in _TABS:
            continue
        if text:
            paragraphs[-1].append(text)
        elif paragraphs[-1]:
            paragraphs.append([])
    found = [p for p in paragraphs if p]
    if not found:
        return _About(None, None, ())
    first, rest = " ".join(found[0]), found[1:]
    if not rest and not first.endswith((".", "!", "?", ":")) and len(first.split()) <= 6:
        return _About(first, None, ())
    notes = ("About:\n" + "\n".join(line for p in rest for line in p),) if rest else ()
    return _About(None, first, notes)


def _usage_notes(doc: Document, page: _Page, schema: int) -> list[str]:
    notes = []
    usage = range(page.start + 1, schema)
    streaming = _find(doc, "Streaming", page.start + 1, schema)
    if streaming is not None:
        notes.append(f"The page says the model supports streaming requests ({doc.at(streaming)}).")
    webhook = next((n for n in usage if "webhookUrl:" in _line(doc, n)), None)
    if webhook is not None:
        notes.append(
            "Queue submissions can name a webhook URL (`webhookUrl`) to receive the result"
            f" ({doc.at(webhook)})."
        )
    files = _find(doc, "4. Files", page.start + 1, schema)
    if files is not None:
        notes.append(
            "File inputs take a publicly reachable URL or a base64 data URI; the client can"
            f" upload files to fal storage first ({doc.at(files)})."
        )
    return notes


def _sections(
    doc: Document, page: _Page, schema: int
) -> tuple[int, int, int | None, list[tuple[int, str]]]:
    """Lines of the Input, Output and Other types headings, and the type headings after them."""
    headings = _headings(doc, schema + 2, page.end)
    names = [name for _, name in headings]
    if "Input" not in names or names[0] != "Input":
        raise doc.fail(schema, "the schema has no `Input` heading")
    if "Output" not in names:
        raise doc.fail(page.end, "the page ends before its `Output` heading (truncated page?)")
    top = [(n, name) for n, name in headings if name in _SECTIONS]
    if [name for _, name in top] not in (["Input", "Output"], ["Input", "Output", "Other types"]):
        raise doc.fail(top[0][0], f"schema headings out of order: {[name for _, name in top]}")
    inputs, outputs = top[0][0], top[1][0]
    others = top[2][0] if len(top) == 3 else None
    for n, name in headings:
        if name not in _SECTIONS and (others is None or n < others):
            raise doc.fail(n, f"unexpected heading {name!r} before `Other types`")
    type_headings = [(n, name) for n, name in headings if others is not None and n > others]
    return inputs, outputs, others, type_headings


_SNIPPET_KEY: Final = re.compile(r"(\s*)([a-z_][a-z0-9_]*): ")


def _snippet_inputs(doc: Document, page: _Page, schema: int) -> tuple[int, list[str]] | None:
    """The top-level keys of the first `input: {...}` before the schema, and its line."""
    start = next(
        (n for n in range(page.start + 1, schema) if _line(doc, n).strip() == "input: {"), None
    )
    if start is None:
        return None
    indent = len(_line(doc, start)) - len(_line(doc, start).lstrip())
    keys: list[str] = []
    for n in range(start + 1, schema):
        text = _line(doc, n)
        if text.strip() in ("}", "},"):
            if len(text) - len(text.lstrip()) == indent:
                return start, keys
            continue
        match = _SNIPPET_KEY.match(text)
        if match is not None and len(match.group(1)) == indent + 2:
            keys.append(match.group(2))
    return None


def _inferred_required(
    doc: Document, page: _Page, schema: int, fields: tuple[Field, ...], example: JSON
) -> tuple[tuple[Field, ...], str]:
    """Mark the inputs both the submit snippet and the JSON example send as required."""
    snippet = _snippet_inputs(doc, page, schema)
    if snippet is None or not isinstance(example, dict):
        return fields, _NO_REQUIRED_NOTE
    line, keys = snippet
    chosen = [k for k in keys if k in example and any(f.name == k for f in fields)]
    marked = tuple(
        f.with_(required=True, origin={**f.origin, "required": doc.at(line)})
        if f.name in chosen and f.default is MISSING
        else f
        for f in fields
    )
    names = ", ".join(f"`{k}`" for k in chosen) or "none"
    note = (
        f"Required inputs inferred from the page's example request (the submit snippet at "
        f"{doc.at(line)} and the JSON example): {names}; the page has no required marker."
    )
    return marked, note


def _endpoint(
    doc: Document, page: _Page, vocabulary: Vocabulary, shared: Mapping[str, TypeDef]
) -> Endpoint:
    schema = next(
        (
            n
            for n in range(page.start + 1, page.end)
            if _line(doc, n).strip() == _SCHEMA and _line(doc, n + 1).strip() == "#"
        ),
        None,
    )
    if schema is None:
        raise doc.fail(page.start, f"page {page.id}: no `5. Schema` section (truncated page?)")
    calling = _find(doc, _CALLING, page.start + 1, schema) or schema
    inputs, outputs, others, type_headings = _sections(doc, page, schema)
    input_block = _block(doc, inputs + 2, outputs - 1, "Input")
    output_end = (others - 1) if others is not None else page.end
    output_block = _block(doc, outputs + 2, output_end, "Output")
    if output_block.entries and output_block.example is None:
        message = "the Output section ends without its example response (truncated page?)"
        raise doc.fail(output_block.entries[-1].line, message)
    page_types = _other_types(doc, type_headings, page.end)

    warnings: list[str] = []
    input_fields = tuple(
        with_canonical(_field(doc, e, warnings), vocabulary) for e in input_block.entries
    )
    output_fields = tuple(
        with_canonical(_field(doc, e, warnings), vocabulary) for e in output_block.entries
    )
    cut_short = page.end == len(doc.lines)
    distrusted = set()
    if cut_short and others is not None and page_types:
        distrusted = _distrust_last_type(doc, page_types, shared, warnings)
    cut = cut_short and not distrusted
    used = _used_types(doc, input_fields + output_fields, page_types, shared, warnings, cut)
    local = {
        name: typedef
        for name, typedef in used.items()
        if (name in page_types and not _same_as_shared(typedef, shared.get(name)))
        or (name not in page_types and name not in shared)
    }

    about = _about(doc, page, calling)
    request = input_block.example[1] if input_block.example is not None else None
    input_fields, required_note = _inferred_required(doc, page, schema, input_fields, request)
    notes = [*about.notes, required_note, *_usage_notes(doc, page, schema), *warnings]
    if not output_fields:
        notes.append(
            f"The page documents no output for this endpoint (its Output section at {doc.at(outputs)} is empty)."
        )
    for f in input_fields + output_fields:
        note = _default_outside_enum(f)
        if note is not None:
            notes.append(note)
    notes += [
        f"`Other types` also lists {name}, which no input or output uses; left out."
        for name in page_types
        if name not in used
    ]
    for n in input_block.repaired + output_block.repaired:
        notes.append(
            f"The example at {doc.at(n)} has unescaped quotes inside a string (a scrape artefact); read as literal quotes."
        )

    examples: dict[str, JSON] = {}
    if input_block.example is not None:
        examples["request"] = input_block.example[1]
    if output_block.example is not None:
        examples["response"] = output_block.example[1]
    return Endpoint(
        id=page.id,
        provider=PROVIDER,
        input=input_fields,
        output=output_fields,
        title=about.title,
        summary=about.summary,
        protocols=PROTOCOLS,
        types=local,
        sources=doc.source(LAYOUT),
        notes=tuple(notes),
        examples=examples,
    )


# ---------------------------------------------------------------------------- entry point


def ingest(
    doc: Document, vocabulary: Vocabulary, shared: Mapping[str, TypeDef] | None = None
) -> list[Endpoint]:
    """One Endpoint per page of the file. `shared` defaults to specs/types.yaml."""
    endpoints, problems = ingest_all(doc, vocabulary, shared)
    if problems:
        raise ProblemsError(problems)
    return endpoints


def ingest_all(
    doc: Document, vocabulary: Vocabulary, shared: Mapping[str, TypeDef] | None = None
) -> tuple[list[Endpoint], list[Problem]]:
    """Every page that reads, and the located problems of those that do not: one page never
    costs another."""
    types = repository_types() if shared is None else shared
    endpoints: list[Endpoint] = []
    problems: list[Problem] = []
    for page in _pages(doc):
        try:
            endpoints.append(_endpoint(doc, page, vocabulary, types))
        except ProblemsError as error:
            problems += error.problems
    return endpoints, problems
