"""`CallOptions`: one frozen object per call, handed unchanged to every request of the call;
plan builders take keyword arguments only."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import json
import typing
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from modelclients._runtime import (
    AsyncFalClient,
    AsyncSegmindClient,
    Backoff,
    CallOptions,
    FalClient,
    SegmindClient,
    ServerError,
    _base,
    _fal_plans,
    _fal_stream,
    _fal_upload,
    _plan,
)
from modelclients._runtime import _segmind_plans as segmind_plans
from modelclients._runtime._options import DEFAULT_OPTIONS, FAL_ONLY, call_options

from tests.runtime import fake_kolors_i2i, fake_segmind_kolors
from tests.runtime.mock import Recorder, ok

FAST = Backoff(initial=0.001, maximum=0.002)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
FAL_OUTPUT = {"images": [{"url": "https://cdn.example/out.png"}], "seed": 1}
FAL_INPUT: dict[str, Any] = {"prompt": "x", "image_url": PNG}
SEGMIND_INPUT = {"prompt": "x"}


# -- the object ------------------------------------------------------------------------------


def test_call_options_are_frozen_slotted_and_copy_their_headers() -> None:
    headers = {"X-Trace": "1"}
    options = CallOptions(timeout=5.0, extra_headers=headers)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.timeout = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        options.extra_headers["X-Trace"] = "2"  # type: ignore[index]
    assert not hasattr(options, "__dict__") and "timeout" in CallOptions.__slots__
    headers["X-Trace"] = "changed"
    assert dict(options.extra_headers or {}) == {"X-Trace": "1"}
    with pytest.raises(TypeError):
        CallOptions(5.0)  # type: ignore[misc]  # keyword-only
    same = CallOptions(timeout=5.0, extra_headers={"X-Trace": "1"})
    assert same == options and hash(same) == hash(options) and len({same, options}) == 1
    assert hash(CallOptions(extra_headers={"X-Trace": "2"})) != hash(options)


def test_call_options_repr_hides_header_values_and_webhook_query() -> None:
    options = CallOptions(
        max_retries=1,
        extra_headers={"Authorization": "Bearer sk-very-secret"},
        webhook_url="https://hooks.example/in?token=hook-secret",
    )
    text = repr(options)
    assert "sk-very-secret" not in text and "hook-secret" not in text
    assert text == (
        "CallOptions(max_retries=1, extra_headers={'Authorization': '***'}, "
        "webhook_url='https://hooks.example/in?***')"
    )
    assert repr(CallOptions()) == "CallOptions()"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"priority": "urgent"}, "priority must be 'normal' or 'low'"),
        ({"request_timeout": 1}, "request_timeout must be more than 1 second"),
        ({"max_retries": -1}, "max_retries must be 0 or more"),
        ({"max_wait": -1.0}, "max_wait must be 0 or more"),
    ],
)
def test_call_options_refuse_bad_values(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CallOptions(**kwargs)


def test_call_options_merge_keeps_the_callers_object_unless_a_keyword_is_given() -> None:
    mine = CallOptions(timeout=3.0, priority="low", stream=True)
    assert call_options({"options": mine}) is mine
    assert call_options({}) is call_options({"options": None}) is DEFAULT_OPTIONS
    merged = call_options({"options": mine, "max_retries": 0, "timeout": None})
    assert (merged.max_retries, merged.timeout, merged.priority) == (0, None, "low")
    # a keyword given wins even when it is the field's default
    assert call_options({"options": mine, "stream": False}).stream is False
    with pytest.raises(TypeError, match="not a call option: colour"):
        call_options({"colour": "red"})
    with pytest.raises(TypeError, match="takes a CallOptions, not dict"):
        call_options({"options": {"timeout": 1}})


def _verb_keywords(verb: Callable[..., Any]) -> type | None:
    """The TypedDict of a verb's `**call`, or None when it takes none."""
    params = inspect.signature(verb).parameters.values()
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    hints = typing.get_type_hints(verb, include_extras=True)
    (keywords,) = typing.get_args(hints["call"])
    assert typing.get_origin(hints["call"]) is typing.Unpack
    return keywords  # type: ignore[no-any-return]


