"""Raw-response access, in the spirit of Stainless' `with_raw_response`:

    raw = client.with_raw_response.run({"prompt": "x"})
    raw.parsed            # what `client.run` returns
    raw.status_code, raw.headers, raw.request_id, raw.remaining_credits

Any verb that makes requests can be called this way (on async clients, awaited). The response is
the last one the call received (e.g. the result GET of `subscribe`); `responses` holds all of
them, in order.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ._http import AsyncTransport, HttpRequest, HttpResponse, SyncTransport

__all__ = ["RawResponse", "with_raw_response"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RawResponse(Generic[T]):
    parsed: T
    responses: tuple[HttpResponse, ...]

    @property
    def last(self) -> HttpResponse:
        return self.responses[-1]

    @property
    def status_code(self) -> int:
        return self.last.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        return self.last.headers

    @property
    def request_id(self) -> str | None:
        """fal's `x-fal-request-id`, else the request id of the parsed value, if any."""
        for response in reversed(self.responses):
            found = response.headers.get("x-fal-request-id")
            if found:
                return found
        found = getattr(self.parsed, "request_id", None)
        return found if isinstance(found, str) else None

    @property
    def remaining_credits(self) -> float | None:
        """Segmind's `x-remaining-credits` (the latest one the call received)."""
        for response in reversed(self.responses):
            value = response.headers.get("x-remaining-credits")
            if value is not None:
                try:
                    return float(value)
                except ValueError:
                    return None
        return None


class _RecordingSync(SyncTransport):
    def __init__(self, inner: SyncTransport, seen: list[HttpResponse]) -> None:
        super().__init__(None)
        self._inner, self._seen = inner, seen

    def send(self, request: HttpRequest) -> HttpResponse:
        response = self._inner.send(request)
        self._seen.append(response)
        return response

    def close(self) -> None:  # the client's own transport stays open
        pass


class _RecordingAsync(AsyncTransport):
    def __init__(self, inner: AsyncTransport, seen: list[HttpResponse]) -> None:
        super().__init__(None)
        self._inner, self._seen = inner, seen

    async def send(self, request: HttpRequest) -> HttpResponse:
        response = await self._inner.send(request)
        self._seen.append(response)
        return response

    async def aclose(self) -> None:
        pass


class _RawCaller:
    """`client.with_raw_response`: the client's verbs, each returning a `RawResponse`."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Callable[..., Any]:
        verb = getattr(type(self._client), name, None)
        if verb is None or name.startswith("_") or not callable(verb):
            raise AttributeError(name)
        seen: list[HttpResponse] = []
        twin = copy.copy(self._client)
        transport = self._client._transport
        is_async = isinstance(transport, AsyncTransport)
        twin._transport = (
            _RecordingAsync(transport, seen) if is_async else _RecordingSync(transport, seen)
        )
        bound = getattr(twin, name)
        if is_async:

            @functools.wraps(bound)
            async def call_async(*args: Any, **kwargs: Any) -> RawResponse[Any]:
                return RawResponse(await bound(*args, **kwargs), tuple(seen))

            return call_async

        @functools.wraps(bound)
        def call(*args: Any, **kwargs: Any) -> RawResponse[Any]:
            return RawResponse(bound(*args, **kwargs), tuple(seen))

        return call


def with_raw_response(client: Any) -> Any:
    return _RawCaller(client)
