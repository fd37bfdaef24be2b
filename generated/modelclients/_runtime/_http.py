# Copied by modelgen from templates/runtime/_http.py (sha256:e479e36e8be96b5910df4db46cf8c7235670d6e08ef924002ce0e781b9d612f6); do not edit; run `make generate`.
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

#: The largest API response read (a `sync_mode` answer carries its images inline); a larger
#: one, declared or streamed (a decompressed gzip body counts), fails instead of filling memory.
MAX_RESPONSE_BYTES = 64 * 1024 * 1024

#: The largest output file `fetch` downloads (a video is tens of MB).
MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024


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
            try:
                self._parsed = json.loads(self.content)
            except RecursionError:
                raise ValueError("JSON nested too deeply") from None
        return self._parsed

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class TransportFailure(Exception):
    """No HTTP response was received.

    `sent` tells whether the request may have reached the server (False only when the failure
    happened while connecting, i.e. the server cannot have seen the request).
    """

    def __init__(self, message: str, *, sent: bool, timeout: bool, retryable: bool = True) -> None:
        super().__init__(message)
        self.sent = sent
        self.timeout = timeout
        #: False when sending again cannot help (a URL httpx refuses, a body that cannot be
        #: decoded, an answer over the size limit).
        self.retryable = retryable


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


def _failure(exc: Exception) -> TransportFailure:
    """What a failure of httpx (or of a URL or header it cannot encode) means to the retry
    policy; the message only, never the exception (httpx's request holds the key)."""
    import httpx

    message = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return TransportFailure(message, sent=False, timeout=True)
    if isinstance(exc, httpx.ConnectError):
        return TransportFailure(message, sent=False, timeout=False)
    if isinstance(exc, httpx.TransportError):
        return TransportFailure(message, sent=True, timeout=isinstance(exc, httpx.TimeoutException))
    sent = isinstance(exc, httpx.RequestError)  # too many redirects, an undecodable body
    return TransportFailure(
        f"{type(exc).__name__}: {message}", sent=sent, timeout=False, retryable=False
    )


def _failures() -> tuple[type[Exception], ...]:
    """What `send` and `fetch` turn into a TransportFailure: every error of httpx, an invalid
    URL, and the ValueError (UnicodeError) of a host or header value it cannot encode."""
    import httpx

    return (httpx.HTTPError, httpx.InvalidURL, ValueError)


def _too_large(limit: int) -> TransportFailure:
    return TransportFailure(
        f"the answer is larger than {limit:,} bytes; not read",
        sent=True,
        timeout=False,
        retryable=False,
    )


def _slow(seconds: float) -> TransportFailure:
    return TransportFailure(
        f"the answer took longer than {seconds:g}s to arrive", sent=True, timeout=True
    )


def _declared_over(r: httpx.Response, limit: int) -> bool:
    declared = r.headers.get("content-length", "")
    return declared.isdigit() and int(declared) > limit


def _read(
    r: httpx.Response,
    limit: int,
    timeout: float | None,
    started: float,
) -> HttpResponse:
    """The body of a streamed response, at most `limit` bytes (decoded), within `timeout`
    seconds of `started` (httpx's own timeouts bound each read, not the whole answer)."""
    if _declared_over(r, limit):
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    for chunk in r.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        if timeout is not None and time.monotonic() - started > timeout:
            raise _slow(timeout)
        chunks.append(chunk)
    return _response(r, b"".join(chunks))


# modelgen: blocking twin `_read`
async def _read_async(
    r: httpx.Response,
    limit: int,
    timeout: float | None,
    started: float,
) -> HttpResponse:
    """The body of a streamed response, at most `limit` bytes (decoded), within `timeout`
    seconds of `started` (httpx's own timeouts bound each read, not the whole answer)."""
    if _declared_over(r, limit):
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in r.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        if timeout is not None and time.monotonic() - started > timeout:
            raise _slow(timeout)
        chunks.append(chunk)
    return _response(r, b"".join(chunks))


def _response(r: httpx.Response, content: bytes) -> HttpResponse:
    # The reason phrase is only ever shown in an error (looking it up costs an enum call).
    reason = r.reason_phrase if r.status_code >= 400 else ""
    return HttpResponse(r.status_code, r.headers, content, reason)


ClientT = TypeVar("ClientT", "httpx.Client", "httpx.AsyncClient")


def _build(client: httpx.Client | httpx.AsyncClient, request: HttpRequest) -> httpx.Request:
    """httpx's request for `request`."""
    return client.build_request(
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
        """Send `request` and read its answer. Redirects are never followed, whatever the
        client given says: a provider's key in its own header (Segmind's `x-api-key`) would
        go with them to any host."""
        client = self._get()
        started = time.monotonic()
        try:
            r = client.send(_build(client, request), stream=True, follow_redirects=False)
            try:
                return _read(r, MAX_RESPONSE_BYTES, request.timeout, started)
            finally:
                r.close()
        except TransportFailure:
            raise
        except _failures() as exc:
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
        """As `SyncTransport.send`."""
        client = self._get()
        started = time.monotonic()
        try:
            r = await client.send(_build(client, request), stream=True, follow_redirects=False)
            try:
                return await _read_async(r, MAX_RESPONSE_BYTES, request.timeout, started)
            finally:
                await r.aclose()
        except TransportFailure:
            raise
        except _failures() as exc:
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
    """GET a URL without credentials (used to download output files, at most
    MAX_DOWNLOAD_BYTES; redirects are followed, as no key is sent). `timeout` bounds each read,
    not the whole download, which may rightly take long on a slow link."""
    import httpx

    try:
        with (
            httpx.Client(follow_redirects=True, verify=_ssl_context()) as client,
            client.stream("GET", url, timeout=_timeout(timeout)) as r,
        ):
            return _read(r, MAX_DOWNLOAD_BYTES, None, 0.0)
    except TransportFailure:
        raise
    except _failures() as exc:
        failure = _failure(exc)
    raise failure


async def fetch_async(url: str, *, timeout: float | None) -> HttpResponse:
    """Async `fetch`."""
    import httpx

    try:
        async with (
            httpx.AsyncClient(follow_redirects=True, verify=_ssl_context()) as client,
            client.stream("GET", url, timeout=_timeout(timeout)) as r,
        ):
            return await _read_async(r, MAX_DOWNLOAD_BYTES, None, 0.0)
    except TransportFailure:
        raise
    except _failures() as exc:
        failure = _failure(exc)
    raise failure
