"""fal webhooks: the emulator delivers fal's body to the submitted loopback URL (retrying until
it gets a 2xx) and `parse_webhook` turns it into the endpoint's Output or a typed error."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from modelclients._runtime import (
    RequestCancelledError,
    RequestFailedError,
    UnexpectedResponseError,
    WebhookInbox,
)

from generator.emulator import Emulator, Fault
from tests.e2e.conftest import fal_kwargs
from tests.e2e.webhook_receiver import WebhookReceiver
from tests.runtime import fake_kolors


def test_delivered_retried_and_parsed(fal: fake_kolors.Client, emu: Emulator) -> None:
    with WebhookReceiver(500, 200) as receiver:
        handle = fal.submit({"prompt": "hook"}, webhook_url=receiver.url)
        first, second = receiver.wait_for(2)
    assert first == second
    # The emulator logs an attempt once the receiver has answered: wait for the log to catch up.
    deadline = time.monotonic() + 10
    while len(emu.webhook_attempts) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [(a[2], a[3]) for a in emu.webhook_attempts] == [(1, 500), (2, 200)]
    body = json.loads(second)
    assert set(body) == {
        "request_id",
        "gateway_request_id",
        "status",
        "payload",
        "error",
        "payload_error",
    }
    webhook = fal.parse_webhook(second)
    assert webhook.ok and webhook.request_id == handle.request_id
    assert webhook.output == fal.result(handle)  # the same output as the result URL's
    inbox = WebhookInbox()
    assert inbox.accept(webhook) is webhook
    assert inbox.accept(fal.parse_webhook(body)) is None  # a repeated delivery


def test_failed_and_cancelled_jobs_arrive_as_typed_errors(emu: Emulator) -> None:
    emu.add_fault(Fault.fail("fal.submit", detail="NSFW content detected"))
    emu.scenario.processing_time = 0.3

    async def go(url: str) -> None:
        async with fake_kolors.AsyncClient(**fal_kwargs(emu)) as client:
            await client.submit({"prompt": "bad"}, webhook_url=url)
            handle = await client.submit({"prompt": "cancel me"}, webhook_url=url)
            await client.cancel(handle)

    with WebhookReceiver(200) as receiver:
        asyncio.run(go(receiver.url))
        bodies = receiver.wait_for(2)
    client = fake_kolors.Client(**fal_kwargs(emu))
    parsed = sorted((client.parse_webhook(b) for b in bodies), key=lambda w: type(w.error).__name__)
    failed, cancelled = parsed[1], parsed[0]
    assert type(failed.error) is RequestFailedError and failed.output is None
    assert "NSFW content detected" in str(failed.error)
    assert isinstance(cancelled.error, RequestCancelledError)


def test_bodies_that_are_not_webhooks_are_refused(fal: fake_kolors.Client) -> None:
    for bad in (b"not json", b"[1]", {"status": "OK"}, {"request_id": "r", "status": "DONE"}):
        with pytest.raises(UnexpectedResponseError, match="fal webhook"):
            fal.parse_webhook(bad)
    unserialisable = {
        "request_id": "r",
        "status": "OK",
        "payload": None,
        "payload_error": "too big",
    }
    webhook = fal.parse_webhook(unserialisable)
    assert webhook.output is None and webhook.error is not None and "too big" in str(webhook.error)


def test_only_loopback_urls_are_called(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.scenario.webhook_attempts = 1
    handle = fal.submit({"prompt": "x"}, webhook_url="http://example.com/hook")
    for _ in range(500):
        if emu.webhook_attempts:
            break
        asyncio.run(asyncio.sleep(0.01))
    assert emu.webhook_attempts == [(handle.request_id, "http://example.com/hook", 1, None)]
