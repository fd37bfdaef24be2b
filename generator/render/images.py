"""`modelclients/images.py`: the table `images.generate` reads to call any image endpoint by its
canonical argument names (specs/vocabulary.yaml) or by the model family it serves (spec `model:`).

Only facts the specs state go in the table: per endpoint its provider, module, family and which
of its parameters stands for each canonical concept; per family its endpoints. Ranges are not
copied: the runtime reads them from each endpoint's own `Input` model, the one place they live.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.spec.model import SpecSet

from . import headers
from .context import EndpointContext

PATH = "modelclients/images.py"


def canonical_params(ctx: EndpointContext) -> dict[str, str]:
    """canonical name -> the endpoint's own input field, for every field with a canonical name."""
    return {f.canonical: f.name for f in ctx.endpoint.input if f.canonical}


def _entry(ctx: EndpointContext) -> str:
    e = ctx.endpoint
    params = canonical_params(ctx)
    return (
        f"    {e.id!r}: ImageEndpoint(id={e.id!r}, provider={e.provider!r},"
        f" module={ctx.paths.module!r}, model={e.model!r}, category={e.category!r},"
        f" params={params!r}),"
    )


def images_module(specs: SpecSet, contexts: Sequence[EndpointContext], specs_label: str) -> str:
    """The source of `modelclients/images.py` (formatted by the ruff pass afterwards)."""
    chosen = sorted(
        (c for c in contexts if "prompt" in canonical_params(c)), key=lambda c: c.endpoint.id
    )
    families: dict[str, list[str]] = {}
    for c in chosen:
        if c.endpoint.model:
            families.setdefault(c.endpoint.model, []).append(c.endpoint.id)
    presets = {
        name: size
        for provider in sorted(specs.providers)
        for name, size in sorted(specs.providers[provider].image_size_presets.items())
    }
    lines = [
        *headers.python_module_start(
            specs_label,
            '"""One call for any image endpoint: `generate(model, prompt, ...)` and `agenerate`.',
            "",
            "`model` is an endpoint id (`fal-ai/kolors`) or a model family (`kolors`); canonical",
            "arguments reach each endpoint's own parameters through the table below, built from the specs.",
            '"""',
        ),
        "",
        "from typing import Final",
        "",
        "from modelclients._runtime._images import Catalogue, ImageEndpoint, ImageResult",
        "",
        '__all__ = ["CATALOGUE", "ImageEndpoint", "ImageResult", "agenerate", "generate"]',
        "",
        "ENDPOINTS: Final[dict[str, ImageEndpoint]] = {",
        *(_entry(c) for c in chosen),
        "}",
        "",
        "MODELS: Final[dict[str, tuple[str, ...]]] = {",
        *(f"    {name!r}: {tuple(ids)!r}," for name, ids in sorted(families.items())),
        "}",
        "",
        f"SIZE_PRESETS: Final[dict[str, tuple[int, int]]] = {presets!r}",
        "",
        "CATALOGUE: Final = Catalogue(ENDPOINTS, MODELS, SIZE_PRESETS)",
        "generate: Final = CATALOGUE.generate",
        "agenerate: Final = CATALOGUE.agenerate",
        "",
    ]
    return "\n".join(lines)