def test_every_verb_keyword_is_a_call_options_field_of_the_same_type() -> None:
    fields = typing.get_type_hints(CallOptions)
    fields["options"] = CallOptions | None
    seen: dict[str, set[str]] = {}
    for cls in (FalClient, AsyncFalClient, SegmindClient, AsyncSegmindClient):
        for name, verb in inspect.getmembers(cls, inspect.isfunction):
            keywords = None if name.startswith("_") else _verb_keywords(verb)
            if keywords is None:
                continue
            hints = typing.get_type_hints(keywords)
            assert {"timeout", "max_retries", "options"} <= hints.keys(), (cls, name)
            for key, hint in hints.items():
                assert hint == fields[key], (cls, name, key)
            assert not keywords.__required_keys__, (cls, name)  # type: ignore[attr-defined]
            seen.setdefault(f"{cls.__name__}.{name}", set()).update(hints)
    assert len(seen) == 30  # fal: 9 verbs, Segmind: 6; sync and async
    assert "priority" in seen["FalClient.subscribe"] and "webhook_url" in seen["FalClient.submit"]
    segmind = {key for verb, keys in seen.items() if verb.startswith("Segmind") for key in keys}
    assert not segmind & FAL_ONLY, "a Segmind verb takes a fal-only keyword"


def test_a_keyword_no_verb_takes_is_a_type_error_naming_it() -> None:
    client = fake_kolors_i2i.Client(key="k")
    with pytest.raises(TypeError, match="not a call option: timout"):
        client.status("rid-1", timout=3)  # type: ignore[call-arg]
    segmind = fake_segmind_kolors.Client(api_key="k")
    with pytest.raises(ValueError, match="hint apply to another provider only"):
        segmind.status("rid-1", options=CallOptions(hint="gpu"))


# -- one object through every request ----------------------------------------------------------


def _fal_answer(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("/storage/auth/token"):
        return ok({"token": "t", "token_type": "Bearer", "base_url": "https://cdn.example"})
    if path.endswith("/files/upload"):
        return ok({"access_url": "https://cdn.example/uploaded.png"})
    if path.endswith("/status/stream"):
        event = json.dumps({"status": "COMPLETED", "request_id": "rid-1"})
        return httpx.Response(200, text=f"data: {event}\n\n")
    if path.endswith("/status"):
        return ok({"status": "COMPLETED", "request_id": "rid-1"})
    if path.endswith("/cancel"):
        return ok({"success": True})
    if request.url.host == "queue.fal.run" and request.method == "POST":
        return ok({"request_id": "rid-1"})
    return ok(FAL_OUTPUT)


def _segmind_answer(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if request.method == "POST" and path.startswith("/v1/"):
        return httpx.Response(200, content=PNG, headers={"content-type": "image/png"})
    if request.method == "POST":
        base = "https://api.segmind.com/v2/requests/rid-1"
        return ok({"request_id": "rid-1", "status_url": f"{base}/status", "response_url": base})
    if path.endswith("/status"):
        return ok({"request_id": "rid-1", "status": "COMPLETED"})
    return ok({"status": "COMPLETED", "output": "https://cdn.example/out.png"})


FAL_CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("upload", (PNG,), {}),
    ("run", (FAL_INPUT,), {}),
    ("submit", (FAL_INPUT,), {}),
    ("status", ("rid-1",), {}),
    ("result", ("rid-1",), {}),
    ("cancel", ("rid-1",), {}),
    ("wait", ("rid-1",), {}),
    ("subscribe", (FAL_INPUT,), {}),
]
SEGMIND_CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("run", (SEGMIND_INPUT,), {}),
    ("submit", (SEGMIND_INPUT,), {}),
    ("status", ("rid-1",), {}),
    ("result", ("rid-1",), {}),
    ("wait", ("rid-1",), {}),
    ("subscribe", (SEGMIND_INPUT,), {}),
]


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[CallOptions]:
    """The `options` of every request any plan sends."""
    recorded: list[CallOptions] = []
    real = _base.BaseClient._send

    def spy(self: Any, **kwargs: Any) -> Any:
        recorded.append(kwargs["options"])
        return real(self, **kwargs)

    monkeypatch.setattr(_base.BaseClient, "_send", spy)
    return recorded


