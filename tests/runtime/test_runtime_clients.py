"""Client logic with httpx.MockTransport: auth, config, bodies, URLs, headers, retry policy."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import httpx
import pytest
from modelclients._runtime import (
    APIConnectionError,
    APIStatusError,
    Backoff,
    EndpointInfo,
    InputValidationError,
    MissingCredentialsError,
    RateLimitError,
    SegmindClient,
    ServerError,
    UnexpectedResponseError,
    UnsupportedOperationError,
    WaitTimeoutError,
)

from tests.runtime import fake_kolors, fake_segmind_kolors
from tests.runtime.mock import OUTPUT, QUEUED, Recorder, ok

FAST = Backoff(initial=0.001, maximum=0.002)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "FAL_KEY",
        "FAL_KEY_ID",
        "FAL_KEY_SECRET",
        "FAL_RUN_URL",
        "FAL_QUEUE_URL",
        "FAL_RUN_HOST",
        "FAL_QUEUE_RUN_HOST",
        "SEGMIND_API_KEY",
        "SEGMIND_BASE_URL",
        "SEGMIND_V2_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every delay the sync driver sleeps (without sleeping)."""
    recorded: list[float] = []
    monkeypatch.setattr("modelclients._runtime._http.time.sleep", recorded.append)
    return recorded


def fal(rec: Recorder, **kwargs: Any) -> fake_kolors.Client:
    kwargs.setdefault("key", "test-key-1")
    return fake_kolors.Client(http_client=rec.client(), backoff=FAST, **kwargs)


# -- credentials and configuration --------------------------------------------------------------


def test_fal_key_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    rec = Recorder(ok(OUTPUT))
    fal(rec, key="arg").run({"prompt": "x"})
    monkeypatch.setenv("FAL_KEY_ID", "id")
    monkeypatch.setenv("FAL_KEY_SECRET", "secret")
    fal(rec, key=None).run({"prompt": "x"})
    monkeypatch.setenv("FAL_KEY", "env")
    fal(rec, key=None).run({"prompt": "x"})
    assert [r.headers["authorization"] for r in rec.requests] == [
        "Key arg",
        "Key id:secret",
        "Key env",
    ]
    assert rec.requests[0].headers["user-agent"].startswith("modelclients/")


def test_missing_key_raises_before_sending() -> None:
    rec = Recorder(ok(OUTPUT))
    client = fal(rec, key=None)
    assert "key=<missing>" in repr(client)
    with pytest.raises(MissingCredentialsError, match="FAL_KEY"):
        client.submit({"prompt": "x"})
    seg = fake_segmind_kolors.Client(http_client=rec.client())
    with pytest.raises(MissingCredentialsError, match="SEGMIND_API_KEY"):
        seg.run({"prompt": "x"})
    assert rec.requests == []


def test_base_urls_from_arguments_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (fal(Recorder(ok({}))).run_url, fal(Recorder(ok({}))).queue_url) == (
        "https://fal.run",
        "https://queue.fal.run",
    )
    monkeypatch.setenv("FAL_RUN_HOST", "fal.example")
    client = fal(Recorder(ok({})))
    assert (client.run_url, client.queue_url) == (
        "https://fal.example",
        "https://queue.fal.example",
    )
    monkeypatch.setenv("FAL_RUN_URL", "http://127.0.0.1:9/fal/run/")
    monkeypatch.setenv("FAL_QUEUE_URL", "http://127.0.0.1:9/fal/queue")
    client = fal(Recorder(ok({})))
    assert (client.run_url, client.queue_url) == (
        "http://127.0.0.1:9/fal/run",
        "http://127.0.0.1:9/fal/queue",
    )
    assert fal(Recorder(ok({})), run_url="http://a/b").run_url == "http://a/b"


