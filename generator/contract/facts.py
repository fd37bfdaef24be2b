"""One drift, and how a changed fact is judged.

A change is seen from our generated clients. In the input, the client *sends* values: the
provider accepting fewer values than the spec says (a stricter bound, a dropped enum value, a
newly required field) breaks clients, accepting more is additive. In the output the client
*receives* values, so the direction flips: the provider returning more than the spec allows
(a new enum value, a wider range, a field that may now be missing) breaks the client's
validation, returning less is additive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..spec.bounds import Bound
from ..spec.codec import type_to_raw
from ..spec.model import JSON, MISSING, Field, TypeExpr


@dataclass(frozen=True)
class Drift:
    """One fact on which the spec and the provider's document differ.

    `field` is a dotted path from the section (`input.image_size|string`, `output.images[]`,
    `input.types.ImageSize.width`); `fact` is the spec fact (`maximum`, `enum`, ...) or "field"
    for a whole field added or removed. `origin` is where the spec's side of the fact came from
    (a source label, "override", or "" when the spec does not say).
    """

    kind: str
    field: str
    fact: str
    spec_value: JSON
    provider_value: JSON
    breaking: bool
    detail: str = ""
    origin: str = ""

    def as_json(self) -> dict[str, JSON]:
        return asdict(self)


def breaks(sends: bool, widened: bool) -> bool:
    """Is a change that widens (or narrows) the accepted values breaking in this direction?"""
    return not widened if sends else widened


def plain(value: Any) -> JSON:
    """A fact value as plain JSON: type expressions as spec YAML, MISSING as None."""
    if value is MISSING:
        return None
    if isinstance(value, TypeExpr):
        return type_to_raw(value)
    if isinstance(value, Field):
        return {"name": value.name, **type_to_raw(value.type)}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def same(a: Any, b: Any) -> bool:
    """Equal as JSON values, where 5 and 5.0 are the same number but True is not 1."""
    return bool(_key(plain(a)) == _key(plain(b)))


def _key(value: JSON) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return (type(value).__name__, value)
    if isinstance(value, int | float):
        return ("number", float(value))
    if isinstance(value, list):
        return ("list", tuple(_key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((k, _key(v)) for k, v in value.items())))
    return ("other", repr(value))


# ---------------------------------------------------------------------------- bounds


def lower_is_stricter(new: Bound | None, old: Bound | None) -> bool:
    """Does the lower bound `new` rule out a value that `old` allows?"""
    if new is None:
        return False
    if old is None:
        return True
    return new[0] > old[0] or (new[0] == old[0] and new[1] and not old[1])


def upper_is_stricter(new: Bound | None, old: Bound | None) -> bool:
    """Does the upper bound `new` rule out a value that `old` allows?"""
    if new is None:
        return False
    if old is None:
        return True
    return new[0] < old[0] or (new[0] == old[0] and new[1] and not old[1])


def bound_fact(side: str, spec: Bound | None, provider: Bound | None) -> str:
    """The fact name a bound drift is reported under (`minimum`, `exclusive_maximum`, ...)."""
    exclusive = (provider or spec or (0, False))[1]
    base = "minimum" if side == "lower" else "maximum"
    return f"exclusive_{base}" if exclusive else base


def bound_value(bound: Bound | None) -> JSON:
    if bound is None:
        return None
    value: int | float = int(bound[0]) if float(bound[0]).is_integer() else bound[0]
    return {"exclusive": value} if bound[1] else value
