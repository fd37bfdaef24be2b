"""One parameter of fal's markdown page (see `fal_markdown`): its bullet's type text, its
detail sub-bullets (`Default`, `Range`, `Options`, `Examples`, restatements) and its prose,
read into a field draft; a detail it cannot read costs a warning, not the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from ..spec.errors import ProblemsError
from ..spec.model import JSON, Field, TypeExpr, Vocabulary
from .base import Document, is_file_name
from .page_text import (
    FieldDraft,
    bound_fits,
    normalise,
    parse_json,
    parse_number,
    python_literal,
    settle_required_default,
    value_fits,
)

_SCALARS: Final = {
    "string": "string",
    "str": "string",
    "float": "number",
    "number": "number",
    "integer": "integer",
    "int": "integer",
    "boolean": "boolean",
    "bool": "boolean",
    "dict": "object",
    "object": "object",
    "any": "any",
}
_ENUM_MARK: Final = "<enum>"
"""Stands for an `...Enum` type until the parameter's `Options` are read."""
_SUB_FACT = re.compile(r"(?P<key>Default|Range|Options|Examples|One of): (?P<value>.*)")
_ARRAY_OF = re.compile(r"Array of (?P<item>.+)")
_RANGE = re.compile(r"`(?P<low>[^`]+)` to `(?P<high>[^`]+)`")
_OPTION = re.compile(r"`(?P<value>[^`]*)`(?:, |$)")
_PROSE_DEFAULT = re.compile(r"\s*Default value: `(?P<value>[^`]*)`\.?$")
_TYPE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

PARAGRAPH: Final = "\x00"
"""Marks a paragraph break inside a parameter's description."""


@dataclass
class Param:
    """One parameter bullet as read so far: its draft, its type text, prose and sub-bullets."""

    draft: FieldDraft
    type_text: str
    description: list[tuple[int, str]] = field(default_factory=list)
    subs: list[tuple[int, str]] = field(default_factory=list)


def _degrade(doc: Document, notes: list[str], instead: str, read: Callable[[], None]) -> None:
    """Run `read`; a fact it cannot read becomes a warning saying what was done `instead`."""
    try:
        read()
    except ProblemsError as error:
        for p in error.problems:
            notes.append(doc.warn(p.line, f"{p.message}; {instead}", p.field))


def finish_param(doc: Document, param: Param, section: str, notes: list[str]) -> None:
    draft = param.draft
    type_expr = TypeExpr(type="any")

    def read_type() -> None:
        nonlocal type_expr
        type_expr = _parse_type(doc, draft.line, param.type_text)

    _degrade(doc, notes, "typed `any`", read_type)
    facts = _sub_facts(doc, param, notes)
    listed: int | None = None

    def read_options() -> None:
        nonlocal listed, type_expr
        options = _options(doc, facts["Options"]) if "Options" in facts else None
        type_expr, unlisted = _resolve_enums(doc, draft.line, type_expr, options)
        listed = None if options is None else options[0]
        if unlisted:
            notes.append(
                f"{draft.name}: the page types it `{param.type_text}` without listing the values"
                " of its Enum variant, so that variant is a plain string here (no values invented)"
            )

    _degrade(doc, notes, "its enum values are left out", read_options)
    type_expr = _without_marks(type_expr)
    _set_type(draft, type_expr, options_line=listed)
    if section == "input" and is_file_name(draft.name):
        _mark_file(draft)
    _set_description(doc, param, "Default" in facts, notes)
    if "Default" in facts:
        line, text = facts["Default"]
        value = _unticked(text)
        _degrade(
            doc, notes, "left without a default", lambda: _set_default(doc, draft, line, value)
        )
    if "Range" in facts:
        _degrade(doc, notes, "left unbounded", lambda: _set_range(doc, draft, *facts["Range"]))
    if "Examples" in facts:
        _degrade(
            doc, notes, "no examples kept", lambda: _set_examples(doc, draft, *facts["Examples"])
        )
    _degrade(
        doc, notes, "the bullet's type is kept", lambda: _check_restatements(doc, param, facts)
    )
    settle_required_default(draft, notes)


def _without_marks(t: TypeExpr) -> TypeExpr:
    """An Enum whose values could not be read is a plain string."""
    if t.type == _ENUM_MARK:
        return TypeExpr(type="string")
    if t.items is not None:
        return t.with_(items=_without_marks(t.items))
    if t.variants:
        return t.with_(variants=tuple(_without_marks(v) for v in t.variants))
    return t