def _client(kind: str, is_async: bool, answer: Callable[[httpx.Request], httpx.Response]) -> Any:
    rec = Recorder(answer)
    if kind == "fal":
        module: Any = fake_kolors_i2i
        extra: dict[str, Any] = {"key": "k", "upload_threshold": 0}
    else:
        module, extra = fake_segmind_kolors, {"api_key": "k"}
    cls = module.AsyncClient if is_async else module.Client
    http = rec.async_client() if is_async else rec.client()
    return cls(http_client=http, backoff=FAST, poll_interval=0, **extra)


def _call(client: Any, verb: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    outcome = getattr(client, verb)(*args, **kwargs)
    return asyncio.run(outcome) if inspect.iscoroutine(outcome) else outcome


#: Requests per call: a fal file input is uploaded first (token, upload); wait = status + result.
REQUESTS = {
    ("fal", "upload"): 2,
    ("fal", "run"): 3,
    ("fal", "submit"): 3,
    ("fal", "status"): 1,
    ("fal", "result"): 1,
    ("fal", "cancel"): 1,
    ("fal", "wait"): 2,
    ("fal", "subscribe"): 5,
    ("segmind", "run"): 1,
    ("segmind", "submit"): 1,
    ("segmind", "status"): 1,
    ("segmind", "result"): 1,
    ("segmind", "wait"): 2,
    ("segmind", "subscribe"): 3,
}
CASES = [
    ("fal", is_async, verb, args, stream)
    for is_async in (False, True)
    for verb, args, _ in FAL_CALLS
    for stream in ((False, True) if verb in ("wait", "subscribe") else (False,))
] + [
    ("segmind", is_async, verb, args, False)
    for is_async in (False, True)
    for verb, args, _ in SEGMIND_CALLS
]


@pytest.mark.parametrize(("kind", "is_async", "verb", "args", "stream"), CASES)
def test_every_verb_hands_the_callers_options_to_every_request(
    seen: list[CallOptions],
    kind: str,
    is_async: bool,
    verb: str,
    args: tuple[Any, ...],
    stream: bool,
) -> None:
    answer = _fal_answer if kind == "fal" else _segmind_answer
    client = _client(kind, is_async, answer)
    options = CallOptions(timeout=7.0, max_retries=2, max_wait=60.0, stream=stream)
    if kind == "segmind":
        options = dataclasses.replace(options, stream=False)
    _call(client, verb, args, {"options": options})
    assert len(seen) == REQUESTS[kind, verb], seen
    assert all(item is options for item in seen), (verb, seen)


@pytest.mark.parametrize(("kind", "is_async", "verb", "args", "stream"), CASES)
def test_keywords_build_one_options_object_for_the_whole_call(
    seen: list[CallOptions],
    kind: str,
    is_async: bool,
    verb: str,
    args: tuple[Any, ...],
    stream: bool,
) -> None:
    answer = _fal_answer if kind == "fal" else _segmind_answer
    client = _client(kind, is_async, answer)
    kwargs: dict[str, Any] = {"timeout": 9.0, "max_retries": 1}
    if stream:
        kwargs["stream"] = True
    _call(client, verb, args, kwargs)
    assert len(seen) == REQUESTS[kind, verb]
    assert all(item is seen[0] for item in seen)
    assert (seen[0].timeout, seen[0].max_retries, seen[0].stream) == (9.0, 1, stream)


def test_a_keyword_wins_over_options_and_the_request_follows_it() -> None:
    rec = Recorder(httpx.Response(503))
    client = fake_segmind_kolors.Client(api_key="k", http_client=rec.client(), backoff=FAST)
    with pytest.raises(ServerError):
        client.status("rid-1", options=CallOptions(max_retries=4), max_retries=0)
    assert len(rec.requests) == 1
    with pytest.raises(ServerError):
        client.status("rid-1", options=CallOptions(max_retries=2))
    assert len(rec.requests) == 1 + 3


def test_options_headers_and_queue_settings_reach_the_submit() -> None:
    rec = Recorder(_fal_answer)
    client = fake_kolors_i2i.Client(key="k", http_client=rec.client(), upload_threshold=None)
    options = CallOptions(
        extra_headers={"X-Trace": "t-1"},
        priority="low",
        hint="runner-7",
        webhook_url="https://hooks.example/in",
    )
    client.submit(FAL_INPUT, options=options)
    sent = rec.requests[-1]
    assert sent.headers["x-trace"] == "t-1"
    assert sent.headers["x-fal-queue-priority"] == "low"
    assert sent.headers["x-fal-runner-hint"] == "runner-7"
    assert sent.url.params["fal_webhook"] == "https://hooks.example/in"


@pytest.mark.parametrize("field", ["priority", "webhook_url", "stream", "upload_threshold"])
def test_segmind_refuses_fal_only_options_before_sending(field: str) -> None:
    rec = Recorder(_segmind_answer)
    client = fake_segmind_kolors.Client(api_key="k", http_client=rec.client())
    value = {"priority": "low", "webhook_url": "https://h.example", "stream": True}.get(field, 5)
    with pytest.raises(ValueError, match=f"call options {field} apply to another provider"):
        client.subscribe(SEGMIND_INPUT, options=CallOptions(**{field: value}))
    assert rec.requests == []


# -- keyword-only plans ------------------------------------------------------------------------


def _internal_functions() -> list[tuple[str, Callable[..., Any]]]:
    found: list[tuple[str, Callable[..., Any]]] = []
    for cls in (
        _fal_plans.FalPlans,
        _fal_upload.FalUploads,
        _fal_stream.FalStatusStream,
        segmind_plans.SegmindPlans,
    ):
        for name, member in vars(cls).items():
            if inspect.isfunction(member) and (name.endswith("_plan") or name == "__init__"):
                found.append((f"{cls.__name__}.{name}", member))
    found.append(("BaseClient._send", _base.BaseClient._send))
    for name in ("request_plan", "poll_plan", "submit_then"):
        found.append((name, getattr(_plan, name)))
    found.append(("FalPlans._give_up", _fal_plans.FalPlans._give_up))
    found.append(("SegmindPlans._timed_out", segmind_plans.SegmindPlans._timed_out))
    return found


def test_every_plan_builder_takes_keywords_only() -> None:
    functions = _internal_functions()
    assert len(functions) >= 20
    for name, function in functions:
        params = list(inspect.signature(function).parameters.values())
        keywords = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD)
        positional = [p.name for p in params if p.kind not in keywords]
        assert positional in ([], ["self"]), (name, positional)


def test_positional_calls_of_plans_are_refused() -> None:
    fal = fake_kolors_i2i.Client(key="k")
    seg = fake_segmind_kolors.Client(api_key="k")
    options = CallOptions()
    refused = [
        lambda: fal._run_plan(FAL_INPUT, "", options),
        lambda: fal._submit_plan(FAL_INPUT, "", options),
        lambda: fal._status_plan("rid-1", options, False),
        lambda: fal._wait_plan("rid-1", options, None),
        lambda: fal._upload_plan(PNG, None, None, options),
        lambda: seg._subscribe_plan(SEGMIND_INPUT, options, None, None),
        lambda: seg._result_plan("rid-1", options),
        lambda: _plan.poll_plan(lambda: iter(()), bool, None, 1.0, None, lambda: iter(())),
    ]
    for call in refused:
        with pytest.raises(TypeError, match="positional argument"):
            call()
    assert inspect.isgenerator(fal._status_plan(request="rid-1", options=options, with_logs=False))