def test_segmind_v2_base_is_derived(monkeypatch: pytest.MonkeyPatch) -> None:
    client = fake_segmind_kolors.Client(api_key="k")
    assert (client.base_url, client.v2_base_url) == (
        "https://api.segmind.com/v1",
        "https://api.segmind.com/v2",
    )
    monkeypatch.setenv("SEGMIND_BASE_URL", "https://api-latest.segmind.com/v1/")
    assert (
        fake_segmind_kolors.Client(api_key="k").v2_base_url == "https://api-latest.segmind.com/v2"
    )
    monkeypatch.setenv("SEGMIND_V2_BASE_URL", "http://x/v2")
    assert fake_segmind_kolors.Client(api_key="k").v2_base_url == "http://x/v2"


# -- input ---------------------------------------------------------------------------------------


def test_unset_fields_are_not_sent_and_explicit_none_is() -> None:
    rec = Recorder(ok(OUTPUT))
    client = fal(rec)
    client.run(fake_kolors.Input(prompt="x", seed=None))
    client.run({"prompt": "y", "guidance_scale": 7})
    model = fake_kolors.Input(prompt="z")
    model.num_images = 2  # set after construction: still sent, and re-validated
    client.run(model)
    assert rec.bodies() == [
        {"prompt": "x", "seed": None},
        {"prompt": "y", "guidance_scale": 7.0},
        {"prompt": "z", "num_images": 2},
    ]


def test_invalid_input_never_sent() -> None:
    rec = Recorder(ok(OUTPUT))
    client = fal(rec)
    with pytest.raises(InputValidationError) as caught:
        client.run({"guidance_scale": 0})
    locs = sorted(tuple(e["loc"]) for e in caught.value.errors)
    assert locs == [("guidance_scale",), ("prompt",)]
    assert caught.value.endpoint_id == "fal-ai/kolors"
    model = fake_kolors.Input(prompt="x")
    model.num_images = 99
    with pytest.raises(InputValidationError):
        client.submit(model)
    with pytest.raises(InputValidationError):
        client.run(42)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert rec.requests == []


def test_protocol_not_supported() -> None:
    class QueueOnly(fake_kolors.Client):
        endpoint = EndpointInfo(id="fal-ai/q", provider="fal", protocols=("queue",))

    with pytest.raises(UnsupportedOperationError):
        QueueOnly(key="k").run({"prompt": "x"})


def test_segmind_file_fields_are_sent_as_bare_base64() -> None:
    from modelclients._runtime import FileInput
    from pydantic import BaseModel

    class Input(BaseModel):
        image: FileInput
        images: list[FileInput] | None = None

    class Output(BaseModel):
        status: str

    class Client(SegmindClient[Input, Output]):
        endpoint = EndpointInfo(
            id="segmind/x",
            provider="segmind",
            protocols=("v1",),
            slug="x",
            file_fields=("image", "images"),
        )
        input_model = Input
        output_model = Output

    rec = Recorder(
        httpx.Response(200, content=b"\xff\xd8\xff", headers={"content-type": "image/jpeg"})
    )
    Client(api_key="k", http_client=rec.client()).run(
        {"image": b"\x89PNG\r\n\x1a\nabc", "images": ["https://u/x.png", b"\xff\xd8\xffzz"]}
    )
    body = rec.bodies()[0]
    assert body["image"] == base64.b64encode(b"\x89PNG\r\n\x1a\nabc").decode()
    assert body["images"] == ["https://u/x.png", base64.b64encode(b"\xff\xd8\xffzz").decode()]
    assert rec.requests[0].headers["x-api-key"] == "k"
    assert str(rec.requests[0].url) == "https://api.segmind.com/v1/x"


# -- URLs and headers ----------------------------------------------------------------------------


