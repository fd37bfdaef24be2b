"""Default checks for fal's JSON Schema (see `json_schema_types`): every default, of a
parameter or of a property of an object type, must be a valid value of its own type."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import jsonschema

from ..spec.errors import Problem
from ..spec.json_schema import field_schema, referenced_types, typedef_schema
from ..spec.model import MISSING, Field, TypeDef, TypeExpr
from .base import Document


def default_problems(
    doc: Document,
    fields: Sequence[Field],
    types: Mapping[str, TypeDef],
    shared: Mapping[str, TypeDef],
    problem_field: str | None = None,
) -> list[Problem]:
    """Every default (of a parameter, or of a property of an object type) that is not a valid
    value of its own type, located at the default's JSON pointer."""

    def resolve(name: str) -> TypeDef | None:
        return types.get(name) or shared.get(name)

    problems = []
    for f in _fields_with_defaults(fields, types):
        if f.default is None and f.type.nullable:
            continue
        schema: dict[str, Any] = field_schema(f.with_(default=MISSING, examples=()))
        defs = referenced_types([f.type], resolve)
        if defs:
            schema["$defs"] = {name: typedef_schema(d) for name, d in defs.items()}
        error = jsonschema.exceptions.best_match(
            jsonschema.Draft202012Validator(schema).iter_errors(f.default)
        )
        if error is not None:
            where = f.origin.get("default", doc.label).split("#", 1)[-1]
            message = f"at #{where}: default {f.default!r} is not a valid value: {error.message}"
            problems.append(Problem(doc.path, None, problem_field, message))
    return problems


def _fields_with_defaults(fields: Sequence[Field], types: Mapping[str, TypeDef]) -> Iterator[Field]:
    stack: list[Field] = list(fields)
    for typedef in types.values():
        stack.extend(typedef.type.properties or ())
    while stack:
        f = stack.pop(0)
        if f.default is not MISSING:
            yield f
        stack.extend(_nested_fields(f.type))


def _nested_fields(t: TypeExpr) -> Iterator[Field]:
    yield from t.properties or ()
    if t.items is not None:
        yield from _nested_fields(t.items)
    if isinstance(t.additional, TypeExpr):
        yield from _nested_fields(t.additional)
    for v in t.variants:
        yield from _nested_fields(v)
