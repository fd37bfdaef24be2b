"""Number edges for the request fixtures (see `fixtures`): the values just inside and just
outside each bound of a number or integer type (exclusive bounds and `multiple_of` included),
and a sensible in-range number."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from generator.multiple_of import multiple_beyond
from generator.spec.model import TypeExpr


def number_edges(t: TypeExpr, integer: bool) -> Iterator[tuple[tuple[str, str], Any, Any, str]]:
    """(names of the valid and the invalid case, the value just inside the bound, the value just
    outside it, rule) for each bound of a number or integer type. With `multiple_of`, both values
    are multiples, so the outside one breaks the bound and nothing else."""
    step = t.multiple_of
    if t.minimum is not None:
        low = math.ceil(t.minimum) if integer else t.minimum
        inside, outside = low, low - 1
        if step:
            inside, outside = (
                multiple_beyond(low, step, up=True),
                multiple_beyond(low, step, up=False, strict=True),
            )
        yield (
            ("at minimum", "below minimum"),
            _num(inside, integer),
            _num(outside, integer),
            "minimum",
        )
    if t.maximum is not None:
        high = math.floor(t.maximum) if integer else t.maximum
        inside, outside = high, high + 1
        if step:
            inside, outside = (
                multiple_beyond(high, step, up=False),
                multiple_beyond(high, step, up=True, strict=True),
            )
        yield (
            ("at maximum", "above maximum"),
            _num(inside, integer),
            _num(outside, integer),
            "maximum",
        )
    if t.exclusive_minimum is not None:
        bound = t.exclusive_minimum
        inside = math.floor(bound) + 1 if integer else _nudge(bound, +1)
        outside = math.floor(bound) if integer else bound
        if step:
            inside, outside = (
                multiple_beyond(bound, step, up=True, strict=True),
                multiple_beyond(bound, step, up=False),
            )
        names = ("just above exclusive minimum", "at exclusive minimum")
        yield names, _num(inside, integer), _num(outside, integer), "exclusive_minimum"
    if t.exclusive_maximum is not None:
        bound = t.exclusive_maximum
        inside = math.ceil(bound) - 1 if integer else _nudge(bound, -1)
        outside = math.ceil(bound) if integer else bound
        if step:
            inside, outside = (
                multiple_beyond(bound, step, up=False, strict=True),
                multiple_beyond(bound, step, up=True),
            )
        names = ("just below exclusive maximum", "at exclusive maximum")
        yield names, _num(inside, integer), _num(outside, integer), "exclusive_maximum"


def _num(value: float, integer: bool) -> int | float:
    return int(value) if integer else value


def _nudge(bound: float, direction: int) -> float:
    """The value a millionth (relative, at least 1e-6) past `bound` in `direction`, rounded to a
    short decimal that is still strictly past it."""
    step = 1e-6 * max(1.0, abs(bound))
    value = bound + direction * step
    short = float(f"{value:.12g}")
    return short if (short - bound) * direction > 0 else value


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
