# Copied by modelgen from templates/runtime/_compare.py (sha256:31355a058ee3c897631f3b211527eeaaacfa4f6897432b13b2cf43d62263b183); do not edit; run `make generate`.
"""`modelclients compare`: one prompt on several models at once, every image saved, a contact
sheet (`contact-sheet.png`, one labelled tile per image) and a table of timings.

The sheet needs Pillow, an optional extra: `pip install "modelclients[compare]"`. The images
come from the providers' servers, so a file that is not an image Pillow reads, or one larger than
`MAX_SOURCE_PIXELS` (a "decompression bomb": a few KB that unpack to gigabytes), gets a tile that
says so instead of stopping the sheet; a large JPEG is decoded at a reduced scale.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import ModelClientError
from ._images import ImageResult

__all__ = ["TILE", "MissingExtraError", "Shot", "compare", "contact_sheet"]


class MissingExtraError(ModelClientError):
    """An optional dependency this feature needs is not installed."""


TILE = 256
"""Side of one tile of the contact sheet, in pixels; the label strip is below it."""
LABEL = 36
MAX_SOURCE_PIXELS = 64_000_000
"""The largest image drawn into a tile (8000 x 8000); a larger one is not decoded."""


@dataclass(frozen=True, slots=True)
class Shot:
    """One saved image of one model."""

    model: str
    path: Path
    seed: int | None
    seconds: float


def _sheet_module() -> Any:
    try:
        from PIL import Image, ImageDraw
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError(
            'the contact sheet needs Pillow: pip install "modelclients[compare]"'
        ) from exc
    return Image, ImageDraw


def contact_sheet(shots: Sequence[Shot], path: Path, columns: int = 4) -> Path:
    """Draw one tile per shot (image fitted into TILE x TILE, label: model, seed, seconds)."""
    image_mod, draw_mod = _sheet_module()
    columns = max(1, min(columns, len(shots)))
    rows = max(1, -(-len(shots) // columns))
    sheet = image_mod.new("RGB", (columns * TILE, rows * (TILE + LABEL)), "white")
    draw = draw_mod.Draw(sheet)
    for index, shot in enumerate(shots):
        x, y = (index % columns) * TILE, (index // columns) * (TILE + LABEL)
        thumb = _thumbnail(image_mod, shot.path)
        if isinstance(thumb, str):
            draw.text((x + 4, y + TILE // 2), thumb, fill="red")
        else:
            sheet.paste(thumb, (x + (TILE - thumb.width) // 2, y + (TILE - thumb.height) // 2))
        draw.text((x + 4, y + TILE + 2), shot.model, fill="black")
        draw.text((x + 4, y + TILE + 18), f"seed {shot.seed}  {shot.seconds:.2f}s", fill="black")
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _thumbnail(image_mod: Any, path: Path) -> Any:
    """The image at `path` fitted into a tile, or why it cannot be drawn (a short text)."""
    try:
        with image_mod.open(path) as picture:
            width, height = picture.size
            if width * height > MAX_SOURCE_PIXELS:
                return f"too large to draw ({width}x{height})"
            picture.draft("RGB", (TILE, TILE))  # JPEG: decode at the smallest scale that fits
            picture.thumbnail((TILE, TILE))
            return picture.convert("RGB")
    except (OSError, ValueError, image_mod.DecompressionBombError):
        return "not a readable image"


async def _one(generate: Any, model: str, prompt: str, options: dict[str, Any]) -> ImageResult:
    result: ImageResult = await generate(model, prompt, **options)
    return result


def compare(
    generate: Any, models: Sequence[str], prompt: str, out_dir: Path, options: dict[str, Any]
) -> tuple[list[ImageResult], list[Shot]]:
    """Run `prompt` on every model concurrently (`generate` is `images.agenerate`), save each
    image into out_dir and return the results and the saved shots, in the order of `models`."""

    async def everything() -> list[ImageResult]:
        return list(await asyncio.gather(*(_one(generate, m, prompt, options) for m in models)))

    results = asyncio.run(everything())
    out_dir.mkdir(parents=True, exist_ok=True)
    shots = []
    for result in results:
        for index, image in enumerate(result.images):
            path = image.save(out_dir / result.file_name(index))
            shots.append(Shot(result.endpoint, path, result.seed, result.timings["elapsed"]))
    return results, shots