def test_submit_prefers_server_urls_and_ids_build_urls_without_sub_path() -> None:
    rec = Recorder(ok(QUEUED), ok({"status": "COMPLETED", "request_id": "rid-1"}))
    client = fal(rec)
    handle = client.submit({"prompt": "x"}, path="/extra")
    assert str(rec.requests[0].url) == "https://queue.fal.run/fal-ai/kolors/extra"
    client.status(handle)
    assert str(rec.requests[1].url) == QUEUED["status_url"]

    class SubPath(fake_kolors.Client):
        endpoint = EndpointInfo(id="fal-ai/flux/dev", provider="fal", protocols=("queue",))

    rec2 = Recorder(ok({"status": "IN_QUEUE", "request_id": "r", "queue_position": 3}))
    sub = SubPath(key="k", http_client=rec2.client())
    sub.status("r", with_logs=True)
    sub.cancel("r")
    assert [str(r.url) for r in rec2.requests] == [
        "https://queue.fal.run/fal-ai/flux/requests/r/status?logs=1",
        "https://queue.fal.run/fal-ai/flux/requests/r/cancel",
    ]
    assert rec2.requests[1].method == "PUT"
    ws = sub.get_handle("r")
    assert ws.response_url == "https://queue.fal.run/fal-ai/flux/requests/r"

    class Workflow(fake_kolors.Client):
        endpoint = EndpointInfo(id="workflows/me/flow/x", provider="fal", protocols=("queue",))

    assert (
        Workflow(key="k")
        .get_handle("r")
        .status_url.endswith("/workflows/me/flow/requests/r/status")
    )


def test_submit_options_become_headers_and_webhook_param() -> None:
    rec = Recorder(ok(QUEUED))
    fal(rec).submit(
        {"prompt": "x"},
        webhook_url="https://hook.example/a?b=c",
        priority="low",
        request_timeout=12.5,
        hint="h",
        extra_headers={"X-Custom": "1"},
    )
    request = rec.requests[0]
    assert request.url.params["fal_webhook"] == "https://hook.example/a?b=c"
    assert request.headers["x-fal-queue-priority"] == "low"
    assert request.headers["x-fal-request-timeout"] == "12.5"
    assert request.headers["x-fal-runner-hint"] == "h"
    assert request.headers["x-custom"] == "1"
    with pytest.raises(ValueError, match="more than 1"):
        fal(rec).submit({"prompt": "x"}, request_timeout=1)
    with pytest.raises(ValueError, match="priority"):
        fal(rec).submit({"prompt": "x"}, priority="urgent")  # type: ignore[arg-type]


def test_unexpected_responses() -> None:
    with pytest.raises(UnexpectedResponseError, match="request_id"):
        fal(Recorder(ok({"status": "IN_QUEUE"}))).submit({"prompt": "x"})
    with pytest.raises(UnexpectedResponseError, match="unknown status"):
        fal(Recorder(ok({"status": "WEIRD", "request_id": "r"}))).status("r")
    with pytest.raises(UnexpectedResponseError, match="does not match"):
        fal(Recorder(ok({"images": "nope"}))).run({"prompt": "x"})
    with pytest.raises(UnexpectedResponseError, match="expected JSON"):
        fal(Recorder(httpx.Response(200, text="<html>"))).run({"prompt": "x"})
    seg = fake_segmind_kolors.Client(
        api_key="k", http_client=Recorder(ok({"request_id": "r"})).client()
    )
    with pytest.raises(UnexpectedResponseError, match="status_url"):
        seg.submit({"prompt": "x"})


@pytest.mark.parametrize(
    ("request_id", "error", "message"),
    [
        ("", ValueError, "blank"),
        ("  ", ValueError, "blank"),
        ("\udc80", ValueError, "lone surrogate"),
        (5, TypeError, "not int"),
        (None, TypeError, "not NoneType"),
    ],
    ids=["empty", "blank", "lone-surrogate", "number", "none"],
)
def test_a_request_id_that_cannot_be_a_url_segment_is_refused_before_sending(
    request_id: Any, error: type[Exception], message: str
) -> None:
    """Before, `""` polled `.../requests//status`, and the others raised UnicodeEncodeError or
    urllib's TypeError from deep inside the URL building."""
    rec = Recorder()
    seg = fake_segmind_kolors.Client(api_key="k", http_client=rec.client())
    for verb in (fal(rec).status, fal(rec).result, fal(rec).cancel, seg.status, seg.result):
        with pytest.raises(error, match=message):
            verb(request_id)
    assert rec.requests == []


