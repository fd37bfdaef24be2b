"""The transport: the only module of the runtime that imports httpx (and sniffio).

Everything else in the runtime speaks in terms of `HttpRequest`, `HttpResponse` and
`TransportFailure`, so swapping the HTTP library is a change to this file alone.

httpx (and the ssl module it loads) is imported when the first request is sent, not when a
client module is imported: `import modelclients.fal.kolors` and building its `Input` never pay
for it (about 70 ms in a fresh process). `SyncHttpClient` and `AsyncHttpClient` are still
importable from here; naming them at run time imports httpx.
"""

from __future__ import annotations

import functools
import inspect
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import sniffio  # explicit: httpcore's async locks are slow without it (see docs/design.md, performance notes)

if TYPE_CHECKING:
    import ssl

    import httpx

__all__ = [
    "AsyncHttpClient",
    "AsyncTransport",
    "HttpRequest",
    "HttpResponse",
    "SyncHttpClient",
    "SyncTransport",
    "TransportFailure",
    "async_sleep",
    "fetch",
    "fetch_async",
]

if TYPE_CHECKING:
    #: The client types a user may pass as ``http_client=`` (e.g. with a custom transport or proxy).
    SyncHttpClient = httpx.Client
    AsyncHttpClient = httpx.AsyncClient


def __getattr__(name: str) -> Any:
    """`SyncHttpClient` and `AsyncHttpClient` at run time: httpx's clients, imported then."""
    if name in ("SyncHttpClient", "AsyncHttpClient"):
        import httpx

        return httpx.Client if name == "SyncHttpClient" else httpx.AsyncClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: `HttpResponse._parsed` before the body is parsed.
_UNPARSED: Any = object()

#: Connect-phase timeout cap, whatever the overall per-request timeout is.
CONNECT_TIMEOUT = 10.0


