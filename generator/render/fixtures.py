"""Request fixtures of one endpoint: valid payloads at every edge, invalid ones with their reason.

`build_fixtures(specs, endpoint)` returns a JSON-compatible document the generated contract tests
read (`generated/fixtures/<provider>/<name>.json`):

    {"endpoint": "fal-ai/kolors",
     "valid":   [{"name": "minimal", "payload": {...}}, {"name": "full", ...}, ...],
     "invalid": [{"name": "guidance_scale below minimum", "payload": {...},
                  "field": "guidance_scale", "rule": "minimum"}, ...]}

Valid payloads: `minimal` (required parameters only), `full` (every parameter: its default, else
its first example, else the first enum value, else a value built from its type), then one payload
per edge found anywhere in the input, nested objects, list items and union variants included:
each end of a range (an exclusive bound gives the nearest value inside it), each end of a length
or item-count range, null for a nullable value.

Invalid payloads start from `minimal` and break one thing: a value past a bound, an unknown enum
value, a missing required parameter (nested ones too), a value of the wrong JSON type, too many
or too few items, a string too short or too long, an unknown top-level key. `field` is the dotted
path of the offending value (`image_size.width`, `loras.0.scale`); `rule` is one of `RULES`.

Everything is checked against the endpoint's own JSON Schema before it is returned: a valid
payload the schema rejects is a bug (FixtureError); an invalid candidate the schema does not
reject for exactly its stated reason (a value inside a union that another variant accepts, a
bound on a field whose enum already excludes the value) is left out. Nothing is random: the same
spec always gives the same fixtures, in spec order.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

import jsonschema

from generator.multiple_of import decimal_validator, multiple_beyond
from generator.spec.json_schema import (
    endpoint_schema,
    referenced_types,
    type_schema,
    typedef_schema,
)
from generator.spec.model import JSON, MISSING, Endpoint, Field, SpecSet, TypeExpr

from .regex_sample import sample_matching

RULES: Final = (
    "minimum",
    "maximum",
    "exclusive_minimum",
    "exclusive_maximum",
    "enum",
    "required",
    "type",
    "max_items",
    "min_items",
    "min_length",
    "max_length",
    "additional",
    "multiple_of",
)
"""Why an invalid fixture must be rejected."""

RULE_KEYWORDS: Final = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusive_minimum": "exclusiveMinimum",
    "exclusive_maximum": "exclusiveMaximum",
    "enum": "enum",
    "required": "required",
    "type": "type",
    "max_items": "maxItems",
    "min_items": "minItems",
    "multiple_of": "multipleOf",
    "min_length": "minLength",
    "max_length": "maxLength",
    "additional": "additionalProperties",
}
"""The JSON Schema keyword that reports each rule."""

FILE_URL: Final = "https://example.com/image.png"
UNKNOWN_KEY: Final = "unexpected_parameter"
UNKNOWN_ENUM: Final = "not-a-valid-option"

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

_WRONG_TYPE_SAMPLES: Final[tuple[tuple[str, JSON], ...]] = (
    ("string", "not a valid value"),
    ("integer", 12345),
    ("array", []),
    ("object", {}),
)
"""Wrong-type candidates, each used only when its JSON type is not accepted. None and booleans
are never used: pydantic accepts None for optional parameters and coerces booleans to numbers."""

Path_ = tuple[str | int, ...]


class FixtureError(ValueError):
    """No value can be built for part of the input (an unsatisfiable pattern, a type cycle)."""

    def __init__(self, endpoint_id: str, path: Path_, reason: str) -> None:
        where = dotted(path) or "input"
        super().__init__(f"{endpoint_id}: {where}: {reason}")


@dataclass(frozen=True)
class Case:
    """One edge of a value: the whole value at its level, valid or broken by `rule` at `path`."""

    name: str
    path: Path_
    value: JSON
    rule: str | None = None


def dotted(path: Path_) -> str:
    return ".".join(str(part) for part in path)


def build_fixtures(specs: SpecSet, endpoint: Endpoint) -> dict[str, Any]:
    """The request fixtures of one endpoint (module docstring: shape and contents)."""
    builder = _Builder(specs, endpoint)
    minimal = builder.object_value(endpoint.input, (), full=False, refs=frozenset())
    full = builder.object_value(endpoint.input, (), full=True, refs=frozenset())
    valid: list[dict[str, Any]] = [
        {"name": "minimal", "payload": minimal},
        {"name": "full", "payload": full},
    ]
    invalid: list[dict[str, Any]] = []
    for case in builder.input_cases(minimal):
        if case.rule is None:
            valid.append({"name": case.name, "payload": case.value})
        else:
            field = dotted(case.path)
            item = {"name": case.name, "payload": case.value, "field": field, "rule": case.rule}
            invalid.append(item)
    checker = _SchemaCheck(endpoint_schema(specs, endpoint, "input"))
    for item in valid:
        problem = checker.valid_problem(item["payload"])
        if problem is not None:
            raise FixtureError(endpoint.id, (), f"valid fixture {item['name']!r}: {problem}")
    invalid = [i for i in invalid if checker.fails_for(i["payload"], i["field"], i["rule"])]
    return _jsonable(
        {"endpoint": endpoint.id, "valid": _unique(valid), "invalid": _unique(invalid)}
    )


# ---------------------------------------------------------------------------- checking


class _SchemaCheck:
    """Validates payloads against the endpoint's input schema, and explains rejections."""

    def __init__(self, schema: dict[str, JSON]) -> None:
        self._validator = decimal_validator(schema)

    def valid_problem(self, payload: JSON) -> str | None:
        errors = list(self._validator.iter_errors(payload))
        return None if not errors else jsonschema.exceptions.best_match(errors).message

    def fails_for(self, payload: JSON, field: str, rule: str) -> bool:
        """Rejected at one place only, with the stated error among those reported there (a
        string of the wrong type for an enum is reported twice: type and enum)."""
        errors = list(self._validator.iter_errors(payload))
        places = {tuple(error.absolute_path) for error in errors}
        parts = field.split(".")
        return len(places) == 1 and any(error_matches(e, parts, rule) for e in errors)


