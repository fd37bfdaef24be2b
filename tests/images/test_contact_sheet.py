"""The contact sheet of `modelclients compare` draws whatever the servers sent: a file Pillow
cannot read, or an image that would decode to gigabytes (a PNG whose header claims 30,000 x
30,000 pixels), gets a tile saying so; the other tiles and the sheet are made as usual."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from modelclients._runtime._compare import LABEL, MAX_SOURCE_PIXELS, TILE, Shot, contact_sheet
from PIL import Image


def _png_header_claiming(width: int, height: int) -> bytes:
    """A PNG that declares `width` x `height` pixels and holds almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def _red_pixels(sheet: Image.Image, box: tuple[int, int, int, int]) -> int:
    data = sheet.crop(box).convert("RGB").tobytes()
    return sum(1 for i in range(0, len(data), 3) if data[i] > 150 and max(data[i + 1 : i + 3]) < 80)


def test_unreadable_and_oversized_images_get_a_tile_that_says_so(tmp_path: Path) -> None:
    good = tmp_path / "good.png"
    Image.new("RGB", (600, 400), (0, 90, 200)).save(good)
    html = tmp_path / "error-page.png"
    html.write_text("<html><body>502 Bad Gateway</body></html>", encoding="utf-8")
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header_claiming(30_000, 30_000))
    assert MAX_SOURCE_PIXELS < 30_000 * 30_000
    shots = [Shot(f"model-{p.stem}", p, 1, 0.5) for p in (good, html, bomb)]

    sheet_path = contact_sheet(shots, tmp_path / "sheet.png", columns=3)

    with Image.open(sheet_path) as sheet:
        assert sheet.size == (3 * TILE, TILE + LABEL)
        tiles = [(i * TILE, 0, (i + 1) * TILE, TILE) for i in range(3)]
        center = sheet.convert("RGB").getpixel((TILE // 2, TILE // 2))
        assert center == (0, 90, 200)  # the good image is drawn
        assert _red_pixels(sheet, tiles[0]) == 0
        assert _red_pixels(sheet, tiles[1]) > 0  # "not a readable image"
        assert _red_pixels(sheet, tiles[2]) > 0  # "too large to draw (30000x30000)"
