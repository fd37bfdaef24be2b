"""Small real images (PNG, JPEG, WebP) rendered with Pillow, cached by their parameters."""

from __future__ import annotations

import functools
import hashlib
import io

from PIL import Image, ImageDraw

__all__ = ["FORMATS", "mime_for", "normalise_format", "render", "rendered_size"]

#: output_format value -> (Pillow format, MIME type, extension)
FORMATS: dict[str, tuple[str, str, str]] = {
    "png": ("PNG", "image/png", "png"),
    "jpeg": ("JPEG", "image/jpeg", "jpg"),
    "jpg": ("JPEG", "image/jpeg", "jpg"),
    "webp": ("WEBP", "image/webp", "webp"),
}


def normalise_format(value: object, default: str = "png") -> str:
    text = str(value).lower() if value is not None else default
    return text if text in FORMATS else default


def mime_for(fmt: str) -> str:
    return FORMATS[normalise_format(fmt)][1]


def rendered_size(width: int, height: int, max_side: int | None) -> tuple[int, int]:
    """The pixel size `render` gives for a requested size: scaled down to `max_side`, if set."""
    width, height = max(1, width), max(1, height)
    if max_side is None or max(width, height) <= max_side:
        return width, height
    scale = max_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


@functools.lru_cache(maxsize=256)
def render(fmt: str, width: int, height: int, seed: str, max_side: int | None = 64) -> bytes:
    """An image of the requested aspect ratio (at most `max_side` pixels a side when set)."""
    pil_format = FORMATS[normalise_format(fmt)][0]
    w, h = rendered_size(width, height, max_side)
    digest = hashlib.sha256(seed.encode()).digest()
    image = Image.new("RGB", (w, h), (digest[0], digest[1], digest[2]))
    draw = ImageDraw.Draw(image)
    draw.rectangle((w // 4, h // 4, 3 * w // 4, 3 * h // 4), fill=(digest[3], digest[4], digest[5]))
    out = io.BytesIO()
    image.save(out, format=pil_format)
    return out.getvalue()