@pytest.mark.parametrize("request_id", ["\udc80", "", 7])
def test_a_server_given_request_id_that_cannot_be_used_is_an_unexpected_answer(
    request_id: object,
) -> None:
    body = json.dumps({"request_id": request_id}).encode()  # `\udc80` escaped, as JSON allows
    with pytest.raises(UnexpectedResponseError, match="unusable request_id"):
        fal(Recorder(httpx.Response(200, content=body))).submit({"prompt": "x"})
    seg_body = json.dumps({"request_id": request_id, "status_url": "u", "response_url": "u"})
    seg = fake_segmind_kolors.Client(
        api_key="k", http_client=Recorder(httpx.Response(200, content=seg_body.encode())).client()
    )
    with pytest.raises(UnexpectedResponseError, match="usable request_id"):
        seg.submit({"prompt": "x"})


def test_unexpected_answers_and_timeouts_name_provider_call_and_endpoint(
    sleeps: list[float],
) -> None:
    """One label for every malformed answer ("<provider> <operation> <endpoint id>: ..."), the
    upload calls included, and for a wait that runs out of time."""
    fal_id, seg_id = fake_kolors.Client.endpoint.id, fake_segmind_kolors.Client.endpoint.id
    with pytest.raises(UnexpectedResponseError) as caught:
        fal(Recorder(ok({"status": "IN_QUEUE"}))).submit({"prompt": "x"})
    assert caught.value.message == f"fal submit {fal_id}: no request_id in the response"
    assert (caught.value.provider, caught.value.endpoint_id) == ("fal", fal_id)
    token = ok({"token": "t", "token_type": "Bearer", "base_url": "https://cdn.example"})
    with pytest.raises(UnexpectedResponseError) as caught:  # the CDN, then the fallback
        fal(Recorder(token, ok({"url": "elsewhere"}))).upload(b"bytes", "image/png")
    assert caught.value.message == f"fal upload (fallback) {fal_id}: no upload_url in the response"
    assert caught.value.status_code == 200
    seg = fake_segmind_kolors.Client(
        api_key="seg-key-1",
        http_client=Recorder(ok({"status": "QUEUED"})).client(),
        poll_interval=0,
    )
    with pytest.raises(WaitTimeoutError) as waited:
        seg.wait("rid-9", max_wait=0)
    assert str(waited.value) == (
        f"segmind {seg_id}: no result after 0s (request_id=rid-9); the request may still complete"
    )
    assert (waited.value.request_id, waited.value.timeout) == ("rid-9", 0)


# -- retry policy --------------------------------------------------------------------------------


def test_submit_retried_on_connect_error_but_not_after_sending(sleeps: list[float]) -> None:
    rec = Recorder(httpx.ConnectError("refused"), ok(QUEUED))
    assert fal(rec).submit({"prompt": "x"}).request_id == "rid-1"
    assert len(rec.requests) == 2 and len(sleeps) == 1
    rec = Recorder(httpx.ReadError("reset"), ok(QUEUED))
    with pytest.raises(APIConnectionError) as caught:
        fal(rec).submit({"prompt": "x"})
    assert caught.value.may_have_been_sent and len(rec.requests) == 1


def test_idempotent_requests_retry_read_errors_and_5xx(sleeps: list[float]) -> None:
    rec = Recorder(
        httpx.ReadError("reset"),
        httpx.ReadTimeout("slow"),
        ok({"detail": "x"}, 502),
        ok({"status": "COMPLETED", "request_id": "r"}),
    )
    fal(rec, max_retries=3).status("r")
    assert len(rec.requests) == 4 and len(sleeps) == 3


