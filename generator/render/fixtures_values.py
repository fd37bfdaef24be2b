"""Valid values for the request fixtures (see `fixtures`): a type checker by the endpoint's JSON
Schema, and a builder of sensible valid values for its input types (defaults, examples, else
built from the constraints)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import jsonschema

from generator.multiple_of import decimal_validator
from generator.spec import walk
from generator.spec.json_schema import referenced_types, type_schema, typedef_schema
from generator.spec.model import JSON, MISSING, Endpoint, Field, SpecSet, TypeExpr

from .fixtures_numbers import number_inside
from .regex_sample import sample_matching

FILE_URL: Final = "https://example.com/image.png"

_FORMAT_SAMPLES: Final = {
    "uri": "https://example.com/resource",
    "url": "https://example.com/resource",
    "uri-reference": "https://example.com/resource",
    "email": "user@example.com",
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "uuid4": "00000000-0000-4000-8000-000000000000",
    "ipv4": "127.0.0.1",
    "hostname": "example.com",
}
_PATTERN_SAMPLES: Final = (
    "example",
    "a",
    "1",
    "1:1",
    "16:9",
    "#ff0000",
    "2024-01-01",
    "00000000-0000-4000-8000-000000000000",
    FILE_URL,
)
"""Strings tried, in order, for a `pattern` no example or default satisfies."""

Path_ = tuple[str | int, ...]


class FixtureError(ValueError):
    """No value can be built for part of the input (an unsatisfiable pattern, a type cycle)."""

    def __init__(self, endpoint_id: str, path: Path_, reason: str) -> None:
        where = dotted(path) or "input"
        super().__init__(f"{endpoint_id}: {where}: {reason}")


def dotted(path: Path_) -> str:
    return ".".join(str(part) for part in path)


# ---------------------------------------------------------------------------- building


class TypeChecker:
    """Whether a value is valid for a type expression of one endpoint, by its JSON Schema."""

    def __init__(self, specs: SpecSet, endpoint: Endpoint) -> None:
        self.specs = specs
        self.endpoint = endpoint
        self._validators: dict[int, tuple[TypeExpr, jsonschema.Draft202012Validator]] = {}

    def accepts(self, t: TypeExpr, value: JSON) -> bool:
        """Whether `value` is valid for `t` (named types resolved as seen from the endpoint)."""
        entry = self._validators.get(id(t))
        if entry is None:
            schema = type_schema(t)
            found = referenced_types([t], lambda n: self.specs.resolve(self.endpoint, n))
            if found:
                schema["$defs"] = {name: typedef_schema(d) for name, d in found.items()}
            entry = (t, decimal_validator(schema))
            self._validators[id(t)] = entry  # keeps `t` alive, so its id stays its own
        return bool(entry[1].is_valid(value))


class ValueBuilder(TypeChecker):
    """Builds valid values for one endpoint's input types."""

    def fail(self, path: Path_, reason: str) -> FixtureError:
        return FixtureError(self.endpoint.id, path, reason)

    def named(self, t: TypeExpr, path: Path_) -> TypeExpr:
        """The definition of a referenced type, nullable when the reference is."""
        definition = self.specs.resolve(self.endpoint, t.type)
        if definition is None:
            raise self.fail(path, f"unknown type {t.type!r}")
        return definition.type.with_(nullable=True) if t.nullable else definition.type

    # ------------------------------------------------------------ valid values

    def field_value(self, f: Field, path: Path_, *, full: bool, refs: frozenset[str]) -> JSON:
        """A sensible valid value: default (full payloads), examples, else built from the type."""
        default = [f.default] if f.default is not MISSING and f.default is not None else []
        candidates = [*default, *f.examples] if full else [*f.examples, *default]
        for candidate in candidates:
            if self.accepts(f.type, candidate):
                return candidate
        return self.value(f.type, path, full=full, refs=refs)

    def value(self, t: TypeExpr, path: Path_, *, full: bool, refs: frozenset[str]) -> JSON:
        """A valid value of `t` built from its constraints (never null unless it must be)."""
        if t.is_ref:
            if t.type in refs:
                raise self.fail(path, f"type {t.type!r} requires a value of itself")
            return self.value(self.named(t, path), path, full=full, refs=refs | {t.type})
        built = self._build(t, path, full=full, refs=refs)
        if not self.accepts(t, built):
            raise self.fail(path, f"cannot build a {t.type} value that satisfies the spec")
        return built

    def _build(self, t: TypeExpr, path: Path_, *, full: bool, refs: frozenset[str]) -> JSON:
        if t.const is not MISSING:
            return t.const
        if t.enum:
            return next((v for v in t.enum if v is not None), t.enum[0])
        kind = t.type
        if kind in ("integer", "number"):
            return number_inside(t)
        if kind == "string":
            return self._string(t, path)
        if kind == "array":
            count = max(t.min_items or 0, 1)
            if t.max_items is not None:
                count = min(count, t.max_items)
            return self.items(t, count, path, refs)
        if kind == "object":
            properties = t.properties or ()
            return self.object_value(
                properties, path, full=full, refs=refs, additional=t.additional
            )
        if kind == "union":
            for variant in t.variants:
                try:
                    return self.value(variant, path, full=full, refs=refs)
                except FixtureError:
                    continue
            raise self.fail(path, "no variant of the union can be built")
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return "any value"

    def _string(self, t: TypeExpr, path: Path_) -> str:
        if t.file:
            base = FILE_URL
        elif t.format in _FORMAT_SAMPLES:
            base = _FORMAT_SAMPLES[t.format]
        else:
            base = "example"
        if t.pattern is not None and not re.search(t.pattern, base):
            found = next((s for s in _PATTERN_SAMPLES if re.search(t.pattern, s)), None)
            base = found or sample_matching(t.pattern) or base
        length = len(base)
        if t.min_length is not None:
            length = max(length, t.min_length)
        if t.max_length is not None:
            length = min(length, t.max_length)
        return fit(base, length)

    def items(self, t: TypeExpr, count: int, path: Path_, refs: frozenset[str]) -> list[JSON]:
        """`count` valid items of the array type `t` (distinct ones when it wants them)."""
        assert t.items is not None
        first = self.value(t.items, (*path, 0), full=False, refs=refs)
        if not t.unique_items:
            return [first] * count
        pool = self._distinct_items(t.items, first, count)
        if len(pool) < count:
            raise self.fail(path, f"cannot build {count} distinct items")
        return pool[:count]

    def _distinct_items(self, t: TypeExpr, first: JSON, count: int) -> list[JSON]:
        resolved = t
        while resolved.is_ref:
            resolved = self.named(resolved, ())
        candidates: list[JSON] = [first, *(resolved.enum or ())]
        if resolved.type in ("integer", "number") and isinstance(first, int | float):
            candidates += [first + i for i in range(1, count + 1)]
            candidates += [first - i for i in range(1, count + 1)]
        elif resolved.type == "string" and isinstance(first, str):
            candidates += [f"{first}{i}" for i in range(1, count + 1)]
        pool: list[JSON] = []
        for candidate in candidates:
            if candidate not in pool and self.accepts(t, candidate):
                pool.append(candidate)
        return pool

    def object_value(
        self,
        properties: Sequence[Field],
        path: Path_,
        *,
        full: bool,
        refs: frozenset[str],
        additional: TypeExpr | bool | None = None,
    ) -> dict[str, JSON]:
        """Required properties (and, when `full`, the optional ones that do not recurse, or one
        entry of a map type)."""
        out: dict[str, JSON] = {}
        for f in properties:
            if f.required or (full and not mentions(f.type, refs)):
                out[f.name] = self.field_value(f, (*path, f.name), full=full, refs=refs)
        if full and not properties and isinstance(additional, TypeExpr):
            out["key"] = self.value(additional, (*path, "key"), full=False, refs=refs)
        return out


def fit(base: str, length: int) -> str:
    """`base` cut or padded with `x` to exactly `length` characters."""
    return base[:length] if len(base) >= length else base + "x" * (length - len(base))


def mentions(t: TypeExpr, refs: frozenset[str]) -> bool:
    """Whether `t` refers (directly, in items or variants) to a type being built already."""
    return any(name in refs for name in walk.names(t, members=False))
