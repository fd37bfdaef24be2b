"""The OpenAPI ingester on fal's raw queue documents, field by field, and on broken documents."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from generator.ingest import fal_js_corpus, openapi
from generator.ingest.base import Document
from generator.spec.codec import field_to_raw
from generator.spec.dump import dump_endpoint
from generator.spec.errors import ProblemsError
from generator.spec.loader import load_specs, load_support
from generator.spec.model import Endpoint, Field, Vocabulary

ROOT = Path(__file__).resolve().parents[2]
RAW = Path("sources/fal/openapi/raw")
SEEDS = ROOT.parent / "shared" / "seeds"
PAGES = ("sources/fal/pages", "sources/segmind/pages")
SCHNELL = RAW / "nodetool-fal/fal-ai__flux__schnell.json"
IDEOGRAM = RAW / "nodetool-fal/fal-ai__ideogram__v2.json"
SD35 = RAW / "nodetool-fal/fal-ai__stable-diffusion-v35-large.json"
PRESETS = [
    "square_hd",
    "square",
    "portrait_4_3",
    "portrait_16_9",
    "landscape_4_3",
    "landscape_16_9",
]
IMAGE_SIZE = {
    "type": "union",
    "variants": [{"type": "ImageSize"}, {"type": "string", "enum": PRESETS}],
}
OUTPUT_IMAGES = {
    "images": {"type": "array", "required": True, "items": {"type": "Image"}},
    "timings": {"type": "Timings", "required": True},
    "seed": {"type": "integer", "required": True},
    "has_nsfw_concepts": {"type": "array", "required": True, "items": {"type": "boolean"}},
    "prompt": {"type": "string", "required": True},
}
OLD_IMAGE = {
    "url": {"type": "string", "required": True},
    "width": {"type": "integer", "required": True},
    "height": {"type": "integer", "required": True},
    "content_type": {"type": "string", "default": "image/jpeg"},
}


# ---------------------------------------------------------------------------- helpers


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return load_support(ROOT / "specs")[0].vocabulary


def read(path: Path | str) -> Document:
    return Document(str(path), (ROOT / path).read_text(encoding="utf-8"))


def facts(f: Field) -> dict[str, Any]:
    """A field's type facts, required and default: what a field-by-field check compares."""
    prose = ("from", "description", "title", "examples", "canonical")
    return {k: v for k, v in field_to_raw(f).items() if k not in prose}


def section_facts(fields: Iterable[Field]) -> dict[str, dict[str, Any]]:
    return {f.name: facts(f) for f in fields}


def write_specs_tree(root: Path, endpoints: Iterable[Endpoint]) -> Path:
    """A specs tree with the project's providers, types and vocabulary plus the endpoints."""
    shutil.copytree(ROOT / "specs/providers", root / "providers")
    for name in ("types.yaml", "vocabulary.yaml"):
        shutil.copy(ROOT / "specs" / name, root / name)
    for endpoint in endpoints:
        path = root / endpoint.provider / f"{endpoint.id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_endpoint(endpoint), encoding="utf-8")
    return root


def ingest_one(path: Path | str, vocabulary: Vocabulary) -> Endpoint:
    (endpoint,) = openapi.ingest(read(path), vocabulary)
    return endpoint


# ---------------------------------------------------------------------------- detection


def test_detect_every_raw_document_and_nothing_else() -> None:
    raw = sorted((ROOT / RAW).rglob("*.json"))
    assert len(raw) == 18
    assert all(openapi.detect(p.read_text(encoding="utf-8")) for p in raw)
    assert not any(fal_js_corpus.detect(p.read_text(encoding="utf-8")) for p in raw)
    corpus = (ROOT / "sources/fal/openapi/fal-js-image-endpoints.json").read_text(encoding="utf-8")
    assert not openapi.detect(corpus)
    pages = [p for folder in PAGES for p in (ROOT / folder).glob("*") if p.is_file()]
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []
    for page in [*pages, *seeds]:
        assert not openapi.detect(page.read_text(encoding="utf-8")), page


# ---------------------------------------------------------------------------- real documents


