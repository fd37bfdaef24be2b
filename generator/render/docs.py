"""What the reference pages show of a parameter, as display strings: type, default, range, enum.

`endpoint.md.jinja` lays these rows out as a table; everything here is text, already escaped
for a Markdown table cell, so the template holds no logic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from generator.spec.model import JSON, MISSING, Field, TypeExpr

from .names import field_name

_BUILTIN_LABEL = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "object": "object",
    "any": "any",
    "null": "null",
}


@dataclass(frozen=True)
class ParamRow:
    """One parameter as the reference page shows it."""

    name: str
    python_name: str
    type: str
    required: bool
    default: str
    range: str
    enum: str
    description: str


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def value_text(value: JSON) -> str:
    return json.dumps(value, ensure_ascii=False)


def type_label(t: TypeExpr) -> str:
    """A short type description: `integer`, `list[Image]`, `ImageSize \\| enum`, `file`."""
    if t.is_ref:
        label = t.type
    elif t.type == "union":
        label = " | ".join(type_label(v) for v in t.variants)
    elif t.type == "array":
        label = f"list[{type_label(t.items) if t.items is not None else 'any'}]"
    elif t.file:
        label = "file"
    elif t.enum is not None:
        label = "enum"
    elif t.type == "object" and isinstance(t.additional, TypeExpr) and not t.properties:
        label = f"dict[string, {type_label(t.additional)}]"
    else:
        label = _BUILTIN_LABEL.get(t.type, t.type)
    return f"{label} | null" if t.nullable else label


def _number(value: int | float) -> str:
    return value_text(value)


def range_text(t: TypeExpr) -> str:
    """Bounds of a value, of a list's length, or of a string's length, e.g. `1 ≤ x ≤ 10`."""
    parts: list[str] = []
    low = (
        f"{_number(t.minimum)} ≤ "
        if t.minimum is not None
        else f"{_number(t.exclusive_minimum)} < "
        if t.exclusive_minimum is not None
        else ""
    )
    high = (
        f" ≤ {_number(t.maximum)}"
        if t.maximum is not None
        else f" < {_number(t.exclusive_maximum)}"
        if t.exclusive_maximum is not None
        else ""
    )
    if low or high:
        parts.append(f"{low}x{high}")
    if t.min_items is not None or t.max_items is not None:
        parts.append(_length("items", t.min_items, t.max_items))
    if t.min_length is not None or t.max_length is not None:
        parts.append(_length("length", t.min_length, t.max_length))
    if t.multiple_of is not None:
        parts.append(f"multiple of {_number(t.multiple_of)}")
    for variant in t.variants:
        inner = range_text(variant)
        if inner:
            parts.append(inner)
    return "; ".join(parts)


def _length(what: str, low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}-{high} {what}"
    return f"≥ {low} {what}" if low is not None else f"≤ {high} {what}"


def enum_values(t: TypeExpr) -> tuple[JSON, ...]:
    """Enum values of the type or of its variants / items."""
    if t.enum is not None:
        return t.enum
    for child in (*t.variants, *((t.items,) if t.items is not None else ())):
        values = enum_values(child)
        if values:
            return values
    return ()


def row(f: Field) -> ParamRow:
    return ParamRow(
        name=cell(f.name),
        python_name=field_name(f.name),
        type=cell(type_label(f.type)),
        required=f.required,
        default="" if f.default is MISSING else cell(value_text(f.default)),
        range=cell(range_text(f.type)),
        enum=cell(", ".join(f"`{_enum_text(v)}`" for v in enum_values(f.type))),
        description=cell(f.description or ""),
    )


def _enum_text(value: JSON) -> str:
    return value if isinstance(value, str) else value_text(value)


def rows(fields: Iterable[Field]) -> tuple[ParamRow, ...]:
    return tuple(row(f) for f in fields)
