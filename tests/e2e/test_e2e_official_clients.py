"""The emulator as a drop-in for the providers' own Python clients (`fal-client`, `segmind`, both
pinned test-only). fal-client builds its https URLs at import time: the test patches those module
constants, nothing more; segmind takes `base_url=`."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator

import fal_client
import fal_client.client as fal_module
import httpx
import pytest
import segmind

from generator.emulator import Emulator, Scenario
from tests.runtime.fake_catalogue import catalogue

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    with Emulator(catalogue(), Scenario(queue_positions=1, progress_polls=1)) as emulator:
        monkeypatch.setattr(fal_module, "RUN_URL_FORMAT", f"{emulator.fal_run_url}/")
        monkeypatch.setattr(fal_module, "QUEUE_URL_FORMAT", f"{emulator.fal_queue_url}/")
        monkeypatch.setattr(fal_module, "REST_URL", emulator.fal_rest_url)
        monkeypatch.setattr(fal_module, "CDN_URL", emulator.fal_cdn_url)
        yield emulator


def _fal(emu: Emulator) -> fal_client.SyncClient:
    return fal_client.SyncClient(key=emu.fal_key)


def test_fal_client_run_and_subscribe(emu: Emulator) -> None:
    client = _fal(emu)
    out = client.run("fal-ai/kolors", arguments={"prompt": "a red panda"})
    assert out["prompt"] == "a red panda" and httpx.get(out["images"][0]["url"]).status_code == 200
    updates: list[object] = []
    out = client.subscribe(
        "fal-ai/kolors",
        arguments={"prompt": "queued"},
        with_logs=True,
        on_queue_update=updates.append,
    )
    assert out["prompt"] == "queued"
    kinds = [type(u).__name__ for u in updates]
    assert kinds[0] == "Queued" and "InProgress" in kinds
    assert [r.op for r in emu.requests if r.op in ("fal.run", "fal.submit")] == [
        "fal.run",
        "fal.submit",
    ]


def test_fal_client_submit_status_result(emu: Emulator) -> None:
    handle = _fal(emu).submit("fal-ai/kolors", arguments={"prompt": "x"})
    assert isinstance(handle.status(), fal_client.Queued)
    assert handle.get()["prompt"] == "x"
    assert isinstance(handle.status(), fal_client.Completed)
    assert emu.jobs[handle.request_id].input == {"prompt": "x"}


def test_fal_client_upload_then_image_to_image(emu: Emulator) -> None:
    client = _fal(emu)
    url = client.upload(PNG, "image/png", "in.png")
    assert httpx.get(url).content == PNG
    out = client.subscribe(
        "fal-ai/kolors/image-to-image", arguments={"prompt": "x", "image_url": url}
    )
    assert out["images"]
    (submit,) = emu.requests_for("fal.submit")
    assert submit.body["image_url"] == url
    assert [r.op for r in emu.requests][:2] == ["fal.token", "fal.upload"]


def test_fal_async_client(emu: Emulator) -> None:
    async def go() -> dict[str, object]:
        client = fal_client.AsyncClient(key=emu.fal_key)
        return await client.subscribe("fal-ai/kolors", arguments={"prompt": "async"})

    assert asyncio.run(go())["prompt"] == "async"


def test_segmind_v1_and_v2(emu: Emulator) -> None:
    client = segmind.SegmindClient(api_key=emu.segmind_key, base_url=emu.segmind_url)
    v1 = client.run_sync("kolors", prompt="x", output_format="png")
    assert v1.status_code == 200 and v1.content.startswith(b"\x89PNG")
    v2 = client.run("kolors", prompt="y")
    assert v2["status"] == "COMPLETED" and set(v2) >= {"output", "metrics"}
    assert httpx.get(v2["output"]).status_code == 200
    job = client.submit_async("kolors", prompt="z")
    assert job.wait(timeout=30)["status"] == "COMPLETED"
    assert [r.op for r in emu.requests_for("segmind.submit")] == ["segmind.submit"] * 2


def test_fal_client_webhook(emu: Emulator) -> None:
    from tests.e2e.webhook_receiver import WebhookReceiver

    with WebhookReceiver(200) as receiver:
        handle = _fal(emu).submit(
            "fal-ai/kolors", arguments={"prompt": "w"}, webhook_url=receiver.url
        )
        (body,) = receiver.wait_for(1)
    delivered = json.loads(body)
    assert delivered["request_id"] == handle.request_id and delivered["status"] == "OK"
    assert delivered["payload"]["prompt"] == "w"
    (submit,) = emu.requests_for("fal.submit")
    assert submit.path == "/fal/queue/fal-ai/kolors"