def test_retry_after_and_max_retries_per_call(sleeps: list[float]) -> None:
    rec = Recorder(ok({"detail": "slow down"}, 429, {"Retry-After": "0.25"}))
    with pytest.raises(RateLimitError) as caught:
        fal(rec).run({"prompt": "x"}, max_retries=2)
    assert sleeps == [0.25, 0.25]
    assert len(rec.requests) == 3
    assert caught.value.headers["retry-after"] == "0.25"
    rec = Recorder(ok({"detail": "x"}, 429))
    with pytest.raises(RateLimitError):
        fal(rec, max_retries=0).run({"prompt": "x"})
    assert len(rec.requests) == 1


def test_submit_status_codes(sleeps: list[float]) -> None:
    for status, headers, body, retried in [
        (503, {}, "busy", True),
        (408, {}, "timeout", True),
        (409, {}, "conflict", False),
        (500, {"x-fal-request-id": "r"}, "boom", False),
        (502, {}, "<center>nginx</center>", True),
        (502, {"x-fal-request-id": "r"}, "<center>nginx</center>", False),
    ]:
        rec = Recorder(httpx.Response(status, text=body, headers=headers), ok(QUEUED))
        client = fal(rec, max_retries=1)
        if retried:
            client.submit({"prompt": "x"})
        else:
            with pytest.raises(APIStatusError):
                client.submit({"prompt": "x"})
        assert len(rec.requests) == (2 if retried else 1), status


def test_never_retried(sleeps: list[float]) -> None:
    rec = Recorder(ok({"detail": "t"}, 504, {"X-Fal-Request-Timeout-Type": "user"}))
    with pytest.raises(ServerError):
        fal(rec).status("r")
    rec2 = Recorder(ok({"detail": "t"}, 503, {"X-Fal-Retryable": "false"}))
    with pytest.raises(ServerError):
        fal(rec2).status("r")
    assert len(rec.requests) == len(rec2.requests) == 1 and sleeps == []


def test_backoff_grows_and_is_capped() -> None:
    backoff = Backoff(initial=1, maximum=4, jitter=0)
    assert [backoff.delay(i) for i in range(4)] == [1, 2, 4, 4]
    jittered = Backoff(initial=1, maximum=4, jitter=0.5)
    assert all(0.5 <= jittered.delay(0) <= 1 for _ in range(50))
    assert backoff.delay(0, retry_after=3) == 3
    assert backoff.delay(0, retry_after=3600) == 1  # unreasonable Retry-After: back off instead


def test_async_client_with_mock_transport() -> None:
    rec = Recorder(
        httpx.ConnectError("x"),
        ok(QUEUED),
        ok({"status": "COMPLETED", "request_id": "rid-1"}),
        ok(OUTPUT),
    )

    async def main() -> str:
        client = fake_kolors.AsyncClient(key="k", http_client=rec.async_client(), backoff=FAST)
        out = await client.subscribe({"prompt": "x"})
        await client.aclose()
        return out.prompt

    assert asyncio.run(main()) == "x"
    assert [r.method for r in rec.requests] == ["POST", "POST", "GET", "GET"]


def test_one_credential_name_for_both_providers() -> None:
    rec = Recorder(ok(OUTPUT))
    fake_kolors.Client(api_key="by-api-key", http_client=rec.client()).run({"prompt": "x"})
    fake_kolors.Client(key="by-alias", http_client=rec.client()).run({"prompt": "x"})
    assert [r.headers["authorization"] for r in rec.requests] == ["Key by-api-key", "Key by-alias"]
    with pytest.raises(ValueError, match="same setting"):
        fake_kolors.Client(api_key="one", key="two")
    for client in (fal(rec, key=None), fake_segmind_kolors.Client(http_client=rec.client())):
        with pytest.raises(MissingCredentialsError, match="pass api_key= to the client"):
            client.submit({"prompt": "x"})
