"""The translation of fal's schema dialect to JSON Schema and the choice of provider source."""

from __future__ import annotations

from typing import Any

import jsonschema

from generator.spec.model import Endpoint, SourceRef

from .provider_schemas import ProviderSchema, as_json_schema, parameters_of, provider_source

CORPUS = SourceRef("sources/fal/openapi/fal-js-image-endpoints.json", "fal-js-corpus")
RAW = SourceRef("sources/fal/openapi/raw/nodetool-fal/fal-ai__flux__dev.json", "openapi")
PAGE = SourceRef("sources/fal/pages/kolors.md", "fal-markdown")


def _valid(schema: dict[str, Any], value: Any) -> bool:
    return jsonschema.Draft202012Validator(as_json_schema(schema)).is_valid(value)


def test_nullable_allows_null_only_where_stated() -> None:
    schema = {
        "type": "object",
        "properties": {
            "seed": {"type": "integer", "nullable": True},
            "steps": {"type": "integer", "nullable": False},
            "nullable": {"type": "string"},
        },
        "$defs": {"Mask": {"type": "string", "nullable": True}},
    }
    assert _valid(schema, {"seed": None})
    assert not _valid(schema, {"seed": "x"})
    assert not _valid(schema, {"steps": None})
    assert not _valid(schema, {"nullable": None})
    assert _valid({"$ref": "#/$defs/Mask", "$defs": schema["$defs"]}, None)


def test_nullable_inside_openapi_components() -> None:
    schema = {
        "$ref": "#/components/schemas/In",
        "components": {
            "schemas": {"In": {"properties": {"a": {"type": "string", "nullable": True}}}}
        },
    }
    assert _valid(schema, {"a": None})
    assert not _valid(schema, {"a": 1})


def test_pydantic_bounds_become_json_schema_bounds() -> None:
    schema = {"anyOf": [{"type": "number"}, {"type": "integer"}], "ge": 3, "le": 5}
    assert _valid(schema, 3)
    assert _valid(schema, 5.0)
    assert not _valid(schema, 2)
    assert not _valid(schema, 6)
    exclusive = {"type": "number", "gt": 0, "lt": 1}
    assert not _valid(exclusive, 0)
    assert _valid(exclusive, 0.5)


def test_openapi_30_boolean_exclusive_bounds() -> None:
    schema = {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 1}
    assert not _valid(schema, 0)
    assert _valid(schema, 1)
    assert _valid({"type": "number", "minimum": 0, "exclusiveMinimum": False}, 0)


def _endpoint(**sources: SourceRef) -> Endpoint:
    return Endpoint(id="x", provider="fal", input=(), output=(), sources=sources)


def test_the_highest_ranked_openapi_like_source_is_the_provider_source() -> None:
    assert provider_source(_endpoint(page=PAGE, corpus=CORPUS, raw=RAW)) == RAW
    assert provider_source(_endpoint(corpus=CORPUS)) == CORPUS
    assert provider_source(_endpoint(page=PAGE)) is None


def test_parameters_of_follows_the_root_ref() -> None:
    schema = {
        "$ref": "#/components/schemas/In",
        "components": {"schemas": {"In": {"properties": {"a": {}, "b": {}}}}},
    }
    assert parameters_of(ProviderSchema(schema, RAW, "#")) == {"a", "b"}
    assert parameters_of(ProviderSchema({"properties": {"c": {}}}, CORPUS, "#")) == {"c"}
