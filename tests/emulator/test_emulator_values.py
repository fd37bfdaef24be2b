"""Building outputs from JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from generator.emulator.values import FileRef, OutputContext, SchemaError, build_value
from tests.runtime.fake_catalogue import FAL_KOLORS_OUTPUT

CORPUS = Path(__file__).resolve().parents[2] / "sources/fal/openapi/fal-js-image-endpoints.json"


def _ctx(body: dict[str, Any] | None = None, count: int = 1) -> OutputContext:
    return OutputContext(
        body or {},
        lambda i: FileRef(f"http://emu/files/{i}.png", "image/png", 8, 8, f"{i}.png", 10),
        count,
    )


def test_kolors_output_is_valid_and_echoes_input() -> None:
    value = build_value(
        FAL_KOLORS_OUTPUT, FAL_KOLORS_OUTPUT, _ctx({"prompt": "p", "seed": 7}, count=2)
    )
    Draft202012Validator(FAL_KOLORS_OUTPUT).validate(value)
    assert value["prompt"] == "p" and value["seed"] == 7
    assert [i["url"] for i in value["images"]] == [
        "http://emu/files/0.png",
        "http://emu/files/1.png",
    ]


def test_constructs() -> None:
    schema = {
        "$defs": {
            "A": {
                "type": "object",
                "properties": {"x": {"type": "integer", "minimum": 3}},
                "required": ["x"],
            }
        },
        "type": "object",
        "properties": {
            "a": {"allOf": [{"$ref": "#/$defs/A"}]},
            "b": {"anyOf": [{"type": "null"}, {"type": "string", "enum": ["k", "l"]}]},
            "c": {"const": 5},
            "d": {"type": "number", "exclusiveMinimum": 0, "maximum": 0.1},
            "e": {"type": ["null", "boolean"]},
            "f": {"type": "array", "items": {"type": "string"}, "minItems": 2},
        },
        "required": ["a", "b", "c", "d", "e", "f"],
    }
    value = build_value(schema, schema, _ctx())
    Draft202012Validator(schema).validate(value)
    assert value["a"] == {"x": 3} and value["b"] == "k" and value["c"] == 5


def test_dangling_ref_is_reported() -> None:
    schema = {"type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}}, "required": ["a"]}
    with pytest.raises(SchemaError, match="dangling"):
        build_value(schema, schema, _ctx())


def test_fal_corpus_outputs_sample() -> None:
    corpus = json.loads(CORPUS.read_text())
    checked = 0
    for endpoint_id in sorted(corpus)[:150]:
        schema = corpus[endpoint_id]["output"]
        try:
            value = build_value(schema, schema, _ctx({"prompt": "x"}))
        except SchemaError:
            continue
        Draft202012Validator(schema).validate(value)
        checked += 1
    assert checked > 100
