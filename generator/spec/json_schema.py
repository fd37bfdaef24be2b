"""The spec as JSON Schema (draft 2020-12): one standalone document per endpoint input/output.

Named types are inlined under `$defs` (only those reachable from the document), so each schema
validates on its own with any draft 2020-12 validator. Every object of an input refuses unknown
keys, nested ones included (a misspelt parameter is caught before a request costs anything);
outputs accept extra keys, so a provider adding a field does not break parsing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from . import walk
from .codec import field_annotations
from .model import JSON, MISSING, Endpoint, Field, SpecSet, TypeDef, TypeExpr

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FILE_KEYWORD = "x-modelgen-file"
"""Vendor keyword marking a string that takes a file (URL or data URI)."""

_BUILTIN_JSON_TYPE = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "array": "array",
    "object": "object",
    "null": "null",
}

_CONSTRAINTS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusive_minimum": "exclusiveMinimum",
    "exclusive_maximum": "exclusiveMaximum",
    "multiple_of": "multipleOf",
    "min_length": "minLength",
    "max_length": "maxLength",
    "pattern": "pattern",
    "format": "format",
    "min_items": "minItems",
    "max_items": "maxItems",
}


def type_schema(t: TypeExpr) -> dict[str, JSON]:
    """The JSON Schema of one type expression; references point at `#/$defs/<Name>`."""
    schema: dict[str, JSON]
    if t.is_ref:
        schema = {"$ref": f"#/$defs/{t.type}"}
    elif t.type == "union":
        schema = {"anyOf": [type_schema(v) for v in t.variants]}
    elif t.type == "any":
        schema = {}
    else:
        schema = {"type": _BUILTIN_JSON_TYPE[t.type]}
    if t.enum is not None:
        schema["enum"] = list(t.enum)
    if t.const is not MISSING:
        schema["const"] = t.const
    for key, keyword in _CONSTRAINTS.items():
        value = getattr(t, key)
        if value is not None:
            schema[keyword] = value
    if t.items is not None:
        schema["items"] = type_schema(t.items)
    if t.unique_items:
        schema["uniqueItems"] = True
    if t.properties is not None:
        schema.update(object_schema(t.properties, forbid_extra=False))
    if t.additional is not None:
        extra = t.additional
        schema["additionalProperties"] = extra if isinstance(extra, bool) else type_schema(extra)
    if t.file:
        schema[FILE_KEYWORD] = True
    if t.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def field_schema(f: Field) -> dict[str, JSON]:
    return {**type_schema(f.type), **field_annotations(f)}


def object_schema(fields: Iterable[Field], *, forbid_extra: bool) -> dict[str, JSON]:
    fields = tuple(fields)
    schema: dict[str, JSON] = {
        "type": "object",
        "properties": {f.name: field_schema(f) for f in fields},
    }
    required = [f.name for f in fields if f.required]
    if required:
        schema["required"] = required
    if forbid_extra:
        schema["additionalProperties"] = False
    return schema


def typedef_schema(t: TypeDef) -> dict[str, JSON]:
    schema = {"title": t.name, **type_schema(t.type)}
    if t.description is not None:
        schema["description"] = t.description
    return schema


def referenced_types(
    roots: Iterable[TypeExpr], resolve: Callable[[str], TypeDef | None]
) -> dict[str, TypeDef]:
    """Every named type reachable from `roots`, in first-seen order. Unknown names are skipped
    (the loader reports them)."""
    reached = walk.resolved((((), t) for t in roots), resolve)
    return {t.type: d for _, t in reached if t.is_ref and (d := resolve(t.type)) is not None}


def endpoint_schema(specs: SpecSet, endpoint: Endpoint, section: str) -> dict[str, JSON]:
    """The standalone schema of an endpoint's `input` or `output`."""
    fields = endpoint.input if section == "input" else endpoint.output
    defs = referenced_types((f.type for f in fields), lambda n: specs.resolve(endpoint, n))
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"modelgen:{endpoint.id}/{section}",
        "title": f"{endpoint.id} {section}",
        **object_schema(fields, forbid_extra=section == "input"),
    }
    if defs:
        schema["$defs"] = {name: typedef_schema(defs[name]) for name in sorted(defs)}
    if section == "input":
        _forbid_unknown_keys(schema)
    return schema


def _forbid_unknown_keys(node: JSON) -> None:
    """`additionalProperties: false` on every object of an input that lists its properties and
    says nothing about others, at any depth (nested types, list items, union variants), so a
    misspelt key (`image_size={"widht": 640}`) is refused wherever it is."""
    if isinstance(node, list):
        for item in node:
            _forbid_unknown_keys(item)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("properties"), dict) and "additionalProperties" not in node:
        node["additionalProperties"] = False
    for key, value in node.items():
        if key in ("properties", "$defs") and isinstance(value, dict):
            for child in value.values():
                _forbid_unknown_keys(child)
        elif key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf", "prefixItems"):
            _forbid_unknown_keys(value)
