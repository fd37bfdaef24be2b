"""The provider's own input JSON Schema of an endpoint, taken from the OpenAPI-like document
its spec was built from, ready for `jsonschema.Draft202012Validator`.

Two kinds of source carry one:
- the fal-js corpus (layout `fal-js-corpus`, one JSON file for many endpoints):
  `corpus[endpoint_id]["input"]` is a self-contained schema whose named parts sit in `$defs`;
- fal's queue OpenAPI documents (layout `openapi`, one file per endpoint): the JSON request body
  of `POST /<endpoint id>` is a `$ref` into `components/schemas`. The schema used is the wrapper
  `{"$ref": "#/components/schemas/<Input>", "components": <the document's components>}`, so every
  `$ref` of the document resolves inside it.

When a spec merged several such sources, the one its machine facts came from is used: the
first by `generator.merge.by_precedence` (the newest, by the `taken:` date the spec records). A parameter
that source does not describe was taken by the merge from a lower-ranked one (e.g. the corpus
knows `aspect_ratio` of fal-ai/nano-banana/edit, its older raw OpenAPI document does not): for
those parameters that lower-ranked schema is consulted too (`supplements`). A parameter no
OpenAPI-like source describes (one only a page documents) has no provider verdict at all: the
provider's open schema accepts any value there, and the differential test reports it.

Before validating, a copy of either kind is translated from fal's dialect to JSON Schema where
the two differ; only schema positions are rewritten (a property *named* `nullable` or `ge` is
left alone), and only these three spellings, the ones the ingester also reads as facts
(generator/ingest/json_schema_types.py):
- OpenAPI 3.0's `nullable: true` becomes `anyOf: [<the schema without it>, {type: null}]`
  (`nullable: false` is dropped): null is allowed exactly where the provider says so (the corpus
  carries 28, leaked from OpenAPI);
- pydantic's leftover bounds `ge`/`le`/`gt`/`lt` (fal's server-side models enforce them; the
  corpus has them beside an `anyOf` of number and integer, e.g. bria/fibo-edit/edit
  guidance_scale) become `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`, unless the
  node already states that keyword;
- OpenAPI 3.0's boolean `exclusiveMinimum: true` / `exclusiveMaximum: true` take the value of
  `minimum` / `maximum` (which they replace); `false` is dropped.
Nothing else is touched: vendor keys (`x-fal-file-input`, `x-fal-order-properties`,
`_fal_ui_field`, ...) are unknown keywords that jsonschema ignores, and `format` is not asserted
(neither by our `validate()`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from generator.ingest.base import repository_types
from generator.merge import by_precedence
from generator.spec.json_schema import field_schema, referenced_types, typedef_schema
from generator.spec.model import Endpoint, SourceRef, TypeDef

OPENAPI_NULLABLE: Final = "openapi-nullable"
PYDANTIC_BOUNDS: Final = "pydantic-bounds"
OPENAPI_EXCLUSIVE_BOUNDS: Final = "openapi-exclusive-bounds"
UNKNOWN_KEYS: Final = "unknown-keys"
DIALECT: Final = frozenset({OPENAPI_NULLABLE, PYDANTIC_BOUNDS, OPENAPI_EXCLUSIVE_BOUNDS})
"""The three spellings of fal's dialect `as_json_schema` translates by default (module docstring).
`UNKNOWN_KEYS` (every object that lists its properties refuses others) is our own rule, applied
only on request (`tests/differential/exceptions.py`)."""

PROVIDER_LAYOUTS: Final = ("openapi", "fal-js-corpus")
"""Layouts whose documents hold the provider's machine-readable input schema."""

_PYDANTIC_BOUNDS: Final = {
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusiveMinimum",
    "lt": "exclusiveMaximum",
}
_SCHEMA_MAPS: Final = (
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
)
_SCHEMA_LISTS: Final = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_ONE: Final = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
)


