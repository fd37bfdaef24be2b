"""The Segmind catalogue specs hold exactly the facts read off each model's public page.

Each entry below was taken from the page at its URL (README: The catalogue). A spec that drifts from
these facts (a changed default, a lost enum value, a range or fact the page does not state) fails here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.spec.loader import parse_endpoint

SPECS = Path(__file__).resolve().parents[2] / "specs" / "segmind"
PAGE_LAYOUT = "segmind-page"


@dataclass(frozen=True)
class PageFacts:
    slug: str
    url: str
    protocols: tuple[str, ...]
    params: dict[str, dict[str, Any]]


CATALOGUE = [
    PageFacts(
        "flux-schnell",
        "https://segmind.com/models/flux-schnell/api",
        ("v1", "v2"),
        {
            "prompt": {"type": "string", "required": True},
            "denoise": {"type": "number", "default": 1, "minimum": 0, "maximum": 1},
            "height": {"type": "integer", "default": 1024},
            "sampler_name": {"type": "string", "default": "euler"},
            "samples": {"type": "integer", "default": 1},
            "scheduler": {
                "type": "string",
                "default": "normal",
                "enum": [
                    "normal",
                    "karras",
                    "exponential",
                    "sgm_uniform",
                    "simple",
                    "ddim_uniform",
                ],
            },
            "seed": {"type": "integer", "default": 123456789},
            "steps": {"type": "integer", "default": 4, "minimum": 1, "maximum": 8},
        },
    ),
    PageFacts(
        "fast-flux-schnell",
        "https://segmind.com/models/fast-flux-schnell/api",
        ("v1", "v2"),
        {
            "prompt": {"type": "string", "required": True},
            "aspect_ratio": {
                "type": "string",
                "default": "1:1",
                "enum": ["1:1", "16:9", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21"],
            },
            "base64": {"type": "boolean", "default": False},
            "seed": {"type": "integer", "default": 1184522},
        },
    ),
    PageFacts(
        "flux-dev",
        "https://segmind.com/models/flux-dev/api",
        ("v1", "v2"),
        {
            "prompt": {"type": "string", "required": True},
            "aspect_ratio": {
                "type": "string",
                "enum": ["1:1", "16:9", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21"],
            },
            "guidance": {"type": "integer", "default": 3, "minimum": 0, "maximum": 10},
            "output_format": {"type": "string", "default": "webp", "enum": ["webp", "jpg", "png"]},
            "output_quality": {"type": "integer", "default": 80, "minimum": 0, "maximum": 100},
            "prompt_strength": {"type": "number", "default": 0.8, "minimum": 0, "maximum": 1},
        },
    ),
    PageFacts(
        "sdxl-txt2img",
        "https://www.segmind.com/models/sdxl-txt2img/api",
        ("v1", "v2"),
        {
            "base64": {"type": "boolean", "default": False},
            "guidance_scale": {"type": "number", "minimum": 1, "maximum": 15},
            "img_height": {"type": "integer", "minimum": 512, "maximum": 1024},
            "img_width": {"type": "integer", "minimum": 512, "maximum": 1024},
            "negative_prompt": {"type": "string"},
            "num_inference_steps": {"type": "integer", "minimum": 10, "maximum": 40},
            "prompt": {"type": "string"},
            "samples": {"type": "integer", "default": 1, "minimum": 1, "maximum": 10},
            "scheduler": {"type": "string", "enum": ["dpmpp_sde_ancestral"]},
        },
    ),
    PageFacts(
        "sdxl1.0-txt2img",
        "https://www.segmind.com/models/sdxl1.0-txt2img/api",
        ("v1",),
        {
            "prompt": {"type": "string", "required": True},
            "base64": {"type": "boolean", "default": False},
            "guidance_scale": {"type": "number", "default": 7.5, "minimum": 1, "maximum": 25},
            "high_noise_fraction": {"type": "number", "default": 0.8, "minimum": 0, "maximum": 1},
        },
    ),
    PageFacts(
        "stable-diffusion-3.5-large-txt2img",
        "https://www.segmind.com/models/stable-diffusion-3.5-large-txt2img/api",
        ("v1", "v2"),
        {
            "prompt": {"type": "string", "required": True},
            "sampler": {"type": "string", "required": True},
            "scheduler": {"type": "string", "required": True},
        },
    ),
    PageFacts(
        "seedream-4",
        "https://www.segmind.com/models/seedream-4/api",
        ("v1",),
        {
            "prompt": {"type": "string", "required": True},
            "aspect_ratio": {
                "type": "string",
                "enum": ["1:1", "4:3", "3:4", "16:9", "9:16", "3:2", "2:3", "21:9"],
            },
            "height": {"type": "integer", "default": 2048, "minimum": 1024, "maximum": 4096},
        },
    ),
    PageFacts(
        "seedream-v3-text-to-image",
        "https://www.segmind.com/models/seedream-v3-text-to-image/api",
        ("v1",),
        {
            "aspect_ratio": {
                "type": "string",
                "required": True,
                "enum": ["16:9", "4:3", "1:1", "3:4", "9:16"],
            },
            "prompt": {"type": "string", "required": True},
            "guidance_scale": {"type": "number", "default": 2.5, "minimum": 1, "maximum": 10},
        },
    ),
    PageFacts(
        "qwen-image",
        "https://www.segmind.com/models/qwen-image/api",
        ("v1", "v2"),
        {
            "prompt": {"type": "string", "required": True},
            "steps": {"type": "integer", "required": True, "minimum": 1, "maximum": 50},
            "aspect_ratio": {
                "type": "string",
                "default": "16:9",
                "enum": ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"],
            },
            "base64": {"type": "boolean", "default": False},
            "guidance": {"type": "number", "default": 3.5, "minimum": 1, "maximum": 20},
            "image_format": {"type": "string", "default": "png", "enum": ["png", "jpeg", "webp"]},
            "negative_prompt": {"type": "string", "default": "blurry, cartoonish"},
        },
    ),
    PageFacts(
        "nano-banana",
        "https://www.segmind.com/models/nano-banana/api",
        ("v1",),
        {
            "prompt": {"type": "string", "required": True},
            "aspect_ratio": {
                "type": "string",
                "default": "1:1",
                "enum": ["1:1", "2:3", "3:2", "4:3", "3:4", "4:5", "5:4", "16:9", "9:16", "21:9"],
            },
            "image_urls": {"type": "array", "items": {"type": "string"}},
            "response_modalities": {
                "type": "string",
                "default": "TEXT_AND_IMAGE",
                "enum": ["TEXT_AND_IMAGE", "IMAGE"],
            },
        },
    ),
    PageFacts(
        "bg-removal-v2",
        "https://www.segmind.com/models/bg-removal-v2/api",
        ("v1",),
        {
            "image": {"type": "string", "required": True},
            "custom_color": {"type": "string"},
            "type": {"type": "string", "default": "transparent"},
        },
    ),
    PageFacts(
        "background-eraser",
        "https://www.segmind.com/models/background-eraser/api",
        ("v1", "v2"),
        {
            "image": {"type": "string", "required": True},
            "return_mask": {"type": "boolean", "required": True},
            "base64": {"type": "boolean", "default": False},
            "grow_mask": {"type": "integer", "default": 0},
        },
    ),
    PageFacts(
        "esrgan",
        "https://www.segmind.com/models/esrgan/api",
        ("v1", "v2"),
        {
            "image": {"type": "string", "required": True},
            "output_format": {"type": "string", "default": "jpeg", "enum": ["jpeg", "png", "webp"]},
            "quality": {"type": "integer", "default": 95, "minimum": 10, "maximum": 100},
            "scale": {"type": "integer", "default": 2},
        },
    ),
    PageFacts(
        "faceswap-v5",
        "https://www.segmind.com/models/faceswap-v5/api",
        ("v1",),
        {
            "source_image": {"type": "string", "required": True},
            "target_image": {"type": "string", "required": True},
            "additional_prompt": {"type": "string", "default": ""},
            "image_format": {"type": "string", "default": "png", "enum": ["png", "jpeg", "webp"]},
            "quality": {"type": "integer", "default": 95, "minimum": 10, "maximum": 100},
            "seed": {"type": "integer", "default": 8005332},
        },
    ),
    PageFacts(
        "ai-face-swap",
        "https://segmind.com/models/ai-face-swap/api",
        ("v1", "v2"),
        {
            "source_image": {"type": "string", "required": True},
            "target": {"type": "string", "required": True},
            "base64": {"type": "boolean", "default": False},
            "face_selector_age_end": {
                "type": "integer",
                "default": 100,
                "minimum": 0,
                "maximum": 100,
            },
            "face_selector_age_start": {
                "type": "integer",
                "default": 0,
                "minimum": 0,
                "maximum": 100,
            },
            "face_selector_gender": {"type": "string", "enum": ["female", "male", "none"]},
        },
    ),
]


def _raw(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((SPECS / f"{slug}.yaml").read_text(encoding="utf-8"))
    return data


def test_catalogue_has_fifteen_models_besides_kolors() -> None:
    assert len({m.slug for m in CATALOGUE}) >= 15
    assert "kolors" not in {m.slug for m in CATALOGUE}


@pytest.mark.parametrize("page", CATALOGUE, ids=lambda m: m.slug)
def test_spec_loads_without_problems(page: PageFacts) -> None:
    path = SPECS / f"{page.slug}.yaml"
    endpoint, problems, _ = parse_endpoint(path.read_text(encoding="utf-8"), str(path))
    assert problems == []
    assert endpoint is not None
    assert endpoint.id == f"segmind/{page.slug}"
    assert endpoint.provider == "segmind"
    assert endpoint.protocols == page.protocols


@pytest.mark.parametrize("page", CATALOGUE, ids=lambda m: m.slug)
def test_parameters_match_the_page(page: PageFacts) -> None:
    spec_input = _raw(page.slug)["input"]
    assert set(spec_input) == set(page.params)
    for name, facts in page.params.items():
        recorded = {k: v for k, v in spec_input[name].items() if k != "from"}
        assert recorded == facts, name


@pytest.mark.parametrize("page", CATALOGUE, ids=lambda m: m.slug)
def test_every_fact_cites_the_page(page: PageFacts) -> None:
    raw = _raw(page.slug)
    label = f"{page.slug}/api"
    assert raw["sources"] == {label: {"path": page.url, "layout": PAGE_LAYOUT}}
    for name, param in raw["input"].items():
        cited = param["from"]
        facts = set(param) - {"from", "items"}
        assert set(cited) == facts, name
        assert set(cited.values()) == {label}, name


@pytest.mark.parametrize("page", CATALOGUE, ids=lambda m: m.slug)
def test_output_follows_the_protocols(page: PageFacts) -> None:
    output = _raw(page.slug)["output"]
    if "v2" in page.protocols:
        assert set(output) == {"status", "output", "metrics"}
        assert output["status"]["enum"] == ["QUEUED", "PROCESSING", "COMPLETED", "FAILED"]
        assert output["metrics"]["properties"]["inference_time"]["type"] == "number"
    else:
        # v1 answers the raw result bytes, not a JSON body with fields.
        assert output == {}
