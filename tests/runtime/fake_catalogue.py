"""Inline JSON Schemas of the fake endpoints, as an emulator catalogue (no generator needed)."""

from __future__ import annotations

from typing import Any

from generator.emulator import Catalogue, EndpointEntry

_IMAGE_SIZE = {
    "properties": {
        "width": {"type": "integer", "exclusiveMinimum": 0, "maximum": 14142, "default": 512},
        "height": {"type": "integer", "exclusiveMinimum": 0, "maximum": 14142, "default": 512},
    },
    "type": "object",
}
_PRESETS = [
    "square_hd",
    "square",
    "portrait_4_3",
    "portrait_16_9",
    "landscape_4_3",
    "landscape_16_9",
]
_IMAGE = {
    "type": "object",
    "properties": {
        "url": {"type": "string"},
        "width": {"type": "integer"},
        "height": {"type": "integer"},
        "content_type": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": "image/jpeg"},
    },
    "required": ["url", "width", "height"],
}

FAL_KOLORS_INPUT: dict[str, Any] = {
    "$defs": {"ImageSize": _IMAGE_SIZE},
    "type": "object",
    "properties": {
        "prompt": {"type": "string"},
        "negative_prompt": {"type": "string", "default": ""},
        "guidance_scale": {"type": "number", "minimum": 1, "maximum": 10, "default": 5},
        "num_inference_steps": {"type": "integer", "minimum": 1, "maximum": 150, "default": 50},
        "seed": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        "sync_mode": {"type": "boolean", "default": False},
        "enable_safety_checker": {"type": "boolean", "default": True},
        "num_images": {"type": "integer", "minimum": 1, "maximum": 8, "default": 1},
        "image_size": {
            "anyOf": [{"$ref": "#/$defs/ImageSize"}, {"type": "string", "enum": _PRESETS}],
            "default": "square_hd",
        },
        "output_format": {"type": "string", "enum": ["jpeg", "png"], "default": "png"},
    },
    "required": ["prompt"],
}
FAL_KOLORS_OUTPUT: dict[str, Any] = {
    "$defs": {"Image": _IMAGE},
    "type": "object",
    "properties": {
        "images": {"type": "array", "items": {"$ref": "#/$defs/Image"}},
        "timings": {"type": "object", "additionalProperties": {"type": "number"}},
        "seed": {"type": "integer"},
        "has_nsfw_concepts": {"type": "array", "items": {"type": "boolean"}},
        "prompt": {"type": "string"},
    },
    "required": ["images", "timings", "seed", "has_nsfw_concepts", "prompt"],
}
FAL_I2I_INPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "prompt": {"type": "string"},
        "image_url": {"type": "string"},
        "mask_urls": {"type": "array", "items": {"type": "string"}},
        "strength": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.85},
        "sync_mode": {"type": "boolean", "default": False},
        "output_format": {"type": "string", "enum": ["jpeg", "png"], "default": "jpeg"},
    },
    "required": ["prompt", "image_url"],
}
FAL_I2I_OUTPUT: dict[str, Any] = {
    "$defs": {"Image": _IMAGE},
    "type": "object",
    "properties": {
        "images": {"type": "array", "items": {"$ref": "#/$defs/Image"}},
        "seed": {"type": "integer"},
    },
    "required": ["images", "seed"],
}
SEGMIND_KOLORS_INPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "prompt": {"type": "string"},
        "cfg": {"type": "number", "minimum": 0, "maximum": 20, "default": 6},
        "height": {"type": "integer", "minimum": 512, "maximum": 2048, "default": 1024},
        "width": {"type": "integer", "minimum": 512, "maximum": 2048, "default": 1024},
        "negative_prompt": {"type": "string", "default": ""},
        "number_of_images": {"type": "integer", "minimum": 1, "maximum": 10, "default": 1},
        "output_format": {"type": "string", "enum": ["webp", "jpg", "png"], "default": "webp"},
        "output_quality": {"type": "integer", "minimum": 0, "maximum": 100, "default": 80},
        "seed": {"type": "integer", "default": 441234134},
        "steps": {"type": "integer", "minimum": 1, "maximum": 50, "default": 25},
        "base64": {"type": "boolean"},
    },
    "required": ["prompt"],
}
SEGMIND_KOLORS_OUTPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "status": {"type": "string"},
        "output": {"type": "string", "format": "uri", "x-modelgen-file": True},
        "metrics": {"type": "object"},
    },
    "required": ["status", "output"],
}


def catalogue() -> Catalogue:
    return Catalogue.of(
        EndpointEntry(
            id="fal-ai/kolors",
            provider="fal",
            input_schema=FAL_KOLORS_INPUT,
            output_schema=FAL_KOLORS_OUTPUT,
            protocols=("run", "queue"),
            category="text-to-image",
        ),
        EndpointEntry(
            id="fal-ai/kolors/image-to-image",
            provider="fal",
            input_schema=FAL_I2I_INPUT,
            output_schema=FAL_I2I_OUTPUT,
            protocols=("run", "queue"),
            file_inputs=("image_url", "mask_urls"),
        ),
        EndpointEntry(
            id="segmind/kolors",
            provider="segmind",
            slug="kolors",
            input_schema=SEGMIND_KOLORS_INPUT,
            output_schema=SEGMIND_KOLORS_OUTPUT,
            protocols=("v1", "v2"),
        ),
    )
