"""The keywords of fal's JSON Schema dialect (see `json_schema_types`): which fact each keyword
becomes and which builtin types it constrains, which keys are known, and the small value rules
the reader applies (inferred types, file marking, descriptions, upload limits)."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any, Final

from ..spec.model import TypeExpr

NUMERIC: Final = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "multipleOf": "multiple_of",
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusive_minimum",
    "lt": "exclusive_maximum",
}
STRING: Final = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "format": "format",
}
ARRAY: Final = {"minItems": "min_items", "maxItems": "max_items", "uniqueItems": "unique_items"}
APPLIES: Final = {
    **{k: ("integer", "number") for k in NUMERIC},
    **{k: ("string",) for k in STRING},
    **{k: ("array",) for k in (*ARRAY, "items")},
    **{k: ("object",) for k in ("properties", "additionalProperties")},
}
"""Which builtin types a keyword constrains: a union passes it on to those members."""

COUNTS: Final = frozenset({"min_length", "max_length", "min_items", "max_items"})
SHAPES: Final = ("$ref", "allOf", "anyOf", "oneOf")
_FIELD_KEYS: Final = frozenset(
    {"title", "description", "default", "examples", "example", "deprecated"}
)
_STRUCTURE_KEYS: Final = frozenset(
    {"type", "nullable", "enum", "const", "required", "x-fal-order-properties", "$defs"}
)
UPLOAD_LIMIT_KEYS: Final = frozenset(
    {
        "x-fal",
        "limit_description",
        "max_file_size",
        "max_width",
        "max_height",
        "min_width",
        "min_height",
        "max_aspect_ratio",
        "min_aspect_ratio",
        "timeout",
    }
)
_DROPPED_KEYS: Final = frozenset({"ui", "_fal_ui_field", "x-fal-file-input"})
KNOWN_KEYS: Final = (
    frozenset(NUMERIC)
    | frozenset(STRING)
    | frozenset(ARRAY)
    | {"items", "properties", "additionalProperties", *SHAPES}
    | _FIELD_KEYS
    | _STRUCTURE_KEYS
    | UPLOAD_LIMIT_KEYS
    | _DROPPED_KEYS
)
FILE_MARKER: Final = "x-fal-file-input"


def clean_description(text: object) -> str | None:
    """fal's docstring descriptions without their indentation and surrounding blank lines."""
    if not isinstance(text, str):
        return None
    lines = [line.rstrip() for line in inspect.cleandoc(text).split("\n")]
    cleaned = "\n".join(lines).strip()
    return cleaned or None


JSON_TYPES: Final = frozenset({"string", "integer", "number", "boolean", "array", "object", "null"})


def builtin_type(name: str) -> TypeExpr:
    """A builtin type; an array says nothing of its items until `items` does."""
    return TypeExpr(name, items=TypeExpr("any") if name == "array" else None)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def inferred_type(schema: Mapping[str, Any]) -> str:
    """The builtin type of a schema without `type`, from its enum/const values or keywords."""
    values = schema.get("enum") if isinstance(schema.get("enum"), list) else None
    if values is None and "const" in schema:
        values = [schema["const"]]
    if values:
        kinds = {_value_type(v) for v in values}
        if len(kinds) == 1:
            return kinds.pop()
        if kinds == {"integer", "number"}:
            return "number"
        return "any"
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return "any"


def _value_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "array" if isinstance(value, list) else "object"


def mark_file(t: TypeExpr) -> TypeExpr:
    """The type with its string parts (directly, as list items, as union members) as files."""
    if t.type == "string":
        return t.with_(file=True)
    if t.type == "array" and t.items is not None:
        return t.with_(items=mark_file(t.items))
    if t.type == "union":
        return t.with_(variants=tuple(mark_file(v) for v in t.variants))
    return t


def limits_text(limits: Mapping[str, Any]) -> str:
    """fal's own summary of upload limits when it has one, else the limits as `key value`."""
    if isinstance(limits.get("limit_description"), str):
        return str(limits["limit_description"])
    flat: dict[str, Any] = {}
    for key, value in limits.items():
        flat.update(value if key == "x-fal" and isinstance(value, dict) else {key: value})
    return ", ".join(f"{k} {v}" for k, v in sorted(flat.items()))
