"""API keys never show: not in log records (DEBUG, every logger), reprs, or error texts."""

from __future__ import annotations

import asyncio
import logging
import traceback

import pytest
from modelclients._runtime import ModelClientError

from generator.emulator import Emulator, Fault
from tests.e2e.conftest import fal_kwargs, segmind_kwargs
from tests.runtime import fake_kolors, fake_segmind_kolors

FAL_SECRET = "fal-secret-0123456789abcdef"
SEGMIND_SECRET = "sg-secret-fedcba9876543210"


def _texts(error: BaseException) -> list[str]:
    return [str(error), repr(error), "".join(traceback.format_exception(error))]


def test_keys_never_appear(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.runtime.fake_catalogue import catalogue

    seen: list[str] = []
    caplog.set_level(logging.DEBUG)  # root: modelclients, httpx, httpcore
    with Emulator(catalogue(), fal_key=FAL_SECRET, segmind_key=SEGMIND_SECRET) as emu:
        # echo the key back in an error body: the client must mask it
        emu.add_fault(Fault.http("fal.status", 400, detail=f"bad key {FAL_SECRET}"))
        emu.add_fault(Fault.http("segmind.status", 403, detail=f"key {SEGMIND_SECRET} disabled"))
        emu.add_fault(Fault.reset("fal.run"))
        emu.add_fault(Fault.http("fal.result", 500, times=10))
        fal = fake_kolors.Client(**fal_kwargs(emu, key=FAL_SECRET))
        seg = fake_segmind_kolors.Client(**segmind_kwargs(emu, api_key=SEGMIND_SECRET))
        handle = fal.submit({"prompt": "x"})
        seen += [repr(fal), str(fal), repr(handle), repr(seg)]
        for call in (
            lambda: fal.status(handle),
            lambda: fal.run({"prompt": "x"}),
            lambda: fal.result(handle),
            lambda: seg.status("some-id"),
            lambda: fake_kolors.Client(**fal_kwargs(emu, key=FAL_SECRET + "x")).run(
                {"prompt": "x"}
            ),
        ):
            with pytest.raises(ModelClientError) as caught:
                call()
            seen += _texts(caught.value)
            seen += [str(caught.value.__dict__)]
        seg_result = seg.run({"prompt": "x"})
        seen.append(repr(seg_result))

        async def run_async() -> None:
            async with fake_kolors.AsyncClient(**fal_kwargs(emu, key=FAL_SECRET)) as client:
                seen.append(repr(client))
                await client.subscribe({"prompt": "a"}, on_update=lambda s: seen.append(repr(s)))

        emu.scenario.faults.clear()
        asyncio.run(run_async())
        monkeypatch.setenv("FAL_KEY", FAL_SECRET)
        seen.append(repr(fake_kolors.Client()))
    seen += [record.getMessage() for record in caplog.records]
    seen += [str(record.args) for record in caplog.records]
    assert any("HTTP" in text or "->" in text for text in seen)  # logging did happen
    for text in seen:
        assert FAL_SECRET not in text
        assert SEGMIND_SECRET not in text