def test_flux_schnell_endpoint(vocabulary: Vocabulary) -> None:
    e = ingest_one(SCHNELL, vocabulary)
    assert (e.id, e.provider, e.category, e.protocols) == (
        "fal-ai/flux/schnell",
        "fal",
        "text-to-image",
        ("run", "queue"),
    )
    assert (
        e.sources["sources/fal/openapi/raw/nodetool-fal/fal-ai__flux__schnell.json"].layout
        == "openapi"
    )
    assert e.sources["sources/fal/openapi/raw/nodetool-fal/fal-ai__flux__schnell.json"].path == str(
        SCHNELL
    )
    # x-fal-order-properties, not the document order of `properties`
    assert section_facts(e.input) == {
        "num_inference_steps": {"type": "integer", "default": 4, "minimum": 1, "maximum": 12},
        "prompt": {"type": "string", "required": True},
        "image_size": {**IMAGE_SIZE, "default": "landscape_4_3"},
        "seed": {"type": "integer", "nullable": True},
        "guidance_scale": {"type": "number", "default": 3.5, "minimum": 1, "maximum": 20},
        "sync_mode": {"type": "boolean", "default": False},
        "num_images": {"type": "integer", "default": 1, "minimum": 1, "maximum": 4},
        "enable_safety_checker": {"type": "boolean", "default": True},
        "output_format": {"type": "string", "default": "jpeg", "enum": ["jpeg", "png"]},
        "acceleration": {"type": "string", "default": "none", "enum": ["none", "regular", "high"]},
    }
    assert section_facts(e.output) == OUTPUT_IMAGES
    # ImageSize equals the shared type and is referenced; this old Image differs and is local
    assert list(e.types) == ["Image"]
    assert section_facts(e.types["Image"].type.properties or ()) == OLD_IMAGE


def test_flux_schnell_prose_and_provenance(vocabulary: Vocabulary) -> None:
    e = ingest_one(SCHNELL, vocabulary)
    seed = e.field_named("input", "seed")
    assert seed is not None
    assert seed.description == (
        "The same seed and the same prompt given to the same version of the model\n"
        "will output the same image every time."
    )
    assert seed.title == "Seed"
    assert seed.canonical == "seed"
    base = "sources/fal/openapi/raw/nodetool-fal/fal-ai__flux__schnell.json#/components/schemas/FluxSchnellInput"
    assert seed.origin["type"] == f"{base}/properties/seed/anyOf/0"
    assert seed.origin["nullable"] == f"{base}/properties/seed/anyOf"
    assert seed.origin["description"] == f"{base}/properties/seed"
    guidance = e.field_named("input", "guidance_scale")
    assert guidance is not None
    assert guidance.title == "Guidance scale (CFG)"
    assert guidance.origin["maximum"] == f"{base}/properties/guidance_scale"
    prompt = e.field_named("input", "prompt")
    assert prompt is not None
    assert prompt.origin["required"] == f"{base}/required"
    assert prompt.examples[0].startswith("Extreme close-up of a single tiger eye")
    assert [f.canonical for f in e.input if f.canonical] == [
        "num_inference_steps",
        "prompt",
        "image_size",
        "seed",
        "guidance_scale",
        "sync_mode",
        "num_images",
        "enable_safety_checker",
        "output_format",
    ]
    assert all(f.canonical is None for f in e.output)


def test_ideogram_v2_endpoint(vocabulary: Vocabulary) -> None:
    e = ingest_one(IDEOGRAM, vocabulary)
    ratios = ["10:16", "16:10", "9:16", "16:9", "4:3", "3:4", "1:1", "1:3", "3:1", "3:2", "2:3"]
    styles = ["auto", "general", "realistic", "design", "render_3D", "anime"]
    assert (e.id, e.category) == ("fal-ai/ideogram/v2", "text-to-image")
    assert section_facts(e.input) == {
        "prompt": {"type": "string", "required": True},
        "aspect_ratio": {"type": "string", "default": "1:1", "enum": ratios},
        "expand_prompt": {"type": "boolean", "default": True},
        "seed": {"type": "integer", "nullable": True},
        "style": {"type": "string", "default": "auto", "enum": styles},
        "sync_mode": {"type": "boolean", "default": False},
        "negative_prompt": {"type": "string", "default": ""},
    }
    assert section_facts(e.output) == {
        "images": {"type": "array", "required": True, "items": {"type": "File"}},
        "seed": {"type": "integer", "required": True},
    }
    images = e.field_named("output", "images")
    assert images is not None and images.examples == (
        [{"url": "https://fal.media/files/monkey/cNaoxPl0YAWYb-QVBvO9F_image.png"}],
    )
    # fal's File carries examples the shared File has not: a local type
    file_type = e.types["File"].type
    assert section_facts(file_type.properties or ()) == {
        "url": {"type": "string", "required": True},
        "content_type": {"type": "string", "nullable": True},
        "file_name": {"type": "string", "nullable": True},
        "file_size": {"type": "integer", "nullable": True},
    }
    assert (file_type.properties or ())[
        0
    ].description == "The URL where the file can be downloaded from."


