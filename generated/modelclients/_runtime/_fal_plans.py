# Copied by modelgen from templates/runtime/_fal_plans.py (sha256:313a9eeff9c8295eb6a5090f8907b1572c81968a98497c000536a425dbec7de4); do not edit; run `make generate`.
"""The plans of the fal clients (`FalPlans._*_plan`): the protocol, from the verbs' arguments to
the parsed answer, for run (`fal.run`) and the queue (`queue.fal.run`)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from typing import Any, NoReturn, Unpack

from ._base import ClientSettings, InputT, JobRoute, OutputT, id_segment, request_id_problem
from ._config import (
    DEFAULT_SYNC_TIMEOUT,
    USER_AGENT,
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
)
from ._fal_protocol import (
    OnEnqueue,
    OnUpdate,
    app_id,
    parse_status,
)
from ._fal_stream import FalStatusStream
from ._fal_upload import FalUploads
from ._options import CallOptions
from ._plan import Plan, poll_plan, submit_then
from ._types import Completed, FalRequestHandle, FalStatus
from ._webhooks import FalWebhooks

__all__ = ["FalPlans"]

#: The cancel a wait sends when `max_wait` runs out: quick, and not retried.
_GIVE_UP_CANCEL = CallOptions(timeout=10.0, max_retries=0)


class FalPlans(
    FalUploads[InputT, OutputT], FalWebhooks[InputT, OutputT], FalStatusStream[InputT, OutputT]
):
    provider = "fal"
    key_env_hint = "FAL_KEY (or FAL_KEY_ID and FAL_KEY_SECRET)"

    _key_from_env = staticmethod(fal_key_from_env)

    def __init__(
        self,
        *,
        run_url: str | None,
        queue_url: str | None,
        rest_url: str | None,
        cdn_url: str | None,
        upload_threshold: int | None,
        **settings: Unpack[ClientSettings],
    ) -> None:
        super().__init__(**settings)
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
        """A handle for a request id (URLs built without the endpoint's sub-path; the id is
        one path segment, escaped: `id_segment`)."""
        base = f"{self.queue_url}/{app_id(self.endpoint.id)}/requests/{id_segment(request_id)}"
        return FalRequestHandle(
            request_id, self.endpoint.id, f"{base}/status", base, f"{base}/cancel"
        )

    def _handle(self, request: FalRequestHandle | str) -> FalRequestHandle:
        """The handle itself, or one built from a request id."""
        return request if isinstance(request, FalRequestHandle) else self.get_handle(request)

    @staticmethod
    def _headers(*, options: CallOptions, queue: bool, subscribe: bool = False) -> dict[str, str]:
        """The fal headers of a model request (`queue`: a submit, which may carry a priority).
        `subscribe` gives the server as long as the caller waits when no request timeout is set."""
        headers: dict[str, str] = {}
        request_timeout = options.request_timeout
        if request_timeout is None and subscribe and (options.max_wait or 0) > 1:
            request_timeout = options.max_wait
        if request_timeout is not None:
            headers["X-Fal-Request-Timeout"] = str(request_timeout)
        if queue and options.priority is not None:
            headers["X-Fal-Queue-Priority"] = options.priority
        if options.hint is not None:
            headers["X-Fal-Runner-Hint"] = options.hint
        if options.extra_headers:
            headers.update(options.extra_headers)
        return headers

    # -- plans ----------------------------------------------------------------------------------

    def _job_route(self, *, verb: str, path: str, options: CallOptions) -> JobRoute:
        if verb == "run":
            headers = self._headers(options=options, queue=False)
            url = self._path_url(self.run_url, path)
            return JobRoute("run", "run", url, headers, default_long=DEFAULT_SYNC_TIMEOUT)
        webhook_url = options.webhook_url
        return JobRoute(
            "queue",
            "submit",
            self._path_url(self.queue_url, path),
            self._headers(options=options, queue=True, subscribe=verb == "subscribe"),
            {"fal_webhook": webhook_url} if webhook_url else None,
        )

    def _run_plan(
        self, *, input: InputT | Mapping[str, Any], path: str, options: CallOptions
    ) -> Plan[OutputT]:
        ctx, response = yield from self._create_job(
            verb="run", input=input, options=options, path=path
        )
        return self._parse_output(self._json(response, ctx), ctx)

    def _submit_plan(
        self,
        *,
        input: InputT | Mapping[str, Any],
        path: str,
        options: CallOptions,
        verb: str = "submit",
    ) -> Plan[FalRequestHandle]:
        ctx, response = yield from self._create_job(
            verb=verb, input=input, options=options, path=path
        )
        data = self._json_object(response, ctx)
        request_id = data.get("request_id")
        problem = request_id_problem(request_id)
        if problem is not None or not isinstance(request_id, str):
            why = "no request_id" if request_id is None else f"an unusable request_id ({problem})"
            raise ctx.unexpected(
                f"{why} in the response", status_code=response.status_code, detail=data
            )
        given = [data.get(key) for key in ("status_url", "response_url", "cancel_url")]
        urls = [url for url in given if isinstance(url, str) and url]
        if len(urls) < len(given):  # the URLs fal left out are the ones `get_handle` builds
            built = self.get_handle(request_id)
            defaults = (built.status_url, built.response_url, built.cancel_url)
            urls = [
                u if isinstance(u, str) and u else d for u, d in zip(given, defaults, strict=True)
            ]
        status_url, response_url, cancel_url = urls
        gateway = data.get("gateway_request_id")
        return FalRequestHandle(
            request_id,
            self.endpoint.id,
            status_url,
            response_url,
            cancel_url,
            gateway if isinstance(gateway, str) else None,
        )

    def _status_plan(
        self,
        *,
        request: FalRequestHandle | str,
        options: CallOptions,
        with_logs: bool,
        within: float | None = None,
    ) -> Plan[FalStatus]:
        handle = self._handle(request)
        ctx = self._context("status", handle.request_id)
        response = yield from self._send(
            ctx=ctx,
            url=handle.status_url,
            options=options,
            params={"logs": "1"} if with_logs else None,
            within=within,
        )
        return parse_status(self._json_object(response, ctx), handle.request_id, ctx)

    def _result_plan(
        self, *, request: FalRequestHandle | str, options: CallOptions
    ) -> Plan[OutputT]:
        handle = self._handle(request)
        ctx = self._context("result", handle.request_id)
        response = yield from self._send(
            ctx=ctx, url=handle.response_url, options=options, accept=frozenset({400})
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

    def _cancel_plan(self, *, request: FalRequestHandle | str, options: CallOptions) -> Plan[bool]:
        handle = self._handle(request)
        ctx = self._context("cancel", handle.request_id)
        response = yield from self._send(
            ctx=ctx,
            method="PUT",
            url=handle.cancel_url,
            options=options,
        )
        try:
            data = response.json()
        except ValueError:
            return True
        success = data.get("success", True) if isinstance(data, dict) else True
        # fal answers a boolean; a string "false" is no acceptance either
        return success if isinstance(success, bool) else str(success).lower() == "true"

    def _wait_plan(
        self,
        *,
        request: FalRequestHandle | str,
        options: CallOptions,
        on_update: OnUpdate | None,
    ) -> Plan[OutputT]:
        handle = self._handle(request)
        logs = on_update is not None if options.with_logs is None else options.with_logs
        max_wait = options.max_wait
        streamed = None
        if options.stream:  # the stream is one request: it is bounded by the whole wait
            streamed = yield from self._stream_plan(
                handle=handle, on_update=on_update, logs=logs, options=options, within=max_wait
            )
        final = streamed or (
            yield from poll_plan(
                status=lambda left: self._status_plan(
                    request=handle, options=options, with_logs=logs, within=left
                ),
                finished=lambda status: isinstance(status, Completed),
                on_update=on_update,
                interval=self.poll_interval
                if options.poll_interval is None
                else options.poll_interval,
                deadline=None if max_wait is None else time.monotonic() + max_wait,
                give_up=lambda: self._give_up(handle=handle, max_wait=max_wait or 0.0),
            )
        )
        assert isinstance(final, Completed)
        try:
            return (yield from self._result_plan(request=handle, options=options))
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

    def _give_up(self, *, handle: FalRequestHandle, max_wait: float) -> Plan[NoReturn]:
        with contextlib.suppress(APIError):
            yield from self._cancel_plan(request=handle, options=_GIVE_UP_CANCEL)
        raise self._wait_timeout(handle.request_id, max_wait, "cancel was requested")

    def _subscribe_plan(
        self,
        *,
        input: InputT | Mapping[str, Any],
        path: str,
        options: CallOptions,
        on_enqueue: OnEnqueue | None,
        on_update: OnUpdate | None,
    ) -> Plan[OutputT]:
        return (
            yield from submit_then(
                submit=self._submit_plan(input=input, path=path, options=options, verb="subscribe"),
                on_enqueue=on_enqueue,
                then=lambda handle: self._wait_plan(
                    request=handle, options=options, on_update=on_update
                ),
            )
        )
