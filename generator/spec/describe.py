"""Short human labels for spec facts, shared by `modelgen show` and the generated docs."""

from __future__ import annotations

import json

from . import bounds, walk
from .model import JSON, MISSING, Field, TypeExpr


def value_text(value: JSON) -> str:
    return json.dumps(value, ensure_ascii=False)


def type_label(t: TypeExpr) -> str:
    """A short type description: `integer`, `list[Image]`, `ImageSize | enum`, `file`."""
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
        label = t.type
    return f"{label} | null" if t.nullable else label


def range_label(t: TypeExpr) -> str:
    """Bounds of a value, of a list's length, or of a string's length, e.g. `1 ≤ x ≤ 10`;
    '' when unbounded."""
    parts: list[str] = []
    low = _bound(bounds.lower_bound(t), before=True)
    high = _bound(bounds.upper_bound(t), before=False)
    if low or high:
        parts.append(f"{low}x{high}")
    if t.min_items is not None or t.max_items is not None:
        parts.append(_length("items", t.min_items, t.max_items))
    if t.min_length is not None or t.max_length is not None:
        parts.append(_length("length", t.min_length, t.max_length))
    if t.multiple_of is not None:
        parts.append(f"multiple of {value_text(t.multiple_of)}")
    parts += [inner for inner in map(range_label, t.variants) if inner]
    return "; ".join(parts)


def _bound(bound: bounds.Bound | None, *, before: bool) -> str:
    """One side of `1 ≤ x < 10`: the tighter of the inclusive and exclusive bound
    (`spec/bounds.py`)."""
    if bound is None:
        return ""
    value, exclusive = bound
    sign = "<" if exclusive else "≤"
    return f"{value_text(value)} {sign} " if before else f" {sign} {value_text(value)}"


def _length(what: str, low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}-{high} {what}"
    return f"≥ {low} {what}" if low is not None else f"≤ {high} {what}"


def enum_values(t: TypeExpr) -> tuple[JSON, ...]:
    """Enum values of the type or of its variants / items."""
    found = (node.enum for _, node in walk.walk(t, members=False) if node.enum)
    return t.enum if t.enum is not None else next(found, ())


def enum_text(value: JSON) -> str:
    return value if isinstance(value, str) else value_text(value)


def default_label(f: Field) -> str:
    return "" if f.default is MISSING else value_text(f.default)
