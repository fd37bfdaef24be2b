"""fal clients against the emulator over loopback HTTP: every verb, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from modelclients._runtime import (
    Completed,
    FalRequestHandle,
    FalStatus,
    InProgress,
    Queued,
    ResultNotReadyError,
)

from generator.emulator import Emulator
from tests.e2e.conftest import fal_kwargs
from tests.runtime import fake_kolors


def test_run_returns_typed_output_with_served_images(
    fal: fake_kolors.Client, emu: Emulator
) -> None:
    out = fal.run(fake_kolors.Input(prompt="a red panda", num_images=2, image_size="landscape_4_3"))
    assert out.prompt == "a red panda"
    assert len(out.images) == 2
    # 1024x768 asked for, rendered at the scenario's 64-pixel cap: the size reported is the file's
    assert (out.images[0].width, out.images[0].height) == (64, 48)
    assert out.images[0].content_type == "image/png"
    data = out.images[0].read()
    assert data.startswith(b"\x89PNG")
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (64, 48)
    (run,) = emu.requests_for("fal.run")
    assert run.path == "/fal/run/fal-ai/kolors"
    assert run.headers["authorization"] == "***"
    assert run.body == {"prompt": "a red panda", "num_images": 2, "image_size": "landscape_4_3"}


def test_run_with_custom_size_and_jpeg(fal: fake_kolors.Client) -> None:
    out = fal.run(
        {"prompt": "x", "image_size": {"width": 640, "height": 320}, "output_format": "jpeg"}
    )
    image = out.images[0]
    assert (image.width, image.height, image.content_type) == (64, 32, "image/jpeg")  # capped
    assert image.read().startswith(b"\xff\xd8\xff")


def test_submit_status_result(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.scenario.queue_positions = 1
    emu.scenario.progress_polls = 1
    handle = fal.submit({"prompt": "queued"})
    assert isinstance(handle, FalRequestHandle)
    assert (
        handle.status_url
        == f"{emu.fal_queue_url}/fal-ai/kolors/requests/{handle.request_id}/status"
    )
    first = fal.status(handle)
    assert first == Queued(handle.request_id, 0)
    with pytest.raises(ResultNotReadyError) as caught:
        fal.result(handle)
    assert caught.value.request_id == handle.request_id
    second = fal.status(handle, with_logs=True)
    assert isinstance(second, InProgress) and [log.message for log in second.logs] == list(
        emu.scenario.logs
    )
    third = fal.status(handle.request_id)  # by id: URLs built without a sub-path
    assert isinstance(third, Completed) and third.logs == () and not third.failed
    assert fal.result(handle.request_id).prompt == "queued"
    statuses = emu.requests_for("fal.status")
    assert [r.path.endswith("/status") for r in statuses] == [True, True, True]
    assert len(emu.jobs) == 1


def test_status_without_logs_sends_no_logs_param(fal: fake_kolors.Client, emu: Emulator) -> None:
    handle = fal.submit({"prompt": "x"})
    fal.status(handle)
    fal.status(handle, with_logs=True)
    urls = [r for r in emu.requests if r.op == "fal.status"]
    assert len(urls) == 2


def test_subscribe_reports_positions_then_logs_then_result(
    fal: fake_kolors.Client, emu: Emulator
) -> None:
    emu.scenario.queue_positions = 3
    emu.scenario.progress_polls = 3
    updates: list[FalStatus] = []
    enqueued: list[FalRequestHandle] = []
    out = fal.subscribe({"prompt": "sub"}, on_update=updates.append, on_enqueue=enqueued.append)
    assert out.prompt == "sub"
    assert [u.position for u in updates if isinstance(u, Queued)] == [2, 1, 0]
    progress = [len(u.logs) for u in updates if isinstance(u, InProgress)]
    assert progress == [1, 2, 3]
    kinds = [type(u).__name__ for u in updates]
    assert kinds == ["Queued"] * 3 + ["InProgress"] * 3 + ["Completed"]
    assert enqueued[0].request_id == updates[0].request_id
    assert [r.op for r in emu.requests] == ["fal.submit"] + ["fal.status"] * 7 + ["fal.result"]


def test_async_subscribe_with_async_callback(emu: Emulator) -> None:
    emu.scenario.queue_positions = 2
    emu.scenario.progress_polls = 1
    seen: list[str] = []

    async def on_update(status: FalStatus) -> None:
        await asyncio.sleep(0)
        seen.append(type(status).__name__)

    async def main() -> fake_kolors.Output:
        async with fake_kolors.AsyncClient(**fal_kwargs(emu)) as client:
            return await client.subscribe(fake_kolors.Input(prompt="async"), on_update=on_update)

    out = asyncio.run(main())
    assert out.prompt == "async"
    assert seen == ["Queued", "Queued", "InProgress", "Completed"]


def test_async_verbs(emu: Emulator) -> None:
    async def main() -> tuple[Any, ...]:
        async with fake_kolors.AsyncClient(**fal_kwargs(emu)) as client:
            run = await client.run({"prompt": "r"})
            handle = await client.submit({"prompt": "s"})
            status = await client.status(handle, with_logs=True)
            result = await client.result(handle)
            other = await client.submit({"prompt": "t"})
            waited = await client.wait(other)
            return run, status, result, waited

    run, status, result, waited = asyncio.run(main())
    assert run.prompt == "r" and result.prompt == "s" and waited.prompt == "t"
    assert isinstance(status, Completed)


def test_cancel_queued_request(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.scenario.queue_positions = 5
    handle = fal.submit({"prompt": "cancel me"})
    assert fal.cancel(handle) is True
    status = fal.status(handle)
    assert isinstance(status, Completed) and status.error_type == "client_cancelled"
    (cancel,) = emu.requests_for("fal.cancel")
    assert cancel.method == "PUT" and cancel.path.endswith(f"/requests/{handle.request_id}/cancel")
    assert emu.jobs[handle.request_id].cancelled
    assert fal.cancel(handle) is False  # already finished


def test_async_cancel(emu: Emulator) -> None:
    emu.scenario.queue_positions = 5

    async def main() -> bool:
        async with fake_kolors.AsyncClient(**fal_kwargs(emu)) as client:
            handle = await client.submit({"prompt": "c"})
            return await client.cancel(handle.request_id)

    assert asyncio.run(main()) is True


def test_webhook_and_documented_headers(fal: fake_kolors.Client, emu: Emulator) -> None:
    hook = "https://example.com/hook?token=abc"
    handle = fal.submit(
        {"prompt": "x"}, webhook_url=hook, priority="low", request_timeout=30, hint="runner-1"
    )
    assert handle.gateway_request_id == handle.request_id
    job = emu.jobs[handle.request_id]
    assert job.webhook == hook
    assert job.headers["x-fal-queue-priority"] == "low"
    assert job.headers["x-fal-request-timeout"] == "30"
    assert job.headers["x-fal-runner-hint"] == "runner-1"


def test_sync_mode_returns_data_uris(fal: fake_kolors.Client, tmp_path: Any) -> None:
    out = fal.run({"prompt": "inline", "sync_mode": True, "output_format": "jpeg"})
    image = out.images[0]
    assert image.url.startswith("data:image/jpeg;base64,")
    saved = image.save(tmp_path)
    assert saved.name == "output.jpg"
    assert saved.read_bytes().startswith(b"\xff\xd8\xff")


def test_remote_file_save_downloads_http_url(fal: fake_kolors.Client, tmp_path: Any) -> None:
    out = fal.run({"prompt": "file"})
    path = out.images[0].save(tmp_path / "nested" / "cat.png")
    assert path.read_bytes() == out.images[0].read()
    assert path.read_bytes().startswith(b"\x89PNG")
    into_dir = out.images[0].save(tmp_path)
    assert into_dir.parent == tmp_path and into_dir.suffix == ".png"

    async def main() -> bytes:
        return await out.images[0].aread()

    assert asyncio.run(main()) == path.read_bytes()


def test_result_after_cancel_is_request_cancelled(fal: fake_kolors.Client, emu: Emulator) -> None:
    from modelclients._runtime import RequestCancelledError, RequestFailedError

    emu.scenario.queue_positions = 5
    handle = fal.submit({"prompt": "cancel me"})
    assert fal.cancel(handle) is True
    with pytest.raises(RequestCancelledError) as info:
        fal.result(handle)
    assert isinstance(info.value, RequestFailedError)
    assert (info.value.status_code, info.value.error_type) == (499, "client_cancelled")
    with pytest.raises(RequestCancelledError):
        fal.wait(handle)  # the status says COMPLETED with an error; the result says why
