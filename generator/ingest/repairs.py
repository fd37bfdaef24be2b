"""Endpoints whose source is at fault, imported through a maintainer's hand edits.

An endpoint whose document has faults (a `$ref` to a schema the document does not define, a
default its own type refuses) is never imported as is: the ingester invents nothing. A
maintainer who knows the answer writes it under the spec's `overrides:` (the spec file may hold
nothing else at first), with a comment saying why and what it assumes. The pipeline then imports
the endpoint as read, faults included (`registry.read_faulty`), when the overrides repair every
fault:

- a fault sits in one parameter: its JSON pointer reads `/<id>/<section>/properties/<name>/...`.
  It is repaired when that parameter's override restates its `type`, or the fact the pointer
  names next (`items`, `default`, `additionalProperties` as `additional`), or drops the
  parameter (`name: null`). A fault elsewhere (inside a named type) is not repairable this way;
- a type name the overrides use that neither the endpoint nor specs/types.yaml defines is taken,
  with the types it uses, from the documents under sources/ that all define it the same way
  (type_names.learned, the rule pages follow), and a note cites the document;
- each fault stays in the spec's `notes:` ("Source fault, repaired by overrides: ..."), and the
  contract check still compares the provider's document as it is, so the override's difference
  shows there (generator/contract/snapshot.py).

Writing the spec then loads it, which proves the repair: an override that leaves the default
invalid, or names a type nobody defines, is an error at the override's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..spec.errors import Problem
from ..spec.model import BUILTIN_TYPES, Endpoint, TypeDef
from .type_library import learned_types
from .type_names import learned

_POINTER = re.compile(r"^at #(?P<pointer>/\S*): ")

_FACT_AT = {"items": "items", "default": "default", "additionalProperties": "additional"}
"""The spec fact a JSON Schema keyword in a fault's pointer stands for."""


@dataclass(frozen=True)
class Repaired:
    """An endpoint imported because its overrides repair every fault of its source."""

    id: str
    faults: tuple[Problem, ...]


def fault_parameter(problem: Problem, endpoint_id: str) -> tuple[str, str, str | None] | None:
    """Where a fault of `endpoint_id` sits: (section, parameter, the fact its pointer names
    after the parameter, if any); None when it is not inside one parameter."""
    found = _POINTER.match(problem.message)
    if found is None:
        return None
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in found["pointer"].split("/")[1:]]
    if len(tokens) < 4 or tokens[0] != endpoint_id or tokens[1] not in ("input", "output"):
        return None
    if tokens[2] != "properties":
        return None
    fact = _FACT_AT.get(tokens[4]) if len(tokens) > 4 else None
    return tokens[1], tokens[3], fact


def repairs_fault(problem: Problem, endpoint_id: str, overrides: Mapping[str, Any]) -> bool:
    """Whether the overrides repair this fault (module docstring)."""
    where = fault_parameter(problem, endpoint_id)
    if where is None:
        return False
    section, name, fact = where
    changes = overrides.get(section)
    if not isinstance(changes, Mapping) or name not in changes:
        return False
    change = changes[name]
    if change is None:
        return True
    return isinstance(change, Mapping) and (
        "type" in change or (fact is not None and fact in change)
    )


def repair(
    faulty: Endpoint,
    faults: Sequence[Problem],
    overrides: Mapping[str, Any],
    shared: Mapping[str, TypeDef],
) -> Endpoint | None:
    """The endpoint to import when the overrides repair every fault, else None."""
    if not faults or not all(repairs_fault(p, faulty.id, overrides) for p in faults):
        return None
    types = dict(faulty.types)
    notes = [*faulty.notes, *(f"Source fault, repaired by overrides: {p.message}" for p in faults)]
    for name in sorted(set(_type_names(overrides))):
        if name in BUILTIN_TYPES or name in types or name in shared:
            continue
        found = learned(name, {**shared, **types})
        if found is not None and found[0] == name:
            types.update(found[1])
            entry = learned_types()[name]
            notes.append(
                f"type `{name}` is named by overrides: taken from {entry.source}, the one "
                f"definition the documents under sources/ give it ({entry.documents} document(s))"
            )
    return faulty.with_(types=dict(sorted(types.items())), notes=tuple(notes))


def _type_names(overrides: Mapping[str, Any]) -> Iterator[str]:
    """Every type name the parameter overrides use."""
    for section in ("input", "output"):
        changes = overrides.get(section)
        if not isinstance(changes, Mapping):
            continue
        for change in changes.values():
            if isinstance(change, Mapping):
                if isinstance(change.get("type"), str):
                    yield change["type"]
                for key in ("items", "additional", "variants"):
                    yield from _names_in(change.get(key))


def _names_in(raw: Any) -> Iterator[str]:
    """Type names inside a raw type expression (a name, a mapping of facts, or a list)."""
    if isinstance(raw, str):
        yield raw
    elif isinstance(raw, list):
        for item in raw:
            yield from _names_in(item)
    elif isinstance(raw, Mapping):
        if isinstance(raw.get("type"), str):
            yield raw["type"]
        for key in ("items", "additional", "variants"):
            yield from _names_in(raw.get(key))
