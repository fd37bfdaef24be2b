"""`images.generate`: one call for any image endpoint, by canonical argument names.

The generated `modelclients/images.py` holds the table (`ImageEndpoint` per endpoint, model
families, size presets) and binds `generate`/`agenerate` to a `Catalogue` of it. Canonical
arguments become the endpoint's own parameters; values are checked against that endpoint's
`Input` model (its ranges and enums, the one place they live) before any request, and a value out
of range is reported under both names: `guidance_scale=25: segmind/kolors cfg allows 0 to 20`.
"""

from __future__ import annotations

import importlib
import math
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, TypeAlias

from pydantic import BaseModel, ValidationError

from ._errors import InputValidationError, ModelClientError
from ._files import RemoteFile

__all__ = ["Catalogue", "ImageEndpoint", "ImageResult", "Size", "UnknownModelError"]


class UnknownModelError(ModelClientError, ValueError):
    """No image endpoint has that id, or no endpoint of that family is on that provider."""


Size: TypeAlias = "str | tuple[int, int]"
"""A preset name (`square_hd`), `"WIDTHxHEIGHT"`, an aspect ratio (`"16:9"`) or `(width, height)`."""

_CANONICAL = ("num_images", "seed", "guidance_scale", "negative_prompt", "output_format")
_STEPS = "num_inference_steps"
_IMAGE = "image_url"
_ARGUMENT = {_STEPS: "steps", _IMAGE: "image"}
"""Canonical concept -> the `generate` argument that carries it, where the two differ."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageEndpoint:
    """One endpoint as `generate` sees it: canonical concept -> the endpoint's own parameter."""

    id: str
    provider: str
    module: str
    model: str | None
    category: str | None
    params: Mapping[str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageResult:
    """What any endpoint returned: its images as file objects (`save`, `read`), the seed, the
    endpoint and provider, timings in seconds, and the endpoint's own typed `Output`."""

    endpoint: str
    provider: str
    images: tuple[RemoteFile, ...]
    seed: int | None
    timings: Mapping[str, float]
    output: BaseModel
    payload: Mapping[str, Any] = field(repr=False)

    def file_name(self, index: int) -> str:
        """A readable name for image `index`: endpoint, seed, number and the file's extension."""
        suffix = Path(self.images[index]._default_name()).suffix or ".bin"
        seed = "unknown" if self.seed is None else self.seed
        return f"{self.endpoint.replace('/', '_')}-seed{seed}-{index + 1}{suffix}"


def _ratio(width: int, height: int) -> str:
    d = math.gcd(width, height)
    return f"{width // d}:{height // d}"


@dataclass(frozen=True)
class _Call:
    endpoint: ImageEndpoint
    module: ModuleType
    payload: dict[str, Any]
    canonical_of: dict[str, str]  # provider field -> the canonical argument the user wrote


class Catalogue:
    """The generated table and the two entry points bound to it."""

    def __init__(
        self,
        endpoints: Mapping[str, ImageEndpoint],
        models: Mapping[str, Sequence[str]],
        size_presets: Mapping[str, tuple[int, int]],
    ) -> None:
        self.endpoints = endpoints
        self.models = models
        self.size_presets = size_presets

    # -- resolving --------------------------------------------------------------------------

    def resolve(self, model: str, provider: str | None = None) -> ImageEndpoint:
        """The endpoint for an id or a family (narrowed by `provider`); ValueError otherwise."""
        if model in self.endpoints:
            found = self.endpoints[model]
            if provider is not None and found.provider != provider:
                raise UnknownModelError(f"{model} is served by {found.provider}, not {provider}")
            return found
        if model not in self.models:
            raise UnknownModelError(
                f"unknown model {model!r}: not an image endpoint id nor a model family "
                f"(families: {', '.join(sorted(self.models)) or 'none'})"
            )
        ids = [
            i
            for i in self.models[model]
            if provider is None or self.endpoints[i].provider == provider
        ]
        if not ids:
            served = sorted({self.endpoints[i].provider for i in self.models[model]})
            raise UnknownModelError(
                f"model {model!r} is not served by {provider} (served by: {', '.join(served)})"
            )
        return self.endpoints[ids[0]]

    # -- mapping ----------------------------------------------------------------------------

    def _size(self, ep: ImageEndpoint, size: Any) -> dict[str, Any]:
        params = ep.params
        preset = size if isinstance(size, str) and size in self.size_presets else None
        dims: tuple[int, int] | None = None
        if isinstance(size, tuple) and len(size) == 2:
            dims = (int(size[0]), int(size[1]))
        elif isinstance(size, str) and "x" in size and size.replace("x", "", 1).isdigit():
            w, h = size.split("x")
            dims = (int(w), int(h))
        elif preset is not None:
            dims = self.size_presets[preset]
        if "image_size" in params:
            if preset is not None or (isinstance(size, str) and dims is None):
                return {params["image_size"]: size}
            if dims is not None:
                return {params["image_size"]: {"width": dims[0], "height": dims[1]}}
        if "width" in params and "height" in params and dims is not None:
            return {params["width"]: dims[0], params["height"]: dims[1]}
        if "aspect_ratio" in params:
            ratio = size if isinstance(size, str) and ":" in size else None
            if ratio is None and dims is not None:
                ratio = _ratio(*dims)
            if ratio is not None:
                return {params["aspect_ratio"]: ratio}
        raise InputValidationError(
            f"size={size!r}: {ep.id} takes no size in that form "
            f"(its size parameters: {', '.join(self._size_fields(ep)) or 'none'})",
            endpoint_id=ep.id,
            errors=[{"loc": ("size",), "msg": "unsupported size", "type": "value_error"}],
        )

    @staticmethod
    def _size_fields(ep: ImageEndpoint) -> list[str]:
        return [
            ep.params[c]
            for c in ("image_size", "width", "height", "aspect_ratio")
            if c in ep.params
        ]

    def _plan(
        self,
        model: str,
        prompt: str,
        provider: str | None,
        strict: bool,
        canonical: Mapping[str, Any],
        extra: Mapping[str, Any],
    ) -> _Call:
        ep = self.resolve(model, provider)
        payload: dict[str, Any] = {ep.params.get("prompt", "prompt"): prompt}
        canonical_of: dict[str, str] = {}
        for name, value in canonical.items():
            if value is None:
                continue
            if name == "size":
                if not self._size_fields(ep):
                    self._missing(ep, name, strict)
                    continue
                sized = self._size(ep, value)
                payload.update(sized)
                canonical_of.update({f: "size" for f in sized})
                continue
            target = ep.params.get(name)
            if target is None:
                self._missing(ep, _ARGUMENT.get(name, name), strict)
                continue
            payload[target] = value
            canonical_of[target] = _ARGUMENT.get(name, name)
        payload.update(extra)
        return _Call(ep, importlib.import_module(ep.module), payload, canonical_of)

    @staticmethod
    def _missing(ep: ImageEndpoint, name: str, strict: bool) -> None:
        message = f"{name}: {ep.id} has no parameter for it"
        if strict:
            raise InputValidationError(
                message + " (pass strict=False to drop it with a warning)",
                endpoint_id=ep.id,
                errors=[{"loc": (name,), "msg": "not supported", "type": "extra_forbidden"}],
            )
        warnings.warn(message + "; dropped", stacklevel=4)

    def _validated(self, call: _Call) -> BaseModel:
        input_model: type[BaseModel] = call.module.Input
        try:
            return input_model.model_validate(call.payload)
        except ValidationError as exc:
            raise self._range_error(call, input_model, exc) from None

    @staticmethod
    def _range_error(
        call: _Call, input_model: type[BaseModel], exc: ValidationError
    ) -> InputValidationError:
        properties = input_model.model_json_schema().get("properties", {})
        lines = []
        for error in exc.errors():
            loc = error.get("loc") or ("?",)
            fieldname = str(loc[0])
            canonical = call.canonical_of.get(fieldname, fieldname)
            value = call.payload.get(fieldname, error.get("input"))
            lines.append(
                f"{canonical}={value!r}: {call.endpoint.id} {fieldname} "
                + _allowed(properties.get(fieldname, {}), error.get("msg", "is invalid"))
            )
        errors = [
            {"loc": tuple(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return InputValidationError("; ".join(lines), endpoint_id=call.endpoint.id, errors=errors)

    # -- calling ----------------------------------------------------------------------------

    # modelgen: blocking twin `generate`
    async def agenerate(
        self,
        model: str,
        prompt: str,
        *,
        provider: str | None = None,
        size: Size | None = None,
        num_images: int | None = None,
        seed: int | None = None,
        guidance_scale: float | None = None,
        steps: int | None = None,
        negative_prompt: str | None = None,
        output_format: str | None = None,
        image: Any = None,
        strict: bool = True,
        client_options: Mapping[str, Any] | None = None,
        on_update: Callable[[Any], None] | None = None,
        **extra: Any,
    ) -> ImageResult:
        """Run `prompt` on `model` (an endpoint id or a model family) and return its images;
        `generate` blocks, `agenerate` is its asyncio twin."""
        call = self._plan(
            model,
            prompt,
            provider,
            strict,
            _canonical_args(
                size, num_images, seed, guidance_scale, steps, negative_prompt, output_format, image
            ),
            extra,
        )
        validated = self._validated(call)
        started = time.monotonic()
        async with call.module.AsyncClient(**dict(client_options or {})) as client:
            output = await client.subscribe(validated, on_update=on_update)
        return _result(call, validated, output, time.monotonic() - started)


def _canonical_args(
    size: Any,
    num_images: Any,
    seed: Any,
    guidance_scale: Any,
    steps: Any,
    negative_prompt: Any,
    output_format: Any,
    image: Any,
) -> dict[str, Any]:
    values = (num_images, seed, guidance_scale, negative_prompt, output_format)
    return {
        "size": size,
        **dict(zip(_CANONICAL, values, strict=True)),
        _STEPS: steps,
        _IMAGE: image,
    }


def _allowed(schema: Mapping[str, Any], fallback: str) -> str:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if low is not None and high is not None:
        return f"allows {low:g} to {high:g}"
    if low is not None:
        return f"allows at least {low:g}"
    if high is not None:
        return f"allows at most {high:g}"
    if "enum" in schema:
        return "allows one of " + ", ".join(map(str, schema["enum"]))
    return fallback.lower()


def _files_in(value: Any) -> list[RemoteFile]:
    if isinstance(value, RemoteFile):
        return [value]
    if isinstance(value, list):
        return [f for item in value for f in _files_in(item)]
    return []


def _result(call: _Call, sent: BaseModel, output: BaseModel, elapsed: float) -> ImageResult:
    # every file of the output is typed as one (Segmind v2's `output` URL too: FileOutput)
    images = [f for name in type(output).model_fields for f in _files_in(getattr(output, name))]
    seed = getattr(output, "seed", None)
    if not isinstance(seed, int):
        given = getattr(sent, call.endpoint.params.get("seed", "seed"), None)
        seed = given if isinstance(given, int) else None
    timings: dict[str, float] = {"elapsed": elapsed}
    reported = getattr(output, "timings", None)
    if isinstance(reported, Mapping):
        timings.update(
            {str(k): float(v) for k, v in reported.items() if isinstance(v, int | float)}
        )
    return ImageResult(
        endpoint=call.endpoint.id,
        provider=call.endpoint.provider,
        images=tuple(images),
        seed=seed,
        timings=timings,
        output=output,
        payload=call.payload,
    )
