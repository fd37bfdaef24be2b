"""fal clients: `AsyncFalClient` declares the verbs and drives the plans of `FalPlans`
(`_fal_plans.py`); shared protocol facts are in `_fal_protocol.py`. The blocking `FalClient` is
derived from it when modelgen copies the runtime (generator/render/blocking_twins.py): the same
code without `async` and `await`, over the blocking driver, transport and HTTP client."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from ._base import AsyncDriver, InputT, OutputT, SyncDriver, Timeout
from ._config import NOT_GIVEN, Backoff
from ._fal_plans import FalPlans
from ._fal_protocol import (
    DEFAULT_POLL_INTERVAL,
    OnEnqueue,
    OnUpdate,
    Priority,
    app_id,
    credential,
)
from ._fal_upload import DEFAULT_UPLOAD_THRESHOLD
from ._http import AsyncTransport, SyncTransport
from ._types import FalRequestHandle, FalStatus
from ._verb_keywords import (
    CallKeywords,
    FalRequestKeywords,
    FalSubmitKeywords,
    FalSubscribeKeywords,
    FalWaitKeywords,
)

if TYPE_CHECKING:
    from ._http import AsyncHttpClient, SyncHttpClient

__all__ = ["AsyncFalClient", "FalClient", "Priority", "app_id"]


# modelgen: blocking twin `FalClient`
class AsyncFalClient(AsyncDriver, FalPlans[InputT, OutputT]):
    """Client of one fal endpoint, subclassed per endpoint by the generated code: `FalClient`
    blocks; `AsyncFalClient` is its asyncio twin, whose callbacks may be coroutine functions."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        key: str | None = None,
        run_url: str | None = None,
        queue_url: str | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        backoff: Backoff | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        http_client: AsyncHttpClient | None = None,
        rest_url: str | None = None,
        cdn_url: str | None = None,
        upload_threshold: int | None = DEFAULT_UPLOAD_THRESHOLD,
    ) -> None:
        super().__init__(
            key=credential(api_key, key),
            run_url=run_url,
            queue_url=queue_url,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            poll_interval=poll_interval,
            rest_url=rest_url,
            cdn_url=cdn_url,
            upload_threshold=upload_threshold,
        )
        self._transport = AsyncTransport(http_client)

    async def upload(
        self,
        data: bytes,
        content_type: str | None = None,
        file_name: str | None = None,
        **call: Unpack[CallKeywords],
    ) -> str:
        """Upload bytes to fal's CDN; returns the URL to pass in a file field."""
        plan = self._upload_plan(
            data=data,
            content_type=content_type,
            file_name=file_name,
            options=self._call_options(call),
        )
        return await self._drive(plan)

    async def upload_file(self, path: str | os.PathLike[str], **call: Unpack[CallKeywords]) -> str:
        """Upload a local file (a regular file, at most 100 MB) to fal's CDN; returns its URL."""
        opts = self._call_options(call)
        return await self._drive(self._upload_file_plan(path=Path(path), options=opts))

    async def run(
        self,
        input: InputT | Mapping[str, Any],
        *,
        path: str = "",
        **call: Unpack[FalRequestKeywords],
    ) -> OutputT:
        """Run synchronously on the run host and return the output."""
        opts = self._call_options(call)
        return await self._drive(self._run_plan(input=input, path=path, options=opts))

    async def submit(
        self,
        input: InputT | Mapping[str, Any],
        *,
        path: str = "",
        **call: Unpack[FalSubmitKeywords],
    ) -> FalRequestHandle:
        """Put a request on the queue; returns its handle (request id and URLs)."""
        opts = self._call_options(call)
        return await self._drive(self._submit_plan(input=input, path=path, options=opts))

    async def status(
        self,
        request: FalRequestHandle | str,
        *,
        with_logs: bool = False,
        **call: Unpack[CallKeywords],
    ) -> FalStatus:
        """The request's status: Queued, InProgress or Completed (with logs when `with_logs`)."""
        opts = self._call_options(call)
        logs = with_logs or opts.with_logs is True
        return await self._drive(self._status_plan(request=request, options=opts, with_logs=logs))

    async def result(
        self, request: FalRequestHandle | str, **call: Unpack[CallKeywords]
    ) -> OutputT:
        """Fetch the output of a completed request (ResultNotReadyError if it is not done)."""
        opts = self._call_options(call)
        return await self._drive(self._result_plan(request=request, options=opts))

    async def cancel(self, request: FalRequestHandle | str, **call: Unpack[CallKeywords]) -> bool:
        """Ask fal to cancel the request; True when fal accepted the cancellation."""
        opts = self._call_options(call)
        return await self._drive(self._cancel_plan(request=request, options=opts))

    async def wait(
        self,
        request: FalRequestHandle | str,
        *,
        on_update: OnUpdate | None = None,
        **call: Unpack[FalWaitKeywords],
    ) -> OutputT:
        """Poll until the request completes, reporting each status to `on_update`; then fetch
        the result. `max_wait` (seconds) cancels the request and raises WaitTimeoutError.
        `stream=True` reads the status stream instead, polling if it is not available."""
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
        path: str = "",
        **call: Unpack[FalSubscribeKeywords],
    ) -> OutputT:
        """Submit, poll (queue positions, then logs when `with_logs`, which defaults to True
        when `on_update` is given) and return the result. `stream=True`: as in `wait`."""
        opts = self._call_options(call)
        return await self._drive(
            self._subscribe_plan(
                input=input,
                path=path,
                options=opts,
                on_enqueue=on_enqueue,
                on_update=on_update,
            )
        )