@dataclass(frozen=True)
class ProviderSchema:
    """The provider's input schema of one endpoint and where it was read."""

    schema: dict[str, Any]
    source: SourceRef
    pointer: str


def provider_source(endpoint: Endpoint) -> SourceRef | None:
    """The OpenAPI-like source the spec's facts were taken from, or None if it has none."""
    candidates = [
        ref for _, ref in by_precedence(endpoint.sources) if ref.layout in PROVIDER_LAYOUTS
    ]
    return candidates[0] if candidates else None


def provider_schema(
    endpoint: Endpoint,
    root: Path,
    source: SourceRef | None = None,
    kinds: frozenset[str] = DIALECT,
) -> ProviderSchema:
    """The provider's input schema of `endpoint` in `source` (by default `provider_source`),
    translated to JSON Schema (module docstring) for the translation `kinds` (none: the
    original document); `root` is the repository."""
    source = source or provider_source(endpoint)
    if source is None:
        raise LookupError(f"{endpoint.id}: no source of layout {' or '.join(PROVIDER_LAYOUTS)}")
    document = _load(root / source.path)
    if source.layout == "fal-js-corpus":
        schema, pointer = _corpus_input(document, endpoint.id)
    else:
        schema, pointer = _openapi_input(document, endpoint.id)
    schema = as_json_schema(schema, kinds)
    if source.layout == "fal-js-corpus":
        schema = with_hand_edits(endpoint, schema)
    return ProviderSchema(schema, source, pointer)


HAND_EDITED_FACTS: Final = ("type", "items")
"""A parameter whose type or items a spec's `overrides:` restate is a documented exception: the
hand edit repairs a fault of the provider's document (generator/ingest/repairs.py: fal-ai/flowedit
types its guidance scales as integers with fractional defaults; the klein LoRA endpoints name an
undefined schema), and `make contract` reports the difference. For those parameters the
provider's verdict is the spec's own schema."""


def with_hand_edits(endpoint: Endpoint, schema: dict[str, Any]) -> dict[str, Any]:
    """The corpus schema with each hand-edited parameter (HAND_EDITED_FACTS) replaced by the
    spec's schema of it, and the named types that uses added to `$defs`."""
    edited = [
        f
        for f in endpoint.input
        if any(f.origin.get(fact) == "override" for fact in HAND_EDITED_FACTS)
    ]
    if not edited:
        return schema
    out = copy.deepcopy(schema)
    shared = repository_types()

    def resolve(name: str) -> TypeDef | None:
        return endpoint.types.get(name) or shared.get(name)

    defs = out.setdefault("$defs", {})
    for f in edited:
        out["properties"][f.name] = field_schema(f)
        for name, typedef in referenced_types([f.type], resolve).items():
            defs.setdefault(name, typedef_schema(typedef))
    return out


@dataclass(frozen=True)
class Supplement:
    """A lower-ranked OpenAPI-like source, consulted for the parameters it describes and the
    primary source does not (the merge took those parameters from it)."""

    schema: ProviderSchema
    parameters: frozenset[str]


def supplements(
    endpoint: Endpoint, root: Path, primary: ProviderSchema, kinds: frozenset[str] = DIALECT
) -> list[Supplement]:
    """The other OpenAPI-like sources of `endpoint`, by precedence, each for the
    parameters of the spec that no source before it describes."""
    unknown = {f.name for f in endpoint.input} - parameters_of(primary)
    found: list[Supplement] = []
    others = [
        ref
        for _, ref in by_precedence(endpoint.sources)
        if ref.layout in PROVIDER_LAYOUTS and ref != primary.source
    ]
    for ref in others:
        schema = provider_schema(endpoint, root, ref, kinds)
        described = unknown & parameters_of(schema)
        if described:
            found.append(Supplement(schema, frozenset(described)))
            unknown -= described
    return found