def _sub_facts(doc: Document, param: Param, notes: list[str]) -> dict[str, tuple[int, str]]:
    facts: dict[str, tuple[int, str]] = {}
    for line, text in param.subs:
        match = _SUB_FACT.fullmatch(text)
        array_of = _ARRAY_OF.fullmatch(text)
        if match is not None:
            key = match["key"]
        elif array_of is not None:
            key = "Array of"
        else:
            message = f"unknown detail of {param.draft.name!r}: {text!r}; skipped"
            notes.append(doc.warn(line, message, param.draft.name))
            continue
        if key in facts:
            message = f"{key} is given twice; the first is kept"
            notes.append(doc.warn(line, message, param.draft.name))
            continue
        value = match["value"] if match is not None else array_of["item"] if array_of else ""
        facts[key] = (line, value.strip())
    return facts


def _check_restatements(doc: Document, param: Param, facts: dict[str, tuple[int, str]]) -> None:
    """`One of: A | B` and `Array of T` repeat the bullet's type; they must agree with it."""
    name = param.draft.name
    if "One of" in facts:
        line, text = facts["One of"]
        if normalise(text) != normalise(param.type_text):
            raise doc.fail(
                line, f"'One of: {text}' disagrees with the type {param.type_text!r}", name
            )
    if "Array of" in facts:
        line, text = facts["Array of"]
        if param.type_text != f"list<{text}>":
            raise doc.fail(
                line, f"'Array of {text}' disagrees with the type {param.type_text!r}", name
            )


def _parse_type(doc: Document, line: int, text: str) -> TypeExpr:
    text = text.strip()
    if text in _SCALARS:
        return TypeExpr(type=_SCALARS[text])
    if text.startswith("list<") and text.endswith(">"):
        return TypeExpr(type="array", items=_parse_type(doc, line, text[5:-1]))
    if "|" in text:
        return TypeExpr(
            type="union", variants=tuple(_parse_type(doc, line, p) for p in text.split("|"))
        )
    if _TYPE_NAME.fullmatch(text):
        return TypeExpr(type=_ENUM_MARK if text.endswith("Enum") else text)
    raise doc.fail(line, f"cannot read the type {text!r}")


def _resolve_enums(
    doc: Document, line: int, t: TypeExpr, options: tuple[int, tuple[JSON, ...]] | None
) -> tuple[TypeExpr, bool]:
    """Replace the `...Enum` placeholder by the Options' values; (type, enum values unlisted?)."""
    marks = _count_marks(t)
    if marks > 1:
        raise doc.fail(line, "more than one Enum in one type: cannot tell which the Options list")
    if options is not None and marks == 0:
        raise doc.fail(options[0], "Options are given for a type that is not an Enum")
    if marks == 0:
        return t, False
    if options is None and t.type == _ENUM_MARK:
        raise doc.fail(line, "an Enum type without its Options")
    values = options[1] if options is not None else None
    return _replace_mark(doc, line, t, values), values is None


def _count_marks(t: TypeExpr) -> int:
    own = 1 if t.type == _ENUM_MARK else 0
    items = _count_marks(t.items) if t.items is not None else 0
    return own + items + sum(_count_marks(v) for v in t.variants)


def _replace_mark(
    doc: Document, line: int, t: TypeExpr, values: tuple[JSON, ...] | None
) -> TypeExpr:
    if t.type == _ENUM_MARK:
        if values is None:
            return TypeExpr(type="string")
        return TypeExpr(type=_enum_type(doc, line, values), enum=values)
    if t.items is not None:
        return t.with_(items=_replace_mark(doc, line, t.items, values))
    if t.variants:
        return t.with_(variants=tuple(_replace_mark(doc, line, v, values) for v in t.variants))
    return t


def _enum_type(doc: Document, line: int, values: tuple[JSON, ...]) -> str:
    for name in ("string", "integer", "number", "boolean"):
        if all(value_fits(v, TypeExpr(type=name)) for v in values):
            return name
    raise doc.fail(line, f"the Options mix values of different types: {list(values)!r}")


def _options(doc: Document, fact: tuple[int, str]) -> tuple[int, tuple[JSON, ...]]:
    line, text = fact
    raw = [m["value"] for m in _OPTION.finditer(text)]
    if not raw or "".join(f"`{v}`, " for v in raw)[:-2] != text:
        raise doc.fail(line, f"cannot read the Options {text!r}")
    values = []
    for item in raw:
        ok, value = parse_json(item)
        if not ok:
            raise doc.fail(line, f"cannot read the option {item!r}")
        values.append(value)
    return line, tuple(values)


