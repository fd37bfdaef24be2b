"""The fal markdown ingester on the two real fal pages, parameter by parameter."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.ingest import fal_markdown, segmind_legacy_page, segmind_page
from generator.ingest.base import Document
from generator.spec.dump import dump_endpoint
from generator.spec.errors import ProblemsError
from generator.spec.loader import load_specs, load_support
from generator.spec.model import MISSING, Endpoint, Field, TypeExpr, Vocabulary

ROOT = Path(__file__).resolve().parents[2]
KOLORS = "sources/fal/pages/kolors.md"
IMAGE_TO_IMAGE = "sources/fal/pages/kolors-image-to-image.md"
SEEDS = {
    "000": "sources/fal/pages/kolors.md",
    "001": "sources/fal/pages/kolors-image-to-image.md",
    "002": "sources/segmind/pages/kolors-legacy.txt",
    "003": "sources/fal/pages/playground-ten-models.txt",
    "004": "sources/segmind/pages/kolors.txt",
}
SEED_003 = ROOT.parent / "shared" / "seeds/003_773a62f513335e75.txt"


@cache
def vocabulary() -> Vocabulary:
    return load_support(ROOT / "specs")[0].vocabulary


def document(path: str, text: str | None = None) -> Document:
    return Document(path, (ROOT / path).read_text(encoding="utf-8") if text is None else text)


def seed_text(key: str) -> str:
    path = ROOT / SEEDS[key]
    if not path.exists() and key == "003":
        path = SEED_003
    return path.read_text(encoding="utf-8")


@cache
def endpoint(path: str) -> Endpoint:
    (found,) = fal_markdown.ingest(document(path), vocabulary())
    return found


def facts(f: Field) -> dict[str, Any]:
    """The facts of a parameter that a page states, in a form easy to compare."""
    out: dict[str, Any] = {"type": _type(f.type), "required": f.required}
    if f.default is not MISSING:
        out["default"] = f.default
    for key in ("minimum", "maximum", "enum"):
        if getattr(f.type, key) is not None:
            out[key] = getattr(f.type, key)
    if f.type.file:
        out["file"] = True
    if f.canonical is not None:
        out["canonical"] = f.canonical
    return out


def _type(t: TypeExpr) -> Any:
    if t.type == "array":
        assert t.items is not None
        return ["array", _type(t.items)]
    if t.type == "union":
        return ["union", *(_type(v) for v in t.variants)]
    return t.type if not t.enum else f"{t.type} enum"


def mutated(path: str, old: str, new: str) -> Document:
    text = (ROOT / path).read_text(encoding="utf-8")
    assert old in text
    return Document(path, text.replace(old, new, 1))


def problem_of(doc: Document) -> tuple[str, int | None, str]:
    with pytest.raises(ProblemsError) as caught:
        fal_markdown.ingest(doc, vocabulary())
    (problem,) = caught.value.problems
    return problem.file, problem.line, problem.message


# ---------------------------------------------------------------------------- detection


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_detect_accepts_only_the_fal_markdown_pages(key: str) -> None:
    assert fal_markdown.detect(seed_text(key)) is (key in ("000", "001"))


def test_detect_rejects_openapi_json() -> None:
    text = (ROOT / "sources/fal/openapi/index.json").read_text(encoding="utf-8")
    assert not fal_markdown.detect(text)
    assert not fal_markdown.detect('{"openapi": "3.0.4", "info": {"title": "Kolors"}}')


def test_each_page_has_one_layout() -> None:
    modules = (fal_markdown, segmind_page, segmind_legacy_page)
    for key in SEEDS:
        assert sum(m.detect(seed_text(key)) for m in modules) == (0 if key == "003" else 1)


# ---------------------------------------------------------------------------- fal-ai/kolors


def test_kolors_endpoint_facts() -> None:
    e = endpoint(KOLORS)
    assert e.id == "fal-ai/kolors"
    assert e.provider == "fal"
    assert e.title == "Kolors"
    assert e.summary == "Photorealistic Text-to-Image"
    assert e.category == "text-to-image"
    assert e.protocols == ("run", "queue")
    assert e.sources["sources/fal/pages/kolors.md"].path == KOLORS
    assert e.sources["sources/fal/pages/kolors.md"].layout == "fal-markdown"
    assert "Tags: realism, diffusion" in e.notes
    assert "Kind: inference" in e.notes
    assert "Price: $0 per compute seconds" in e.notes
    assert (
        "OpenAPI Schema: https://fal.ai/api/openapi/queue/openapi.json?endpoint_id=fal-ai/kolors"
        in e.notes
    )
    assert any(n.startswith("image_size: the page types it `ImageSize | Enum`") for n in e.notes)
    assert e.types == {}


KOLORS_SCHEDULERS = (
    "EulerDiscreteScheduler",
    "EulerAncestralDiscreteScheduler",
    "DPMSolverMultistepScheduler",
    "DPMSolverMultistepScheduler_SDE_karras",
    "UniPCMultistepScheduler",
    "DEISMultistepScheduler",
)
SHARED_INPUT: dict[str, dict[str, Any]] = {
    "prompt": {"type": "string", "required": True, "canonical": "prompt"},
    "negative_prompt": {
        "type": "string",
        "required": False,
        "default": "",
        "canonical": "negative_prompt",
    },
    "guidance_scale": {
        "type": "number",
        "required": False,
        "default": 5,
        "minimum": 1,
        "maximum": 10,
        "canonical": "guidance_scale",
    },
    "num_inference_steps": {
        "type": "integer",
        "required": False,
        "default": 50,
        "minimum": 1,
        "maximum": 150,
        "canonical": "num_inference_steps",
    },
    "seed": {"type": "integer", "required": False, "canonical": "seed"},
    "sync_mode": {"type": "boolean", "required": False, "default": False, "canonical": "sync_mode"},
    "enable_safety_checker": {
        "type": "boolean",
        "required": False,
        "default": True,
        "canonical": "enable_safety_checker",
    },
    "num_images": {
        "type": "integer",
        "required": False,
        "default": 1,
        "minimum": 1,
        "maximum": 8,
        "canonical": "num_images",
    },
    "image_size": {
        "type": ["union", "ImageSize", "string"],
        "required": False,
        "default": "square_hd",
        "canonical": "image_size",
    },
    "scheduler": {
        "type": "string enum",
        "required": False,
        "default": "EulerDiscreteScheduler",
        "enum": KOLORS_SCHEDULERS,
        "canonical": "scheduler",
    },
    "output_format": {
        "type": "string enum",
        "required": False,
        "default": "png",
        "enum": ("jpeg", "png"),
        "canonical": "output_format",
    },
}


def test_kolors_inputs_field_by_field() -> None:
    e = endpoint(KOLORS)
    assert [f.name for f in e.input] == list(SHARED_INPUT)
    for f in e.input:
        assert facts(f) == SHARED_INPUT[f.name], f.name


def test_kolors_descriptions_without_the_default_sentence() -> None:
    e = endpoint(KOLORS)
    described = {f.name: f.description for f in e.input}
    assert described == {
        "prompt": "The prompt to use for generating the image. Be as descriptive as possible "
        "for best results.",
        "negative_prompt": "The negative prompt to use. Use it to address details that you don't "
        "want in the image. This could be colors, objects, scenery and even the small details "
        "(e.g. moustache, blurry, low resolution).",
        "guidance_scale": "The CFG (Classifier Free Guidance) scale is a measure of how close you "
        "want the model to stick to your prompt when looking for a related image to show you.",
        "num_inference_steps": "The number of inference steps to perform.",
        "seed": "Seed",
        "sync_mode": "If set to true, the function will wait for the image to be generated and "
        "uploaded before returning the response. This will increase the latency of the function "
        "but it allows you to get the image directly in the response without going through the "
        "CDN.",
        "enable_safety_checker": "Enable safety checker.",
        "num_images": "The number of images to generate.",
        "image_size": "The size of the generated image.",
        "scheduler": "The scheduler to use for the model.",
        "output_format": "The format of the generated image.",
    }


def test_kolors_examples() -> None:
    e = endpoint(KOLORS)
    prompt = e.field_named("input", "prompt")
    assert prompt is not None
    assert len(prompt.examples) == 2
    assert prompt.examples[0].startswith("A young Chinese couple with fair skin")
    assert prompt.examples[1].startswith("The image features four mythical beasts")
    assert prompt.examples[1].endswith("surrounded by vast mountains and grasslands.")
    negative = e.field_named("input", "negative_prompt")
    assert negative is not None and negative.examples == ("ugly, deformed, blurry",)
    assert set(e.examples) == {"request", "full_request", "response"}
    assert list(e.examples["request"]) == ["prompt"]
    assert e.examples["full_request"]["image_size"] == "square_hd"
    assert e.examples["full_request"]["guidance_scale"] == 5
    assert e.examples["response"] == {
        "images": [{"url": "", "content_type": "image/jpeg"}],
        "prompt": "",
    }


def test_kolors_outputs_field_by_field() -> None:
    e = endpoint(KOLORS)
    assert [(f.name, facts(f)) for f in e.output] == [
        ("images", {"type": ["array", "Image"], "required": True}),
        ("timings", {"type": "Timings", "required": True}),
        ("seed", {"type": "integer", "required": True, "canonical": "seed"}),
        ("has_nsfw_concepts", {"type": ["array", "boolean"], "required": True}),
        ("prompt", {"type": "string", "required": True, "canonical": "prompt"}),
    ]
    timings = e.field_named("output", "timings")
    assert timings is not None and timings.description is None
    images = e.field_named("output", "images")
    assert images is not None and images.description == "The generated image files info."


def test_kolors_provenance() -> None:
    e = endpoint(KOLORS)
    guidance = e.field_named("input", "guidance_scale")
    assert guidance is not None
    assert guidance.origin == {
        "type": "sources/fal/pages/kolors.md:45",
        "description": "sources/fal/pages/kolors.md:46",
        "default": "sources/fal/pages/kolors.md:49",
        "minimum": "sources/fal/pages/kolors.md:50",
        "maximum": "sources/fal/pages/kolors.md:50",
    }
    scheduler = e.field_named("input", "scheduler")
    assert scheduler is not None
    assert scheduler.origin["enum"] == "sources/fal/pages/kolors.md:84"
    assert scheduler.origin["default"] == "sources/fal/pages/kolors.md:83"
    prompt = e.field_named("input", "prompt")
    assert prompt is not None
    assert prompt.origin["required"] == "sources/fal/pages/kolors.md:33"
    assert prompt.origin["examples"] == "sources/fal/pages/kolors.md:36"
    image_size = e.field_named("input", "image_size")
    assert (
        image_size is not None and image_size.origin["variants"] == "sources/fal/pages/kolors.md:76"
    )
    images = e.field_named("output", "images")
    assert images is not None and images.origin["items"] == "sources/fal/pages/kolors.md:122"


# ---------------------------------------------------------------------------- image-to-image


def test_image_to_image_endpoint_facts() -> None:
    e = endpoint(IMAGE_TO_IMAGE)
    assert e.id == "fal-ai/kolors/image-to-image"
    assert e.title == "Kolors Image to Image"
    assert e.summary == "Photorealistic Image-to-Image"
    assert e.category == "image-to-image"
    assert e.protocols == ("run", "queue")
    assert "Tags: realism, editing, diffusion" in e.notes


def test_image_to_image_inputs_field_by_field() -> None:
    e = endpoint(IMAGE_TO_IMAGE)
    expected = {name: dict(f) for name, f in SHARED_INPUT.items()}
    del expected["image_size"]["default"]  # this page gives image_size no default
    expected["image_url"] = {
        "type": "string",
        "required": True,
        "file": True,
        "canonical": "image_url",
    }
    expected["strength"] = {
        "type": "number",
        "required": False,
        "default": 0.85,
        "minimum": 0.01,
        "maximum": 1,
        "canonical": "strength",
    }
    assert [f.name for f in e.input] == list(expected)
    for f in e.input:
        assert facts(f) == expected[f.name], f.name


def test_image_to_image_new_parameters() -> None:
    e = endpoint(IMAGE_TO_IMAGE)
    image_url = e.field_named("input", "image_url")
    assert image_url is not None
    assert image_url.description == "URL of image to use for image to image"
    assert image_url.examples == (
        "https://storage.googleapis.com/falserverless/model_tests/image_models/bunny_source.png",
    )
    assert image_url.origin["file"] == "sources/fal/pages/kolors-image-to-image.md:89"
    strength = e.field_named("input", "strength")
    assert strength is not None
    assert strength.description == (
        "The strength to use for image-to-image. 1.0 is completely remakes the image while 0.0 "
        "preserves the original."
    )
    assert strength.origin["minimum"] == "sources/fal/pages/kolors-image-to-image.md:96"
    prompt = e.field_named("input", "prompt")
    assert prompt is not None and prompt.description == "The prompt to generate an image from."
    assert e.examples["request"]["image_url"].endswith("bunny_source.png")
    assert e.examples["full_request"]["strength"] == 0.85
    assert "image_size" not in e.examples["full_request"]


def test_image_to_image_outputs_match_kolors() -> None:
    outputs = endpoint(IMAGE_TO_IMAGE).output
    assert [(f.name, facts(f)) for f in outputs] == [
        (f.name, facts(f)) for f in endpoint(KOLORS).output
    ]


# ---------------------------------------------------------------------------- loading


@pytest.mark.parametrize("path", [KOLORS, IMAGE_TO_IMAGE])
def test_ingested_spec_loads_cleanly(path: str, tmp_path: Path) -> None:
    e = endpoint(path)
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs" / "providers", specs / "providers")
    for name in ("types.yaml", "vocabulary.yaml"):
        shutil.copy(ROOT / "specs" / name, specs / name)
    target = specs / "fal" / f"{e.id}.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(dump_endpoint(e), encoding="utf-8")
    loaded = load_specs(specs)
    assert loaded.endpoints[e.id] == e


# ---------------------------------------------------------------------------- malformed pages


def test_truncated_page_is_reported() -> None:
    text = (ROOT / KOLORS).read_text(encoding="utf-8")
    cut = "\n".join(text.splitlines()[:100])
    file, _, message = problem_of(Document(KOLORS, cut))
    assert file == KOLORS
    assert "'### Output Schema'" in message and "truncated" in message


def test_page_cut_inside_a_json_block_is_reported() -> None:
    text = (ROOT / KOLORS).read_text(encoding="utf-8")
    cut = "\n".join(text.splitlines()[:150])
    file, line, message = problem_of(Document(KOLORS, cut))
    assert (file, line) == (KOLORS, 150)
    assert "never closed" in message


def warning_of(doc: Document, name: str | None = None) -> tuple[str, int | None, str]:
    """Ingest a page with one unreadable fact: the endpoint is still produced, with one
    warning, which its notes repeat; answers the warning (file, line, message)."""
    (endpoint,) = fal_markdown.ingest(doc, vocabulary())
    (warning,) = doc.warnings
    assert any(note.startswith("Warning: ") and warning.message in note for note in endpoint.notes)
    if name is not None:
        assert endpoint.field_named("input", name) is not None
    assert len(endpoint.input) == 11
    return warning.file, warning.line, warning.message


def kolors_field(doc: Document, name: str) -> Field:
    (endpoint,) = fal_markdown.ingest(doc, vocabulary())
    found = endpoint.field_named("input", name)
    assert found is not None
    return found


def test_garbled_range_costs_a_warning_and_the_bounds() -> None:
    doc = mutated(KOLORS, "Range: `1` to `10`", "Range: `1` to `ten`")
    file, line, message = warning_of(doc, "guidance_scale")
    assert (file, line) == (KOLORS, 50) and "left unbounded" in message
    assert kolors_field(doc, "guidance_scale").type.maximum is None
    assert kolors_field(doc, "guidance_scale").default == 5


def test_range_that_does_not_fit_an_integer_costs_a_warning() -> None:
    doc = mutated(KOLORS, "Range: `1` to `150`", "Range: `1` to `150.5`")
    file, line, message = warning_of(doc)
    assert (file, line) == (KOLORS, 55)
    assert "integer" in message


def test_garbled_default_costs_a_warning_and_the_default() -> None:
    doc = mutated(KOLORS, "  - Default: `5`", "  - Default: `five`")
    file, line, message = warning_of(doc, "guidance_scale")
    assert (file, line) == (KOLORS, 49)
    assert "five" in message and "left without a default" in message
    guidance = kolors_field(doc, "guidance_scale")
    assert guidance.default is MISSING and guidance.type.maximum == 10


def test_default_of_the_wrong_type_costs_a_warning() -> None:
    doc = mutated(KOLORS, "  - Default: `true`", '  - Default: `"yes"`')
    file, line, message = warning_of(doc)
    assert (file, line) == (KOLORS, 69)
    assert "boolean" in message


def test_default_outside_the_options_costs_a_warning() -> None:
    doc = mutated(KOLORS, '  - Default: `"png"`', '  - Default: `"gif"`')
    assert warning_of(doc)[:2] == (KOLORS, 88)


def test_null_default_and_null_example_mean_nullable_without_default() -> None:
    doc = mutated(KOLORS, "  - Default: `5`", "  - Default: `null`")
    guidance = kolors_field(doc, "guidance_scale")
    assert guidance.default is MISSING and guidance.type.nullable
    assert not doc.warnings
    doc = mutated(KOLORS, "  - Default: `5`", "  - Default: `5`\n  - Examples: null")
    guidance = kolors_field(doc, "guidance_scale")
    assert guidance.default == 5 and guidance.type.nullable and guidance.examples == ()


def test_enum_without_options_costs_a_warning_and_is_a_plain_string() -> None:
    doc = mutated(KOLORS, '  - Options: `"jpeg"`, `"png"`\n', "")
    file, line, message = warning_of(doc, "output_format")
    assert (file, line) == (KOLORS, 86)
    assert "Options" in message
    assert kolors_field(doc, "output_format").type.type == "string"


def test_unknown_detail_costs_a_warning() -> None:
    doc = mutated(KOLORS, "  - Range: `1` to `8`", "  - Step: `1`")
    assert warning_of(doc)[:2] == (KOLORS, 74)


def test_unreadable_type_costs_a_warning_and_is_any() -> None:
    doc = mutated(KOLORS, "(`integer`, _optional_):\n  Seed", "(`int 32`, _optional_):\n  Seed")
    assert warning_of(doc, "seed")[:2] == (KOLORS, 57)
    assert kolors_field(doc, "seed").type.type == "any"


def test_undefined_type_name_is_an_open_object_type_with_a_warning() -> None:
    doc = mutated(KOLORS, "(`integer`, _optional_):\n  Seed", "(`SeedSpec`, _optional_):\n  Seed")
    file, line, message = warning_of(doc, "seed")
    assert (file, line) == (KOLORS, 57) and "'SeedSpec'" in message
    (endpoint,) = fal_markdown.ingest(doc, vocabulary())
    assert endpoint.types["SeedSpec"].type.type == "object"
    assert endpoint.types["SeedSpec"].type.additional is True


def test_fal_internal_type_names_resolve_to_their_last_segment() -> None:
    text = SYNTHETIC.replace("list<Image>", "list<fal__toolkit__image__image__Image>")
    text = text.replace("Array of Image", "Array of fal__toolkit__image__image__Image")
    doc = Document("demo.md", text)
    (endpoint,) = fal_markdown.ingest(doc, vocabulary())
    assert not doc.warnings and endpoint.types == {}
    images = endpoint.field_named("output", "images")
    assert images is not None and images.type.items is not None
    assert images.type.items.type == "Image"


def test_mismatched_endpoint_url_is_a_conflict_the_model_id_wins() -> None:
    doc = mutated(KOLORS, "https://fal.run/fal-ai/kolors`", "https://fal.run/fal-ai/other`")
    file, line, message = warning_of(doc)
    assert (file, line) == (KOLORS, 8) and "conflict" in message
    (endpoint,) = fal_markdown.ingest(doc, vocabulary())
    assert endpoint.id == "fal-ai/kolors"


def test_description_over_several_paragraphs_is_kept_whole() -> None:
    doc = mutated(
        KOLORS,
        "  The CFG (Classifier Free Guidance) scale",
        "  First paragraph.\n  \n  Second paragraph.\n\n  The CFG (Classifier Free Guidance) scale",
    )
    guidance = kolors_field(doc, "guidance_scale")
    assert guidance.description is not None
    assert guidance.description.startswith("First paragraph.\n\nSecond paragraph.\n\nThe CFG")
    assert guidance.default == 5 and not doc.warnings


def test_invalid_example_json_is_reported() -> None:
    doc = mutated(KOLORS, '  "num_images": 1,', '  "num_images": 1,,')
    file, line, message = problem_of(doc)
    assert (file, line) == (KOLORS, 110)
    assert "Full Example" in message


# ---------------------------------------------------------------------------- a synthetic page

SYNTHETIC = """# Demo