@dataclass(slots=True)
class HttpRequest:
    """One HTTP request, built by the shared client logic and sent by a transport; never changed
    once built (not frozen: a frozen dataclass costs an `object.__setattr__` per field to build,
    and every call builds several of these)."""

    method: str
    url: str
    headers: Mapping[str, str]
    params: Mapping[str, str] | None = None
    json_body: Any = None
    has_body: bool = False
    timeout: float | None = 120.0
    raw_body: bytes | None = None  # sent as is (uploads), instead of `json_body`

    def content(self) -> bytes | None:
        if self.raw_body is not None:
            return self.raw_body
        if not self.has_body:
            return None
        return json.dumps(self.json_body, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(slots=True)
class HttpResponse:
    """A fully read HTTP response (headers are case-insensitive); never changed once built (as
    `HttpRequest`), except that its JSON is parsed once, when first asked for."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes
    reason: str = ""
    _parsed: Any = field(default=_UNPARSED, repr=False, compare=False)

    def json(self) -> Any:
        """The body parsed as JSON (raises ValueError if it is not JSON)."""
        if self._parsed is _UNPARSED:
            self._parsed = json.loads(self.content)
        return self._parsed

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class TransportFailure(Exception):
    """No HTTP response was received.

    `sent` tells whether the request may have reached the server (False only when the failure
    happened while connecting, i.e. the server cannot have seen the request).
    """

    def __init__(self, message: str, *, sent: bool, timeout: bool) -> None:
        super().__init__(message)
        self.sent = sent
        self.timeout = timeout


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One TLS context per process: building it (loading CA certificates) costs ~50 ms."""
    import httpx

    return httpx.create_ssl_context()


@functools.lru_cache(maxsize=64)
def _timeout(seconds: float | None) -> httpx.Timeout:
    """httpx's timeout for `seconds` per request (one object per value: a request reads it)."""
    import httpx

    connect = CONNECT_TIMEOUT if seconds is None else min(seconds, CONNECT_TIMEOUT)
    return httpx.Timeout(seconds, connect=connect)


def _failure(exc: httpx.TransportError) -> TransportFailure:
    import httpx

    message = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return TransportFailure(message, sent=False, timeout=True)
    if isinstance(exc, httpx.ConnectError):
        return TransportFailure(message, sent=False, timeout=False)
    return TransportFailure(message, sent=True, timeout=isinstance(exc, httpx.TimeoutException))


def _response(r: httpx.Response) -> HttpResponse:
    # The reason phrase is only ever shown in an error (looking it up costs an enum call).
    reason = r.reason_phrase if r.status_code >= 400 else ""
    return HttpResponse(r.status_code, r.headers, r.content, reason)


R = TypeVar("R")
ClientT = TypeVar("ClientT", "httpx.Client", "httpx.AsyncClient")


def _issue(send: Callable[..., R], request: HttpRequest) -> R:
    """Call a client's `request` method (sync, or async returning a coroutine) for `request`."""
    return send(
        request.method,
        request.url,
        headers=request.headers,
        params=request.params,
        content=request.content(),
        timeout=_timeout(request.timeout),
    )


class _Transport(Generic[ClientT]):
    """Holds the httpx client: the one given (never closed here), or one created on first use."""

    def __init__(self, client: ClientT | None = None) -> None:
        self._client: ClientT | None = client
        self._owned = client is None


class SyncTransport(_Transport["httpx.Client"]):
    """Sends requests with an `httpx.Client` (created lazily unless one is given)."""

    def _get(self) -> httpx.Client:
        if self._client is None:
            import httpx

            self._client = httpx.Client(follow_redirects=True, verify=_ssl_context())
        return self._client

    def send(self, request: HttpRequest) -> HttpResponse:
        import httpx  # loaded by `_get` on the first request; from then on a dict lookup

        try:
            return _response(_issue(self._get().request, request))
        except httpx.TransportError as exc:
            failure = _failure(exc)
        raise failure  # outside the handler: nothing chained (httpx's request holds the key)

    def close(self) -> None:
        if self._owned and self._client is not None:
            self._client.close()
            self._client = None

    @staticmethod
    def sleep(seconds: float) -> None:
        time.sleep(seconds)

    @staticmethod
    def notify(callback: Callable[[Any], object], value: Any) -> None:
        """Call a plan's callback (`on_update`, `on_enqueue`) with `value`."""
        callback(value)


class AsyncTransport(_Transport["httpx.AsyncClient"]):
    """Sends requests with an `httpx.AsyncClient` (created lazily unless one is given)."""

    def _get(self) -> httpx.AsyncClient:
        if self._client is None:
            import httpx

            self._client = httpx.AsyncClient(follow_redirects=True, verify=_ssl_context())
        return self._client

    async def send(self, request: HttpRequest) -> HttpResponse:
        import httpx  # as in SyncTransport.send

        try:
            return _response(await _issue(self._get().request, request))
        except httpx.TransportError as exc:
            failure = _failure(exc)
        raise failure  # as in SyncTransport.send

    async def aclose(self) -> None:
        if self._owned and self._client is not None:
            await self._client.aclose()
            self._client = None

    @staticmethod
    async def sleep(seconds: float) -> None:
        await async_sleep(seconds)

    @staticmethod
    async def notify(callback: Callable[[Any], object], value: Any) -> None:
        """Call a plan's callback with `value`, awaiting it when it is a coroutine function."""
        outcome = callback(value)
        if inspect.isawaitable(outcome):
            await outcome


async def async_sleep(seconds: float) -> None:
    """Sleep on whichever event loop is running (asyncio or trio)."""
    if sniffio.current_async_library() == "trio":  # pragma: no cover - trio is optional
        import trio  # type: ignore[import-not-found]

        await trio.sleep(seconds)
        return
    import asyncio  # here, not at the top: sync-only users do not pay its import (~30 ms)

    await asyncio.sleep(seconds)


def fetch(url: str, *, timeout: float | None) -> HttpResponse:
    """GET a URL without credentials (used to download output files)."""
    import httpx

    with httpx.Client(follow_redirects=True, verify=_ssl_context()) as client:
        try:
            return _response(client.get(url, timeout=_timeout(timeout)))
        except httpx.TransportError as exc:
            raise _failure(exc) from exc


async def fetch_async(url: str, *, timeout: float | None) -> HttpResponse:
    """Async `fetch`."""
    import httpx

    async with httpx.AsyncClient(follow_redirects=True, verify=_ssl_context()) as client:
        try:
            return _response(await client.get(url, timeout=_timeout(timeout)))
        except httpx.TransportError as exc:
            raise _failure(exc) from exc
