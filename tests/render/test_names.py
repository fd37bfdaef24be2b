"""Identifier mapping: module names from ids, field names from parameters, collisions."""

from __future__ import annotations

import pytest

from generator.render.names import (
    NameCollisionError,
    derived_module_name,
    field_name,
    field_names,
    module_name,
    segmind_slug,
)
from generator.spec.model import Endpoint
from generator.spec.modules import clash_message, module_clashes


@pytest.mark.parametrize(
    ("endpoint_id", "provider", "expected"),
    [
        ("fal-ai/kolors", "fal", "kolors"),
        ("fal-ai/kolors/image-to-image", "fal", "kolors_image_to_image"),
        ("fal-ai/recraft/v2/text-to-image", "fal", "recraft_v2_text_to_image"),
        ("fal-ai/flux-pro/v1.1-ultra", "fal", "flux_pro_v1_1_ultra"),
        ("bria/text-to-image/3.2", "fal", "bria_text_to_image_3_2"),
        ("fal-ai/3d-model", "fal", "m_3d_model"),
        ("fal-ai/import", "fal", "import_"),
        ("fal-ai/match", "fal", "match_"),
        ("fal-ai/Upper.Case", "fal", "upper_case"),
        ("segmind/kolors", "segmind", "kolors"),
        ("segmind/sdxl1.0-txt2img", "segmind", "sdxl1_0_txt2img"),
    ],
)
def test_module_names(endpoint_id: str, provider: str, expected: str) -> None:
    assert derived_module_name(endpoint_id, provider) == expected
    assert expected.isidentifier()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("prompt", "prompt"),
        ("a-b", "a_b"),
        ("x.y", "x_y"),
        ("1st", "field_1st"),
        ("_private", "field__private"),
        ("class", "class_"),
        ("schema", "schema_"),
        ("json", "json_"),
        ("copy", "copy_"),
        ("model_config", "model_config_"),
        ("model_dump", "model_dump_"),
    ],
)
def test_field_names(name: str, expected: str) -> None:
    assert field_name(name) == expected


def _endpoint(endpoint_id: str, python_name: str | None = None) -> Endpoint:
    return Endpoint(endpoint_id, "fal", (), (), python_name=python_name)


def test_module_collision_names_both_ids_and_the_fix() -> None:
    clashes = module_clashes([_endpoint("fal-ai/flux/1"), _endpoint("fal-ai/flux-1")])
    assert [(first.id, second.id, name) for first, second, name in clashes] == [
        ("fal-ai/flux-1", "fal-ai/flux/1", "flux_1")
    ]
    message = clash_message(*clashes[0])
    assert "'fal-ai/flux-1' and 'fal-ai/flux/1'" in message
    assert "modelclients.fal.flux_1" in message
    assert "python_name:" in message


def test_python_name_resolves_a_collision() -> None:
    endpoints = [_endpoint("fal-ai/flux-1"), _endpoint("fal-ai/flux/1", "flux_one")]
    assert module_clashes(endpoints) == []
    assert [module_name(e) for e in endpoints] == ["flux_1", "flux_one"]


def test_same_name_in_two_providers_is_no_collision() -> None:
    segmind = Endpoint("segmind/kolors", "segmind", (), ())
    assert module_clashes([_endpoint("fal-ai/kolors"), segmind]) == []
    assert module_name(_endpoint("fal-ai/kolors")) == module_name(segmind) == "kolors"
    assert segmind_slug(segmind) == "kolors"


def test_field_collision() -> None:
    with pytest.raises(NameCollisionError, match="'a-b' and 'a_b'"):
        field_names(["a-b", "a_b"], "input")
