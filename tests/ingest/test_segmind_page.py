"""The newer Segmind page ingester on the real kolors page, parameter by parameter."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.ingest import segmind_page
from generator.ingest.base import Document
from generator.spec.dump import dump_endpoint
from generator.spec.errors import ProblemsError
from generator.spec.loader import load_specs, load_support
from generator.spec.model import MISSING, Endpoint, Field, Vocabulary

ROOT = Path(__file__).resolve().parents[2]
PAGE = "sources/segmind/pages/kolors.txt"
SEEDS = {
    "000": "sources/fal/pages/kolors.md",
    "001": "sources/fal/pages/kolors-image-to-image.md",
    "002": "sources/segmind/pages/kolors-legacy.txt",
    "003": "sources/fal/pages/playground-ten-models.txt",
    "004": "sources/segmind/pages/kolors.txt",
}
SEED_003 = ROOT.parent / "shared" / "seeds/003_773a62f513335e75.txt"
PROMPT = (
    "In this lively 2D illustration, three animated boys joyfully have their laughter filling "
    "the air. , adding warmth and charm. The agave field behind them radiates warmth, emphasizing "
    "the authenticity of this gathering spot and the togetherness of the boys sharing a moment "
    "of joy."
)
SCHEDULERS = (
    "EulerDiscreteScheduler",
    "EulerAncestralDiscreteScheduler",
    "DPMSolverMultistepScheduler",
    "DPMSolverMultistepScheduler_SDE_karras",
    "UniPCMultistepScheduler",
    "DEISMultistepScheduler",
)


@cache
def vocabulary() -> Vocabulary:
    return load_support(ROOT / "specs")[0].vocabulary


@cache
def endpoint() -> Endpoint:
    doc = Document(PAGE, (ROOT / PAGE).read_text(encoding="utf-8"))
    (found,) = segmind_page.ingest(doc, vocabulary())
    return found


def seed_text(key: str) -> str:
    path = ROOT / SEEDS[key]
    if not path.exists() and key == "003":
        path = SEED_003
    return path.read_text(encoding="utf-8")


def facts(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"type": f.type.type, "required": f.required}
    if f.default is not MISSING:
        out["default"] = f.default
    for key in ("minimum", "maximum", "enum"):
        if getattr(f.type, key) is not None:
            out[key] = getattr(f.type, key)
    if f.type.file:
        out["file"] = True
    if f.description is not None:
        out["description"] = f.description
    if f.canonical is not None:
        out["canonical"] = f.canonical
    return out


def problem_of(old: str, new: str) -> tuple[str, int | None, str]:
    text = (ROOT / PAGE).read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ProblemsError) as caught:
        segmind_page.ingest(Document(PAGE, text.replace(old, new, 1)), vocabulary())
    (problem,) = caught.value.problems
    return problem.file, problem.line, problem.message


# ---------------------------------------------------------------------------- detection


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_detect_accepts_only_the_newer_segmind_page(key: str) -> None:
    assert segmind_page.detect(seed_text(key)) is (key == "004")


def test_detect_rejects_openapi_documents() -> None:
    for path in (
        ROOT / "sources/fal/openapi/index.json",
        (ROOT.parent / "shared" / "openapi/segmind/segmind-sdk.openapi.yaml"),
    ):
        if path.exists():
            assert not segmind_page.detect(path.read_text(encoding="utf-8"))
    assert not segmind_page.detect('{"openapi": "3.0.4", "paths": {"/v1/kolors": {}}}')


# ---------------------------------------------------------------------------- endpoint


def test_endpoint_facts() -> None:
    e = endpoint()
    assert e.id == "segmind/kolors"
    assert e.provider == "segmind"
    assert e.title == "Kolors"
    assert e.summary == (
        "Kolors is a cutting-edge text-to-image model that bridges language and visual art. "
        "Transform your textual ideas into photorealistic images with semantic precision."
    )
    assert e.category is None
    assert e.protocols == ("v1", "v2")
    assert e.sources["sources/segmind/pages/kolors.txt"].path == PAGE
    assert e.sources["sources/segmind/pages/kolors.txt"].layout == "segmind-page"
    assert e.types == {}


def test_notes_keep_protocol_and_error_facts() -> None:
    notes = endpoint().notes
    for expected in (
        "The page shows a typical run time of ~84.25s",
        "v1 (POST /v1/kolors) returns: Image (the raw bytes, not JSON)",
        "v2 submit: POST /v2/kolors returns request_id, status_url, response_url",
        "v2 poll: GET /v2/requests/{id}/status until COMPLETED or FAILED",
        "v2 result: GET /v2/requests/{id} final response body",
        "v2: A FAILED request is served as HTTP 422 — the body still carries the error detail.",
        "v2: An unknown or expired request_id returns HTTP 404.",
        "v2: Results are retained for 1 hour, then expire.",
        "HTTP 400 Bad Request: Invalid parameters or request format",
        "HTTP 406 Insufficient Credits: Not enough credits to process request",
        "HTTP 429 Rate Limited: Too many requests",
        "HTTP 504 Timeout: Request timed out",
    ):
        assert expected in notes
    assert sum(n.startswith("HTTP ") for n in notes) == 9
    assert any(n.startswith("prompt: required, so the value the page gives") for n in notes)


INPUT: dict[str, dict[str, Any]] = {
    "prompt": {"type": "string", "required": True, "canonical": "prompt"},
    "cfg": {
        "type": "number",
        "required": False,
        "default": 6,
        "minimum": 0,
        "maximum": 20,
        "description": "Guidance scale",
        "canonical": "guidance_scale",
    },
    "height": {
        "type": "integer",
        "required": False,
        "default": 1024,
        "minimum": 512,
        "maximum": 2048,
        "description": "Height of the image",
        "canonical": "height",
    },
    "negative_prompt": {
        "type": "string",
        "required": False,
        "default": "",
        "description": "Things you do not want to see in your image",
        "canonical": "negative_prompt",
    },
    "number_of_images": {
        "type": "integer",
        "required": False,
        "default": 1,
        "minimum": 1,
        "maximum": 10,
        "description": "Number of images to generate",
        "canonical": "num_images",
    },
    "output_format": {
        "type": "string",
        "required": False,
        "default": "webp",
        "enum": ("webp", "jpg", "png"),
        "description": "An enumeration.",
        "canonical": "output_format",
    },
    "output_quality": {
        "type": "integer",
        "required": False,
        "default": 80,
        "minimum": 0,
        "maximum": 100,
        "description": "Quality of the output images, from 0 to 100. 100 is best quality, "
        "0 is lowest quality.",
        "canonical": "output_quality",
    },
    "scheduler": {
        "type": "string",
        "required": False,
        "default": "EulerDiscreteScheduler",
        "enum": SCHEDULERS,
        "description": "An enumeration.",
        "canonical": "scheduler",
    },
    "seed": {
        "type": "integer",
        "required": False,
        "default": 441234134,
        "description": "Set a seed for reproducibility. Random by default.",
        "canonical": "seed",
    },
    "steps": {
        "type": "integer",
        "required": False,
        "default": 25,
        "minimum": 1,
        "maximum": 50,
        "description": "Number of inference steps",
        "canonical": "num_inference_steps",
    },
    "width": {
        "type": "integer",
        "required": False,
        "default": 1024,
        "minimum": 512,
        "maximum": 2048,
        "description": "Width of the image",
        "canonical": "width",
    },
}


def test_inputs_field_by_field() -> None:
    e = endpoint()
    assert [f.name for f in e.input] == list(INPUT)
    for f in e.input:
        assert facts(f) == INPUT[f.name], f.name


def test_required_prompt_keeps_its_prefilled_default_as_an_example() -> None:
    prompt = endpoint().field_named("input", "prompt")
    assert prompt is not None
    assert prompt.default is MISSING
    assert prompt.examples == (PROMPT,)
    assert prompt.origin == {
        "type": "sources/segmind/pages/kolors.txt:62",
        "required": "sources/segmind/pages/kolors.txt:61",
        "examples": "sources/segmind/pages/kolors.txt:63",
    }


def test_provenance() -> None:
    e = endpoint()
    cfg = e.field_named("input", "cfg")
    assert cfg is not None
    assert cfg.origin == {
        "type": "sources/segmind/pages/kolors.txt:65",
        "description": "sources/segmind/pages/kolors.txt:67",
        "default": "sources/segmind/pages/kolors.txt:69",
        "minimum": "sources/segmind/pages/kolors.txt:69",
        "maximum": "sources/segmind/pages/kolors.txt:69",
    }
    output_format = e.field_named("input", "output_format")
    assert output_format is not None
    assert output_format.origin["enum"] == "sources/segmind/pages/kolors.txt:95"
    assert output_format.origin["default"] == "sources/segmind/pages/kolors.txt:93"
    scheduler = e.field_named("input", "scheduler")
    assert (
        scheduler is not None and scheduler.origin["enum"] == "sources/segmind/pages/kolors.txt:109"
    )


def test_output_is_the_v2_result_document() -> None:
    e = endpoint()
    assert [f.name for f in e.output] == ["status", "output", "metrics"]
    status, output, metrics = e.output
    assert facts(status) | {"description": None} == {
        "type": "string",
        "required": True,
        "enum": ("QUEUED", "PROCESSING", "COMPLETED", "FAILED"),
        "description": None,
    }
    assert status.description is not None and "FAILED: Errored" in status.description
    assert status.origin["enum"] == "sources/segmind/pages/kolors.txt:154"
    assert status.origin["type"] == "sources/segmind/pages/kolors.txt:26"
    assert facts(output) == {
        "type": "string",
        "required": False,
        "description": "model output (e.g. media URL)",
        "file": True,  # the media URL (docs/protocols.md §2.3): typed as a file output
    }
    assert output.origin["description"] == output.origin["file"]
    assert output.origin["file"] == "sources/segmind/pages/kolors.txt:27"
    assert metrics.type.type == "object" and metrics.required
    assert metrics.type.properties is not None
    (inference_time,) = metrics.type.properties
    assert facts(inference_time) == {
        "type": "number",
        "required": True,
        "description": "server compute seconds",
    }
    assert inference_time.origin["type"] == "sources/segmind/pages/kolors.txt:28"


def test_request_example_is_the_sdk_payload() -> None:
    assert endpoint().examples == {
        "request": {
            "cfg": 6,
            "seed": 441234134,
            "steps": 25,
            "width": 1024,
            "height": 1024,
            "prompt": PROMPT,
            "scheduler": "EulerDiscreteScheduler",
            "output_format": "webp",
            "output_quality": 80,
            "number_of_images": 1,
        }
    }


def test_ingested_spec_loads_cleanly(tmp_path: Path) -> None:
    e = endpoint()
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs" / "providers", specs / "providers")
    for name in ("types.yaml", "vocabulary.yaml"):
        shutil.copy(ROOT / "specs" / name, specs / name)
    target = specs / "segmind" / "kolors.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(dump_endpoint(e), encoding="utf-8")
    assert load_specs(specs).endpoints[e.id] == e


# ---------------------------------------------------------------------------- malformed pages


def test_page_truncated_before_the_parameters_is_reported() -> None:
    text = (ROOT / PAGE).read_text(encoding="utf-8")
    cut = "\n".join(text.splitlines()[:58])
    with pytest.raises(ProblemsError) as caught:
        segmind_page.ingest(Document(PAGE, cut), vocabulary())
    (problem,) = caught.value.problems
    assert problem.file == PAGE
    assert "'Parameters'" in problem.message and "truncated" in problem.message


def test_page_truncated_inside_a_parameter_is_reported() -> None:
    text = (ROOT / PAGE).read_text(encoding="utf-8")
    cut = "\n".join(text.splitlines()[:64])  # ends on `cfgoptional`, its type line lost
    with pytest.raises(ProblemsError) as caught:
        segmind_page.ingest(Document(PAGE, cut), vocabulary())
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (PAGE, 64)
    assert "ends inside its Parameters" in problem.message


def warning_of(old: str, new: str, name: str) -> tuple[int | None, str, Field]:
    """Ingest the page with one edit: the one warning it gives, and the parameter `name`."""
    text = (ROOT / PAGE).read_text(encoding="utf-8")
    assert old in text
    doc = Document(PAGE, text.replace(old, new, 1))
    (e,) = segmind_page.ingest(doc, vocabulary())
    (warning,) = doc.warnings
    assert (warning.file, warning.field) == (PAGE, name)
    assert any(n.endswith(warning.message) and n.startswith("Warning: ") for n in e.notes)
    found = e.field_named("input", name)
    assert found is not None
    return warning.line, warning.message, found


def test_garbled_range_is_a_warning_on_its_line() -> None:
    line, message, cfg = warning_of("Default: 6Range: 0 - 20", "Default: 6Range: 0 - twenty", "cfg")
    assert line == 69 and "twenty" in message
    assert (cfg.default, cfg.type.minimum, cfg.type.maximum) == (6, None, None)


def test_range_that_does_not_fit_an_integer_is_a_warning() -> None:
    line, _, steps = warning_of("Default: 25Range: 1 - 50", "Default: 25Range: 1 - 50.5", "steps")
    assert line == 121 and steps.type.maximum is None and steps.default == 25


def test_garbled_default_is_a_warning_on_its_line() -> None:
    line, message, quality = warning_of(
        "Default: 80Range", "Default: eightyRange", "output_quality"
    )
    assert line == 101 and "default" in message
    assert quality.default is MISSING and quality.type.maximum == 100


def test_default_of_the_wrong_type_is_not_kept() -> None:
    line, message, seed = warning_of("Default: 441234134", 'Default: "441234134"', "seed")
    assert line == 115 and "integer" in message and seed.default is MISSING


def test_default_outside_the_allowed_values_is_not_kept() -> None:
    line, message, fmt = warning_of('Default: "webp"', 'Default: "gif"', "output_format")
    assert line == 93 and "allowed" in message
    assert fmt.default is MISSING and fmt.type.enum == ("webp", "jpg", "png")


def test_garbled_allowed_values_leave_the_enum_unset() -> None:
    line, _, fmt = warning_of('"webp""jpg""png"', '"webp""jpg""png', "output_format")
    assert line == 95 and fmt.type.enum is None and fmt.default == "webp"


def test_unknown_type_is_a_warning_and_the_type_is_left_open() -> None:
    line, message, seed = warning_of("seedoptional\ninteger", "seedoptional\nbigint", "seed")
    assert line == 111 and "bigint" in message
    assert seed.type.type == "any" and seed.default == 441234134


def test_lost_allowed_values_leave_the_enum_unset() -> None:
    text = (ROOT / PAGE).read_text(encoding="utf-8")
    lost = text.replace('Allowed values :\n"webp""jpg""png"\n', "Allowed values :\n")
    doc = Document(PAGE, lost)
    (e,) = segmind_page.ingest(doc, vocabulary())
    output_format = e.field_named("input", "output_format")
    assert output_format is not None and output_format.type.enum is None
    assert any(
        n.startswith(f"Warning: {doc.at(94)}: the page says 'Allowed values' but lists none")
        for n in e.notes
    )


def test_page_without_v2_speaks_only_v1() -> None:
    text = (ROOT / PAGE).read_text(encoding="utf-8")
    before, after = text.replace("POST /v2/kolors · submit + poll\n", "").split(
        "Asynchronous requests (v2)"
    )
    v1_only = before + "Common Error Codes" + after.split("Common Error Codes")[1]
    (e,) = segmind_page.ingest(Document(PAGE, v1_only), vocabulary())
    assert e.protocols == ("v1",)
    assert e.output == ()
