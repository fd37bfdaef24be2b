"""`with_raw_response`: the parsed value plus status, headers, request id and credits."""

from __future__ import annotations

import asyncio

from modelclients._runtime import RawResponse

from generator.emulator import Emulator
from tests.e2e.conftest import fal_kwargs
from tests.runtime import fake_kolors, fake_segmind_kolors


def test_raw_responses_sync(
    fal: fake_kolors.Client, segmind: fake_segmind_kolors.Client, emu: Emulator
) -> None:
    raw = fal.with_raw_response.run({"prompt": "raw"})
    assert isinstance(raw, RawResponse) and raw.parsed.prompt == "raw"
    assert raw.status_code == 200 and raw.headers["content-type"] == "application/json"
    assert len(emu.requests_for("fal.run")) == 1
    assert raw.request_id == raw.headers["x-fal-request-id"]
    sub = fal.with_raw_response.subscribe({"prompt": "q"})
    assert sub.parsed.prompt == "q" and len(sub.responses) >= 3  # submit, status..., result
    assert sub.request_id in emu.jobs
    seg = segmind.with_raw_response.submit({"prompt": "x"})
    assert seg.remaining_credits == 99.9 and seg.request_id == seg.parsed.request_id
    assert fal.run({"prompt": "plain"}).prompt == "plain"  # the client itself is unchanged


def test_raw_responses_async(emu: Emulator) -> None:
    async def go() -> RawResponse[fake_kolors.Output]:
        async with fake_kolors.AsyncClient(**fal_kwargs(emu)) as client:
            raw: RawResponse[fake_kolors.Output] = await client.with_raw_response.run(
                {"prompt": "a"}
            )
            assert (await client.run({"prompt": "b"})).prompt == "b"
            return raw

    raw = asyncio.run(go())
    assert raw.parsed.prompt == "a" and raw.status_code == 200