def test_allof_wrappers_unwrap_to_named_types(vocabulary: Vocabulary) -> None:
    e = ingest_one(SD35, vocabulary)
    assert section_facts(e.input) == {
        "prompt": {"type": "string", "required": True},
        "negative_prompt": {"type": "string", "default": ""},
        "num_inference_steps": {"type": "integer", "default": 28, "minimum": 1, "maximum": 50},
        "seed": {"type": "integer"},
        "guidance_scale": {"type": "number", "default": 3.5, "minimum": 0, "maximum": 20},
        "sync_mode": {"type": "boolean", "default": False},
        "num_images": {"type": "integer", "default": 1, "minimum": 1, "maximum": 4},
        "enable_safety_checker": {"type": "boolean", "default": True},
        "output_format": {"type": "string", "default": "jpeg", "enum": ["jpeg", "png"]},
        "controlnet": {"type": "ControlNet"},
        "image_size": IMAGE_SIZE,
        "loras": {"type": "array", "default": [], "items": {"type": "LoraWeight"}},
        "ip_adapter": {"type": "IPAdapter"},
    }
    controlnet = e.field_named("input", "controlnet")
    assert controlnet is not None
    assert controlnet.description == "ControlNet for inference."
    pointer = "#/components/schemas/StableDiffusionV35LargeInput/properties/controlnet"
    assert controlnet.origin["type"].endswith(f"{pointer}/allOf/0")
    assert section_facts(e.output) == OUTPUT_IMAGES
    assert sorted(e.types) == ["ControlNet", "IPAdapter", "Image", "LoraWeight"]
    assert section_facts(e.types["ControlNet"].type.properties or ()) == {
        "path": {"type": "string", "required": True},
        "control_image_url": {"type": "string", "required": True, "file": True},
        "conditioning_scale": {"type": "number", "default": 1, "minimum": 0, "maximum": 2},
        "start_percentage": {"type": "number", "default": 0, "minimum": 0, "maximum": 1},
        "end_percentage": {"type": "number", "default": 1, "minimum": 0, "maximum": 1},
    }
    assert section_facts(e.types["LoraWeight"].type.properties or ()) == {
        "path": {"type": "string", "required": True},
        "scale": {"type": "number", "default": 1, "minimum": 0, "maximum": 4},
    }
    ip_adapter = section_facts(e.types["IPAdapter"].type.properties or ())
    assert ip_adapter["image_url"] == {"type": "string", "required": True, "file": True}
    assert ip_adapter["mask_image_url"] == {"type": "string", "file": True}
    assert ip_adapter["mask_threshold"] == {
        "type": "number",
        "default": 0.5,
        "minimum": 0.01,
        "maximum": 0.99,
    }
    assert section_facts(e.types["Image"].type.properties or ()) == OLD_IMAGE


def test_qualified_schema_names_become_plain_type_names(vocabulary: Vocabulary) -> None:
    e = ingest_one(RAW / "nodetool-fal/fal-ai__flux-pro__v1.1-ultra.json", vocabulary)
    images = e.field_named("output", "images")
    assert images is not None and images.type.items is not None
    assert images.type.items.type == "Image"  # registry__image__fast_sdxl__models__Image
    assert list(e.types) == ["Image"]
    assert "QueueStatus" not in e.types


def test_every_raw_document_dumps_and_loads(vocabulary: Vocabulary, tmp_path: Path) -> None:
    for folder in ("nodetool-fal", "falai-paw"):  # both hold fal-ai/flux-lora
        paths = sorted((ROOT / RAW / folder).glob("*.json"))
        endpoints = [ingest_one(p.relative_to(ROOT), vocabulary) for p in paths]
        specs = load_specs(write_specs_tree(tmp_path / folder, endpoints))
        assert sorted(specs.endpoints) == sorted(e.id for e in endpoints)
    assert {e.category for e in endpoints} == {"text-to-image", "image-to-image"}


# ---------------------------------------------------------------------------- broken documents


def schnell_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / SCHNELL).read_text(encoding="utf-8"))
    return data


def ingest_data(data: dict[str, Any], vocabulary: Vocabulary) -> list[Endpoint]:
    return openapi.ingest(Document("broken.json", json.dumps(data, indent=2)), vocabulary)


def problems_of(data: dict[str, Any], vocabulary: Vocabulary) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        ingest_data(data, vocabulary)
    return [str(p) for p in caught.value.problems]


