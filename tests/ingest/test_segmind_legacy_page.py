"""The older (scraped) Segmind page ingester on the real kolors page, attribute by attribute."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.ingest import segmind_legacy_page
from generator.ingest.base import Document
from generator.spec.dump import dump_endpoint
from generator.spec.errors import ProblemsError
from generator.spec.loader import load_specs, load_support
from generator.spec.model import MISSING, Endpoint, Field, Vocabulary

ROOT = Path(__file__).resolve().parents[2]
PAGE = "sources/segmind/pages/kolors-legacy.txt"
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


def page_text() -> str:
    return (ROOT / PAGE).read_text(encoding="utf-8")


@cache
def legacy_doc() -> Document:
    return Document(PAGE, page_text())


@cache
def endpoint() -> Endpoint:
    (found,) = segmind_legacy_page.ingest(legacy_doc(), vocabulary())
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


def problem_of(text: str) -> tuple[str, int | None, str]:
    with pytest.raises(ProblemsError) as caught:
        segmind_legacy_page.ingest(Document(PAGE, text), vocabulary())
    (problem,) = caught.value.problems
    return problem.file, problem.line, problem.message


def replaced(old: str, new: str) -> str:
    text = page_text()
    assert old in text
    return text.replace(old, new, 1)


# ---------------------------------------------------------------------------- detection


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_detect_accepts_only_the_legacy_segmind_page(key: str) -> None:
    assert segmind_legacy_page.detect(seed_text(key)) is (key == "002")


def test_detect_rejects_openapi_documents() -> None:
    assert not segmind_legacy_page.detect((ROOT / "sources/fal/openapi/index.json").read_text())
    assert not segmind_legacy_page.detect('{"servers": [{"url": "https://api.segmind.com/v1"}]}')


# ---------------------------------------------------------------------------- endpoint


def test_endpoint_facts() -> None:
    e = endpoint()
    assert e.id == "segmind/kolors"
    assert e.provider == "segmind"
    assert e.title == "Kolors"
    assert e.summary is not None
    assert e.summary.startswith("Kolors, developed by the Kuaishou Kolors team, is a remarkable")
    assert e.summary.endswith("both in Chinese and English.")
    assert e.category is None
    assert e.protocols == ("v1",)
    assert e.output == ()
    assert e.sources["sources/segmind/pages/kolors-legacy.txt"].path == PAGE
    assert e.sources["sources/segmind/pages/kolors-legacy.txt"].layout == "segmind-legacy-page"


def test_notes_keep_response_codes_and_credits() -> None:
    notes = endpoint().notes
    assert [n for n in notes if n.startswith("HTTP ")] == [
        "HTTP 200 OK: Image Generated",
        "HTTP 401 Unauthorized: User authentication failed",
        "HTTP 404 Not Found: The requested URL does not exist",
        "HTTP 405 Method Not Allowed: The requested HTTP method is not allowed",
        "HTTP 406 Not Acceptable: Not enough credits",
        "HTTP 500 Server Error: Server had some issue with processing",
    ]
    assert "v1 returns image/jpeg (the raw bytes, not JSON)" in notes
    assert any("x-remaining-credits" in n for n in notes)
    assert any("multipart/form-data" in n for n in notes)


INPUT: dict[str, dict[str, Any]] = {
    "cfg": {
        "type": "number",
        "required": False,
        "default": 6,
        "minimum": 0,
        "maximum": 20,
        "description": "Guidance scale",
        "canonical": "guidance_scale",
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
    "height": {
        "type": "integer",
        "required": False,
        "default": 1024,
        "minimum": 512,
        "maximum": 2048,
        "description": "Height of the image",
        "canonical": "height",
    },
    "prompt": {"type": "string", "required": True, "canonical": "prompt"},
    "scheduler": {
        "type": "string",
        "required": False,
        "default": "EulerDiscreteScheduler",
        "description": "An enumeration.",
        "canonical": "scheduler",
    },
    "output_format": {
        "type": "string",
        "required": False,
        "default": "webp",
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
    "negative_prompt": {
        "type": "string",
        "required": False,
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
}


def test_inputs_field_by_field() -> None:
    e = endpoint()
    assert [f.name for f in e.input] == list(INPUT)
    for f in e.input:
        assert facts(f) == INPUT[f.name], f.name


def test_lost_allowed_values_are_not_an_empty_enum() -> None:
    e = endpoint()
    for name in ("scheduler", "output_format"):
        f = e.field_named("input", name)
        assert f is not None and f.type.enum is None
        assert "enum" not in f.origin
    warned = {(w.field, w.line): w.message for w in legacy_doc().warnings}
    assert warned[("scheduler", 65)].startswith("the page says 'Allowed values' but lists none")
    assert warned[("output_format", 72)].startswith("the page says 'Allowed values' but lists")
    assert any(
        n.startswith("Warning: sources/segmind/pages/kolors-legacy.txt:65: the page says")
        for n in e.notes
    )


def test_negative_prompt_placeholder_default_is_a_warning_not_a_default() -> None:
    e = endpoint()
    negative = e.field_named("input", "negative_prompt")
    assert negative is not None and negative.default is MISSING
    warned = {(w.field, w.line): w.message for w in legacy_doc().warnings}
    assert warned[("negative_prompt", 84)] == (
        "the default 1 of a text field is a placeholder, not kept"
    )
    assert len(warned) == 3


def test_provenance() -> None:
    e = endpoint()
    cfg = e.field_named("input", "cfg")
    assert cfg is not None
    assert cfg.origin == {
        "type": "sources/segmind/pages/kolors-legacy.txt:17",
        "default": "sources/segmind/pages/kolors-legacy.txt:17",
        "description": "sources/segmind/pages/kolors-legacy.txt:19",
        "minimum": "sources/segmind/pages/kolors-legacy.txt:21",
        "maximum": "sources/segmind/pages/kolors-legacy.txt:23",
    }
    prompt = e.field_named("input", "prompt")
    assert prompt is not None
    assert prompt.origin == {
        "type": "sources/segmind/pages/kolors-legacy.txt:58",
        "required": "sources/segmind/pages/kolors-legacy.txt:58",
    }
    count = e.field_named("input", "number_of_images")
    assert (
        count is not None
        and count.origin["maximum"] == "sources/segmind/pages/kolors-legacy.txt:95"
    )


def test_request_example_is_the_js_request_body() -> None:
    request = endpoint().examples["request"]
    assert list(request) == [
        "cfg",
        "seed",
        "steps",
        "width",
        "height",
        "prompt",
        "scheduler",
        "output_format",
        "output_quality",
        "number_of_images",
    ]
    assert request["cfg"] == 6 and request["output_format"] == "webp"
    assert request["prompt"].startswith("In this lively 2D illustration")


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


def test_allowed_values_that_survived_the_scrape_become_the_enum() -> None:
    text = replaced(
        "output_formatenum:str ( default: webp )\n\nAn enumeration.\n\nAllowed values:\n",
        "output_formatenum:str ( default: webp )\n\nAn enumeration.\n\nAllowed values:\n"
        "webp\njpg\npng\n",
    )
    (e,) = segmind_legacy_page.ingest(Document(PAGE, text), vocabulary())
    f = e.field_named("input", "output_format")
    assert f is not None and f.type.enum == ("webp", "jpg", "png")
    assert f.origin["enum"] == "sources/segmind/pages/kolors-legacy.txt:73"
    assert not any(n.startswith("output_format: the page says") for n in e.notes)


# ---------------------------------------------------------------------------- malformed pages


def test_page_truncated_before_the_attributes_is_reported() -> None:
    cut = "\n".join(page_text().splitlines()[:12])
    file, _, message = problem_of(cut)
    assert file == PAGE
    assert "'Attributes'" in message and "truncated" in message


def test_page_truncated_right_after_the_attributes_heading_is_reported() -> None:
    cut = "\n".join(page_text().splitlines()[:16])
    assert problem_of(cut)[:2] == (PAGE, 14)


def warnings_of(text: str) -> tuple[Endpoint, list[tuple[int | None, str | None, str]]]:
    doc = Document(PAGE, text)
    (e,) = segmind_legacy_page.ingest(doc, vocabulary())
    baseline = {(w.line, w.field, w.message) for w in legacy_doc().warnings}
    endpoint()
    new = [(w.line, w.field, w.message) for w in doc.warnings]
    return e, [w for w in new if w not in baseline]


def test_example_cut_inside_its_request_body_is_a_warning() -> None:
    lines = page_text().splitlines()
    lines[2] = lines[2][: lines[2].index('"prompt"')]
    e, ((line, _, message),) = warnings_of("\n".join(lines))
    assert line == 3 and "reqBody" in message and "never closed" in message
    assert e.examples == {} and len(e.input) == len(endpoint().input)


def test_garbled_bound_is_a_warning_on_its_line() -> None:
    e, ((line, name, message),) = warnings_of(replaced("min : 0,", "min : zero,"))
    assert (line, name) == (21, "cfg") and "zero" in message
    cfg = e.field_named("input", "cfg")
    assert cfg is not None and cfg.type.minimum is None and cfg.type.maximum == 20


def test_bound_that_does_not_fit_an_integer_is_a_warning() -> None:
    e, ((line, name, _),) = warnings_of(replaced("max : 50", "max : 50.5"))
    assert (line, name) == (37, "steps")
    steps = e.field_named("input", "steps")
    assert steps is not None and (steps.type.minimum, steps.type.maximum) == (1, None)


def test_min_above_max_is_a_warning_and_the_max_is_dropped() -> None:
    text = replaced("min : 1,\n\nmax : 50", "min : 60,\n\nmax : 50")
    e, warned = warnings_of(text)
    steps = e.field_named("input", "steps")
    assert steps is not None and (steps.type.minimum, steps.type.maximum) == (60, None)
    # the default 25 now lies below the page's own minimum: a placeholder too
    assert [(line, name) for line, name, _ in warned] == [(37, "steps"), (31, "steps")]
    assert steps.default is MISSING


def test_garbled_default_is_a_warning_on_its_line() -> None:
    e, ((line, name, message),) = warnings_of(
        replaced("cfgfloat ( default: 6 )", "cfgfloat ( default: six )")
    )
    assert (line, name) == (17, "cfg") and "six" in message
    cfg = e.field_named("input", "cfg")
    assert cfg is not None and cfg.default is MISSING and cfg.type.maximum == 20


def test_default_outside_the_bounds_is_a_placeholder() -> None:
    e, ((line, name, message),) = warnings_of(
        replaced("stepsint ( default: 25 )", "stepsint ( default: 250 )")
    )
    assert (line, name) == (31, "steps") and "above the maximum 50" in message
    steps = e.field_named("input", "steps")
    assert steps is not None and steps.default is MISSING and steps.type.maximum == 50


def test_unknown_type_is_a_warning_and_the_attribute_left_out() -> None:
    e, ((line, _, message),) = warnings_of(replaced("seedint ( default", "seedtensor ( default"))
    assert line == 26 and "unknown type" in message
    assert e.field_named("input", "seed") is None
    assert len(e.input) == len(endpoint().input) - 1
