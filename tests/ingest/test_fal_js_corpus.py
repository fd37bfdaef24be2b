"""The fal-js corpus ingester: real endpoints field by field, the whole corpus through the loader,
the exported JSON Schemas against the corpus's own, and fal-js's quirks (renames, markers, holes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.ingest import fal_js_corpus, openapi
from generator.ingest.base import Document
from generator.ingest.json_schema_refs import assign_type_names, plain_name
from generator.spec.errors import Problem, ProblemsError
from generator.spec.json_schema import endpoint_schema
from generator.spec.loader import load_specs, load_support
from generator.spec.model import Endpoint, Field, Vocabulary

from .test_openapi import IMAGE_SIZE, OUTPUT_IMAGES, ROOT, SEEDS, section_facts, write_specs_tree

CORPUS = Path("sources/fal/openapi/fal-js-image-endpoints.json")
LABEL = "sources/fal/openapi/fal-js-image-endpoints.json"
KLEIN_LORA = [
    f"fal-ai/flux-2/klein/{size}/{variant}lora"
    for size in ("4b", "9b")
    for variant in ("base/edit/", "base/", "edit/", "")
]
FAILING = {*KLEIN_LORA, "fal-ai/flowedit"}
"""The only corpus endpoints that cannot be imported, each for a reason the source carries."""
NEW_IMAGE_OUTPUT = {
    "url": {"type": "string", "required": True},
    "width": {"type": "integer", "required": True},
    "height": {"type": "integer", "required": True},
    "content_type": {"type": "string", "default": "image/jpeg", "nullable": True},
}


@pytest.fixture(scope="module")
def corpus_doc() -> Document:
    return Document(str(CORPUS), (ROOT / CORPUS).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus_data(corpus_doc: Document) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(corpus_doc.text)
    return data


@pytest.fixture(scope="module")
def imported(corpus_doc: Document) -> tuple[dict[str, Endpoint], list[Problem]]:
    vocabulary = load_support(ROOT / "specs")[0].vocabulary
    endpoints, problems = fal_js_corpus.ingest_all(corpus_doc, vocabulary)
    return {e.id: e for e in endpoints}, problems


@pytest.fixture(scope="module")
def endpoints(imported: tuple[dict[str, Endpoint], list[Problem]]) -> dict[str, Endpoint]:
    return imported[0]


def field(e: Endpoint, section: str, name: str) -> Field:
    f = e.field_named(section, name)
    assert f is not None, name
    return f


# ---------------------------------------------------------------------------- detection


def test_detect(corpus_doc: Document) -> None:
    assert fal_js_corpus.detect(corpus_doc.text)
    assert not openapi.detect(corpus_doc.text)
    assert not fal_js_corpus.detect('{"fal-ai/kolors": 1}')
    assert not fal_js_corpus.detect('{"openapi": "3.0.4", "paths": {}}')
    for seed in sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []:
        assert not fal_js_corpus.detect(seed.read_text(encoding="utf-8")), seed


# ---------------------------------------------------------------------------- real endpoints


def test_kolors(endpoints: dict[str, Endpoint]) -> None:
    e = endpoints["fal-ai/kolors"]
    assert (e.provider, e.category, e.protocols) == ("fal", "text-to-image", ("run", "queue"))
    assert e.sources[LABEL].pointer == "/fal-ai~1kolors"
    assert e.sources[LABEL].layout == "fal-js-corpus"
    schedulers = [
        "EulerDiscreteScheduler",
        "EulerAncestralDiscreteScheduler",
        "DPMSolverMultistepScheduler",
        "DPMSolverMultistepScheduler_SDE_karras",
        "UniPCMultistepScheduler",
        "DEISMultistepScheduler",
    ]
    # the corpus sorts keys: this order is x-fal-order-properties
    assert section_facts(e.input) == {
        "prompt": {"type": "string", "required": True},
        "negative_prompt": {"type": "string", "default": ""},
        "guidance_scale": {"type": "number", "default": 5, "minimum": 1, "maximum": 10},
        "num_inference_steps": {"type": "integer", "default": 50, "minimum": 1, "maximum": 150},
        "seed": {"type": "integer", "nullable": True},
        "sync_mode": {"type": "boolean", "default": False},
        "enable_safety_checker": {"type": "boolean", "default": True},
        "num_images": {"type": "integer", "default": 1, "minimum": 1, "maximum": 8},
        "image_size": {**IMAGE_SIZE, "default": "square_hd"},
        "scheduler": {"type": "string", "default": "EulerDiscreteScheduler", "enum": schedulers},
        "output_format": {"type": "string", "default": "png", "enum": ["jpeg", "png"]},
    }
    assert section_facts(e.output) == OUTPUT_IMAGES
    # `ImageType2` in the corpus; `ImageSize` is the shared type
    assert list(e.types) == ["Image"]
    assert section_facts(e.types["Image"].type.properties or ()) == NEW_IMAGE_OUTPUT
    guidance = field(e, "input", "guidance_scale")
    assert guidance.title == "Guidance scale (CFG)"
    assert guidance.canonical == "guidance_scale"
    assert guidance.description == (
        "The CFG (Classifier Free Guidance) scale is a measure of how close you want\n"
        "the model to stick to your prompt when looking for a related image to show\n"
        "you."
    )
    at = f"{LABEL}#/fal-ai~1kolors/input/properties/guidance_scale"
    assert {k: guidance.origin[k] for k in ("type", "default", "minimum", "maximum")} == {
        "type": at,
        "default": at,
        "minimum": at,
        "maximum": at,
    }
    assert field(e, "input", "negative_prompt").examples == ("ugly, deformed, blurry",)
    assert len(field(e, "input", "prompt").examples) == 2
    images = field(e, "output", "images")
    assert images.origin["items"] == f"{LABEL}#/fal-ai~1kolors/output/properties/images"


def test_flux_1_schnell(endpoints: dict[str, Endpoint]) -> None:
    e = endpoints["fal-ai/flux-1/schnell"]
    assert e.category == "text-to-image"
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
    assert section_facts(e.types["Image"].type.properties or ()) == NEW_IMAGE_OUTPUT


def test_kolors_image_to_image(endpoints: dict[str, Endpoint]) -> None:
    e = endpoints["fal-ai/kolors/image-to-image"]
    assert e.category == "image-to-image"
    got = section_facts(e.input)
    assert list(got) == [
        "prompt",
        "negative_prompt",
        "guidance_scale",
        "num_inference_steps",
        "seed",
        "sync_mode",
        "enable_safety_checker",
        "num_images",
        "image_size",
        "scheduler",
        "output_format",
        "image_url",
        "strength",
    ]
    assert got["image_url"] == {"type": "string", "required": True, "file": True}
    assert got["strength"] == {"type": "number", "default": 0.85, "minimum": 0.01, "maximum": 1}
    assert got["image_size"] == IMAGE_SIZE  # no default here
    image_url = field(e, "input", "image_url")
    assert image_url.canonical == "image_url"
    assert image_url.origin["file"].endswith("/input/properties/image_url")
    assert image_url.examples == (
        "https://storage.googleapis.com/falserverless/model_tests/image_models/bunny_source.png",
    )


def test_keyword_variants(endpoints: dict[str, Endpoint]) -> None:
    aura = section_facts(endpoints["fal-ai/aura-sr"].input)
    assert aura["upscale_factor"] == {"type": "integer", "default": 4, "const": 4}
    upscaler = section_facts(endpoints["fal-ai/creative-upscaler"].input)
    assert upscaler["prompt"] == {"type": "string", "nullable": True}  # anyOf + nullable: true
    assert upscaler["base_model_url"] == {"type": "string", "nullable": True, "file": True}
    assert upscaler["prompt_suffix"]["default"].startswith(" high quality")
    fibo = section_facts(endpoints["bria/fibo-edit/edit"].input)
    # pydantic's leftover ge/le are bounds, laid on the numeric members of the union
    assert fibo["guidance_scale"] == {
        "type": "union",
        "default": 5,
        "variants": [
            {"type": "number", "minimum": 3, "maximum": 5},
            {"type": "integer", "minimum": 3, "maximum": 5},
        ],
    }
    fooocus = section_facts(endpoints["fal-ai/fooocus"].input)
    assert fooocus["refiner_switch"]["multiple_of"] == 0.0001
    assert fooocus["styles"]["unique_items"] is True


def test_upload_limits_and_root_descriptions_become_notes(endpoints: dict[str, Endpoint]) -> None:
    assert endpoints["fal-ai/flux-kontext/dev"].notes == (
        "input.image_url: upload limits: max_height 14142, max_width 14142, timeout 20.",
    )
    kling = endpoints["fal-ai/kling-image/o1"]
    assert kling.notes[0] == "Input: Request model for Kling O1 Omni Image (legacy)."
    assert (
        "input.image_urls[]: upload limits: Max file size: 10.0MB, Min width: 300px, "
        "Min height: 300px, Min aspect ratio: 0.40, Max aspect ratio: 2.50, Timeout: 20.0s."
    ) in kling.notes
    assert "x-fal-file-input" not in json.dumps([str(f) for f in kling.input])


# ---------------------------------------------------------------------------- names


def test_plain_names() -> None:
    assert plain_name("ImageType2") == "Image"
    assert plain_name("ControlNetType3") == "ControlNet"
    assert plain_name("registry__image__fast_sdxl__models__Image") == "Image"
    assert plain_name("fal-ai_flux-2-klein_LoRAInput") == "FalAiFlux2KleinLoRAInput"
    assert plain_name("Type2") == "Type2"


def test_type2_rename_undone_only_where_the_name_is_free() -> None:
    a = {"type": "object", "properties": {"url": {"type": "string"}}}
    b = {"type": "object", "properties": {"path": {"type": "string"}}}
    assert assign_type_names([{"ImageType2": a}, {"ImageType2": a}]) == [
        {"ImageType2": "Image"},
        {"ImageType2": "Image"},
    ]
    # a plain `Image` keeps its name; a different `ImageType2` keeps the suffix
    assert assign_type_names([{"ImageType2": b}, {"Image": a}]) == [
        {"ImageType2": "ImageType2"},
        {"Image": "Image"},
    ]
    assert assign_type_names([{"ImageType2": a}, {"ImageType3": b}]) == [
        {"ImageType2": "Image"},
        {"ImageType3": "ImageType3"},
    ]


def test_renamed_types_across_input_and_output(vocabulary: Vocabulary) -> None:
    image = {"type": "object", "properties": {"url": {"type": "string"}}, "required": ["url"]}
    other = {"type": "object", "properties": {"path": {"type": "string"}}}
    entry = {
        "input": {
            "type": "object",
            "properties": {"image": {"$ref": "#/$defs/Image"}},
            "$defs": {"Image": other},
        },
        "output": {
            "type": "object",
            "properties": {"images": {"type": "array", "items": {"$ref": "#/$defs/ImageType2"}}},
            "$defs": {"ImageType2": image},
        },
    }
    doc = Document("mini.json", json.dumps({"owner/model": entry}))
    endpoints, problems = fal_js_corpus.ingest_all(doc, vocabulary, categories={})
    assert problems == []
    (e,) = endpoints
    assert e.category is None
    assert sorted(e.types) == ["Image", "ImageType2"]
    images = field(e, "output", "images")
    assert images.type.items is not None and images.type.items.type == "ImageType2"


# ---------------------------------------------------------------------------- the whole corpus


def test_whole_corpus_fails_only_where_the_source_is_broken(
    imported: tuple[dict[str, Endpoint], list[Problem]], corpus_data: dict[str, Any]
) -> None:
    endpoints, problems = imported
    assert {p.field for p in problems} == FAILING
    assert len(endpoints) == len(corpus_data) - len(FAILING) == 539
    by_id = {p.field: p.message for p in problems}
    assert by_id["fal-ai/flux-2/klein/4b/base/edit/lora"] == (
        "at #/fal-ai~1flux-2~1klein~14b~1base~1edit~1lora/input/properties/loras/items/$ref: "
        "dangling $ref '#/$defs/fal-ai_flux-2-klein_LoRAInput': the document defines no such schema"
    )
    for endpoint_id in KLEIN_LORA:
        assert "dangling $ref '#/$defs/fal-ai_flux-2-klein_LoRAInput'" in by_id[endpoint_id]
    # an integer parameter whose default was left a float
    flowedit = sorted(p.message for p in problems if p.field == "fal-ai/flowedit")
    assert flowedit == [
        "at #/fal-ai~1flowedit/input/properties/src_guidance_scale: default 1.5 is not a valid "
        "value: 1.5 is not valid under any of the given schemas",
        "at #/fal-ai~1flowedit/input/properties/tar_guidance_scale: default 5.5 is not a valid "
        "value: 5.5 is not valid under any of the given schemas",
    ]
    assert all(p.file == str(CORPUS) for p in problems)


def test_every_imported_endpoint_dumps_and_loads(
    endpoints: dict[str, Endpoint], tmp_path: Path
) -> None:
    specs = load_specs(write_specs_tree(tmp_path / "specs", endpoints.values()))
    assert sorted(specs.endpoints) == sorted(endpoints)
    loaded = specs.endpoints["fal-ai/kolors"]
    assert loaded == endpoints["fal-ai/kolors"]


def test_ingest_ids_keeps_order_and_reports_unknown_ids(
    corpus_doc: Document, vocabulary: Vocabulary
) -> None:
    ids = ["fal-ai/kolors/image-to-image", "fal-ai/recraft/v2/text-to-image", "fal-ai/kolors"]
    endpoints, problems = fal_js_corpus.ingest_ids(corpus_doc, vocabulary, ids)
    assert [e.id for e in endpoints] == ["fal-ai/kolors/image-to-image", "fal-ai/kolors"]
    assert problems == [
        Problem(
            str(CORPUS), None, "fal-ai/recraft/v2/text-to-image", "the corpus has no such endpoint"
        )
    ]
    with pytest.raises(ProblemsError, match="dangling"):
        fal_js_corpus.ingest(
            Document(
                "one.json", json.dumps({KLEIN_LORA[0]: json.loads(corpus_doc.text)[KLEIN_LORA[0]]})
            ),
            vocabulary,
        )


# ---------------------------------------------------------------------------- differential


DIFFERENTIAL = [
    "fal-ai/kolors",
    "fal-ai/kolors/image-to-image",
    "fal-ai/flux-1/schnell",
    "fal-ai/aura-sr",
    "fal-ai/fooocus",
    "fal-ai/sam-3-1/image",
    "fal-ai/flux-pro/v1.1-ultra",
    "fal-ai/moondream3-preview/segment",
    "fal-ai/ideogram/v2",
    "fal-ai/stable-diffusion-v35-large",
]


def payloads(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """A full valid-looking request from examples and defaults, then one change per parameter:
    past each bound, outside each enum, a wrong type, a null, a missing required value."""
    props: dict[str, Any] = schema["properties"]
    base = {
        name: (p["examples"][0] if p.get("examples") else p["default"])
        for name, p in props.items()
        if p.get("examples") or "default" in p
    }
    out = [base]
    for name, p in props.items():
        out.append({**base, name: {"not": "expected"}})
        if "nullable" not in p:  # OpenAPI's nullable is no JSON Schema keyword: the two differ
            out.append({**base, name: None})
        if "enum" in p:
            out.append({**base, name: "not-an-option"})
        for bound, step in (("maximum", 1), ("minimum", -1), ("exclusiveMinimum", 0)):
            if isinstance(p.get(bound), int | float):
                out.append({**base, name: p[bound] + step})
        for example in p.get("examples", [])[1:]:
            out.append({**base, name: example})
        if name in schema.get("required", []):
            out.append({k: v for k, v in base.items() if k != name})
    return out


def _nested_unknown_key(
    theirs: jsonschema.Draft202012Validator, base: dict[str, Any], payload: dict[str, Any]
) -> bool:
    """Whether `payload` differs from `base` only by an object with an unknown key, in a field
    whose provider schema accepts objects there (an empty one is valid)."""
    changed = [k for k in payload if payload[k] != base.get(k)]
    if len(changed) != 1 or payload[changed[0]] != {"not": "expected"}:
        return False
    return bool(theirs.is_valid({**base, changed[0]: {}}))


def test_exported_schema_accepts_what_the_corpus_schema_accepts(
    endpoints: dict[str, Endpoint], corpus_data: dict[str, Any]
) -> None:
    support = load_support(ROOT / "specs")[0]
    for endpoint_id in DIFFERENTIAL:
        original = corpus_data[endpoint_id]["input"]
        exported = endpoint_schema(support, endpoints[endpoint_id], "input")
        theirs = jsonschema.Draft202012Validator(original)
        ours = jsonschema.Draft202012Validator(exported)
        cases = payloads(original)
        assert theirs.is_valid(cases[0]), endpoint_id
        for payload in cases:
            if _nested_unknown_key(theirs, cases[0], payload):
                # documented exception (tests/differential/exceptions.py, `unknown-keys`): our
                # input objects refuse keys they do not define, at every level
                assert not ours.is_valid(payload), (endpoint_id, payload)
                continue
            assert ours.is_valid(payload) == theirs.is_valid(payload), (endpoint_id, payload)
        assert sum(not theirs.is_valid(p) for p in cases) > len(original["properties"])


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return load_support(ROOT / "specs")[0].vocabulary


WEIRD: list[Any] = [
    [],
    5,
    True,
    {"type": 5},
    {"type": ["string", "null"], "maxLength": "long"},
    {"anyOf": 3},
    {"anyOf": [{"type": "null"}]},
    {"oneOf": [{"type": "string"}, {"$ref": "#/elsewhere/X"}]},
    {"type": "array", "items": [1]},
    {"type": "array"},
    {"type": "object", "required": [[1]], "properties": {"a": 1}},
    {"additionalProperties": 3},
    {"enum": []},
    {"exclusiveMinimum": True},
    {"if": {}, "then": {}},
]


@pytest.mark.parametrize("weird", WEIRD, ids=[json.dumps(w) for w in WEIRD])
def test_odd_schemas_give_problems_or_types_never_tracebacks(
    corpus_data: dict[str, Any], vocabulary: Vocabulary, weird: Any, tmp_path: Path
) -> None:
    entry = json.loads(json.dumps(corpus_data["fal-ai/kolors"]))
    entry["input"]["properties"]["seed"] = weird
    doc = Document("odd.json", json.dumps({"fal-ai/kolors": entry}))
    endpoints, problems = fal_js_corpus.ingest_all(doc, vocabulary, categories={})
    assert len(endpoints) + len({p.field for p in problems}) == 1
    for problem in problems:
        assert problem.field == "fal-ai/kolors"
        assert problem.message.startswith("at #/fal-ai~1kolors/input/properties/seed")
    if endpoints:  # what is read at all must load
        load_specs(write_specs_tree(tmp_path / "specs", endpoints))
