"""Segmind v2 results carry the image as a URL (`output`, docs/protocols.md §2.3): the generated
clients type it as a file, so `save()` / `read()` fetch the bytes the emulator serves."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from modelclients._runtime import FileOutput, RemoteFile
from modelclients.segmind import flux_schnell, kolors

from generator.emulator import Emulator, Scenario
from generator.emulator.testing import emulator_for_index

from .conftest import segmind_kwargs

INDEX = Path(__file__).resolve().parents[2] / "generated" / "index.json"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with emulator_for_index(INDEX, Scenario(queue_positions=1, progress_polls=1)) as emu:
        yield emu


def _served(emu: Emulator, url: str) -> bytes:
    """The bytes the emulator stored for a file URL it handed out."""
    assert url.startswith(f"{emu.url}/files/"), url
    data, _ = emu.state.files[url.rsplit("/", 1)[1]]
    return data


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_generated_output_field_is_a_file_type() -> None:
    for module in (kolors, flux_schnell):
        annotation = module.Output.model_fields["output"].annotation
        assert annotation == FileOutput | None, module.__name__
    parsed = kolors.Output.model_validate(
        {
            "status": "COMPLETED",
            "output": "https://cdn.example/a.png",
            "metrics": {"inference_time": 1.0},
        }
    )
    assert isinstance(parsed.output, RemoteFile) and parsed.output.url.endswith("/a.png")
    # dumped back as the string Segmind sent
    assert parsed.model_dump(mode="json")["output"] == "https://cdn.example/a.png"
    assert parsed.model_dump()["output"] == "https://cdn.example/a.png"


def test_v2_subscribe_output_saves_and_reads_the_served_bytes(
    emulator: Emulator, tmp_path: Path
) -> None:
    with kolors.Client(**segmind_kwargs(emulator)) as client:
        out = client.subscribe(
            {"prompt": "a red panda", "output_format": "png", "width": 1024, "height": 512}
        )
    assert out.status == "COMPLETED" and out.output is not None
    served = _served(emulator, out.output.url)
    assert out.output.read() == served
    saved = out.output.save(tmp_path)
    assert saved.parent == tmp_path and saved.suffix == ".png"
    assert saved.read_bytes() == served
    width, height = _png_size(served)
    assert width == 2 * height > 0  # the requested 2:1, scaled down to the render size


def test_v2_async_subscribe_output_asaves_and_areads(emulator: Emulator, tmp_path: Path) -> None:
    async def main() -> tuple[bytes, bytes, Path, str]:
        async with kolors.AsyncClient(**segmind_kwargs(emulator)) as client:
            out = await client.subscribe({"prompt": "a fox", "output_format": "png"})
            assert out.output is not None
            data = await out.output.aread()
            path = await out.output.asave(tmp_path / "fox.png")
            return data, out.output.read(), path, out.output.url

    data, again, path, url = asyncio.run(main())
    assert data == again == path.read_bytes() == _served(emulator, url)
    assert path == tmp_path / "fox.png" and _png_size(data)[0] > 0


def test_v2_result_of_a_hand_built_spec_is_a_file_too(emulator: Emulator) -> None:
    with flux_schnell.Client(**segmind_kwargs(emulator)) as client:
        handle = client.submit({"prompt": "x"})
        out = client.wait(handle)
    assert out.output is not None and out.output.read() == _served(emulator, out.output.url)
