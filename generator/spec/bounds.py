"""The one bounds rule: the effective lower/upper bound of a number (exclusivity included) and the
values just inside and just outside a bound, honouring `multiple_of` through the runtime's exact
decimal rule (`generator.multiple_of`). Works on a `TypeExpr` or, through `schema_bounds`, on a
JSON schema dict (the emulator serves from schemas)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from generator.multiple_of import multiple_beyond

Bound = tuple[float, bool]
"""A bound's value and whether it is exclusive."""


class NumberLimits(Protocol):
    """What a bound is read from: a `TypeExpr`, or a `SchemaBounds` made from a JSON schema."""

    @property
    def minimum(self) -> float | None: ...
    @property
    def maximum(self) -> float | None: ...
    @property
    def exclusive_minimum(self) -> float | None: ...
    @property
    def exclusive_maximum(self) -> float | None: ...
    @property
    def multiple_of(self) -> float | None: ...


@dataclass(frozen=True)
class SchemaBounds:
    """The number keywords of a JSON schema, under the spec model's names."""

    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None


def _number_keyword(schema: Mapping[str, Any], key: str) -> float | None:
    value = schema.get(key)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def schema_bounds(schema: Mapping[str, Any]) -> SchemaBounds:
    """The adapter from a JSON schema's `minimum`, `exclusiveMaximum`, `multipleOf`, ..."""
    step = _number_keyword(schema, "multipleOf")
    return SchemaBounds(
        minimum=_number_keyword(schema, "minimum"),
        maximum=_number_keyword(schema, "maximum"),
        exclusive_minimum=_number_keyword(schema, "exclusiveMinimum"),
        exclusive_maximum=_number_keyword(schema, "exclusiveMaximum"),
        multiple_of=step if step is not None and step > 0 else None,
    )


def lower_bound(t: NumberLimits) -> Bound | None:
    """The tighter of `minimum` and `exclusive_minimum`, if either is set."""
    if t.exclusive_minimum is not None and (t.minimum is None or t.exclusive_minimum >= t.minimum):
        return (t.exclusive_minimum, True)
    return None if t.minimum is None else (t.minimum, False)


def upper_bound(t: NumberLimits) -> Bound | None:
    """The tighter of `maximum` and `exclusive_maximum`, if either is set."""
    if t.exclusive_maximum is not None and (t.maximum is None or t.exclusive_maximum <= t.maximum):
        return (t.exclusive_maximum, True)
    return None if t.maximum is None else (t.maximum, False)


def edge_values(
    bound: Bound, *, lower: bool, integer: bool, step: float | None
) -> tuple[int | float, int | float]:
    """(the value just inside `bound`, the first value just outside it). `lower` says which side
    the bound limits. With `step` (`multiple_of`) both values are multiples, so the outside one
    breaks the bound and nothing else."""
    value, exclusive = bound
    d = 1 if lower else -1
    if exclusive:
        if step:
            inside = multiple_beyond(value, step, up=lower, strict=True)
            outside = multiple_beyond(value, step, up=not lower)
        elif integer:
            outside = math.floor(value) if lower else math.ceil(value)
            inside = outside + d
        else:
            inside, outside = nudge(value, d), value
    else:
        base = (math.ceil(value) if lower else math.floor(value)) if integer else value
        if step:
            inside = multiple_beyond(base, step, up=lower)
            outside = multiple_beyond(base, step, up=not lower, strict=True)
        else:
            inside, outside = base, base - d
    return _num(inside, integer), _num(outside, integer)


def inside_range(t: NumberLimits, integer: bool) -> tuple[int | float | None, int | float | None]:
    """(the lowest, the highest) value the bounds of `t` admit, None where a side is open: the
    values just inside the tighter lower and upper bound (multiples of `multiple_of` if set)."""
    step = t.multiple_of
    low, high = lower_bound(t), upper_bound(t)
    return (
        None if low is None else edge_values(low, lower=True, integer=integer, step=step)[0],
        None if high is None else edge_values(high, lower=False, integer=integer, step=step)[0],
    )


def value_inside(t: NumberLimits, integer: bool) -> int | float:
    """A value every bound of `t` admits: the smallest one inside the lower bound (else 0, or the
    first multiple at or above 0), brought under the upper bound when it exceeds it."""
    step = t.multiple_of
    low, high = inside_range(t, integer)
    if low is not None:
        value = low
    else:
        value = _num(multiple_beyond(0, step, up=True) if step else 0, integer)
    if high is not None:
        value = min(value, high)
    return value


def _num(value: float, integer: bool) -> int | float:
    return int(value) if integer else value


def nudge(bound: float, direction: int) -> float:
    """The value a millionth (relative, at least 1e-6) past `bound` in `direction`, rounded to a
    short decimal that is still strictly past it."""
    step = 1e-6 * max(1.0, abs(bound))
    value = bound + direction * step
    short = float(f"{value:.12g}")
    return short if (short - bound) * direction > 0 else value


def clamp_length(text: str, limits: Mapping[str, Any]) -> str:
    """`text` padded to `minLength` and cut to `maxLength` (JSON schema keywords)."""
    low, high = limits.get("minLength"), limits.get("maxLength")
    if isinstance(low, int) and len(text) < low:
        text = text + "x" * (low - len(text))
    if isinstance(high, int) and len(text) > high:
        text = text[:high]
    return text


def clamp_count(count: int, limits: Mapping[str, Any]) -> int:
    """`count` brought inside `minItems`/`maxItems` (JSON schema keywords)."""
    low, high = limits.get("minItems"), limits.get("maxItems")
    if isinstance(low, int):
        count = max(count, low)
    if isinstance(high, int):
        count = min(count, high)
    return count
