"""Short human labels for spec facts, shared by `modelgen show` and the generated docs."""

from __future__ import annotations

import json

from .model import MISSING, Field, TypeExpr


def type_label(t: TypeExpr) -> str:
    """`number`, `list[Image]`, `ImageSize | string`, `integer | null`, `file (string)`."""
    if t.type == "array" and t.items is not None:
        label = f"list[{type_label(t.items)}]"
    elif t.type == "union":
        label = " | ".join(type_label(v) for v in t.variants)
    elif t.type == "object" and isinstance(t.additional, TypeExpr):
        label = f"map[string, {type_label(t.additional)}]"
    else:
        label = t.type
    if t.file:
        label = f"file ({label})"
    return f"{label} | null" if t.nullable else label


def range_label(t: TypeExpr) -> str:
    """`1 ≤ x ≤ 10`, `0 < x ≤ 14142`, `≤ 4 items`, `length 1..200`; '' when unbounded."""
    parts = []
    low = _bound(t.minimum, "≤") or _bound(t.exclusive_minimum, "<")
    high = _bound(t.maximum, "≤", after=True) or _bound(t.exclusive_maximum, "<", after=True)
    if low or high:
        parts.append(f"{low}x{high}")
    if t.min_items is not None or t.max_items is not None:
        parts.append(f"{_span(t.min_items, t.max_items)} items")
    if t.min_length is not None or t.max_length is not None:
        parts.append(f"length {_span(t.min_length, t.max_length)}")
    if t.multiple_of is not None:
        parts.append(f"multiple of {t.multiple_of}")
    return ", ".join(parts)


def _bound(value: float | None, op: str, *, after: bool = False) -> str:
    if value is None:
        return ""
    return f" {op} {value}" if after else f"{value} {op} "


def _span(low: int | None, high: int | None) -> str:
    return f"{'' if low is None else low}..{'' if high is None else high}"


def enum_label(t: TypeExpr) -> str:
    """The allowed values of the type or of its enum variant, comma-separated."""
    values = t.enum
    if values is None:
        values = next((v.enum for v in t.variants if v.enum is not None), None)
    return ", ".join(str(v) for v in values) if values is not None else ""


def default_label(f: Field) -> str:
    return "" if f.default is MISSING else json.dumps(f.default, ensure_ascii=False)
