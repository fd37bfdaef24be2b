"""File inputs reach the server as data URIs (fal) or bare base64 (Segmind file fields)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from modelclients._runtime import InputValidationError

from generator.emulator import Emulator
from tests.runtime import fake_kolors_i2i

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PNG_URI = "data:image/png;base64," + base64.b64encode(PNG).decode()


def test_path_bytes_and_open_file_become_data_uris(
    fal_i2i: fake_kolors_i2i.Client, emu: Emulator, tmp_path: Path
) -> None:
    path = tmp_path / "in.png"
    path.write_bytes(PNG)
    with path.open("rb") as handle:
        fal_i2i.run(
            fake_kolors_i2i.Input(prompt="x", image_url=path, mask_urls=[PNG, io.BytesIO(PNG)])
        )
        # a plain mapping with an open file goes through the same validator
    with path.open("rb") as handle:
        fal_i2i.submit({"prompt": "y", "image_url": handle})
    run, submit = emu.requests_for("fal.run")[0], emu.requests_for("fal.submit")[0]
    assert run.body["image_url"] == PNG_URI
    assert run.body["mask_urls"] == [PNG_URI, PNG_URI]
    assert submit.body["image_url"] == PNG_URI


def test_urls_are_sent_unchanged(fal_i2i: fake_kolors_i2i.Client, emu: Emulator) -> None:
    out = fal_i2i.run({"prompt": "x", "image_url": "https://example.com/a.png"})
    assert out.images[0].content_type == "image/jpeg"
    assert emu.requests_for("fal.run")[0].body["image_url"] == "https://example.com/a.png"


def test_bad_file_inputs_are_refused_before_anything_is_sent(
    fal_i2i: fake_kolors_i2i.Client, emu: Emulator, tmp_path: Path
) -> None:
    for value in (tmp_path / "missing.png", tmp_path, Path("/dev/zero")):
        with pytest.raises(InputValidationError) as info:
            fal_i2i.run({"prompt": "x", "image_url": value})
        assert info.value.errors[0]["loc"] == ["image_url"]
        assert "image_url" in str(info.value)
    assert emu.requests == []


def test_text_that_cannot_be_encoded_is_a_validation_error(
    fal_i2i: fake_kolors_i2i.Client, emu: Emulator
) -> None:
    lone = b"caf\xff".decode("utf-8", "surrogateescape")  # a lone surrogate, as from os.fsdecode
    with pytest.raises(InputValidationError) as info:
        fal_i2i.submit({"prompt": lone, "image_url": "https://example.com/a.png"})
    assert info.value.errors == [
        {
            "loc": ["prompt"],
            "msg": "text cannot be encoded as UTF-8 (a lone surrogate at position 3)",
            "type": "string_unicode",
        }
    ]
    assert str(info.value).startswith(f"{fal_i2i.endpoint.id}: invalid input: prompt: ")
    assert emu.requests == []