> Demo summary

## Overview

- **Endpoint**: `https://fal.run/fal-ai/demo`
- **Model ID**: `fal-ai/demo`
- **Category**: image-to-image

### Input Schema

- **`image_size`** (`ImageSize | Enum`, _optional_):
  The size. Default value: `landscape_4_3`
  - One of: ImageSize | Enum
  - Options: `"square"`, `"landscape_4_3"`

- **`mask_urls`** (`list<string>`, _optional_):
  Masks.

- **`strength`** (`float`, _optional_):
  How much. Default value: `0.5`
  - Range: `0` to `1`

### Output Schema

- **`images`** (`list<Image>`, _required_):
  Images.
  - Array of Image

## Usage Examples

## Additional Resources

### fal.ai Platform

- [Platform Documentation](https://docs.fal.ai)
"""


def test_enum_variant_with_options_file_lists_and_prose_defaults() -> None:
    (e,) = fal_markdown.ingest(Document("demo.md", SYNTHETIC), vocabulary())
    size, masks, strength = e.input
    assert size.type.type == "union"
    assert [v.type for v in size.type.variants] == ["ImageSize", "string"]
    assert size.type.variants[1].enum == ("square", "landscape_4_3")
    assert size.default == "landscape_4_3"
    assert size.origin["default"] == "demo.md:14"
    assert size.origin["enum"] == "demo.md:16"
    assert not any(n.startswith("image_size:") for n in e.notes)
    assert masks.type.items is not None and masks.type.items.file
    assert (strength.default, strength.description) == (0.5, "How much.")
    assert e.category == "image-to-image"


def test_restatement_that_disagrees_with_the_type_costs_a_warning() -> None:
    doc = Document("demo.md", SYNTHETIC.replace("  - Array of Image", "  - Array of File"))
    (endpoint,) = fal_markdown.ingest(doc, vocabulary())
    (problem,) = doc.warnings
    assert (problem.file, problem.line) == ("demo.md", 29)
    images = endpoint.field_named("output", "images")
    assert images is not None and images.type.items is not None
    assert images.type.items.type == "Image"


def test_a_type_the_sources_define_one_way_is_taken_from_them() -> None:
    doc = mutated(
        KOLORS, "(`integer`, _optional_):\n  Seed", "(`Coordinates`, _optional_):\n  Seed"
    )
    (endpoint,) = fal_markdown.ingest(doc, vocabulary())
    assert not doc.warnings
    seed = endpoint.field_named("input", "seed")
    assert seed is not None and seed.type.type == "Coordinates"
    learned = endpoint.types["Coordinates"].type
    assert learned.type == "object" and learned.properties
    assert any(
        "taken from sources/fal/openapi/" in n and "`Coordinates`" in n for n in endpoint.notes
    )