def _set_type(draft: FieldDraft, t: TypeExpr, options_line: int | None) -> None:
    draft.type = t.type
    if t.enum is not None:
        draft.set("enum", t.enum, options_line or draft.line)
    if t.items is not None:
        draft.set("items", t.items, draft.line)
    if t.variants:
        draft.set("variants", t.variants, draft.line)
    if options_line is not None and t.enum is None:
        draft.origin["enum"] = draft.doc.at(options_line)


def _mark_file(draft: FieldDraft) -> None:
    """`*_url` takes a file; `*_urls` a list of files."""
    t = draft.type_expr()
    if t.type == "string":
        draft.set("file", True, draft.line)
    elif t.type == "array" and t.items is not None and t.items.type == "string":
        draft.set("items", t.items.with_(file=True), draft.line)


def _set_description(doc: Document, param: Param, has_default: bool, notes: list[str]) -> None:
    """The prose (paragraphs kept), without its `Default value: ...` sentence (which is read
    when no Default bullet gives the default)."""
    if not param.description:
        return
    first = param.description[0][0]
    paragraphs = " ".join(t for _, t in param.description).split(PARAGRAPH)
    text = "\n\n".join(p for p in (normalise(p) for p in paragraphs) if p)
    prose_default = _PROSE_DEFAULT.search(text)
    if prose_default is not None:
        text = text[: prose_default.start()].strip()
        if not has_default:
            line = next(n for n, t in param.description if "Default value:" in t)
            raw = prose_default["value"]
            draft = param.draft

            def read() -> None:
                _set_default(doc, draft, line, raw, prose=True)

            _degrade(doc, notes, "left without a default", read)
    if text:
        param.draft.set("description", text, first)


def _read_value(text: str) -> tuple[bool, JSON]:
    """A value written on a page: JSON, else a Python literal (`{'height': 2048}`, `None`)."""
    ok, value = parse_json(text)
    return (True, value) if ok else python_literal(text)


def _set_default(
    doc: Document, draft: FieldDraft, line: int, text: str, prose: bool = False
) -> None:
    """`null` means "no default, nullable"; prose defaults may be unquoted strings."""
    ok, value = _read_value(text)
    if not ok and prose:
        ok, value = True, text
    if not ok:
        raise doc.fail(line, f"cannot read the default {text!r}", draft.name)
    if value is None:
        draft.set("nullable", True, line)
        return
    draft.set("default", _checked(doc, line, value, "default", draft), line)


def _unticked(text: str) -> str:
    match = re.fullmatch(r"`([^`]*)`", text)
    return match.group(1) if match else text


def _checked(doc: Document, line: int, value: JSON, what: str, draft: FieldDraft) -> JSON:
    t = draft.type_expr()
    if not _fits(value, t):
        raise doc.fail(line, f"the {what} {value!r} is not a valid {_describe(t)}", draft.name)
    return value


def _fits(value: JSON, t: TypeExpr) -> bool:
    if t.enum is not None:
        return value in t.enum and value_fits(value, t)
    if t.type == "union":
        return any(_fits(value, v) for v in t.variants)
    if t.type == "array" and t.items is not None:
        return isinstance(value, list) and all(_fits(v, t.items) for v in value)
    return value_fits(value, t)


def _describe(t: TypeExpr) -> str:
    if t.enum is not None:
        return f"{t.type} of {list(t.enum)!r}"
    return t.type


def _set_range(doc: Document, draft: FieldDraft, line: int, text: str) -> None:
    match = _RANGE.fullmatch(text)
    low = parse_number(match["low"]) if match else None
    high = parse_number(match["high"]) if match else None
    t = draft.type_expr()
    if low is None or high is None:
        raise doc.fail(line, f"cannot read the range {text!r} (expected `a` to `b`)", draft.name)
    if not (bound_fits(low, t) and bound_fits(high, t)):
        raise doc.fail(line, f"the range {text!r} does not fit type {t.type}", draft.name)
    if low > high:
        raise doc.fail(line, f"the range {text!r} is empty", draft.name)
    draft.set("minimum", low, line)
    draft.set("maximum", high, line)


def _set_examples(doc: Document, draft: FieldDraft, line: int, text: str) -> None:
    """Comma-separated JSON values; a `null` among them means the parameter is nullable."""
    ok, values = parse_json(f"[{text}]")
    if not ok or not values:
        raise doc.fail(line, f"cannot read the examples {text[:60]!r}", draft.name)
    if None in values:
        draft.set("nullable", True, line)
    checked = tuple(_checked(doc, line, v, "example", draft) for v in values if v is not None)
    if checked:
        draft.set("examples", checked, line)


def build_fields(params: list[Param], vocabulary: Vocabulary) -> tuple[Field, ...]:
    return tuple(p.draft.build(vocabulary) for p in params)
