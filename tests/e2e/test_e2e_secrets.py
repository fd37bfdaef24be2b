"""API keys never show: not in log records (DEBUG, every logger), reprs, or error texts."""

from __future__ import annotations

import asyncio
import logging
import traceback

import pytest
from modelclients._runtime import APIStatusError, ModelClientError

from generator.emulator import Emulator, Fault
from tests.e2e.conftest import fal_kwargs, segmind_kwargs
from tests.runtime import fake_kolors, fake_segmind_kolors
from tests.runtime.fake_catalogue import catalogue

FAL_SECRET = "fal-secret-0123456789abcdef"
SEGMIND_SECRET = "sg-secret-fedcba9876543210"


def _texts(error: BaseException) -> list[str]:
    return [str(error), repr(error), "".join(traceback.format_exception(error))]


def test_keys_never_appear(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
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


KEY_ID = "0f3c2a9e-key-id-4b1d"
KEY_SECRET = "9d8e7f6a5b4c3d2e1f0a"
SPLIT_KEY = f"{KEY_ID}:{KEY_SECRET}"


def _everything(error: BaseException) -> list[str]:
    """Every text a user (or a logger) can reach from an error and the errors chained to it."""
    texts: list[str] = ["".join(traceback.format_exception(error))]
    current: BaseException | None = error
    while current is not None:
        texts += [str(current), repr(current), repr(current.__dict__)]
        request = getattr(current, "request", None)
        if request is not None:
            texts.append(repr(dict(request.headers)))
        current = current.__cause__ or current.__context__
    return texts


def test_each_half_of_a_split_key_is_masked_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAL_KEY", raising=False)
    monkeypatch.setenv("FAL_KEY_ID", KEY_ID)
    monkeypatch.setenv("FAL_KEY_SECRET", KEY_SECRET)
    echoed = {"X-Echo-Key": SPLIT_KEY, f"X-Id-{KEY_ID}": KEY_SECRET}
    with Emulator(catalogue(), fal_key=SPLIT_KEY) as emu:
        emu.add_fault(
            Fault.http("fal.run", 400, detail=f"id {KEY_ID} secret {KEY_SECRET}", headers=echoed)
        )
        emu.add_fault(Fault.http("fal.submit", 403, error_type=f"bad_key_{KEY_SECRET}"))
        client = fake_kolors.Client(run_url=emu.fal_run_url, queue_url=emu.fal_queue_url)
        caught = []
        for call in (lambda: client.run({"prompt": "x"}), lambda: client.submit({"prompt": "x"})):
            with pytest.raises(ModelClientError) as info:
                call()
            caught.append(info.value)
    run_error, submit_error = caught
    assert isinstance(run_error, APIStatusError) and isinstance(submit_error, APIStatusError)
    assert run_error.headers["x-echo-key"] == "***"
    assert run_error.headers["x-id-***"] == "***"  # names are masked too
    assert submit_error.error_type == "bad_key_***"
    assert "id *** secret ***" in str(run_error)
    for error in caught:
        for text in _everything(error):
            assert KEY_ID not in text and KEY_SECRET not in text


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_errors_chain_no_request_with_the_key() -> None:
    port = _closed_port()
    seg = fake_segmind_kolors.Client(
        api_key=SEGMIND_SECRET, base_url=f"http://127.0.0.1:{port}/v1", max_retries=0
    )
    fal = fake_kolors.Client(key=FAL_SECRET, run_url=f"http://127.0.0.1:{port}", max_retries=0)
    for call in (lambda: seg.run({"prompt": "x"}), lambda: fal.run({"prompt": "x"})):
        with pytest.raises(ModelClientError) as info:
            call()
        assert type(info.value).__name__ == "APIConnectionError"
        texts = _everything(info.value)
        assert any("connection failed" in text for text in texts)
        for text in texts:
            assert SEGMIND_SECRET not in text and FAL_SECRET not in text


@pytest.mark.parametrize("bad", ["kéy-ünicode-Zq9x", "line\nbreak-Zq9x", "tab\tZq9x"])
def test_a_key_that_cannot_be_sent_is_a_credentials_error(
    bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from modelclients._runtime import CredentialsError, InvalidCredentialsError

    monkeypatch.setenv("FAL_KEY", bad)
    monkeypatch.setenv("SEGMIND_API_KEY", bad)
    for make in (
        lambda: fake_kolors.Client(),
        lambda: fake_kolors.Client(key=bad),
        lambda: fake_segmind_kolors.Client(),
        lambda: fake_segmind_kolors.AsyncClient(api_key=bad),
    ):
        with pytest.raises(InvalidCredentialsError) as info:
            make()
        assert isinstance(info.value, CredentialsError)
        assert "cannot be sent in an HTTP header" in str(info.value)
        for text in _everything(info.value):
            assert "Zq9x" not in text
