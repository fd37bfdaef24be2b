"""Outputs for a request: real images at the requested format and size, served by the emulator."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from .catalogue import Catalogue, EndpointEntry
from .images import FORMATS, normalise_format, render, rendered_size
from .state import State
from .values import FileRef, OutputContext, build_value

__all__ = ["OutputFactory"]


def _input_default(entry: EndpointEntry, name: str) -> Any:
    props = entry.input_schema.get("properties", {})
    prop = props.get(name, {}) if isinstance(props, Mapping) else {}
    return prop.get("default") if isinstance(prop, Mapping) else None


class OutputFactory:
    """Builds output values and registers their files with the state."""

    def __init__(self, catalogue: Catalogue, state: State) -> None:
        self.catalogue = catalogue
        self.state = state
        self._validators: dict[str, Draft202012Validator] = {}

    def value(self, entry: EndpointEntry, body: Mapping[str, Any], key: str) -> Any:
        return body.get(key, _input_default(entry, key))

    def size(self, entry: EndpointEntry, body: Mapping[str, Any]) -> tuple[int, int]:
        """The requested size: fal `image_size` (preset or {width, height}), else width/height."""
        size = self.value(entry, body, "image_size")
        if isinstance(size, str) and size in self.catalogue.image_size_presets:
            return self.catalogue.image_size_presets[size]
        if isinstance(size, Mapping):
            return int(size.get("width", 512)), int(size.get("height", 512))
        width, height = self.value(entry, body, "width"), self.value(entry, body, "height")
        if isinstance(width, int) and isinstance(height, int):
            return width, height
        aspect = self.value(entry, body, "aspect_ratio")
        if isinstance(aspect, str) and ":" in aspect:
            a, _, b = aspect.partition(":")
            try:
                ratio = float(a) / float(b)
            except (ValueError, ZeroDivisionError):
                ratio = 1.0
            return (
                (1024, max(1, round(1024 / ratio))) if ratio >= 1 else (round(1024 * ratio), 1024)
            )
        return 1024, 1024

    def format(self, entry: EndpointEntry, body: Mapping[str, Any]) -> str:
        return normalise_format(self.value(entry, body, "output_format"), "png")

    def count(self, entry: EndpointEntry, body: Mapping[str, Any]) -> int:
        for key in ("num_images", "number_of_images", "batch_size", "samples"):
            value = self.value(entry, body, key)
            if isinstance(value, int) and value > 0:
                return min(value, 8)
        return 1

    def image(
        self,
        entry: EndpointEntry,
        body: Mapping[str, Any],
        base_url: str,
        tag: str,
        inline: bool = False,
    ) -> tuple[FileRef, bytes]:
        fmt = self.format(entry, body)
        max_side = self.state.scenario.render_max_side
        # the size reported is the file's own: the requested size, scaled down to max_side
        width, height = rendered_size(*self.size(entry, body), max_side)
        data = render(fmt, width, height, tag, max_side)
        _, mime, ext = FORMATS[fmt]
        name = f"{tag}.{ext}"
        if inline:
            url = f"data:{mime};base64,{base64.b64encode(data).decode()}"
        else:
            self.state.add_file(name, data, mime)
            url = f"{base_url}/files/{name}"
        return FileRef(url, mime, width, height, name, len(data)), data

    def build(
        self,
        entry: EndpointEntry,
        body: Mapping[str, Any],
        base_url: str,
        request_id: str,
        default: Mapping[str, Any] | None = None,
    ) -> Any:
        """An output valid against the endpoint's output schema (or `default`'s shape)."""
        inline = bool(body.get("sync_mode"))

        def make_file(index: int) -> FileRef:
            return self.image(entry, body, base_url, f"{request_id}-{index}", inline)[0]

        ctx = OutputContext(body, make_file, self.count(entry, body))
        schema = entry.output_schema
        if schema is None:
            return dict(default or {"images": [make_file(0).__dict__]})
        value = build_value(schema, schema, ctx)
        validator = self._validators.get(entry.id)
        if validator is None:
            validator = self._validators[entry.id] = Draft202012Validator(dict(schema))
        error = next(iter(validator.iter_errors(value)), None)
        if error is not None:
            raise ValueError(f"emulator built an invalid output for {entry.id}: {error.message}")
        return value
