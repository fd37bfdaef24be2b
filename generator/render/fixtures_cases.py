"""Edge cases for the request fixtures (see `fixtures`): per parameter, the valid values at each
edge of its type and the invalid ones that break exactly one rule, as whole values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Final

from generator.spec.model import JSON, MISSING, TypeExpr

from .fixtures_numbers import number_edges, number_inside
from .fixtures_values import FixtureError, Path_, ValueBuilder, dotted, fit

UNKNOWN_KEY: Final = "unexpected_parameter"
UNKNOWN_ENUM: Final = "not-a-valid-option"

_WRONG_TYPE_SAMPLES: Final[tuple[tuple[str, JSON], ...]] = (
    ("string", "not a valid value"),
    ("integer", 12345),
    ("array", []),
    ("object", {}),
)
"""Wrong-type candidates, each used only when its JSON type is not accepted. None and booleans
are never used: pydantic accepts None for optional parameters and coerces booleans to numbers."""


@dataclass(frozen=True)
class Case:
    """One edge of a value: the whole value at its level, valid or broken by `rule` at `path`."""

    name: str
    path: Path_
    value: JSON
    rule: str | None = None


class CaseBuilder(ValueBuilder):
    """Builds the valid and invalid edge cases of one endpoint's input types."""

    def input_cases(self, minimal: dict[str, JSON]) -> Iterator[Case]:
        """Every edge of the input: per parameter in spec order, then an unknown key."""
        for f in self.endpoint.input:
            path: Path_ = (f.name,)
            if f.required:
                rest = {k: v for k, v in minimal.items() if k != f.name}
                yield Case(f"{f.name} missing", path, rest, "required")
            for case in self.cases(f.type, path, frozenset()):
                yield replace(case, value={**minimal, f.name: case.value})
            wrong = self.wrong_type(f.type, path)
            if wrong is not MISSING:
                yield Case(f"{f.name} wrong type", path, {**minimal, f.name: wrong}, "type")
        names = {f.name for f in self.endpoint.input}
        key = UNKNOWN_KEY
        while key in names:
            key += "_"
        yield Case(f"unknown key {key}", (key,), {**minimal, key: "value"}, "additional")

    def cases(self, t: TypeExpr, path: Path_, refs: frozenset[str]) -> Iterator[Case]:
        """The edges of `t` at `path`, each as a whole value of `t`."""
        if t.is_ref:
            if t.type not in refs:
                yield from self.cases(self.named(t, path), path, refs | {t.type})
            return
        if t.nullable:
            yield Case(f"{dotted(path)} is null", path, None)
            t = t.with_(nullable=False)
        yield from self._number_cases(t, path)
        yield from self._length_cases(t, path)
        yield from self._enum_cases(t, path)
        if t.type == "array":
            yield from self._array_cases(t, path, refs)
        elif t.type == "object":
            yield from self._object_cases(t, path, refs)
        elif t.type == "union":
            for variant in t.variants:
                yield from self.cases(variant, path, refs)

    def _checked(self, t: TypeExpr, case: Case) -> Iterator[Case]:
        """The case, when `t` accepts it exactly as intended (valid, or invalid)."""
        if self.accepts(t, case.value) == (case.rule is None):
            yield case

    def _number_cases(self, t: TypeExpr, path: Path_) -> Iterator[Case]:
        if t.type not in ("integer", "number") or t.enum is not None or t.const is not MISSING:
            return
        integer = t.type == "integer"
        at = dotted(path)
        for (valid_name, invalid_name), inside, outside, rule in number_edges(t, integer):
            yield from self._checked(t, Case(f"{at} {valid_name}", path, inside))
            yield from self._checked(t, Case(f"{at} {invalid_name}", path, outside, rule))
        if t.multiple_of:
            between = number_inside(t) + t.multiple_of / 2  # halfway to the next multiple
            if not integer or float(between).is_integer():
                name = f"{at} not a multiple of {t.multiple_of}"
                yield from self._checked(t, Case(name, path, between, "multiple_of"))

    def _length_cases(self, t: TypeExpr, path: Path_) -> Iterator[Case]:
        if t.type != "string" or t.enum is not None or t.const is not MISSING or t.pattern:
            return
        at = dotted(path)
        base = self._string(t, path)
        if t.min_length is not None:
            n = t.min_length
            yield from self._checked(t, Case(f"{at} at min length ({n})", path, fit(base, n)))
            if n > 0:
                short = fit(base, n - 1)
                yield from self._checked(t, Case(f"{at} too short", path, short, "min_length"))
        if t.max_length is not None:
            n = t.max_length
            yield from self._checked(t, Case(f"{at} at max length ({n})", path, fit(base, n)))
            long = fit(base, n + 1)
            yield from self._checked(t, Case(f"{at} too long", path, long, "max_length"))

    def _enum_cases(self, t: TypeExpr, path: Path_) -> Iterator[Case]:
        if not t.enum:
            return
        open_type = t.with_(enum=None)
        candidates: list[JSON] = [UNKNOWN_ENUM, f"{UNKNOWN_ENUM}-2"]
        numbers = [v for v in t.enum if isinstance(v, int | float) and not isinstance(v, bool)]
        if numbers:
            low, high = min(numbers), max(numbers)
            candidates += [high + 1, low - 1, (low + high) / 2, *range(int(low), int(high) + 2)]
        for candidate in candidates:
            if candidate not in t.enum and self.accepts(open_type, candidate):
                yield Case(f"{dotted(path)} not in enum", path, candidate, "enum")
                return

    def _array_cases(self, t: TypeExpr, path: Path_, refs: frozenset[str]) -> Iterator[Case]:
        assert t.items is not None
        at = dotted(path)
        counts: list[tuple[str, int, str | None]] = []
        if t.min_items is not None:
            counts.append((f"{at} at min items ({t.min_items})", t.min_items, None))
            if t.min_items > 0:
                counts.append((f"{at} too few items", t.min_items - 1, "min_items"))
        if t.max_items is not None:
            counts.append((f"{at} at max items ({t.max_items})", t.max_items, None))
            counts.append((f"{at} too many items", t.max_items + 1, "max_items"))
        for name, count, rule in counts:
            try:
                items = self.items(t.with_(min_items=None, max_items=None), count, path, refs)
            except FixtureError:
                continue
            yield from self._checked(t, Case(name, path, items, rule))
        base = self.value(t, path, full=False, refs=refs)
        assert isinstance(base, list)
        if not base:
            base = self.items(t, 1, path, refs)
        for case in self.cases(t.items, (*path, 0), refs):
            value = [case.value, *base[1:]]
            if t.unique_items and case.value in base[1:]:
                continue
            yield replace(case, value=value)

    def _object_cases(self, t: TypeExpr, path: Path_, refs: frozenset[str]) -> Iterator[Case]:
        base = self.object_value(t.properties or (), path, full=False, refs=refs)
        for f in t.properties or ():
            at: Path_ = (*path, f.name)
            if f.required:
                rest = {k: v for k, v in base.items() if k != f.name}
                yield Case(f"{dotted(at)} missing", at, rest, "required")
            for case in self.cases(f.type, at, refs):
                yield replace(case, value={**base, f.name: case.value})

    def wrong_type(self, t: TypeExpr, path: Path_) -> JSON:
        """A value of a JSON type `t` does not accept at all, or MISSING when it takes any."""
        accepted = self._json_types(t, path, frozenset())
        if "any" in accepted:
            return MISSING
        if "number" in accepted:
            accepted.add("integer")
        for kind, sample in _WRONG_TYPE_SAMPLES:
            if kind not in accepted:
                return sample
        return MISSING

    def _json_types(self, t: TypeExpr, path: Path_, refs: frozenset[str]) -> set[str]:
        if t.is_ref:
            if t.type in refs:
                return set()
            return self._json_types(self.named(t, path), path, refs | {t.type})
        if t.type == "union":
            found: set[str] = set()
            for variant in t.variants:
                found |= self._json_types(variant, path, refs)
            return found
        return {t.type}
