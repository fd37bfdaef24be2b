"""`stream=True`: statuses from fal's status stream (SSE) instead of polling, falling back to
polling when the stream is refused."""

from __future__ import annotations

import asyncio

from modelclients._runtime import Completed, FalStatus, InProgress, Queued

from generator.emulator import Emulator, Fault
from tests.e2e.conftest import fal_kwargs
from tests.runtime import fake_kolors


def test_subscribe_reads_the_stream(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.scenario.queue_positions = 2
    emu.scenario.progress_polls = 2
    updates: list[FalStatus] = []
    out = fal.subscribe({"prompt": "s"}, on_update=updates.append, stream=True)
    assert out.prompt == "s"
    assert [type(u) for u in updates] == [Queued, Queued, InProgress, InProgress, Completed]
    assert [u.position for u in updates if isinstance(u, Queued)] == [1, 0]
    assert [len(u.logs) for u in updates if isinstance(u, InProgress)] == [2, 3]
    (stream,) = emu.requests_for("fal.stream")
    assert stream.path.endswith("/status/stream")
    assert emu.requests_for("fal.status") == []


def test_async_wait_stream_and_fallback_to_polling(emu: Emulator) -> None:
    emu.scenario.queue_positions = 1
    emu.add_fault(Fault.http("fal.stream", 404, skip=1))  # the second stream is refused

    async def go() -> list[str]:
        async with fake_kolors.AsyncClient(**fal_kwargs(emu)) as client:
            first = await client.wait(await client.submit({"prompt": "a"}), stream=True)
            second = await client.wait(await client.submit({"prompt": "b"}), stream=True)
            return [first.prompt, second.prompt]

    assert asyncio.run(go()) == ["a", "b"]
    assert [r.status for r in emu.requests_for("fal.stream")] == [200, 404]
    assert len(emu.requests_for("fal.status")) >= 2  # the second wait polled
