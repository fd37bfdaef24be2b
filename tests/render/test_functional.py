"""Generated code in use: small inline specs are generated into a temporary folder, imported,
and called. One generation serves the whole module (the code generator's warm-up is slow)."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest

from .conftest import imported_from, make_specs, render

DEMO = """\
id: fal-ai/demo
provider: fal
title: Demo
category: text-to-image
summary: Every kind of parameter.
protocols: [run, queue]
input:
  prompt:
    type: string
    required: true
  guidance_scale:
    type: number
    minimum: 1
    maximum: 10
    default: 5
  strength:
    type: number
    exclusive_minimum: 0
    exclusive_maximum: 1
    default: 0.5
  seed:
    type: integer
    nullable: true
  negative_prompt:
    type: string
    default: ""
  image_size:
    type: union
    variants:
      - ImageSize
      - type: string
        enum: [square_hd, landscape_4_3]
    default: square_hd
  aspect_ratio:
    type: string
    enum: ["1:1", "16:9", "realistic_image/b_and_w"]
  loras:
    type: array
    max_items: 2
    items:
      type: object
      properties:
        path: {type: string, required: true}
        scale: {type: number, minimum: 0, maximum: 4, default: 1}
  control:
    type: object
    properties:
      mode: {type: string, enum: [canny, depth], required: true}
      weights:
        type: object
        properties:
          start: {type: number, minimum: 0, maximum: 1}
  image_url:
    type: string
    file: true
  image_urls:
    type: array
    items: {type: string, file: true}
output:
  images:
    type: array
    required: true
    items: Image
  seed:
    type: integer
    required: true
  timings:
    type: Timings
"""

NAMES = """\
id: fal-ai/odd-names/v1.5
provider: fal
protocols: [run]
input:
  "1st": {type: integer}
  class: {type: string}
  schema: {type: string}
  json: {type: boolean}
  model_config: {type: string}
  a-b: {type: integer, required: true}
output: {}
"""

SEGMIND = """\
id: segmind/demo-model
provider: segmind
protocols: [v1]
input:
  prompt: {type: string, required: true}
  samples: {type: integer, minimum: 1, maximum: 4, default: 1}
output: {}
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("functional")
    specs = make_specs(
        root / "specs",
        {
            "fal/fal-ai/demo.yaml": DEMO,
            "fal/fal-ai/odd-names/v1.5.yaml": NAMES,
            "segmind/demo-model.yaml": SEGMIND,
        },
    )
    render(specs, root / "generated")
    with imported_from(root / "generated"):
        yield root / "generated"


@pytest.fixture(scope="module")
def demo(out: Path) -> ModuleType:
    return importlib.import_module("modelclients.fal.demo")


