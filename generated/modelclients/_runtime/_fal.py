# Copied by modelgen from templates/runtime/_fal.py (sha256:28f5fe80154ed374b4490b38c0735cbcc10bd9733f595ce3f814a97a6533069c); do not edit; run `make generate`.
"""fal clients: `FalClient` and `AsyncFalClient` declare the verbs and drive the plans of
`FalPlans` (`_fal_plans.py`); shared protocol facts are in `_fal_protocol.py`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._base import AsyncDriver, InputT, OutputT, SyncDriver, Timeout
from ._config import (
    NOT_GIVEN,
    Backoff,
    NotGiven,
)
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

if TYPE_CHECKING:
    from ._http import AsyncHttpClient, SyncHttpClient

__all__ = ["AsyncFalClient", "FalClient", "Priority", "app_id"]


class FalClient(SyncDriver, FalPlans[InputT, OutputT]):
    """Blocking client of one fal endpoint. Subclassed per endpoint by the generated code."""

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
        http_client: SyncHttpClient | None = None,
        rest_url: str | None = None,
        cdn_url: str | None = None,
        upload_threshold: int | None = DEFAULT_UPLOAD_THRESHOLD,
    ) -> None:
        super().__init__(
            credential(api_key, key),
            run_url,
            queue_url,
            timeout,
            max_retries,
            backoff,
            poll_interval,
            rest_url,
            cdn_url,
            upload_threshold,
        )
        self._transport = SyncTransport(http_client)

    def upload(
        self,
        data: bytes,
        content_type: str | None = None,
        file_name: str | None = None,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> str:
        """Upload bytes to fal's CDN; returns the URL to pass in a file field."""
        return self._drive(self._upload_plan(data, content_type, file_name, timeout, max_retries))

    def upload_file(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> str:
        """Upload a local file (a regular file, at most 100 MB) to fal's CDN; returns its URL."""
        return self._drive(self._upload_file_plan(Path(path), timeout, max_retries))

    def run(
        self,
        input: InputT | Mapping[str, Any],
        *,
        path: str = "",
        request_timeout: float | None = None,
        hint: str | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        upload_threshold: int | NotGiven | None = NOT_GIVEN,
    ) -> OutputT:
        """Run synchronously on the run host and return the output."""
        return self._drive(
            self._run_plan(
                input,
                path,
                request_timeout,
                hint,
                timeout,
                max_retries,
                extra_headers,
                upload_threshold,
            )
        )

    def submit(
        self,
        input: InputT | Mapping[str, Any],
        *,
        path: str = "",
        webhook_url: str | None = None,
        priority: Priority | None = None,
        request_timeout: float | None = None,
        hint: str | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        upload_threshold: int | NotGiven | None = NOT_GIVEN,
    ) -> FalRequestHandle:
        """Put a request on the queue; returns its handle (request id and URLs)."""
        return self._drive(
            self._submit_plan(
                input,
                path,
                webhook_url,
                priority,
                request_timeout,
                hint,
                timeout,
                max_retries,
                extra_headers,
                upload_threshold=upload_threshold,
            )
        )

    def status(
        self,
        request: FalRequestHandle | str,
        *,
        with_logs: bool = False,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> FalStatus:
        """The request's status: Queued, InProgress or Completed."""
        return self._drive(self._status_plan(request, with_logs, timeout, max_retries))

    def result(
        self,
        request: FalRequestHandle | str,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> OutputT:
        """Fetch the output of a completed request (ResultNotReadyError if it is not done)."""
        return self._drive(self._result_plan(request, timeout, max_retries))

    def cancel(
        self,
        request: FalRequestHandle | str,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> bool:
        """Ask fal to cancel the request; True when fal accepted the cancellation."""
        return self._drive(self._cancel_plan(request, timeout, max_retries))

    def wait(
        self,
        request: FalRequestHandle | str,
        *,
        on_update: OnUpdate | None = None,
        with_logs: bool | None = None,
        poll_interval: float | None = None,
        max_wait: float | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        stream: bool = False,
    ) -> OutputT:
        """Poll until the request completes, reporting each status to `on_update`; then fetch
        the result. `max_wait` (seconds) cancels the request and raises WaitTimeoutError.
        `stream=True` reads the status stream instead, polling if it is not available."""
        return self._drive(
            self._wait_plan(
                request,
                on_update,
                with_logs,
                poll_interval,
                max_wait,
                timeout,
                max_retries,
                stream,
            )
        )

    def subscribe(
        self,
        input: InputT | Mapping[str, Any],
        *,
        on_enqueue: OnEnqueue | None = None,
        on_update: OnUpdate | None = None,
        with_logs: bool | None = None,
        poll_interval: float | None = None,
        max_wait: float | None = None,
        path: str = "",
        priority: Priority | None = None,
        request_timeout: float | None = None,
        hint: str | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        stream: bool = False,
        upload_threshold: int | NotGiven | None = NOT_GIVEN,
    ) -> OutputT:
        """Submit, poll (queue positions, then logs when `with_logs`, which defaults to True
        when `on_update` is given) and return the result. `stream=True`: as in `wait`."""
        return self._drive(
            self._subscribe_plan(
                input,
                on_enqueue,
                on_update,
                with_logs,
                poll_interval,
                max_wait,
                path,
                priority,
                request_timeout,
                hint,
                timeout,
                max_retries,
                extra_headers,
                stream,
                upload_threshold,
            )
        )


class AsyncFalClient(AsyncDriver, FalPlans[InputT, OutputT]):
    """asyncio client of one fal endpoint; callbacks may be coroutine functions."""

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
            credential(api_key, key),
            run_url,
            queue_url,
            timeout,
            max_retries,
            backoff,
            poll_interval,
            rest_url,
            cdn_url,
            upload_threshold,
        )
        self._transport = AsyncTransport(http_client)

    async def upload(
        self,
        data: bytes,
        content_type: str | None = None,
        file_name: str | None = None,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> str:
        """Upload bytes to fal's CDN; returns the URL to pass in a file field."""
        return await self._drive(
            self._upload_plan(data, content_type, file_name, timeout, max_retries)
        )

    async def upload_file(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> str:
        """Upload a local file (a regular file, at most 100 MB) to fal's CDN; returns its URL."""
        return await self._drive(self._upload_file_plan(Path(path), timeout, max_retries))

    async def run(
        self,
        input: InputT | Mapping[str, Any],
        *,
        path: str = "",
        request_timeout: float | None = None,
        hint: str | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        upload_threshold: int | NotGiven | None = NOT_GIVEN,
    ) -> OutputT:
        """Run synchronously on the run host and return the output."""
        return await self._drive(
            self._run_plan(
                input,
                path,
                request_timeout,
                hint,
                timeout,
                max_retries,
                extra_headers,
                upload_threshold,
            )
        )

    async def submit(
        self,
        input: InputT | Mapping[str, Any],
        *,
        path: str = "",
        webhook_url: str | None = None,
        priority: Priority | None = None,
        request_timeout: float | None = None,
        hint: str | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        upload_threshold: int | NotGiven | None = NOT_GIVEN,
    ) -> FalRequestHandle:
        """Put a request on the queue; returns its handle (request id and URLs)."""
        return await self._drive(
            self._submit_plan(
                input,
                path,
                webhook_url,
                priority,
                request_timeout,
                hint,
                timeout,
                max_retries,
                extra_headers,
                upload_threshold=upload_threshold,
            )
        )

    async def status(
        self,
        request: FalRequestHandle | str,
        *,
        with_logs: bool = False,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> FalStatus:
        """The request's status: Queued, InProgress or Completed."""
        return await self._drive(self._status_plan(request, with_logs, timeout, max_retries))

    async def result(
        self,
        request: FalRequestHandle | str,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> OutputT:
        """Fetch the output of a completed request (ResultNotReadyError if it is not done)."""
        return await self._drive(self._result_plan(request, timeout, max_retries))

    async def cancel(
        self,
        request: FalRequestHandle | str,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
    ) -> bool:
        """Ask fal to cancel the request; True when fal accepted the cancellation."""
        return await self._drive(self._cancel_plan(request, timeout, max_retries))

    async def wait(
        self,
        request: FalRequestHandle | str,
        *,
        on_update: OnUpdate | None = None,
        with_logs: bool | None = None,
        poll_interval: float | None = None,
        max_wait: float | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        stream: bool = False,
    ) -> OutputT:
        """Poll until the request completes, reporting each status to `on_update`; then fetch
        the result. `max_wait` (seconds) cancels the request and raises WaitTimeoutError.
        `stream=True` reads the status stream instead, polling if it is not available."""
        return await self._drive(
            self._wait_plan(
                request,
                on_update,
                with_logs,
                poll_interval,
                max_wait,
                timeout,
                max_retries,
                stream,
            )
        )

    async def subscribe(
        self,
        input: InputT | Mapping[str, Any],
        *,
        on_enqueue: OnEnqueue | None = None,
        on_update: OnUpdate | None = None,
        with_logs: bool | None = None,
        poll_interval: float | None = None,
        max_wait: float | None = None,
        path: str = "",
        priority: Priority | None = None,
        request_timeout: float | None = None,
        hint: str | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        stream: bool = False,
        upload_threshold: int | NotGiven | None = NOT_GIVEN,
    ) -> OutputT:
        """Submit, poll (queue positions, then logs when `with_logs`, which defaults to True
        when `on_update` is given) and return the result. `stream=True`: as in `wait`."""
        return await self._drive(
            self._subscribe_plan(
                input,
                on_enqueue,
                on_update,
                with_logs,
                poll_interval,
                max_wait,
                path,
                priority,
                request_timeout,
                hint,
                timeout,
                max_retries,
                extra_headers,
                stream,
                upload_threshold,
            )
        )
