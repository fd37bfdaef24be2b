# Copied by modelgen from templates/runtime/_fal_plans.py (sha256:e492b03af6cb21332fedb0e65e4a24b19e2848ead8645d6353394a89db4907ce); do not edit; run `make generate`.
"""The plans of the fal clients (`FalPlans._*_plan`): the protocol, from the verbs' arguments to
the parsed answer, for run (`fal.run`) and the queue (`queue.fal.run`)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from typing import Any, NoReturn

from ._base import InputT, OutputT, Timeout
from ._config import (
    DEFAULT_SYNC_TIMEOUT,
    NOT_GIVEN,
    USER_AGENT,
    Backoff,
    NotGiven,
    Secret,
    fal_key_from_env,
    fal_storage_urls,
    fal_urls,
)
from ._error_mapping import describe_detail, status_error
from ._errors import (
    APIError,
    APIStatusError,
    BadRequestError,
    RequestFailedError,
    ResultNotReadyError,
    UnexpectedResponseError,
    WaitTimeoutError,
)
from ._fal_protocol import (
    OnEnqueue,
    OnUpdate,
    Priority,
    app_id,
    parse_status,
)
from ._fal_stream import FalStatusStream
from ._fal_upload import DEFAULT_UPLOAD_THRESHOLD, FalUploads
from ._plan import Plan, poll_plan, submit_then
from ._retry import Safety
from ._types import Completed, FalRequestHandle, FalStatus
from ._webhooks import FalWebhooks

__all__ = ["FalPlans"]


class FalPlans(
    FalUploads[InputT, OutputT], FalWebhooks[InputT, OutputT], FalStatusStream[InputT, OutputT]
):
    provider = "fal"
    key_env_hint = "FAL_KEY (or FAL_KEY_ID and FAL_KEY_SECRET)"

    def __init__(
        self,
        key: str | None,
        run_url: str | None,
        queue_url: str | None,
        timeout: Timeout,
        max_retries: int | None,
        backoff: Backoff | None,
        poll_interval: float,
        rest_url: str | None = None,
        cdn_url: str | None = None,
        upload_threshold: int | None = DEFAULT_UPLOAD_THRESHOLD,
    ) -> None:
        super().__init__(
            key=key or fal_key_from_env(),
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            poll_interval=poll_interval,
        )
        self.run_url, self.queue_url = fal_urls(run_url, queue_url)
        self.rest_url, self.cdn_url = fal_storage_urls(rest_url, cdn_url)
        self.upload_threshold = upload_threshold

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, queue_url={self.queue_url!r})"

    def _parse_status(self, data: Any, request_id: str) -> FalStatus:
        return parse_status(data, request_id, self._context("status", request_id))

    def _auth_headers(self, secret: Secret) -> dict[str, str]:
        return {"Authorization": f"Key {secret.reveal()}", "User-Agent": USER_AGENT}

    # -- URLs and headers -----------------------------------------------------------------------

    def _path_url(self, base: str, path: str) -> str:
        url = f"{base}/{self.endpoint.id}"
        return f"{url}/{path.strip('/')}" if path.strip("/") else url

    def get_handle(self, request_id: str) -> FalRequestHandle:
        """A handle for a request id (URLs built without the endpoint's sub-path)."""
        base = f"{self.queue_url}/{app_id(self.endpoint.id)}/requests/{request_id}"
        return FalRequestHandle(
            request_id, self.endpoint.id, f"{base}/status", base, f"{base}/cancel"
        )

    def _handle(self, request: FalRequestHandle | str) -> FalRequestHandle:
        """The handle itself, or one built from a request id."""
        return request if isinstance(request, FalRequestHandle) else self.get_handle(request)

    @staticmethod
    def _headers(
        *,
        request_timeout: float | None = None,
        priority: Priority | None = None,
        hint: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        headers: dict[str, str] = {}
        if request_timeout is not None:
            if request_timeout <= 1:
                raise ValueError("request_timeout must be more than 1 second")
            headers["X-Fal-Request-Timeout"] = str(request_timeout)
        if priority is not None:
            if priority not in ("normal", "low"):
                raise ValueError("priority must be 'normal' or 'low'")
            headers["X-Fal-Queue-Priority"] = priority
        if hint is not None:
            headers["X-Fal-Runner-Hint"] = hint
        if extra_headers:
            headers.update(extra_headers)
        return headers

    # -- plans ----------------------------------------------------------------------------------

    def _run_plan(
        self,
        input: InputT | Mapping[str, Any],
        path: str,
        request_timeout: float | None,
        hint: str | None,
        timeout: Timeout,
        max_retries: int | None,
        extra_headers: Mapping[str, str] | None,
        upload_threshold: int | NotGiven | None = NOT_GIVEN,
    ) -> Plan[OutputT]:
        body = self._body(input, "run", "run")
        body = yield from self._uploaded_inputs_plan(body, timeout, max_retries, upload_threshold)
        headers = self._headers(
            request_timeout=request_timeout, hint=hint, extra_headers=extra_headers
        )
        ctx = self._context("run")
        response = yield from self._send(
            ctx,
            "POST",
            self._path_url(self.run_url, path),
            safety=Safety.CREATES_JOB,
            timeout=timeout,
            default_long=DEFAULT_SYNC_TIMEOUT,
            max_retries=max_retries,
            body=body,
            has_body=True,
            headers=headers,
        )
        return self._parse_output(self._json(response, ctx), ctx)

    def _submit_plan(
        self,
        input: InputT | Mapping[str, Any],
        path: str,
        webhook_url: str | None,
        priority: Priority | None,
        request_timeout: float | None,
        hint: str | None,
        timeout: Timeout,
        max_retries: int | None,
        extra_headers: Mapping[str, str] | None,
        verb: str = "submit",
        upload_threshold: int | NotGiven | None = NOT_GIVEN,
    ) -> Plan[FalRequestHandle]:
        body = self._body(input, "queue", verb)
        body = yield from self._uploaded_inputs_plan(body, timeout, max_retries, upload_threshold)
        headers = self._headers(
            request_timeout=request_timeout,
            priority=priority,
            hint=hint,
            extra_headers=extra_headers,
        )
        ctx = self._context("submit")
        response = yield from self._send(
            ctx,
            "POST",
            self._path_url(self.queue_url, path),
            safety=Safety.CREATES_JOB,
            timeout=timeout,
            max_retries=max_retries,
            body=body,
            has_body=True,
            params={"fal_webhook": webhook_url} if webhook_url else None,
            headers=headers,
        )
        data = self._json_object(response, ctx)
        request_id = data.get("request_id")
        if not isinstance(request_id, str) or not request_id:
            raise UnexpectedResponseError(
                f"fal submit {self.endpoint.id}: no request_id in the response",
                provider="fal",
                endpoint_id=self.endpoint.id,
                status_code=response.status_code,
                detail=data,
            )
        built = self.get_handle(request_id)
        gateway = data.get("gateway_request_id")

        def url(key: str, default: str) -> str:
            value = data.get(key)
            return value if isinstance(value, str) and value else default

        return FalRequestHandle(
            request_id,
            self.endpoint.id,
            url("status_url", built.status_url),
            url("response_url", built.response_url),
            url("cancel_url", built.cancel_url),
            gateway if isinstance(gateway, str) else None,
        )

    def _status_plan(
        self,
        request: FalRequestHandle | str,
        with_logs: bool,
        timeout: Timeout,
        max_retries: int | None,
    ) -> Plan[FalStatus]:
        handle = self._handle(request)
        ctx = self._context("status", handle.request_id)
        response = yield from self._send(
            ctx,
            "GET",
            handle.status_url,
            safety=Safety.IDEMPOTENT,
            timeout=timeout,
            max_retries=max_retries,
            params={"logs": "1"} if with_logs else None,
        )
        return parse_status(self._json_object(response, ctx), handle.request_id, ctx)

    def _result_plan(
        self, request: FalRequestHandle | str, timeout: Timeout, max_retries: int | None
    ) -> Plan[OutputT]:
        handle = self._handle(request)
        ctx = self._context("result", handle.request_id)
        response = yield from self._send(
            ctx,
            "GET",
            handle.response_url,
            safety=Safety.IDEMPOTENT,
            timeout=timeout,
            max_retries=max_retries,
            accept=frozenset({400}),
        )
        if response.status_code == 400:
            error = status_error(response, ctx, BadRequestError)
            text = describe_detail(error.detail).lower()
            if "progress" in text or "queue" in text:
                raise ResultNotReadyError(
                    error.message,
                    provider="fal",
                    endpoint_id=self.endpoint.id,
                    request_id=handle.request_id,
                    status_code=400,
                    detail=error.detail,
                    headers=response.headers,
                )
            raise error
        return self._parse_output(self._json(response, ctx), ctx)

    def _cancel_plan(
        self, request: FalRequestHandle | str, timeout: Timeout, max_retries: int | None
    ) -> Plan[bool]:
        handle = self._handle(request)
        ctx = self._context("cancel", handle.request_id)
        response = yield from self._send(
            ctx,
            "PUT",
            handle.cancel_url,
            safety=Safety.IDEMPOTENT,
            timeout=timeout,
            max_retries=max_retries,
        )
        try:
            data = response.json()
        except ValueError:
            return True
        return bool(data.get("success", True)) if isinstance(data, dict) else True

    def _wait_plan(
        self,
        request: FalRequestHandle | str,
        on_update: OnUpdate | None,
        with_logs: bool | None,
        poll_interval: float | None,
        max_wait: float | None,
        timeout: Timeout,
        max_retries: int | None,
        stream: bool = False,
    ) -> Plan[OutputT]:
        handle = self._handle(request)
        logs = on_update is not None if with_logs is None else with_logs
        streamed = None
        if stream:
            streamed = yield from self._stream_plan(handle, on_update, logs, timeout, max_retries)
        final = streamed or (
            yield from poll_plan(
                lambda: self._status_plan(handle, logs, timeout, max_retries),
                lambda status: isinstance(status, Completed),
                on_update,
                self.poll_interval if poll_interval is None else poll_interval,
                None if max_wait is None else time.monotonic() + max_wait,
                lambda: self._give_up(handle, max_wait or 0.0),
            )
        )
        assert isinstance(final, Completed)
        try:
            return (yield from self._result_plan(handle, timeout, max_retries))
        except APIStatusError as exc:
            if not final.failed or isinstance(exc, RequestFailedError):
                raise
            raise RequestFailedError(
                f"fal {self.endpoint.id}: the request failed: "
                f"{describe_detail(exc.detail) or describe_detail(final.error)}",
                provider="fal",
                endpoint_id=self.endpoint.id,
                request_id=handle.request_id,
                status_code=exc.status_code,
                detail=exc.detail if exc.detail is not None else final.error,
                error_type=exc.error_type or final.error_type,
                headers=exc.headers,
            ) from exc

    def _give_up(self, handle: FalRequestHandle, max_wait: float) -> Plan[NoReturn]:
        with contextlib.suppress(APIError):
            yield from self._cancel_plan(handle, 10.0, 0)
        raise WaitTimeoutError(
            f"fal {self.endpoint.id}: no result after {max_wait:g}s; cancel was requested "
            f"(request_id={handle.request_id})",
            request_id=handle.request_id,
            timeout=max_wait,
        )

    def _subscribe_plan(
        self,
        input: InputT | Mapping[str, Any],
        on_enqueue: OnEnqueue | None,
        on_update: OnUpdate | None,
        with_logs: bool | None,
        poll_interval: float | None,
        max_wait: float | None,
        path: str,
        priority: Priority | None,
        request_timeout: float | None,
        hint: str | None,
        timeout: Timeout,
        max_retries: int | None,
        extra_headers: Mapping[str, str] | None,
        stream: bool = False,
        upload_threshold: int | NotGiven | None = NOT_GIVEN,
    ) -> Plan[OutputT]:
        if request_timeout is None and max_wait is not None and max_wait > 1:
            request_timeout = max_wait
        submit = self._submit_plan(
            input,
            path,
            None,
            priority,
            request_timeout,
            hint,
            timeout,
            max_retries,
            extra_headers,
            verb="subscribe",
            upload_threshold=upload_threshold,
        )
        return (
            yield from submit_then(
                submit,
                on_enqueue,
                lambda handle: self._wait_plan(
                    handle,
                    on_update,
                    with_logs,
                    poll_interval,
                    max_wait,
                    timeout,
                    max_retries,
                    stream,
                ),
            )
        )
