"""A server that misbehaves on purpose: every answer is a typed error, none carries the key, none
fills memory or outlasts the timeout, and no redirect takes the key anywhere. Served through
httpx.MockTransport (redirects, bodies streamed chunk by chunk, slow chunks)."""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from modelclients._runtime import (
    APIConnectionError,
    APITimeoutError,
    Backoff,
    ModelClientError,
    RequestFailedError,
    UnexpectedResponseError,
    WaitTimeoutError,
)

from tests.runtime import fake_kolors, fake_segmind_kolors
from tests.runtime.mock import Recorder, ok

KEY = "SECRET-KEY-123:abc"
IN_QUEUE = {"status": "IN_QUEUE", "queue_position": 0}
FAST = Backoff(initial=0.001, maximum=0.002)


def fal(rec: Recorder, **kwargs: Any) -> fake_kolors.Client:
    return fake_kolors.Client(key=KEY, http_client=rec.client(), backoff=FAST, **kwargs)


def segmind(rec: Recorder) -> fake_segmind_kolors.Client:
    return fake_segmind_kolors.Client(api_key=KEY, http_client=rec.client(), backoff=FAST)


def assert_clean(error: BaseException) -> None:
    """Typed, no httpx exception (whose request holds the key) in its chain, and the key
    nowhere in it."""
    assert isinstance(error, ModelClientError)
    current: BaseException | None = error
    while current is not None:
        assert not type(current).__module__.startswith(("httpx", "httpcore")), current
        for text in (str(current), repr(current), repr(vars(current))):
            assert KEY not in text
        current = current.__cause__ or current.__context__


class Stream(httpx.SyncByteStream):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return self.chunks


def test_a_redirect_is_never_followed_even_by_a_client_that_follows(monkeypatch: Any) -> None:
    moved = httpx.Response(302, headers={"location": "http://elsewhere.test/steal"})
    for make in (lambda r: fal(r), segmind):
        rec = Recorder(moved, ok({"ok": True}))
        client = make(rec)
        following = httpx.Client(transport=httpx.MockTransport(rec), follow_redirects=True)
        client._transport._client = following  # a user's client that follows redirects
        with pytest.raises(UnexpectedResponseError, match="not followed") as caught:
            if isinstance(client, fake_kolors.Client):
                client.status("r1")
            else:
                client.run({"prompt": "x"})
        assert [r.url.host for r in rec.requests] != ["elsewhere.test"]
        assert len(rec.requests) == 1
        assert_clean(caught.value)


def test_an_undecodable_body_is_a_typed_error_without_the_key() -> None:
    garbage = Stream(iter([b"not gzip"]))
    broken = httpx.Response(200, headers={"content-encoding": "gzip"}, stream=garbage)
    rec = Recorder(broken)
    with pytest.raises(APIConnectionError, match="DecodingError") as caught:
        fal(rec).status("r1")
    assert len(rec.requests) == 1  # sending again cannot help
    assert_clean(caught.value)


def test_an_answer_over_the_limit_is_refused_while_it_streams(monkeypatch: Any) -> None:
    monkeypatch.setattr("modelclients._runtime._http.MAX_RESPONSE_BYTES", 10_000)
    endless = (b"x" * 1000 for _ in iter(int, 1))
    rec = Recorder(lambda request: httpx.Response(200, stream=Stream(endless)))
    with pytest.raises(APIConnectionError, match="larger than 10,000 bytes") as caught:
        fal(rec).status("r1")
    assert len(rec.requests) == 1
    assert_clean(caught.value)


def test_a_gzip_bomb_counts_what_it_inflates_to(monkeypatch: Any) -> None:
    monkeypatch.setattr("modelclients._runtime._http.MAX_RESPONSE_BYTES", 100_000)
    bomb = gzip.compress(b"[" + b" " * 10_000_000 + b"]")
    assert len(bomb) < 100_000
    inflating = Stream(iter([bomb]))
    rec = Recorder(httpx.Response(200, headers={"content-encoding": "gzip"}, stream=inflating))
    with pytest.raises(APIConnectionError, match="larger than 100,000 bytes"):
        fal(rec).status("r1")


def test_a_declared_length_over_the_limit_is_refused_before_reading(monkeypatch: Any) -> None:
    monkeypatch.setattr("modelclients._runtime._http.MAX_RESPONSE_BYTES", 100)
    read: list[bytes] = []

    def chunks() -> Iterator[bytes]:
        read.append(b"!")
        yield b"x" * 1000

    answer = httpx.Response(200, headers={"content-length": "1000"}, stream=Stream(chunks()))
    with pytest.raises(APIConnectionError, match="larger than 100 bytes"):
        fal(Recorder(answer)).status("r1")
    assert read == []


def test_a_body_dripped_slower_than_the_timeout_stops_at_the_timeout() -> None:
    def drip() -> Iterator[bytes]:
        for _ in range(100):
            time.sleep(0.05)
            yield b" "

    rec = Recorder(lambda request: httpx.Response(200, stream=Stream(drip())))
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match=r"longer than 0\.2s"):
        fal(rec, max_retries=0).status("r1", timeout=0.2)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("url", ["http://[::1", "\x00", "http://[bad]/x"])
def test_a_url_from_the_server_that_httpx_refuses_is_a_typed_error(url: str) -> None:
    submitted = {"request_id": "r1", "status_url": url, "response_url": url, "cancel_url": url}
    rec = Recorder(ok(submitted))
    client = fal(rec)
    handle = client.submit({"prompt": "x"})
    with pytest.raises(APIConnectionError) as caught:
        client.status(handle)
    assert len(rec.requests) == 1
    assert_clean(caught.value)


