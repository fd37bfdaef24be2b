"""The one default rule: a default must itself be a valid value of its field's type (in range,
in the enum, of the right type, named types resolved), checked with JSON Schema (draft 2020-12)
on the field's own schema, `multipleOf` by the runtime's exact decimal rule (so 0.3 is a multiple
of 0.1, as the generated models and `validate()` judge it). A null default of a nullable field is
valid.

The spec loader (`checks.set_rules`) and the JSON Schema ingesters (`ingest/json_schema_defaults`)
both judge every default with it: of a parameter, and of a property at any depth, in a
parameter's type or in one of the endpoint's own named types (`fields_with_defaults`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import jsonschema

from generator.multiple_of import decimal_validator

from . import walk
from .json_schema import field_schema, referenced_types, typedef_schema
from .model import MISSING, Field, TypeDef
from .walk import TypePath

Resolve = Callable[[str], TypeDef | None]


def default_problem(f: Field, resolve: Resolve) -> str | None:
    """Why the default of `f` is not a valid value (`default 60 is not a valid value: 60 is
    greater than the maximum of 50`), or None: valid, no default, or a type that uses a name
    `resolve` does not know (the loader reports the unknown type itself)."""
    if f.default is MISSING or (f.default is None and f.type.nullable):
        return None
    if any(t.is_ref and resolve(t.type) is None for _, t in walk.resolved([((), f.type)], resolve)):
        return None
    schema: dict[str, Any] = field_schema(f.with_(default=MISSING, examples=()))
    defs = referenced_types([f.type], resolve)
    if defs:
        schema["$defs"] = {name: typedef_schema(d) for name, d in defs.items()}
    error = jsonschema.exceptions.best_match(decimal_validator(schema).iter_errors(f.default))
    if error is None:
        return None
    return f"default {f.default!r} is not a valid value: {error.message}"


def fields_with_defaults(
    fields: Iterable[tuple[TypePath, Field]], types: Mapping[str, TypeDef]
) -> Iterator[tuple[TypePath, Field]]:
    """Every field that has a default, with its path: of `fields` (each given with its path),
    of the properties nested in them, and of the properties of `types` (at `("types", name)`)."""
    for where, f in _every_field(fields, types):
        if f.default is not MISSING:
            yield where, f


def _every_field(
    fields: Iterable[tuple[TypePath, Field]], types: Mapping[str, TypeDef]
) -> Iterator[tuple[TypePath, Field]]:
    for path, f in fields:
        yield path, f
        yield from walk.fields(f.type, path)
    for name, d in types.items():
        yield from walk.fields(d.type, ("types", name))


def invalid_defaults(
    fields: Iterable[tuple[TypePath, Field]], types: Mapping[str, TypeDef], resolve: Resolve
) -> Iterator[tuple[TypePath, Field, str]]:
    """(path, field, message of `default_problem`) for each default of `fields_with_defaults`
    that is not a valid value."""
    for path, f in fields_with_defaults(fields, types):
        problem = default_problem(f, resolve)
        if problem is not None:
            yield path, f, problem
