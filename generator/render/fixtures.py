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
from collections.abc import Sequence
from typing import Any, Final

import jsonschema

from generator.multiple_of import decimal_validator
from generator.spec.json_schema import endpoint_schema
from generator.spec.model import JSON, Endpoint, SpecSet
from generator.spec.quick_check import compile_check

from .fixtures_cases import CaseBuilder
from .fixtures_values import FixtureError, dotted

__all__ = ["RULES", "RULE_KEYWORDS", "FixtureError", "build_fixtures", "error_matches"]
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


def build_fixtures(specs: SpecSet, endpoint: Endpoint) -> dict[str, Any]:
    """The request fixtures of one endpoint (module docstring: shape and contents)."""
    builder = CaseBuilder(specs, endpoint)
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
        self._quick = compile_check(schema)
        """A fast "valid" (None for a schema with `multipleOf` or another keyword it does not
        check): jsonschema is asked only when it does not say so."""

    def valid_problem(self, payload: JSON) -> str | None:
        if self._quick is not None and self._quick(payload):
            return None
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