def errors_of(model: type[pydantic.BaseModel], data: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(pydantic.ValidationError) as caught:
        model.model_validate(data)
    return [dict(e) for e in caught.value.errors()]


# ------------------------------------------------------------------------ models


def test_bound_violation_names_the_field_and_the_bound(demo: ModuleType) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        demo.Input(prompt="x", guidance_scale=11)
    text = str(caught.value)
    assert "guidance_scale" in text
    assert "less than or equal to 10" in text


def test_exclusive_bounds(demo: ModuleType) -> None:
    assert demo.Input(prompt="x", strength=0.001).strength == 0.001
    for value in (0, 1):
        [error] = errors_of(demo.Input, {"prompt": "x", "strength": value})
        assert error["loc"] == ("strength",)
        assert error["type"] in ("greater_than", "less_than")


def test_union_of_preset_name_or_object(demo: ModuleType) -> None:
    assert demo.Input(prompt="x", image_size="landscape_4_3").image_size == "landscape_4_3"
    size = demo.Input(prompt="x", image_size={"width": 640, "height": 480}).image_size
    assert (size.width, size.height) == (640, 480)
    assert isinstance(size, demo.ImageSize)
    errors_of(demo.Input, {"prompt": "x", "image_size": "huge"})
    errors_of(demo.Input, {"prompt": "x", "image_size": {"width": 0, "height": 10}})


def test_enum_values_stay_strings(demo: ModuleType) -> None:
    assert demo.Input(prompt="x", aspect_ratio="1:1").aspect_ratio == "1:1"
    value = "realistic_image/b_and_w"
    assert demo.Input(prompt="x", aspect_ratio=value).aspect_ratio == value
    [error] = errors_of(demo.Input, {"prompt": "x", "aspect_ratio": "2:1"})
    assert error["type"] == "literal_error"


def test_list_of_objects(demo: ModuleType) -> None:
    model = demo.Input(prompt="x", loras=[{"path": "a"}, {"path": "b", "scale": 2}])
    assert [(lora.path, lora.scale) for lora in model.loras] == [("a", 1), ("b", 2)]
    [error] = errors_of(demo.Input, {"prompt": "x", "loras": [{"path": "a", "scale": 5}]})
    assert error["loc"] == ("loras", 0, "scale")
    [error] = errors_of(demo.Input, {"prompt": "x", "loras": [{"path": "a"}] * 3})
    assert error["type"] == "too_long"


def test_nested_object(demo: ModuleType) -> None:
    model = demo.Input(prompt="x", control={"mode": "canny", "weights": {"start": 0.5}})
    assert model.control.weights.start == 0.5
    [error] = errors_of(
        demo.Input, {"prompt": "x", "control": {"mode": "canny", "weights": {"start": 2}}}
    )
    assert error["loc"] == ("control", "weights", "start")


def test_optional_with_null(demo: ModuleType) -> None:
    assert demo.Input(prompt="x", seed=None).seed is None
    # not nullable in the spec: None is refused rather than sent
    errors_of(demo.Input, {"prompt": "x", "negative_prompt": None})


def test_unknown_parameter_is_refused(demo: ModuleType) -> None:
    [error] = errors_of(demo.Input, {"prompt": "x", "guidance": 3})
    assert error["type"] == "extra_forbidden"


def test_missing_required(demo: ModuleType) -> None:
    [error] = errors_of(demo.Input, {})
    assert (error["loc"], error["type"]) == (("prompt",), "missing")


def test_defaults_are_kept_but_not_set(demo: ModuleType) -> None:
    model = demo.Input(prompt="x")
    assert (model.guidance_scale, model.negative_prompt, model.image_size) == (5, "", "square_hd")
    assert model.model_dump(exclude_unset=True) == {"prompt": "x"}
    explicit = demo.Input(prompt="x", seed=None, guidance_scale=5)
    assert explicit.model_dump(exclude_unset=True) == {
        "prompt": "x",
        "seed": None,
        "guidance_scale": 5,
    }


def test_request_body_holds_only_what_was_given(demo: ModuleType) -> None:
    client = demo.Client(key="test-key")
    assert client.prepare_input(demo.Input(prompt="x")) == {"prompt": "x"}
    assert client.prepare_input({"prompt": "x", "seed": None}) == {"prompt": "x", "seed": None}


def test_file_inputs(demo: ModuleType) -> None:
    model = demo.Input(
        prompt="x", image_url=b"\x89PNG\r\n\x1a\nrest", image_urls=["https://a/b.png"]
    )
    assert model.image_url.startswith("data:image/png;base64,")
    assert model.image_urls == ["https://a/b.png"]
    assert demo.ENDPOINT.file_fields == ("image_url", "image_urls")


def test_output_files_are_remote_files(demo: ModuleType) -> None:
    remote_file = importlib.import_module("modelclients").RemoteFile
    output = demo.Output.model_validate(
        {
            "images": [{"url": "data:image/png;base64,AAAA"}],
            "seed": 3,
            "timings": {"inference": 1.5},
        }
    )
    assert isinstance(output.images[0], remote_file)
    assert output.images[0].read() == b"\x00\x00\x00"
    assert output.timings == {"inference": 1.5}


def test_endpoint_info_and_clients(demo: ModuleType) -> None:
    runtime = importlib.import_module("modelclients")
    assert demo.ENDPOINT.id == "fal-ai/demo"
    assert demo.ENDPOINT.protocols == ("run", "queue")
    assert demo.ENDPOINT.category == "text-to-image"
    assert issubclass(demo.Client, runtime.FalClient)
    assert issubclass(demo.AsyncClient, runtime.AsyncFalClient)
    assert demo.Client.input_model is demo.Input and demo.Client.output_model is demo.Output


def test_segmind_module(out: Path) -> None:
    runtime = importlib.import_module("modelclients")
    demo_model = importlib.import_module("modelclients.segmind.demo_model")
    assert demo_model.ENDPOINT.slug == "demo-model"
    assert issubclass(demo_model.Client, runtime.SegmindClient)
    assert issubclass(demo_model.AsyncClient, runtime.AsyncSegmindClient)
    assert demo_model.Input(prompt="x").model_dump(exclude_unset=True) == {"prompt": "x"}


# ------------------------------------------------------------------------ names


def test_parameter_names_get_safe_python_names_and_keep_wire_names(out: Path) -> None:
    odd = importlib.import_module("modelclients.fal.odd_names_v1_5")

    wire = {"1st": 1, "class": "c", "schema": "s", "json": True, "model_config": "m", "a-b": 2}
    model = odd.Input.model_validate(wire)
    assert (model.field_1st, model.class_, model.schema_, model.json_) == (1, "c", "s", True)
    assert (model.model_config_, model.a_b) == ("m", 2)
    assert model.model_dump(by_alias=True, exclude_unset=True) == wire
    assert odd.Input(**{"a-b": 1}).a_b == 1


# ------------------------------------------------------------------------ no coercion

# (field, value) pairs the JSON type refuses; pydantic's lax mode would coerce every one.
NOT_OF_THE_JSON_TYPE = [
    ("seed", True),  # bool is no integer
    ("seed", "3"),  # str is no integer
    ("seed", 3.5),  # fraction
    ("guidance_scale", True),  # bool is no number
    ("guidance_scale", "3"),  # str is no number
]


@pytest.mark.parametrize(("field", "value"), NOT_OF_THE_JSON_TYPE)
def test_input_refuses_what_the_json_type_refuses(
    demo: ModuleType, field: str, value: object
) -> None:
    payload = {"prompt": "x", field: value}
    assert [e["loc"] for e in errors_of(demo.Input, payload)] == [(field,)]
    assert [i.path for i in demo.validate(payload)] == [field]


def test_nested_values_are_not_coerced(demo: ModuleType) -> None:
    payload = {"prompt": "x", "loras": [{"path": "a", "scale": True}]}
    assert [e["loc"] for e in errors_of(demo.Input, payload)] == [("loras", 0, "scale")]
    assert [i.path for i in demo.validate(payload)] == ["loras[0].scale"]


def test_booleans_take_only_true_and_false(out: Path) -> None:
    odd = importlib.import_module("modelclients.fal.odd_names_v1_5")
    for value in (0, 1, "true", ""):
        assert errors_of(odd.Input, {"a-b": 1, "json": value})[0]["loc"] == ("json",)
    assert (
        odd.Input.model_validate({"a-b": 1, "json": False}).model_dump(by_alias=True)["json"]
        is False
    )


def test_json_numbers_stay_valid(demo: ModuleType) -> None:
    """An integer is a number and `3.0` an integer, as in JSON Schema; both are sent as such."""
    model = demo.Input(prompt="x", guidance_scale=3, seed=3.0)
    assert (model.guidance_scale, model.seed) == (3, 3)
    assert type(model.seed) is int
    assert demo.validate({"prompt": "x", "guidance_scale": 3, "seed": 3.0}) == []


# ------------------------------------------------------------------------ validate()


def test_validate_reports_every_error_with_its_path(demo: ModuleType) -> None:
    issues = demo.validate(
        {"guidance_scale": 11, "loras": [{"path": "a", "scale": -1}], "extra": 1, "image_size": "x"}
    )
    paths = sorted(i.path for i in issues)
    assert paths == ["", "", "guidance_scale", "image_size", "loras[0].scale"]
    messages = " ".join(i.message for i in issues)
    assert "'prompt' is a required property" in messages
    assert "'extra' was unexpected" in messages
    assert demo.validate({"prompt": "x"}) == []


# ------------------------------------------------------------------------ the package


def test_package_is_lazy_and_finds_modules_by_id(out: Path) -> None:
    for name in [n for n in sys.modules if n.startswith("modelclients")]:
        del sys.modules[name]
    modelclients = importlib.import_module("modelclients")

    assert not any(
        n.startswith(("modelclients.fal.", "modelclients.segmind.")) for n in sys.modules
    )
    assert modelclients.ENDPOINT_MODULES["fal-ai/demo"] == "modelclients.fal.demo"
    module = modelclients.get("fal-ai/odd-names/v1.5")
    assert module.__name__ == "modelclients.fal.odd_names_v1_5"
    with pytest.raises(KeyError, match="fal-ai/nope"):
        modelclients.get("fal-ai/nope")
    assert "FalClient" in modelclients.__all__ and "get" in modelclients.__all__


def test_index_json(out: Path) -> None:
    index = json.loads((out / "index.json").read_text())
    assert index["format"] == 1
    assert index["providers"]["fal"]["image_size_presets"]["square_hd"] == [1024, 1024]
    assert index["providers"]["segmind"] == {}
    demo = index["endpoints"]["fal-ai/demo"]
    assert demo == {
        "id": "fal-ai/demo",
        "provider": "fal",
        "category": "text-to-image",
        "module": "modelclients.fal.demo",
        "spec": "specs/fal/fal-ai/demo.yaml",
        "spec_hash": demo["spec_hash"],
        "input_schema": "modelclients/_schemas/fal/demo.input.json",
        "output_schema": "modelclients/_schemas/fal/demo.output.json",
        "protocols": ["run", "queue"],
        "file_inputs": ["image_url", "image_urls"],
    }
    assert index["endpoints"]["segmind/demo-model"]["slug"] == "demo-model"
    for entry in index["endpoints"].values():
        assert (out / entry["input_schema"]).is_file() and (out / entry["output_schema"]).is_file()
