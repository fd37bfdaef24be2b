# Copied by modelgen from templates/runtime/_segmind.py (sha256:6a830cc5cbfa9f940057f39a991a1886a50cd3a1ab4cc7146d6957dfd098d2a4); do not edit; run `make generate`.
"""Segmind clients: `AsyncSegmindClient` declares the verbs (v1 synchronous calls, the v2 queue)
and drives the plans of `SegmindPlans` (`_segmind_plans.py`). The blocking `SegmindClient` is
derived from it when modelgen copies the runtime (generator/render/blocking_twins.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Unpack

from ._base import AsyncDriver, InputT, OutputT, SyncDriver, Timeout
from ._config import NOT_GIVEN, Backoff
from ._http import AsyncTransport, SyncTransport
from ._segmind_plans import (
    DEFAULT_POLL_INTERVAL,
    OnEnqueue,
    OnUpdate,
    SegmindPlans,
)
from ._types import SegmindRequestHandle, SegmindStatus, SegmindSyncResult
from ._verb_keywords import CallKeywords, RequestKeywords, SubscribeKeywords, WaitKeywords

if TYPE_CHECKING:
    from ._http import AsyncHttpClient, SyncHttpClient

__all__ = ["AsyncSegmindClient", "SegmindClient"]


class SegmindClient(SyncDriver, SegmindPlans[InputT, OutputT]):
    """Client of one Segmind model, subclassed per endpoint by the generated code:
    `SegmindClient` blocks; `AsyncSegmindClient` is its asyncio twin, whose callbacks may be
    coroutine functions."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        v2_base_url: str | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        backoff: Backoff | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        http_client: SyncHttpClient | None = None,
    ) -> None:
        super().__init__(
            key=api_key,
            base_url=base_url,
            v2_base_url=v2_base_url,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            poll_interval=poll_interval,
        )
        self._transport = SyncTransport(http_client)

    def run(
        self, input: InputT | Mapping[str, Any], **call: Unpack[RequestKeywords]
    ) -> SegmindSyncResult:
        """v1: generate synchronously; returns the bytes, content type and remaining credits."""
        return self._drive(self._run_plan(input=input, options=self._call_options(call)))

    def submit(
        self, input: InputT | Mapping[str, Any], **call: Unpack[RequestKeywords]
    ) -> SegmindRequestHandle:
        """v2: queue a request; returns its handle."""
        opts = self._call_options(call)
        return self._drive(self._submit_plan(input=input, options=opts))

    def status(
        self, request: SegmindRequestHandle | str, **call: Unpack[CallKeywords]
    ) -> SegmindStatus:
        """v2: QUEUED, PROCESSING, COMPLETED or FAILED (with its error); never raises for FAILED."""
        opts = self._call_options(call)
        return self._drive(self._status_plan(request=request, options=opts))

    def result(self, request: SegmindRequestHandle | str, **call: Unpack[CallKeywords]) -> OutputT:
        """v2: the result (RequestFailedError when FAILED, ResultNotReadyError before the end)."""
        opts = self._call_options(call)
        return self._drive(self._result_plan(request=request, options=opts))

    def wait(
        self,
        request: SegmindRequestHandle | str,
        *,
        on_update: OnUpdate | None = None,
        **call: Unpack[WaitKeywords],
    ) -> OutputT:
        """v2: poll until COMPLETED (then fetch the result) or FAILED (RequestFailedError);
        WaitTimeoutError after `max_wait` seconds (default 600)."""
        opts = self._call_options(call)
        return self._drive(
            self._wait_plan(request=request, options=opts, on_update=on_update),
        )

    def subscribe(
        self,
        input: InputT | Mapping[str, Any],
        *,
        on_enqueue: OnEnqueue | None = None,
        on_update: OnUpdate | None = None,
        **call: Unpack[SubscribeKeywords],
    ) -> OutputT:
        """v2: submit, poll and return the result."""
        opts = self._call_options(call)
        return self._drive(
            self._subscribe_plan(
                input=input, options=opts, on_enqueue=on_enqueue, on_update=on_update
            )
        )


# modelgen: blocking twin `SegmindClient`
class AsyncSegmindClient(AsyncDriver, SegmindPlans[InputT, OutputT]):
    """Client of one Segmind model, subclassed per endpoint by the generated code:
    `SegmindClient` blocks; `AsyncSegmindClient` is its asyncio twin, whose callbacks may be
    coroutine functions."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        v2_base_url: str | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        backoff: Backoff | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        http_client: AsyncHttpClient | None = None,
    ) -> None:
        super().__init__(
            key=api_key,
            base_url=base_url,
            v2_base_url=v2_base_url,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            poll_interval=poll_interval,
        )
        self._transport = AsyncTransport(http_client)

    async def run(
        self, input: InputT | Mapping[str, Any], **call: Unpack[RequestKeywords]
    ) -> SegmindSyncResult:
        """v1: generate synchronously; returns the bytes, content type and remaining credits."""
        return await self._drive(self._run_plan(input=input, options=self._call_options(call)))

    async def submit(
        self, input: InputT | Mapping[str, Any], **call: Unpack[RequestKeywords]
    ) -> SegmindRequestHandle:
        """v2: queue a request; returns its handle."""
        opts = self._call_options(call)
        return await self._drive(self._submit_plan(input=input, options=opts))

    async def status(
        self, request: SegmindRequestHandle | str, **call: Unpack[CallKeywords]
    ) -> SegmindStatus:
        """v2: QUEUED, PROCESSING, COMPLETED or FAILED (with its error); never raises for FAILED."""
        opts = self._call_options(call)
        return await self._drive(self._status_plan(request=request, options=opts))

    async def result(
        self, request: SegmindRequestHandle | str, **call: Unpack[CallKeywords]
    ) -> OutputT:
        """v2: the result (RequestFailedError when FAILED, ResultNotReadyError before the end)."""
        opts = self._call_options(call)
        return await self._drive(self._result_plan(request=request, options=opts))

    async def wait(
        self,
        request: SegmindRequestHandle | str,
        *,
        on_update: OnUpdate | None = None,
        **call: Unpack[WaitKeywords],
    ) -> OutputT:
        """v2: poll until COMPLETED (then fetch the result) or FAILED (RequestFailedError);
        WaitTimeoutError after `max_wait` seconds (default 600)."""
        opts = self._call_options(call)
        return await self._drive(
            self._wait_plan(request=request, options=opts, on_update=on_update),
        )

    async def subscribe(
        self,
        input: InputT | Mapping[str, Any],
        *,
        on_enqueue: OnEnqueue | None = None,
        on_update: OnUpdate | None = None,
        **call: Unpack[SubscribeKeywords],
    ) -> OutputT:
        """v2: submit, poll and return the result."""
        opts = self._call_options(call)
        return await self._drive(
            self._subscribe_plan(
                input=input, options=opts, on_enqueue=on_enqueue, on_update=on_update
            )
        )
