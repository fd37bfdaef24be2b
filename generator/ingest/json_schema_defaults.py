"""Default checks for fal's JSON Schema (see `json_schema_types`): every default, of a
parameter or of a property of an object type, must be a valid value of its own type (the one
default rule, `spec/defaults.py`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..spec.defaults import invalid_defaults
from ..spec.errors import Problem
from ..spec.model import Field, TypeDef
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
    for _, f, message in invalid_defaults((((f.name,), f) for f in fields), types, resolve):
        where = f.origin.get("default", doc.label).split("#", 1)[-1]
        problems.append(Problem(doc.path, None, problem_field, f"at #{where}: {message}"))
    return problems
