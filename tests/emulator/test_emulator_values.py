"""Building outputs from JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from generator.emulator.values import FileRef, OutputContext, SchemaError, build_value
from generator.multiple_of import is_multiple_of
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


BOUNDED_NUMBERS = [
    {"type": "number", "exclusiveMaximum": 0},
    {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 0.25},
    {"type": "number", "minimum": 2, "exclusiveMaximum": 2.5},
    {"type": "number", "exclusiveMinimum": 1, "maximum": 1.5},
    {"type": "number", "minimum": 0.15, "maximum": 0.95, "multipleOf": 0.1},
    {"type": "number", "exclusiveMinimum": 0.2, "exclusiveMaximum": 0.4, "multipleOf": 0.1},
    {"type": "number", "maximum": -3.5},
    {"type": "integer", "exclusiveMaximum": 0},
    {"type": "integer", "exclusiveMinimum": 4, "exclusiveMaximum": 6},
    {"type": "integer", "minimum": 1.5, "maximum": 2.5},
    {"type": "integer", "exclusiveMinimum": 8, "maximum": 40, "multipleOf": 8},
    {"type": "integer", "minimum": 1, "exclusiveMaximum": 64, "multipleOf": 16},
    {"type": "integer", "minimum": -100, "maximum": -7, "multipleOf": 3},
    {"type": "string", "maxLength": 3},
    {"type": "string", "minLength": 4, "maxLength": 4},
]


@pytest.mark.parametrize("schema", BOUNDED_NUMBERS, ids=lambda s: json.dumps(s, sort_keys=True))
@pytest.mark.parametrize("name", ["value", "seed"])
def test_values_honour_every_bound(schema: dict[str, Any], name: str) -> None:
    """Exclusive bounds, `multipleOf` (decimal, as the runtime checks it) and lengths, judged by
    jsonschema on the very schema; `seed` (drawn at random) stays inside its bounds too."""
    wrapper = {"type": "object", "properties": {name: schema}, "required": [name]}
    # jsonschema divides binary floats (0.3 / 0.1 fails): it judges every other keyword, and
    # the decimal rule the runtime enforces judges multipleOf
    plain = {k: v for k, v in schema.items() if k != "multipleOf"}
    judge = Draft202012Validator({**wrapper, "properties": {name: plain}})
    for _ in range(20):
        value = build_value(wrapper, wrapper, _ctx({}))
        judge.validate(value)
        if "multipleOf" in schema:
            assert is_multiple_of(value[name], schema["multipleOf"]), value