def input_props(data: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = data["components"]["schemas"]["FluxSchnellInput"]["properties"]
    return props


def test_dangling_ref_is_reported_with_its_pointer(vocabulary: Vocabulary) -> None:
    data = schnell_data()
    del data["components"]["schemas"]["ImageSize"]
    assert problems_of(data, vocabulary) == [
        "broken.json: at #/components/schemas/FluxSchnellInput/properties/image_size/anyOf/0/$ref: "
        "dangling $ref '#/components/schemas/ImageSize': the document defines no such schema"
    ]


def test_dangling_body_ref_is_reported(vocabulary: Vocabulary) -> None:
    data = schnell_data()
    del data["components"]["schemas"]["FluxSchnellOutput"]
    (problem,) = problems_of(data, vocabulary)
    assert "at #/paths/~1fal-ai~1flux~1schnell~1requests~1{request_id}/get/responses/200" in problem
    assert "dangling $ref '#/components/schemas/FluxSchnellOutput'" in problem


def test_a_body_ref_that_is_not_a_string_is_reported(vocabulary: Vocabulary) -> None:
    data = schnell_data()
    body = data["paths"]["/fal-ai/flux/schnell"]["post"]["requestBody"]
    body["content"]["application/json"]["schema"]["$ref"] = ["#/components/schemas/Input"]
    (problem,) = problems_of(data, vocabulary)
    assert "requestBody/content/application~1json/schema/$ref" in problem
    assert "a $ref must be a string" in problem


def test_a_property_order_hint_holding_no_names_is_ignored(vocabulary: Vocabulary) -> None:
    """`x-fal-order-properties` only orders the fields: entries that are not property names
    (objects, numbers, unknown names) are passed over, and the fields keep the named order."""
    data = schnell_data()
    schema = data["components"]["schemas"]["FluxSchnellInput"]
    order = schema["x-fal-order-properties"]
    schema["x-fal-order-properties"] = [{"name": order[0]}, 3, None, "nope", *order[1:], order[0]]
    (endpoint,) = ingest_data(data, vocabulary)
    assert [f.name for f in endpoint.input] == [*order[1:], order[0]]


def test_truncated_document_names_its_line(vocabulary: Vocabulary) -> None:
    text = (ROOT / SCHNELL).read_text(encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        openapi.ingest(Document("cut.json", text[:3000]), vocabulary)
    (problem,) = caught.value.problems
    assert problem.file == "cut.json"
    assert problem.line == text[:3000].count("\n") + 1
    assert "not valid JSON" in problem.message


def test_unsupported_keywords_are_located(vocabulary: Vocabulary) -> None:
    data = schnell_data()
    input_props(data)["num_images"]["not"] = {"const": 3}
    input_props(data)["prompt"] = {"allOf": [{"type": "string"}, {"minLength": 1}]}
    assert problems_of(data, vocabulary) == [
        "broken.json: at #/components/schemas/FluxSchnellInput/properties/num_images/not: "
        "unsupported schema keyword 'not'",
        "broken.json: at #/components/schemas/FluxSchnellInput/properties/prompt/allOf: "
        "only a one-member 'allOf' wrapper is supported",
    ]


def test_garbled_bounds_and_defaults_are_reported(vocabulary: Vocabulary) -> None:
    data = schnell_data()
    input_props(data)["num_images"]["maximum"] = "4"
    input_props(data)["guidance_scale"]["default"] = "high"
    assert problems_of(data, vocabulary) == [
        "broken.json: at #/components/schemas/FluxSchnellInput/properties/num_images/maximum: "
        "'4' is not a valid maximum",
    ]
    data = schnell_data()
    input_props(data)["guidance_scale"]["default"] = 25
    (problem,) = problems_of(data, vocabulary)
    assert problem.startswith(
        "broken.json: at #/components/schemas/FluxSchnellInput/properties/guidance_scale: "
        "default 25 is not a valid value"
    )


def test_missing_endpoint_id_is_reported(vocabulary: Vocabulary) -> None:
    data = schnell_data()
    del data["info"]["x-fal-metadata"]["endpointId"]
    assert problems_of(data, vocabulary) == [
        "broken.json: at #/info/x-fal-metadata/endpointId: no endpoint id"
    ]


def test_openapi_30_nullable_and_exclusive_flags(vocabulary: Vocabulary) -> None:
    data = schnell_data()
    props = input_props(data)
    props["seed"] = {"type": "integer", "nullable": True, "minimum": 0, "exclusiveMinimum": True}
    props["extra_urls"] = {"type": "array", "items": {"type": "string"}, "maxItems": 3}
    props["mode"] = {"enum": ["a", "b"], "default": "a"}
    props["mask_url"] = {"anyOf": [{"type": "string"}, {"type": "null"}], "nullable": True}
    (e,) = ingest_data(copy.deepcopy(data), vocabulary)
    got = section_facts(e.input)
    assert got["seed"] == {"type": "integer", "nullable": True, "exclusive_minimum": 0}
    assert got["extra_urls"] == {
        "type": "array",
        "items": {"type": "string", "file": True},
        "max_items": 3,
    }
    assert got["mode"] == {"type": "string", "default": "a", "enum": ["a", "b"]}
    assert got["mask_url"] == {"type": "string", "nullable": True, "file": True}
    assert list(got)[-3:] == ["extra_urls", "mode", "mask_url"]  # unlisted: document order
