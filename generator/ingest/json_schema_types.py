"""JSON Schema as fal publishes it, turned into spec fields, types and named type definitions.

Both fal schema sources speak the same dialect: the raw queue OpenAPI documents (named schemas
under `components.schemas`, refs `#/components/schemas/X`) and the fal-js corpus (one
self-contained JSON Schema per endpoint input and output, named schemas under `$defs`). This
module reads that dialect once for both ingesters:

- `$ref` names a type (a TypeDef of the endpoint, or a shared one of specs/types.yaml);
  a `$ref` whose target is missing is a problem, never an invented type;
- `allOf: [X]` is X; `anyOf`/`oneOf` with a `{type: null}` member, `nullable: true` or a
  `type` list with "null" make the type nullable; what remains of a several-member `anyOf` is
  a union; sibling constraints of a union land on the members they apply to;
- keywords map to facts one to one (`exclusiveMinimum: true` of OpenAPI 3.0 moves `minimum`
  to `exclusive_minimum`; the pydantic leftovers `ge`/`le`/`gt`/`lt` are bounds too);
- properties keep the order of `x-fal-order-properties`, unlisted ones follow in document
  order; descriptions lose the indentation fal's docstrings leave in them;
- a string input is a file input when its field is named `*_url`/`*_urls` or when it carries
  fal-js's `x-fal-file-input` marker (the marker itself is not kept);
- fal's upload limits (`x-fal`, `max_file_size`, `limit_description`, ...) and `deprecated`
  become endpoint notes; UI hints (`ui`, `_fal_ui_field`) and other `x-` keys are dropped;
  any other keyword is reported as unsupported.

Every fact of a field cites the JSON pointer of the schema node it was read from.

This module is the entry point (`read_sections`: an endpoint's input, output and local types);
the work is done by `json_schema_refs` (where a `$ref` points, type names),
`json_schema_keywords` (the keyword tables and value rules), `json_schema_reader` (one schema
node at a time) and `json_schema_defaults` (every default valid for its own type).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..spec.errors import Problem
from ..spec.input_files import load_json
from ..spec.model import Field, TypeDef, Vocabulary
from .base import Document, with_canonical
from .json_schema_defaults import default_problems
from .json_schema_keywords import clean_description
from .json_schema_reader import SchemaReader, same_type
from .json_schema_refs import Definitions, assign_type_names, plain_name, reachable

# ---------------------------------------------------------------------------- whole endpoints


def endpoint_types(
    readers: Sequence[tuple[SchemaReader, Sequence[str]]], shared: Mapping[str, TypeDef]
) -> dict[str, TypeDef]:
    """The local types of an endpoint: each reader's reachable named schemas as TypeDefs, one per
    spec type name, minus those identical to the shared type of the same name."""
    types: dict[str, TypeDef] = {}
    for reader, names in readers:
        for name in names:
            type_name = reader.names.get(name, plain_name(name))
            if type_name not in types:
                types[type_name] = reader.typedef(name)
    return {
        name: typedef
        for name, typedef in types.items()
        if name not in shared or not same_type(typedef.type, shared[name].type)
    }


# ---------------------------------------------------------------------------- input and output


@dataclass(frozen=True)
class Root:
    """The object schema of an endpoint's input or output, and the named schemas it may use."""

    section: str
    """`input` or `output`."""
    schema: Any
    pointer: str
    defs: Definitions


@dataclass
class Sections:
    """An endpoint's input, output and local types as read from its schemas."""

    input: tuple[Field, ...] = ()
    output: tuple[Field, ...] = ()
    types: dict[str, TypeDef] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_sections(
    doc: Document,
    roots: Sequence[Root],
    vocabulary: Vocabulary,
    shared: Mapping[str, TypeDef],
    problem_field: str | None = None,
) -> Sections:
    """Fields of each root, plus every named schema they reach as a local type (named so that
    one endpoint never gives one name to two different schemas)."""
    groups: list[tuple[Definitions, list[str]]] = []
    reached: list[list[str]] = []
    for root in roots:
        names = reachable([root.schema], root.defs)
        reached.append(names)
        group = next((g for g in groups if g[0] is root.defs), None)
        if group is None:
            groups.append((root.defs, list(names)))
        else:
            group[1].extend(n for n in names if n not in group[1])
    maps = assign_type_names([{n: defs.schemas[n] for n in names} for defs, names in groups])
    out = Sections()
    readers: list[tuple[SchemaReader, Sequence[str]]] = []
    for root, names in zip(roots, reached, strict=True):
        group_index = next(i for i, g in enumerate(groups) if g[0] is root.defs)
        reader = SchemaReader(
            doc, root.defs, maps[group_index], root.section == "input", problem_field, shared
        )
        fields = _root_fields(reader, root, out.notes)
        if root.section == "input":
            out.input = tuple(with_canonical(f, vocabulary) for f in fields)
        else:
            out.output = fields
        readers.append((reader, names))
    out.types = endpoint_types(readers, shared)
    for reader, _ in readers:
        out.notes += [n for n in reader.notes if n not in out.notes]
        out.problems += reader.problems
    if not out.problems:
        out.problems += default_problems(
            doc, (*out.input, *out.output), out.types, shared, problem_field
        )
    return out


def _root_fields(reader: SchemaReader, root: Root, notes: list[str]) -> tuple[Field, ...]:
    schema = root.schema
    if not isinstance(schema, dict) or schema.get("type", "object") != "object":
        reader.report(root.pointer, f"the {root.section} schema must be an object schema")
        return ()
    reader.check_keys(schema, root.pointer, root.section)
    description = clean_description(schema.get("description"))
    if description is not None:
        notes.append(f"{root.section.capitalize()}: {description}")
    return reader.object_fields(schema, root.pointer, root.section)


def parse_json(doc: Document) -> Any:
    """The document's JSON, or a ProblemsError naming the line where it breaks."""
    return load_json(doc.text, doc.path)