@pytest.mark.parametrize(
    "detail",
    [
        [{"loc": None, "msg": "bad"}],
        [{"loc": 5, "msg": "bad"}],
        [{"loc": "prompt", "msg": "bad"}],
        {"detail": {"detail": {"detail": "x" * 100_000}}},
        ["x" * 1_000_000],
    ],
)
def test_error_details_of_any_shape_are_read_and_kept_short(detail: Any) -> None:
    rec = Recorder(ok({"detail": detail}, status=422))
    with pytest.raises(RequestFailedError) as caught:
        fal(rec).run({"prompt": "x"})
    assert len(str(caught.value)) < 3000
    assert_clean(caught.value)


def test_json_nested_past_the_parser_is_a_typed_error() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    rec = Recorder(httpx.Response(200, content=deep, headers={"content-type": "application/json"}))
    with pytest.raises(UnexpectedResponseError, match="does not parse"):
        fal(rec).status("r1")
    nested: Any = "deep"
    for _ in range(900):
        nested = [nested]
    rec = Recorder(ok({"detail": nested}, status=500))
    with pytest.raises(ModelClientError):
        fal(rec, max_retries=0).status("r1")


@pytest.mark.parametrize("request_id", ["../../admin", "abc?x=1#", "a/b", "%2e%2e"])
def test_a_request_id_is_one_path_segment(request_id: str) -> None:
    rec = Recorder(ok(IN_QUEUE))
    fal(rec).status(request_id)
    seg_rec = Recorder(ok({"status": "QUEUED"}))
    segmind(seg_rec).status(request_id)
    for sent in (rec.requests[0], seg_rec.requests[0]):
        path = sent.url.raw_path.decode()
        assert path.endswith("/status") and "/requests/" in path
        segment = path.split("/requests/", 1)[1].removesuffix("/status")
        assert "/" not in segment and "?" not in segment and "#" not in segment
        assert not sent.url.query


def test_a_key_echoed_as_the_request_id_is_masked_in_a_wait_timeout() -> None:
    rec = Recorder(ok(IN_QUEUE))
    client = fal(rec)
    with pytest.raises(WaitTimeoutError) as caught:
        client.wait(KEY, max_wait=0.0, poll_interval=0.001)
    assert_clean(caught.value)


class AsyncStream(httpx.AsyncByteStream):
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk


def test_the_async_client_reads_within_the_same_limits(monkeypatch: Any) -> None:
    monkeypatch.setattr("modelclients._runtime._http.MAX_RESPONSE_BYTES", 10_000)
    endless = (b"x" * 1000 for _ in iter(int, 1))
    rec = Recorder(lambda request: httpx.Response(200, stream=AsyncStream(endless)))
    moved = Recorder(httpx.Response(307, headers={"location": "http://elsewhere.test/"}))

    async def calls() -> None:
        client = fake_kolors.AsyncClient(key=KEY, http_client=rec.async_client(), backoff=FAST)
        with pytest.raises(APIConnectionError, match="larger than 10,000 bytes") as caught:
            await client.status("r1")
        assert_clean(caught.value)
        following = httpx.AsyncClient(transport=httpx.MockTransport(moved), follow_redirects=True)
        other = fake_kolors.AsyncClient(key=KEY, http_client=following, backoff=FAST)
        with pytest.raises(UnexpectedResponseError, match="not followed"):
            await other.status("r1")
        assert len(moved.requests) == 1

    asyncio.run(calls())


def test_wait_stops_near_max_wait_when_the_status_trickles() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":  # the cancel `wait` sends when it gives up
            return ok({"success": True})

        def drip() -> Iterator[bytes]:
            for _ in range(200):
                time.sleep(0.05)
                yield b" "

        return httpx.Response(200, stream=Stream(drip()))

    rec = Recorder(answer)
    started = time.monotonic()
    with pytest.raises(WaitTimeoutError):
        fal(rec).wait("r1", max_wait=0.3, poll_interval=0.05)
    assert time.monotonic() - started < 5  # one poll of at most MIN_POLL_SECONDS, then cancel


def test_wait_does_not_sleep_a_retry_after_past_max_wait(sleeps: list[float]) -> None:
    busy = httpx.Response(503, headers={"retry-after": "50"}, json={"detail": "busy"})
    rec = Recorder(busy)
    with pytest.raises(ModelClientError):
        fal(rec).wait("r1", max_wait=2.0, poll_interval=0.05)
    assert all(s < 2.0 for s in sleeps), sleeps
    status_calls = [r for r in rec.requests if r.method == "GET"]
    assert len(status_calls) == 1
    with pytest.raises(ModelClientError):  # a plain call keeps the policy: it retries
        fal(Recorder(busy), max_retries=1).status("r1")
    assert 50.0 in sleeps or max(sleeps) >= 49


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every delay the sync driver sleeps (without sleeping)."""
    recorded: list[float] = []
    monkeypatch.setattr("modelclients._runtime._http.time.sleep", recorded.append)
    return recorded


def test_odd_values_in_status_and_cancel_answers_are_not_taken_for_others() -> None:
    queued = fal(Recorder(ok({"status": "IN_QUEUE", "queue_position": True}))).status("r1")
    assert getattr(queued, "position", "missing") is None
    for answer, accepted in (({"success": "false"}, False), ({"success": True}, True), ({}, True)):
        assert fal(Recorder(ok(answer))).cancel("r1") is accepted
