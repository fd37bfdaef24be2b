"""Segmind pages in all three layouts and every variation the real pages show (issue 14), on
test pages of our own (tests/ingest/pages/segmind/): each page fact by fact, each warning on
its line, and each page cut at ten points (refused, or flagged, never silently accepted)."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.ingest import segmind_legacy_page, segmind_page
from generator.ingest.base import Document
from generator.ingest.pipeline import layout_module
from generator.ingest.registry import LAYOUTS
from generator.spec.dump import dump_endpoint
from generator.spec.errors import ProblemsError
from generator.spec.loader import load_specs
from generator.spec.model import MISSING, Endpoint, Field
from tests.ingest.test_truncation import SUPPORT, cuts, facts

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests/ingest/pages/segmind"
NAMES = sorted(p.name for p in PAGES.glob("*.txt"))
MODULES = {"segmind-page": segmind_page, "segmind-legacy-page": segmind_legacy_page}


def text_of(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def path_of(name: str) -> str:
    return str((PAGES / name).relative_to(ROOT))


def layout_of(text: str) -> str:
    (layout,) = [n for n, layout in LAYOUTS.items() if layout_module(n).detect(text)]
    return layout


@cache
def ingested(name: str) -> tuple[Endpoint, Document]:
    text = text_of(name)
    doc = Document(path_of(name), text)
    (endpoint,) = MODULES[layout_of(text)].ingest(doc, SUPPORT.vocabulary)
    return endpoint, doc


def line_of(name: str, text: str, after: str | None = None) -> int:
    """The one line of the page that is exactly `text` (stripped); with `after`, the first
    such line below the one line that is exactly `after`."""
    found = [n for n, line in enumerate(text_of(name).splitlines(), 1) if line.strip() == text]
    if after is not None:
        start = line_of(name, after)
        return next(n for n in found if n > start)
    assert len(found) == 1, (name, text, found)
    return found[0]


def located(name: str, where: int | str | tuple[str, str]) -> int:
    if isinstance(where, int):
        return where
    if isinstance(where, tuple):
        return line_of(name, where[0], after=where[1])
    return line_of(name, where)


def field_facts(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"type": f.type.type}
    if f.required:
        out["required"] = True
    if f.default is not MISSING:
        out["default"] = f.default
    for key in ("minimum", "maximum", "enum", "format"):
        if getattr(f.type, key) is not None:
            out[key] = getattr(f.type, key)
    if f.type.file:
        out["file"] = True
    if f.type.items is not None:
        items = f.type.items
        out["items"] = {"type": items.type}
        if items.file:
            out["items"]["file"] = True
        if items.enum is not None:
            out["items"]["enum"] = items.enum
    if f.examples:
        out["examples"] = f.examples
    return out


# ---------------------------------------------------------------------------- expectations

EXPECTED: dict[str, dict[str, Any]] = {
    "legacy-clarity-upscaler.txt": {
        "layout": "segmind-legacy-page",
        "id": "segmind/clarity-upscaler-demo",
        "title": "Clarity Upscaler Demo",
        "protocols": ("v1",),
        "path": None,
        "input": {
            "image": {"type": "string", "required": True, "file": True},
            "prompt": {"type": "string"},
            "negative_prompt": {"type": "string"},
            "mask_image": {"type": "string", "file": True},
            "scale_factor": {"type": "integer", "default": 2},
            "creativity": {"type": "number", "default": 0.35, "minimum": 0, "maximum": 1},
            "resemblance": {"type": "number", "default": 0.6, "minimum": 0, "maximum": 3},
            "dynamic": {"type": "integer", "minimum": 3, "maximum": 9},
            "num_inference_steps": {"type": "integer", "default": 18, "minimum": 1, "maximum": 100},
            "seed": {"type": "integer", "default": 1337},
            "sharpen": {"type": "number", "default": 0, "minimum": 0, "maximum": 10},
            "downscaling": {"type": "boolean"},
            "output_format": {"type": "string", "default": "png", "enum": ("png", "jpg", "webp")},
        },
        "warnings": [
            (
                "promptstr ( default: 1 )",
                "prompt",
                "the default 1 of a text field is a placeholder",
            ),
            (
                "mask_imageimage ( default: 1 )",
                "mask_image",
                "the default 1 of a file field is a placeholder",
            ),
            ("downscalingbool ( default: 1 )", "downscaling", "the default 1 is not a boolean"),
            (
                ("Allowed values:", "scale_factorenum:int ( default: 2 ) Affects Pricing"),
                "scale_factor",
                "'Allowed values' but lists none",
            ),
            ("dynamicint ( default: 1 )", "dynamic", "the default 1 is below the minimum 3"),
        ],
        "notes": [
            "v1 returns image/jpeg (the raw bytes, not JSON)",
            "scale_factor: the page says it affects pricing",
            "HTTP 406 Not Acceptable: Not enough credits",
        ],
        "example": {"image": "https://example.invalid/old-photo.png", "dynamic": 6},
    },
    "legacy-faceswap-python.txt": {
        "layout": "segmind-legacy-page",
        "id": "segmind/faceswap-demo",
        "title": "Face Swap Demo",
        "protocols": ("v1",),
        "path": "/v1/models/faceswap-demo",
        "input": {
            "source_image": {"type": "string", "required": True, "file": True},
            "target_image": {"type": "string", "required": True, "file": True},
            "face_restore": {"type": "boolean", "default": True},
            "upscale_by": {"type": "integer", "default": 1, "minimum": 1, "maximum": 4},
            "image_format": {"type": "string", "default": "jpeg", "enum": ("png", "jpeg", "webp")},
            "quality": {"type": "integer", "minimum": 10, "maximum": 100},
            "prompt_list": {"type": "array", "items": {"type": "string"}},
            "regions": {"type": "array", "items": {"type": "object"}},
            "threshold": {"type": "number", "default": 0.5, "minimum": 0, "maximum": 1},
        },
        "warnings": [
            (3, None, "'data' computes source_image (not a literal)"),
            ("qualityint ( default: 1 )", "quality", "the default 1 is below the minimum 10"),
        ],
        "notes": [
            "v1 returns Text/JSON (a JSON document)",
            "upscale_by: the page says it affects pricing",
            "HTTP 200 OK: Faces swapped",
        ],
        "example": {
            "target_image": "https://example.invalid/scene.jpg",
            "face_restore": True,
            "regions": [{"x": 0, "y": 0, "w": 64, "h": 64}],
        },
        "not_in_example": ("source_image",),
    },
    "params-controlnet-python.txt": {
        "layout": "segmind-page",
        "id": "segmind/sd15-depth-demo",
        "title": "SD1.5 ControlNet Depth Demo",
        "protocols": ("v1",),
        "path": "/v1/models/sd15-depth-demo",
        "input": {
            "image": {"type": "string", "required": True, "file": True},
            "prompt": {
                "type": "string",
                "required": True,
                "examples": ("a cosy reading corner, warm light",),
            },
            "negative_prompt": {"type": "string"},
            "guidance_scale": {"type": "number", "default": 7.5, "minimum": 1, "maximum": 25},
            "samples": {"type": "integer", "default": 2},
            "scheduler": {"type": "string", "default": "DDIM"},
            "controlnet_scale": {"type": "number", "default": 0.8, "minimum": 0, "maximum": 2},
            "steps": {"type": "integer", "default": 30, "minimum": 10, "maximum": 60},
            "aspect_ratio": {
                "type": "string",
                "default": "1:1",
                "enum": ("1:1", "4:3", "16:9", "9:16"),
            },
            "depth_image": {"type": "string", "file": True},
            "base64": {"type": "boolean", "default": False},
        },
        "warnings": [
            ("248", "samples", "the allowed values '248' look run together"),
            ("Allowed values : (13 total)", "scheduler", "shows only part of the allowed values"),
        ],
        "notes": [
            "The page shows a typical run time of ~6.1s",
            "samples: the page says it affects pricing",
            "v1 (POST /v1/models/sd15-depth-demo) returns: Image (the raw bytes, not JSON)",
            "HTTP 500 Server Error: Something failed on the server",
        ],
        "example": {"samples": 2, "aspect_ratio": "4:3", "base64": False},
    },
    "params-fast-flux-js.txt": {
        "layout": "segmind-page",
        "id": "segmind/fast-flux-demo",
        "title": "Fast Flux Demo",
        "protocols": ("v1",),
        "path": None,
        "input": {
            "prompt": {"type": "string", "required": True},
            "steps": {"type": "integer", "default": 4, "minimum": 1, "maximum": 8},
            "seed": {"type": "integer", "default": -1, "minimum": -1, "maximum": 999999999},
            "loras": {"type": "array", "items": {"type": "object"}},
            "tags": {
                "type": "array",
                "default": [],
                "items": {"type": "string", "enum": ("dusk", "coast", "forest")},
            },
            "sync": {"type": "boolean", "default": True},
            "image_url": {"type": "string", "file": True},
            "size": {"type": "string", "default": "1024x1024"},
            "width": {"type": "integer", "minimum": 256, "maximum": 1440},
            "output_quality": {"type": "integer", "default": 95, "minimum": 10, "maximum": 100},
            "style": {"type": "any"},
        },
        "warnings": [
            ("styleoptional vector", "style", "unknown type 'vector'"),
            ("Default: 100Range: 256 - 1440", "width", "the default 100 is below the minimum 256"),
        ],
        "notes": ["v1 (POST /v1/fast-flux-demo) returns: Text/JSON (a JSON document)"],
        "example": {
            "steps": 4,
            "sync": True,
            "loras": [{"path": "style.safetensors", "scale": 0.8}],
        },
    },
    "v2-first-nano-banana.txt": {
        "layout": "segmind-page",
        "id": "segmind/nano-banana-demo",
        "title": "Nano Banana Demo",
        "protocols": ("v2",),
        "path": None,
        "input": {
            "prompt": {"type": "string", "required": True},
            "image_urls": {"type": "array", "items": {"type": "string", "file": True}},
            "aspect_ratio": {
                "type": "string",
                "default": "1:1",
                "enum": ("1:1", "3:4", "4:3", "16:9"),
            },
            "output_format": {"type": "string", "default": "png", "enum": ("png", "jpeg")},
            "temperature": {"type": "number", "default": 1, "minimum": 0, "maximum": 2},
            "max_images": {"type": "integer", "default": 1, "minimum": 1, "maximum": 4},
        },
        "undescribed": ("output_format",),
        "warnings": [],
        "notes": [
            "The page shows a typical run time of ~12.4s",
            "v2 submit: POST /v2/nano-banana-demo returns request_id, status_url, response_url",
            "v2: Results are kept for one hour.",
        ],
        "example": {"prompt": "turn the pencil sketch into a watercolour", "aspect_ratio": "4:3"},
    },
}


def test_every_variation_has_a_page() -> None:
    assert sorted(EXPECTED) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_page_is_read_by_its_layout_only(name: str) -> None:
    assert layout_of(text_of(name)) == EXPECTED[name]["layout"]


@pytest.mark.parametrize("name", NAMES)
def test_endpoint_facts(name: str) -> None:
    e, _ = ingested(name)
    want = EXPECTED[name]
    assert (e.id, e.title, e.protocols, e.path) == (
        want["id"],
        want["title"],
        want["protocols"],
        want["path"],
    )
    assert e.summary is not None and len(e.summary) > 40


@pytest.mark.parametrize("name", NAMES)
def test_parameters_fact_by_fact(name: str) -> None:
    e, doc = ingested(name)
    want = EXPECTED[name]["input"]
    assert [f.name for f in e.input] == list(want)
    for f in e.input:
        assert field_facts(f) == want[f.name], f.name
        undescribed = EXPECTED[name].get("undescribed", ())
        assert (f.description is None) is (f.name in undescribed), f.name
        assert all(where.startswith(f"{doc.label}:") for where in f.origin.values()), f.name


@pytest.mark.parametrize("name", NAMES)
def test_warnings_are_located_and_kept_in_the_notes(name: str) -> None:
    e, doc = ingested(name)
    want = [
        (located(name, where), field, fragment)
        for where, field, fragment in EXPECTED[name]["warnings"]
    ]
    got = [(w.line, w.field, w.message) for w in doc.warnings]
    assert len(got) == len(want), got
    for (line, field, message), (want_line, want_field, fragment) in zip(got, want, strict=True):
        assert (line, field) == (want_line, want_field), message
        assert fragment in message
        assert f"Warning: {doc.at(line)}: {message}" in e.notes


@pytest.mark.parametrize("name", NAMES)
def test_notes_and_example(name: str) -> None:
    e, _ = ingested(name)
    for note in EXPECTED[name]["notes"]:
        assert note in e.notes
    example = EXPECTED[name]["example"]
    if example is None:
        assert e.examples == {}
    else:
        request = e.examples["request"]
        assert {k: request[k] for k in example} == example
        assert not set(EXPECTED[name].get("not_in_example", ())) & set(request)


def test_v2_first_page_result_document() -> None:
    name = "v2-first-nano-banana.txt"
    e, doc = ingested(name)
    status, output, metrics = e.output
    assert status.type.enum == ("QUEUED", "PROCESSING", "COMPLETED", "FAILED")
    shown = next(
        n for n, t in enumerate(text_of(name).splitlines(), 1) if '(result["status"])' in t
    )
    assert status.origin["type"] == doc.at(shown)
    assert output.description == "links to the images made"
    assert metrics.type.properties is not None
    assert [(p.name, p.description) for p in metrics.type.properties] == [
        ("inference_time", "seconds of compute"),
        ("queue_time", "seconds spent waiting"),
    ]


@pytest.mark.parametrize("name", NAMES)
def test_ingested_spec_loads_cleanly(name: str, tmp_path: Path) -> None:
    e, _ = ingested(name)
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs" / "providers", specs / "providers")
    for support in ("types.yaml", "vocabulary.yaml"):
        shutil.copy(ROOT / "specs" / support, specs / support)
    target = specs / "segmind" / f"{e.id.split('/')[1]}.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(dump_endpoint(e), encoding="utf-8")
    assert load_specs(specs).endpoints[e.id] == e


# ---------------------------------------------------------------------------- cut pages


@pytest.mark.parametrize("name", NAMES)
def test_every_cut_is_refused_or_flagged_and_adds_no_fact(name: str) -> None:
    text = text_of(name)
    layout = layout_of(text)
    whole, doc = ingested(name)
    whole_facts, whole_warnings = facts([whole]), set(doc.warnings)
    outcomes: list[str] = []
    for where, cut in cuts(text):
        if not layout_module(layout).detect(cut):
            outcomes.append("not detected")
            continue
        cut_doc = Document(path_of(name), cut)
        try:
            endpoints = MODULES[layout].ingest(cut_doc, SUPPORT.vocabulary)
        except ProblemsError as error:
            assert all(p.file == path_of(name) and p.line for p in error.problems), where
            outcomes.append("refused")
            continue
        got = facts(endpoints)
        assert got <= whole_facts, (where, sorted(got - whole_facts)[:3])
        new = [w for w in cut_doc.warnings if w not in whole_warnings]
        flagged = any("truncated" in w.message and w.line for w in new)
        assert flagged or got == whole_facts, (where, sorted(whole_facts - got)[:3])
        outcomes.append("flagged" if flagged else "whole")
    assert outcomes.count("refused") >= 10, outcomes  # most cuts land inside the facts