def parameters_of(provider: ProviderSchema) -> set[str]:
    """The top-level parameter names a provider schema describes (following a root `$ref`)."""
    node: Any = provider.schema
    while isinstance(node, dict) and "$ref" in node and "properties" not in node:
        node = _resolve(provider.schema, node["$ref"])
    while isinstance(node, dict) and "anyOf" in node and "properties" not in node:
        node = node["anyOf"][0]
    properties = node.get("properties") if isinstance(node, dict) else None
    return set(properties) if isinstance(properties, dict) else set()


def _resolve(document: Any, ref: str) -> Any:
    if not ref.startswith("#/"):
        raise LookupError(f"only local $refs are followed, not {ref!r}")
    node = document
    for token in ref[2:].split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def as_json_schema(schema: Any, kinds: frozenset[str] = DIALECT) -> Any:
    """A copy of `schema` with fal's dialect spelled in JSON Schema (module docstring), for the
    translation `kinds` only (`DIALECT` by default; `UNKNOWN_KEYS` on request)."""
    if not isinstance(schema, dict):
        return copy.deepcopy(schema)
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = _map(value, kinds)
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [as_json_schema(sub, kinds) for sub in value]
        elif key in _SCHEMA_ONE:
            out[key] = (
                [as_json_schema(sub, kinds) for sub in value]
                if isinstance(value, list)
                else as_json_schema(value, kinds)
            )
        elif key == "components" and isinstance(value, dict):
            out[key] = {**value, "schemas": _map(value.get("schemas", {}), kinds)}
        else:
            out[key] = copy.deepcopy(value)
    if OPENAPI_EXCLUSIVE_BOUNDS in kinds:
        _boolean_exclusive_bounds(out)
    if PYDANTIC_BOUNDS in kinds:
        _pydantic_bounds(out)
    if UNKNOWN_KEYS in kinds and isinstance(out.get("properties"), dict):
        out.setdefault("additionalProperties", False)
    if OPENAPI_NULLABLE in kinds and out.pop("nullable", None) is True:
        return {"anyOf": [out, {"type": "null"}]}
    if OPENAPI_NULLABLE in kinds:
        out.pop("nullable", None)
    return out


def _map(schemas: Mapping[str, Any], kinds: frozenset[str]) -> dict[str, Any]:
    return {name: as_json_schema(sub, kinds) for name, sub in schemas.items()}


def _boolean_exclusive_bounds(node: dict[str, Any]) -> None:
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = node.get(exclusive)
        if isinstance(flag, bool):
            del node[exclusive]
            if flag and bound in node:
                node[exclusive] = node.pop(bound)


def _pydantic_bounds(node: dict[str, Any]) -> None:
    for pydantic_key, keyword in _PYDANTIC_BOUNDS.items():
        value = node.get(pydantic_key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            del node[pydantic_key]
            node.setdefault(keyword, value)


@cache
def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _corpus_input(corpus: Any, endpoint_id: str) -> tuple[dict[str, Any], str]:
    entry = corpus.get(endpoint_id) if isinstance(corpus, dict) else None
    schema = entry.get("input") if isinstance(entry, dict) else None
    if not isinstance(schema, dict):
        raise LookupError(f"{endpoint_id}: the corpus has no input schema for it")
    return schema, f"#/{_escape(endpoint_id)}/input"


def _openapi_input(document: Any, endpoint_id: str) -> tuple[dict[str, Any], str]:
    path = f"/{endpoint_id}"
    try:
        body = document["paths"][path]["post"]["requestBody"]
        schema = body["content"]["application/json"]["schema"]
    except (KeyError, TypeError) as exc:
        raise LookupError(f"{endpoint_id}: no JSON request body of POST {path}") from exc
    pointer = f"#/paths/{_escape(path)}/post/requestBody/content/application~1json/schema"
    components = document.get("components", {})
    if set(schema) == {"$ref"}:
        return {"$ref": schema["$ref"], "components": components}, pointer
    return {**schema, "components": components}, pointer


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
