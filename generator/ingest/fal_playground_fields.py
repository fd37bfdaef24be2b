"""The fields of the fal playground layout (see `fal_playground`): one entry's type, enum, file
flag, description, typed default, bounds from prose and example, each with its origin."""

from __future__ import annotations

import re
from typing import Final

from ..spec.model import JSON, MISSING, Field, TypeExpr
from . import prose
from .base import Document, is_file_name
from .fal_playground_blocks import Entry
from .page_text import parse_json, parse_number, python_literal

_DEFAULT: Final = re.compile(r"(?:^|\s)Default value: (.*)$")


def _description(doc: Document, entry: Entry) -> tuple[str | None, tuple[int, str] | None]:
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
    doc: Document, entry: Entry, t: TypeExpr, line: int, raw: str, notes: list[str]
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
    if t.type in ("integer", "number"):
        number = parse_number(raw)
        if number is None or (t.type == "integer" and not isinstance(number, int)):
            return MISSING
        return number
    if t.type == "boolean":
        return {"true": True, "false": False}.get(raw, MISSING)
    if t.type == "string" or (t.type == "union" and _string_variant(t) is not None):
        return _read_string(raw)
    ok, value = parse_json(raw)
    return value if ok and isinstance(value, list | dict) else MISSING


def _read_structured(t: TypeExpr, raw: str) -> JSON:
    """An object or list default, as JSON or as a Python literal; MISSING unless `t` (or one of
    its variants) takes an object (a named type or `object`) or a list respectively."""
    ok, value = parse_json(raw)
    if not ok:
        ok, value = python_literal(raw)
    if not ok:
        return MISSING
    kinds = {v.type for v in (t, *t.variants)}
    takes_object = "object" in kinds or any(v.is_ref for v in (t, *t.variants))
    if isinstance(value, dict) and takes_object:
        return value
    return value if isinstance(value, list) and "array" in kinds else MISSING


def _read_string(raw: str) -> JSON:
    """`"jpeg"` -> "jpeg", `""` -> "", bare `square_hd` -> "square_hd"; MISSING otherwise."""
    if raw.startswith('"'):
        ok, value = parse_json(raw)
        return value if ok and isinstance(value, str) else MISSING
    return raw if re.fullmatch(r"[^\s\"]+", raw) else MISSING


def _string_variant(t: TypeExpr) -> TypeExpr | None:
    return next((v for v in t.variants if v.type == "string"), None)


def _with_enum(doc: Document, entry: Entry, origin: dict[str, str]) -> TypeExpr:
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
    if not is_file_name(name):
        return t
    if name.endswith("_url") and t.type == "string":
        origin["file"] = line
        return t.with_(file=True)
    if name.endswith("_urls") and t.type == "array" and t.items and t.items.type == "string":
        origin["file"] = line
        return t.with_(items=t.items.with_(file=True))
    return t


def _with_limits(
    doc: Document, entry: Entry, t: TypeExpr, text: str | None, origin: dict[str, str]
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


def _phrase_line(doc: Document, entry: Entry, phrase: str) -> str:
    squeezed = " ".join(phrase.split())
    for n, text in entry.text:
        if squeezed in " ".join(text.split()):
            return doc.at(n)
    return doc.at(entry.text[0][0])


def read_field(doc: Document, entry: Entry, notes: list[str]) -> Field:
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


def default_outside_enum(f: Field) -> str | None:
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
