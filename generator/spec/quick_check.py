"""A fast yes to "is this document valid against this schema?", so that valid documents (nearly
all spec files on every run, and the valid request fixtures the generator checks) skip
jsonschema.

jsonschema walks a document through general machinery (a validator object per subschema, error
iterators, reference resolution), which made checking the spec files about a tenth of a cold
`modelgen generate`. The spec schema uses a dozen keywords, the endpoints' input schemas a few
more; `compile_check` turns a schema, once, into nested plain functions, one per subschema, that
answer a single bool.

Only "valid" is trusted. The caller (`loader.schema_problems`) returns no problems when the
check says True and otherwise asks jsonschema, which then finds the problems and words them. So
each keyword here is exactly as strict as jsonschema's Draft 2020-12 meaning of it, or stricter
(a stricter answer only costs the jsonschema call): `uniqueItems` counts items Python calls
equal, `1` and `True` included, as repeats; `enum` and `const` compare as JSON Schema does (a
boolean is never a number, `1` equals `1.0`). Keywords starting `x-` are annotations, as they
are to jsonschema. A schema with a keyword not listed in `_KEYWORDS` (`multipleOf`, `format`,
`oneOf`, ...) compiles to None, and every document then goes to jsonschema; the tests compile
the spec schema, so a new keyword there is noticed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

Check = Callable[[Any], bool]

_ANNOTATIONS: Final = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"}
)
"""Keywords that never make a document invalid."""
_KEYWORDS: Final = frozenset(
    {
        "type",
        "$ref",
        "anyOf",
        "properties",
        "required",
        "additionalProperties",
        "propertyNames",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "exclusiveMinimum",
        "maximum",
        "exclusiveMaximum",
        "enum",
        "const",
    }
)
_DEFS: Final = "#/$defs/"


class _Unsupported(Exception):
    """The schema uses something this module does not check."""


def compile_check(schema: Mapping[str, Any], definition: str | None = None) -> Check | None:
    """A function answering True only for documents valid against `schema` (or against its
    `$defs[definition]`), or None when the schema uses a keyword this module does not know."""
    defs = schema.get("$defs", {})
    compiled: dict[str, Check] = {}

    def by_ref(ref: str) -> Check:
        if not ref.startswith(_DEFS) or ref[len(_DEFS) :] not in defs:
            raise _Unsupported(ref)
        name = ref[len(_DEFS) :]
        if name not in compiled:
            compiled[name] = lambda value: compiled[name](value)  # recursion: filled in below
            compiled[name] = _compile(defs[name], by_ref)
        return compiled[name]

    try:
        return by_ref(_DEFS + definition) if definition is not None else _compile(schema, by_ref)
    except _Unsupported:
        return None


def _compile(schema: Any, by_ref: Callable[[str], Check]) -> Check:
    if schema is True or schema == {}:
        return _always
    if schema is False:
        return _never
    if not isinstance(schema, Mapping):
        raise _Unsupported(repr(schema))
    unknown = {k for k in schema if not k.startswith("x-")} - _KEYWORDS - _ANNOTATIONS
    if unknown:
        raise _Unsupported(", ".join(sorted(unknown)))
    checks: list[Check] = []
    if "type" in schema:
        checks.append(_type_check(schema["type"]))
    if "$ref" in schema:
        checks.append(by_ref(schema["$ref"]))
    if "anyOf" in schema:
        checks.append(_any_of([_compile(s, by_ref) for s in schema["anyOf"]]))
    if "enum" in schema or "const" in schema:
        checks.append(_value_check(schema))
    for build in (_object_check, _array_check, _string_check, _number_check):
        check = build(schema, by_ref)
        if check is not None:
            checks.append(check)
    return _all_of(checks)


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    chosen = tuple(checks)

    def check(value: Any) -> bool:
        return all(c(value) for c in chosen)

    return check


def _any_of(branches: list[Check]) -> Check:
    chosen = tuple(branches)

    def check(value: Any) -> bool:
        return any(c(value) for c in chosen)

    return check


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_TYPES: Final[dict[str, Check]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    # as JSON Schema: a float without a fractional part is an integer
    "integer": lambda v: _is_number(v) and (isinstance(v, int) or float(v).is_integer()),
}


def _type_check(kind: Any) -> Check:
    kinds = [kind] if isinstance(kind, str) else kind
    if not isinstance(kinds, list) or any(k not in _TYPES for k in kinds):
        raise _Unsupported(f"type {kind!r}")
    if len(kinds) == 1:
        return _TYPES[kinds[0]]
    return _any_of([_TYPES[k] for k in kinds])


def _object_check(schema: Mapping[str, Any], by_ref: Callable[[str], Check]) -> Check | None:
    keys = ("properties", "required", "additionalProperties", "propertyNames")
    if not any(k in schema for k in keys):
        return None
    properties = {k: _compile(s, by_ref) for k, s in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    extra = _compile(schema.get("additionalProperties", True), by_ref)
    names = _compile(schema.get("propertyNames", True), by_ref)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        if any(name not in value for name in required):
            return False
        for key, item in value.items():
            if names is not _always and not names(key):
                return False
            known = properties.get(key)
            if not (known(item) if known is not None else extra(item)):
                return False
        return True

    return check


def _array_check(schema: Mapping[str, Any], by_ref: Callable[[str], Check]) -> Check | None:
    if not any(k in schema for k in ("items", "minItems", "maxItems", "uniqueItems")):
        return None
    items = _compile(schema.get("items", True), by_ref)
    least, most = schema.get("minItems", 0), schema.get("maxItems")
    unique = schema.get("uniqueItems") is True

    def check(value: Any) -> bool:
        if not isinstance(value, list):
            return True
        if len(value) < least or (most is not None and len(value) > most):
            return False
        if unique and _has_repeats(value):
            return False
        return all(items(item) for item in value)

    return check


def _has_repeats(items: list[Any]) -> bool:
    """Two items Python calls equal (a superset of JSON Schema's equality: `1 == True` too)."""
    return any(a is b or a == b for i, a in enumerate(items) for b in items[:i])


def _string_check(schema: Mapping[str, Any], by_ref: Callable[[str], Check]) -> Check | None:
    if not any(k in schema for k in ("minLength", "maxLength", "pattern")):
        return None
    least, most = schema.get("minLength", 0), schema.get("maxLength")
    pattern = re.compile(schema["pattern"]) if "pattern" in schema else None

    def check(value: Any) -> bool:
        if not isinstance(value, str):
            return True
        if len(value) < least or (most is not None and len(value) > most):
            return False
        return pattern is None or pattern.search(value) is not None

    return check


def _number_check(schema: Mapping[str, Any], by_ref: Callable[[str], Check]) -> Check | None:
    bounds = ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")
    if not any(k in schema for k in bounds):
        return None
    if any(k in schema and not _is_number(schema[k]) for k in bounds):
        raise _Unsupported("a bound that is not a number")
    least, above = schema.get("minimum"), schema.get("exclusiveMinimum")
    most, below = schema.get("maximum"), schema.get("exclusiveMaximum")

    def check(value: Any) -> bool:
        if not _is_number(value):
            return True
        # each as jsonschema words it (`instance < minimum` is an error, ...): NaN passes
        if least is not None and value < least:
            return False
        if most is not None and value > most:
            return False
        if above is not None and value <= above:
            return False
        return below is None or not value >= below

    return check


def _value_check(schema: Mapping[str, Any]) -> Check:
    if "enum" in schema and not isinstance(schema["enum"], list):
        raise _Unsupported("enum")
    allowed = tuple(schema["enum"]) if "enum" in schema else None
    fixed, has_const = schema.get("const"), "const" in schema

    def check(value: Any) -> bool:
        if allowed is not None and not any(_json_equal(value, a) for a in allowed):
            return False
        return not has_const or _json_equal(value, fixed)

    return check


def _json_equal(a: Any, b: Any) -> bool:
    """Equality as JSON Schema means it: a boolean equals only a boolean, numbers compare by
    value (`1` and `1.0`), arrays and objects item by item."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and bool(a == b)
