"""The public surface: `__all__`, the error tree, and sync/async parity."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import modelclients._runtime as runtime
from modelclients._runtime import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AsyncFalClient,
    AsyncSegmindClient,
    AuthenticationError,
    FalClient,
    InputValidationError,
    InsufficientCreditsError,
    ModelClientError,
    NotFoundError,
    RateLimitError,
    RequestFailedError,
    SegmindClient,
    ServerError,
    WaitTimeoutError,
)

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "templates" / "runtime"

EXPECTED = {
    "EndpointInfo",
    "FalClient",
    "AsyncFalClient",
    "SegmindClient",
    "AsyncSegmindClient",
    "FileInput",
    "FileOutput",
    "RemoteFile",
    "Queued",
    "InProgress",
    "Completed",
    "FalStatus",
    "LogEntry",
    "FalRequestHandle",
    "SegmindRequestHandle",
    "SegmindStatus",
    "SegmindState",
    "SegmindSyncResult",
    "Backoff",
    "NotGiven",
    "NOT_GIVEN",
    "encode_data_uri",
    "decode_data_uri",
    "FalWebhook",
    "WebhookInbox",
    "RawResponse",
    "CallOptions",
}


def test_all_is_explicit_and_complete() -> None:
    exported = set(runtime.__all__)
    errors = {n for n in exported if n.endswith("Error")}
    assert exported >= EXPECTED
    assert exported - EXPECTED == errors
    for name in runtime.__all__:
        assert hasattr(runtime, name), name
    error_classes = {
        name
        for name, value in vars(runtime._errors).items()
        if isinstance(value, type)
        and issubclass(value, Exception)
        and value.__module__.endswith("_errors")
    }
    assert errors == error_classes


def test_error_tree_documented_and_shaped() -> None:
    doc = runtime._errors.__doc__ or ""
    for name in runtime._errors.__all__:
        assert re.search(rf"\b{name}\b", doc), f"{name} missing from the tree"
    assert issubclass(InputValidationError, ModelClientError) and issubclass(
        InputValidationError, ValueError
    )
    assert issubclass(APITimeoutError, APIConnectionError) and issubclass(
        APITimeoutError, TimeoutError
    )
    assert issubclass(WaitTimeoutError, TimeoutError)
    for cls in (
        AuthenticationError,
        InsufficientCreditsError,
        NotFoundError,
        RateLimitError,
        RequestFailedError,
        ServerError,
    ):
        assert issubclass(cls, APIStatusError) and issubclass(cls, APIError)


def _public(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_") and name not in ("close", "aclose")
    }


def test_sync_and_async_clients_have_the_same_verbs() -> None:
    for sync, async_ in ((FalClient, AsyncFalClient), (SegmindClient, AsyncSegmindClient)):
        sync_methods, async_methods = _public(sync), _public(async_)
        assert sync_methods.keys() == async_methods.keys()
        for name, signature in sync_methods.items():
            assert str(signature.parameters) == str(async_methods[name].parameters), name
            member = getattr(async_, name)
            if name not in ("get_handle", "prepare_input", "parse_webhook"):  # no I/O
                assert inspect.iscoroutinefunction(member), name
        assert str(inspect.signature(sync.__init__)).replace("SyncHttpClient", "X") == str(
            inspect.signature(async_.__init__)
        ).replace("AsyncHttpClient", "X")


def test_httpx_is_imported_in_one_module_only() -> None:
    importers = [
        p.name
        for p in RUNTIME_DIR.glob("*.py")
        if re.search(r"^\s*(import httpx|from httpx)", p.read_text(), re.M)
    ]
    assert importers == ["_http.py"]
    assert re.search(r"^import sniffio", (RUNTIME_DIR / "_http.py").read_text(), re.M)
    for path in RUNTIME_DIR.glob("*.py"):
        assert not re.search(r"^\s*from (generator|modelclients)\b", path.read_text(), re.M), path
