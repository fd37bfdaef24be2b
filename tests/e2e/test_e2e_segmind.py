"""Segmind clients against the emulator: v1 bytes and credits, v2 submit/poll/result."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from modelclients._runtime import NotFoundError, SegmindRequestHandle, SegmindStatus

from generator.emulator import Emulator, Scenario
from generator.emulator.catalogue import Catalogue, EndpointEntry
from tests.e2e.conftest import segmind_kwargs
from tests.runtime import fake_segmind_kolors


def test_v1_returns_bytes_content_type_and_credits(
    segmind: fake_segmind_kolors.Client, emu: Emulator, tmp_path: Path
) -> None:
    result = segmind.run(fake_segmind_kolors.Input(prompt="x", output_format="jpg"))
    assert result.content_type == "image/jpeg"
    assert result.data.startswith(b"\xff\xd8\xff")
    assert result.remaining_credits == 99.9
    assert result.save(tmp_path).name == "output.jpg"
    (call,) = emu.requests_for("segmind.v1")
    assert call.path == "/segmind/v1/kolors"
    assert call.headers["x-api-key"] == "***"
    assert call.body == {"prompt": "x", "output_format": "jpg"}
    assert "bytes" in repr(result) and "\\x" not in repr(result)


def test_v1_base64_json(segmind: fake_segmind_kolors.Client) -> None:
    result = segmind.run({"prompt": "x", "base64": True})
    assert result.is_json and "image" in result.json()


def test_v2_submit_status_result(segmind: fake_segmind_kolors.Client, emu: Emulator) -> None:
    emu.scenario.queue_positions = 1
    emu.scenario.progress_polls = 1
    handle = segmind.submit({"prompt": "x", "output_format": "png"})
    assert isinstance(handle, SegmindRequestHandle)
    assert handle.status_url == f"{emu.url}/segmind/v2/requests/{handle.request_id}/status"
    assert handle.poll_url == f"{emu.url}/segmind/v1/requests/{handle.request_id}"
    states = [segmind.status(handle).state for _ in range(3)]
    assert states == ["QUEUED", "PROCESSING", "COMPLETED"]
    out = segmind.result(handle.request_id)
    assert out.status == "COMPLETED"
    assert out.output is not None and out.output.url.endswith(".png")
    (submit,) = emu.requests_for("segmind.submit")
    assert submit.path == "/segmind/v2/kolors"


def test_v2_subscribe_updates(segmind: fake_segmind_kolors.Client, emu: Emulator) -> None:
    emu.scenario.queue_positions = 1
    emu.scenario.progress_polls = 2
    updates: list[SegmindStatus] = []
    out = segmind.subscribe({"prompt": "x"}, on_update=updates.append)
    assert [u.state for u in updates] == ["QUEUED", "PROCESSING", "PROCESSING", "COMPLETED"]
    assert out.metrics == {"inference_time": 0.01}


def test_async_segmind(emu: Emulator) -> None:
    seen: list[str] = []

    async def on_update(status: SegmindStatus) -> None:
        seen.append(status.state)

    async def main() -> tuple[Any, ...]:
        async with fake_segmind_kolors.AsyncClient(**segmind_kwargs(emu)) as client:
            v1 = await client.run({"prompt": "x"})
            handle = await client.submit({"prompt": "y"})
            status = await client.status(handle)
            result = await client.result(handle)
            sub = await client.subscribe({"prompt": "z"}, on_update=on_update)
            return v1, status, result, sub

    v1, status, result, sub = asyncio.run(main())
    assert v1.content_type == "image/webp"
    assert status.state == "COMPLETED" and result.status == "COMPLETED"
    assert sub.status == "COMPLETED" and seen == ["COMPLETED"]


class _ModelsPathClient(fake_segmind_kolors.Client):
    """The same client for an endpoint whose page posts to `/v1/models/kolors`."""

    endpoint = fake_segmind_kolors.ENDPOINT._replace(v1_route="models/kolors")


def test_v1_posts_to_the_path_the_spec_gives() -> None:
    entry = EndpointEntry(
        id="segmind/kolors",
        provider="segmind",
        input_schema={"type": "object"},
        protocols=("v1", "v2"),
        v1_route="models/kolors",
    )
    with Emulator(Catalogue.of(entry), Scenario()) as emu:
        with _ModelsPathClient(**segmind_kwargs(emu)) as client:
            result = client.run({"prompt": "x"})
            handle = client.submit({"prompt": "y"})
        assert result.data
        (call,) = emu.requests_for("segmind.v1")
        assert call.path == "/segmind/v1/models/kolors"
        (submit,) = emu.requests_for("segmind.submit")
        assert submit.path == "/segmind/v2/kolors" and handle.request_id
        with (
            fake_segmind_kolors.Client(**segmind_kwargs(emu)) as plain,
            pytest.raises(NotFoundError),
        ):
            plain.run({"prompt": "x"})  # `/v1/kolors` is not this endpoint's path
