"""Number edges for the request fixtures (see `fixtures`): the values just inside and just
outside each bound of a number or integer type (exclusive bounds and `multiple_of` included),
and a sensible in-range number."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.multiple_of import multiple_beyond
from generator.spec.bounds import edge_values
from generator.spec.model import TypeExpr

_EDGES: tuple[tuple[str, bool, bool, tuple[str, str]], ...] = (
    ("minimum", True, False, ("at minimum", "below minimum")),
    ("maximum", False, False, ("at maximum", "above maximum")),
    ("exclusive_minimum", True, True, ("just above exclusive minimum", "at exclusive minimum")),
    ("exclusive_maximum", False, True, ("just below exclusive maximum", "at exclusive maximum")),
)
"""(rule, is it a lower bound, is it exclusive, names of the valid and the invalid case)."""


def number_edges(t: TypeExpr, integer: bool) -> Iterator[tuple[tuple[str, str], Any, Any, str]]:
    """(names of the valid and the invalid case, the value just inside the bound, the value just
    outside it, rule) for each bound of a number or integer type (see `edge_values`)."""
    for rule, lower, exclusive, names in _EDGES:
        value = getattr(t, rule)
        if value is not None:
            bound = (value, exclusive)
            inside, outside = edge_values(bound, lower=lower, integer=integer, step=t.multiple_of)
            yield names, inside, outside, rule


def number_inside(t: TypeExpr) -> int | float:
    """A sensible in-range number: the middle of a two-sided range, else near the bound or 1."""
    integer = t.type == "integer"
    low = high = None
    for _, inside, _, rule in number_edges(t, integer):
        if rule in ("minimum", "exclusive_minimum"):
            low = inside if low is None else max(low, inside)
        else:
            high = inside if high is None else min(high, inside)
    if low is not None and high is not None:
        value: int | float = low + (high - low) // 2 if integer else (low + high) / 2
    elif low is not None:
        value = max(low, 1)
    elif high is not None:
        value = min(high, 1)
    else:
        value = 1 if integer else 0.5
    if t.multiple_of:
        value = _multiple_near(value, t.multiple_of, integer)
    return value


def _multiple_near(value: float, multiple: float, integer: bool) -> int | float:
    result = multiple_beyond(value, multiple, up=True)
    return int(result) if integer else result
