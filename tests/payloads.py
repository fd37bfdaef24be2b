"""Random valid request payloads of an endpoint, as a hypothesis strategy.

`payload_strategy(specs, endpoint)` draws input dicts the endpoint's spec allows: every required
parameter, any subset of the optional ones, each value within its bounds (by the one bounds rule,
`generator.spec.bounds`: the tighter bound, exclusive ones excluded, multiples of `multiple_of`
only), lengths, item counts and enums respected, union variants and null (where nullable) drawn
too, named types followed through `specs.resolve`. Meant for differential validation: whatever it
draws must pass our generated validation and the provider's own JSON Schema alike.

Strings stay short unless a minimum length asks for more; lists without a maximum get at most a
few items more than their minimum; a type that contains itself is cut off after a few levels
(optional parts are left out, a required self-reference cannot be drawn and fails loudly).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from hypothesis import strategies as st

from generator.multiple_of import nth_multiple
from generator.render.fixtures_values import FILE_URL, TypeChecker
from generator.spec import walk
from generator.spec.bounds import inside_range, lower_bound, upper_bound
from generator.spec.model import JSON, MISSING, Endpoint, Field, SpecSet, TypeExpr

FILE_VALUES: Final = (
    FILE_URL,
    "https://example.com/inputs/photo.jpg",
    "data:image/png;base64,iVBORw0KGgo=",
)
"""What a file parameter is drawn from: URLs and a data URI (nothing is ever fetched)."""

MAX_DEPTH: Final = 3
"""How many times one named type may appear inside itself before optional parts stop."""

_TEXT_MAX: Final = 12
_EXTRA_ITEMS: Final = 3
_FORMAT_VALUES: Final = {
    "uri": ("https://example.com/a", "https://example.org/b?c=d"),
    "url": ("https://example.com/a",),
    "email": ("user@example.com",),
    "date-time": ("2024-01-01T00:00:00Z",),
    "date": ("2024-01-01",),
    "uuid": ("00000000-0000-4000-8000-000000000000",),
    "uuid4": ("00000000-0000-4000-8000-000000000000", "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"),
}

Strategy = st.SearchStrategy[Any]


class PayloadStrategyError(ValueError):
    """The spec allows no value that can be drawn here (e.g. a required self-reference)."""


def payload_strategy(specs: SpecSet, endpoint: Endpoint) -> st.SearchStrategy[dict[str, Any]]:
    """Valid input payloads of `endpoint` (module docstring)."""
    drawer = _Drawer(specs, endpoint)
    strategy: st.SearchStrategy[dict[str, Any]] = drawer.fields(endpoint.input, {})
    return strategy


class _Drawer:
    def __init__(self, specs: SpecSet, endpoint: Endpoint) -> None:
        self.specs = specs
        self.endpoint = endpoint
        self.checker = TypeChecker(specs, endpoint)

    def fields(self, fields: Sequence[Field], depth: dict[str, int]) -> Strategy:
        required = {f.name: self.field(f, depth) for f in fields if f.required}
        optional = {
            f.name: self.field(f, depth)
            for f in fields
            if not f.required and not self._too_deep(f.type, depth)
        }
        return st.fixed_dictionaries(required, optional=optional)

    def field(self, f: Field, depth: dict[str, int]) -> Strategy:
        strategy = self.value(f.type, depth)
        # Documented values are the likeliest in real use (if the spec's own type allows them).
        documented = [
            v
            for v in (f.default, *f.examples)
            if v is not MISSING and self.checker.accepts(f.type, v)
        ]
        return st.one_of(st.sampled_from(documented), strategy) if documented else strategy

    def value(self, t: TypeExpr, depth: dict[str, int]) -> Strategy:
        strategy = self._plain(t, depth)
        return st.one_of(st.none(), strategy) if t.nullable else strategy

    def _plain(self, t: TypeExpr, depth: dict[str, int]) -> Strategy:
        if t.is_ref:
            definition = self.specs.resolve(self.endpoint, t.type)
            if definition is None:
                raise PayloadStrategyError(f"{self.endpoint.id}: unknown type {t.type!r}")
            if depth.get(t.type, 0) >= MAX_DEPTH:
                raise PayloadStrategyError(f"{self.endpoint.id}: {t.type} requires itself")
            inner = {**depth, t.type: depth.get(t.type, 0) + 1}
            return self.value(definition.type, inner)
        if t.const is not MISSING:
            return st.just(t.const)
        if t.enum is not None:
            return st.sampled_from(t.enum)
        kind = t.type
        if kind == "integer":
            return _integers(t)
        if kind == "number":
            return _numbers(t)
        if kind == "string":
            return _strings(t)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        if kind == "array":
            return self._array(t, depth)
        if kind == "object":
            return self._object(t, depth)
        if kind == "union":
            return st.one_of([self.value(v, depth) for v in t.variants])
        return _any_json()

    def _array(self, t: TypeExpr, depth: dict[str, int]) -> Strategy:
        assert t.items is not None
        low = t.min_items or 0
        high = t.max_items if t.max_items is not None else low + _EXTRA_ITEMS
        items = self.value(t.items, depth)
        if t.unique_items:
            return st.lists(items, min_size=low, max_size=high, unique_by=_canonical)
        return st.lists(items, min_size=low, max_size=high)

    def _object(self, t: TypeExpr, depth: dict[str, int]) -> Strategy:
        properties = t.properties or ()
        fixed = self.fields(properties, depth)
        if not isinstance(t.additional, TypeExpr):
            return fixed
        taken = {f.name for f in properties}
        keys = st.text(min_size=1, max_size=8).filter(lambda k: k not in taken)
        extra = st.dictionaries(keys, self.value(t.additional, depth), max_size=3)
        return st.builds(lambda a, b: {**b, **a}, fixed, extra)

    def _too_deep(self, t: TypeExpr, depth: dict[str, int]) -> bool:
        """Whether drawing `t` would go past MAX_DEPTH of some named type."""
        return any(depth.get(name, 0) >= MAX_DEPTH for name in walk.names(t, members=False))


def _integers(t: TypeExpr) -> Strategy:
    if t.multiple_of:
        return _multiples(t, t.multiple_of).map(int)
    return st.integers(*_integer_range(t))


def _numbers(t: TypeExpr) -> Strategy:
    if t.multiple_of:
        return _multiples(t, t.multiple_of)
    low, high = lower_bound(t), upper_bound(t)
    floats = st.floats(
        min_value=None if low is None else low[0],
        max_value=None if high is None else high[0],
        exclude_min=low is not None and low[1],
        exclude_max=high is not None and high[1],
        allow_nan=False,
        allow_infinity=False,
    )
    integer_low, integer_high = _integer_range(t)
    if integer_low is None or integer_high is None or integer_low <= integer_high:
        return st.one_of(st.integers(integer_low, integer_high), floats)
    return floats


def _integer_range(t: TypeExpr) -> tuple[int | None, int | None]:
    """The lowest and highest integer the bounds of `t` admit (None: open)."""
    low, high = inside_range(t, integer=True)
    return (None if low is None else int(low)), (None if high is None else int(high))


def _multiples(t: TypeExpr, step: float) -> Strategy:
    """Exact multiples of `step` inside the bounds of `t`: the first and last multiple of the
    bounds rule (`generator.spec.bounds`) and every one between, built by the one decimal rule of
    `generator.multiple_of`, so every value drawn is one the validators call a multiple."""
    low, high = inside_range(t, integer=False)
    first = None if low is None else round(low / step)
    last = None if high is None else round(high / step)
    return st.integers(first, last).map(lambda k: nth_multiple(k, step))


def _strings(t: TypeExpr) -> Strategy:
    if t.file:
        return st.sampled_from(FILE_VALUES).filter(lambda s: _length_ok(t, s))
    if t.format in _FORMAT_VALUES:
        return st.sampled_from(_FORMAT_VALUES[t.format]).filter(lambda s: _length_ok(t, s))
    low = t.min_length or 0
    high = t.max_length if t.max_length is not None else max(low, _TEXT_MAX)
    if t.pattern is not None:
        pattern = st.from_regex(t.pattern, fullmatch=False)
        return pattern.filter(lambda s: _length_ok(t, s))
    return st.text(min_size=low, max_size=high)


def _length_ok(t: TypeExpr, s: str) -> bool:
    return (t.min_length is None or len(s) >= t.min_length) and (
        t.max_length is None or len(s) <= t.max_length
    )


def _any_json() -> Strategy:
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=5,
    )


def _canonical(value: JSON) -> str:
    """A key equal for equal JSON values, as `uniqueItems` compares them (1 == 1.0)."""
    return json.dumps(_normal(value), sort_keys=True)


def _normal(value: JSON) -> JSON:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value