def error_matches(error: jsonschema.ValidationError, field: Sequence[str], rule: str) -> bool:
    """True when `error`, or one of the errors of its `anyOf` branches, reports `rule` at
    `field` (`required` and `additional` report at the parent, naming the key)."""
    path = [str(part) for part in error.absolute_path]
    keyword = RULE_KEYWORDS[rule]
    if error.validator == keyword:
        if rule in ("required", "additional"):
            if path == list(field[:-1]) and repr(field[-1]) in error.message:
                return True
        elif path == list(field):
            return True
    return any(error_matches(sub, field, rule) for sub in error.context or ())


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


class _Builder(TypeChecker):
    """Builds values and edge cases for one endpoint's input types."""

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
            return _number_inside(t)
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
        return _fit(base, length)

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
            if f.required or (full and not _mentions(f.type, refs)):
                out[f.name] = self.field_value(f, (*path, f.name), full=full, refs=refs)
        if full and not properties and isinstance(additional, TypeExpr):
            out["key"] = self.value(additional, (*path, "key"), full=False, refs=refs)
        return out

    # ------------------------------------------------------------ edge cases

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
        for (valid_name, invalid_name), inside, outside, rule in _number_edges(t, integer):
            yield from self._checked(t, Case(f"{at} {valid_name}", path, inside))
            yield from self._checked(t, Case(f"{at} {invalid_name}", path, outside, rule))
        if t.multiple_of:
            between = _number_inside(t) + t.multiple_of / 2  # halfway to the next multiple
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
            yield from self._checked(t, Case(f"{at} at min length ({n})", path, _fit(base, n)))
            if n > 0:
                short = _fit(base, n - 1)
                yield from self._checked(t, Case(f"{at} too short", path, short, "min_length"))
        if t.max_length is not None:
            n = t.max_length
            yield from self._checked(t, Case(f"{at} at max length ({n})", path, _fit(base, n)))
            long = _fit(base, n + 1)
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


# ---------------------------------------------------------------------------- numbers


def _number_edges(t: TypeExpr, integer: bool) -> Iterator[tuple[tuple[str, str], Any, Any, str]]:
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


def _number_inside(t: TypeExpr) -> int | float:
    """A sensible in-range number: the middle of a two-sided range, else near the bound or 1."""
    integer = t.type == "integer"
    low = high = None
    for _, inside, _, rule in _number_edges(t, integer):
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


# ---------------------------------------------------------------------------- helpers


def _fit(base: str, length: int) -> str:
    """`base` cut or padded with `x` to exactly `length` characters."""
    return base[:length] if len(base) >= length else base + "x" * (length - len(base))


def _mentions(t: TypeExpr, refs: frozenset[str]) -> bool:
    """Whether `t` refers (directly, in items or variants) to a type being built already."""
    if t.is_ref and t.type in refs:
        return True
    parts = [*t.variants, *([t.items] if t.items is not None else [])]
    return any(_mentions(part, refs) for part in parts)


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first item of each name (union variants can yield the same edge twice)."""
    seen: set[str] = set()
    kept = []
    for item in items:
        if item["name"] not in seen:
            seen.add(item["name"])
            kept.append(item)
    return kept


def _jsonable(value: dict[str, Any]) -> dict[str, Any]:
    """A plain JSON copy: tuples become lists, and anything not JSON fails here."""
    copied: dict[str, Any] = json.loads(json.dumps(value, allow_nan=False))
    return copied
