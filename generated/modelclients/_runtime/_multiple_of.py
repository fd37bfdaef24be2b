# Copied by modelgen from templates/runtime/_multiple_of.py (sha256:5744b241769b05f60f9157799db6840eaf357fe82448af18e498ed1c5c838155); do not edit; run `make generate`.
"""The one rule for JSON Schema's `multipleOf`, in exact decimal arithmetic.

Binary floats cannot say "0.3 is a multiple of 0.1" (`0.3 % 0.1` is `0.0999...`), so every
place that judges or builds a multiple uses these functions: the generated `Input` models and
`validate()` (shipped here, in the runtime), and on the generator side the fixtures and the
emulator (`generator/multiple_of.py` loads this very file, so there is no second copy).
A number is read as the shortest decimal that round-trips (`Decimal(str(value))`), which is the
number a person wrote in the schema or in the payload.

`jsonschema_keyword` is the rule as a jsonschema keyword function, for validators built with
`jsonschema.validators.extend(..., {"multipleOf": jsonschema_keyword})`. This module imports
nothing outside the standard library (jsonschema only when that function runs).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

__all__ = ["is_multiple_of", "jsonschema_keyword", "multiple_beyond", "nth_multiple"]


def _decimal(value: float) -> Decimal:
    return Decimal(str(value))


def _exact(value: float) -> Fraction:
    return Fraction(_decimal(value))


def is_multiple_of(value: float, step: float) -> bool:
    """Whether `value` is an exact multiple of `step` (> 0) as decimals: `0.3` of `0.1` yes,
    `0.30000000000000004` of `0.1` no. Infinite or NaN values are never multiples. Decimal
    arithmetic answers at once unless the quotient outgrows its 28 digits (`1e300` of `0.01`);
    exact fractions answer then."""
    if isinstance(value, float) and not math.isfinite(value):
        return False
    try:
        return _decimal(value) % _decimal(step) == 0
    except InvalidOperation:
        return _exact(value) % _exact(step) == 0


def multiple_beyond(value: float, step: float, *, up: bool, strict: bool = False) -> int | float:
    """The multiple of `step` nearest to `value` in one direction: at or above it (`up`), at or
    below it otherwise; strictly beyond it with `strict`. An int when `value` and `step` are ints."""
    quotient = _exact(value) / _exact(step)
    count = math.ceil(quotient) if up else math.floor(quotient)
    if strict and count == quotient:
        count += 1 if up else -1
    return _number(count * _exact(step), value, step)


def nth_multiple(count: int, step: float) -> int | float:
    """`count` times `step`, exact: `nth_multiple(3, 0.1)` is `0.3`, not `0.30000000000000004`."""
    return _number(count * _exact(step), count, step)


def _number(result: Fraction, *given: float) -> int | float:
    """An int when every given number is one, else the float nearest to `result`."""
    if all(isinstance(g, int) for g in given):
        return int(result)
    return float(result)


def jsonschema_keyword(validator: Any, step: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """jsonschema's `multipleOf` with the decimal rule (jsonschema's own divides floats)."""
    if not validator.is_type(instance, "number"):
        return
    if not is_multiple_of(instance, step):
        from jsonschema.exceptions import ValidationError

        yield ValidationError(f"{instance!r} is not a multiple of {step!r}")
