"""The plans of the Segmind clients (`SegmindPlans._*_plan`): the protocol, from the verbs'
arguments to the parsed answer, for v1 synchronous calls and the v2 queue."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, NoReturn, Unpack

from ._base import (
    BaseClient,
    ClientSettings,
    InputT,
    JobRoute,
    OutputT,
    id_segment,
    request_id_problem,
)
from ._config import (
    DEFAULT_SYNC_TIMEOUT,
    USER_AGENT,
    Secret,
    segmind_key_from_env,
    segmind_urls,
)
from ._error_mapping import CallContext, describe_detail, status_error
from ._errors import (
    RequestFailedError,
    ResultNotReadyError,
)
from ._options import FAL_ONLY, CallOptions
from ._plan import Plan, poll_plan, submit_then
from ._types import SegmindRequestHandle, SegmindStatus, SegmindSyncResult

__all__ = [
    "DEFAULT_MAX_WAIT",
    "DEFAULT_POLL_INTERVAL",
    "OnEnqueue",
    "OnUpdate",
    "SegmindPlans",
]

#: The segmind SDK's defaults: poll every second, give up after ten minutes.
DEFAULT_POLL_INTERVAL = 1.0
DEFAULT_MAX_WAIT = 600.0
_TERMINAL = ("COMPLETED", "FAILED")

OnUpdate = Callable[[SegmindStatus], object]
OnEnqueue = Callable[[SegmindRequestHandle], object]


def _credits(headers: Mapping[str, str]) -> float | None:
    value = headers.get("x-remaining-credits")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _strip_data_uri(value: Any) -> Any:
    """Segmind takes inline files as bare base64: drop a `data:<mime>;base64,` prefix."""
    if isinstance(value, str) and value.startswith("data:") and ";base64," in value[:100]:
        return value.split(",", 1)[1]
    if isinstance(value, list):
        return [_strip_data_uri(v) for v in value]
    return value


class SegmindPlans(BaseClient[InputT, OutputT]):
    provider = "segmind"
    key_env_hint = "SEGMIND_API_KEY"

    #: Call options only fal uses; a Segmind call refuses them.
    unsupported_options = FAL_ONLY

    _key_from_env = staticmethod(segmind_key_from_env)

    def __init__(
        self, *, base_url: str | None, v2_base_url: str | None, **settings: Unpack[ClientSettings]
    ) -> None:
        super().__init__(**settings)
        self.base_url, self.v2_base_url = segmind_urls(base_url, v2_base_url)

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, base_url={self.base_url!r})"

    @property
    def slug(self) -> str:
        return self.endpoint.slug or self.endpoint.id.split("/", 1)[-1]

    def _auth_headers(self, secret: Secret) -> dict[str, str]:
        return {"x-api-key": secret.reveal(), "User-Agent": USER_AGENT}

    def prepare_input(self, input: InputT | Mapping[str, Any]) -> dict[str, Any]:
        body = super().prepare_input(input)
        for name in self.endpoint.file_fields:
            if name in body:
                body[name] = _strip_data_uri(body[name])
        return body

    def get_handle(self, request_id: str) -> SegmindRequestHandle:
        """A handle for a request id (one path segment, escaped, as fal's `get_handle`)."""
        base = f"{self.v2_base_url}/requests/{id_segment(request_id)}"
        return SegmindRequestHandle(request_id, self.endpoint.id, f"{base}/status", base)

    def _handle(self, request: SegmindRequestHandle | str) -> SegmindRequestHandle:
        """The handle itself, or one built from a request id."""
        return request if isinstance(request, SegmindRequestHandle) else self.get_handle(request)

    def _job_route(self, *, verb: str, path: str, options: CallOptions) -> JobRoute:
        if verb == "run":
            url = f"{self.base_url}/{self.endpoint.v1_route or self.slug}"
            return JobRoute(
                "v1", "v1", url, options.extra_headers, default_long=DEFAULT_SYNC_TIMEOUT
            )
        return JobRoute("v2", "submit", f"{self.v2_base_url}/{self.slug}", options.extra_headers)

    # -- plans ----------------------------------------------------------------------------------

    def _run_plan(
        self, *, input: InputT | Mapping[str, Any], options: CallOptions
    ) -> Plan[SegmindSyncResult]:
        _, response = yield from self._create_job(verb="run", input=input, options=options)
        return SegmindSyncResult(
            response.content,
            response.headers.get("content-type"),
            _credits(response.headers),
            dict(response.headers),
        )

    def _submit_plan(
        self,
        *,
        input: InputT | Mapping[str, Any],
        options: CallOptions,
        verb: str = "submit",
    ) -> Plan[SegmindRequestHandle]:
        ctx, response = yield from self._create_job(verb=verb, input=input, options=options)
        data = self._json_object(response, ctx)
        fields = [data.get(k) for k in ("request_id", "status_url", "response_url")]
        if request_id_problem(fields[0]) or not all(isinstance(v, str) and v for v in fields):
            raise ctx.unexpected(
                "the response lacks a usable request_id, status_url or response_url",
                status_code=response.status_code,
                detail=data,
            )
        poll_url = data.get("poll_url")
        return SegmindRequestHandle(
            str(fields[0]),
            self.endpoint.id,
            str(fields[1]),
            str(fields[2]),
            poll_url if isinstance(poll_url, str) else None,
        )

    def _state_plan(
        self,
        *,
        operation: str,
        request: SegmindRequestHandle | str,
        options: CallOptions,
        within: float | None = None,
    ) -> Plan[tuple[CallContext, int, dict[str, Any]]]:
        """GET a request's status or result: the call's context, the HTTP status and the JSON
        body. A 422 is data only when it names a terminal state (FAILED)."""
        handle = self._handle(request)
        ctx = self._context(operation, handle.request_id)
        url = handle.status_url if operation == "status" else handle.response_url
        response = yield from self._send(
            ctx=ctx, url=url, options=options, accept=frozenset({422}), within=within
        )
        if response.status_code < 400:
            return ctx, response.status_code, self._json_object(response, ctx)
        try:
            data = response.json()
        except ValueError:
            data = None
        if not (isinstance(data, dict) and data.get("status") in _TERMINAL):
            raise status_error(response, ctx)
        return ctx, response.status_code, data

    def _failed(
        self, ctx: CallContext, data: Mapping[str, Any], status_code: int
    ) -> RequestFailedError:
        detail = data.get("error") if data.get("error") is not None else data.get("detail")
        text = describe_detail(detail)
        return RequestFailedError(
            f"segmind {self.endpoint.id}: the request failed"
            + (f": {ctx.scrub(text)}" if text else "")
            + f" (request_id={ctx.request_id})",
            provider="segmind",
            endpoint_id=self.endpoint.id,
            request_id=ctx.request_id,
            status_code=status_code,
            detail=detail,
        )

    def _status_plan(
        self,
        *,
        request: SegmindRequestHandle | str,
        options: CallOptions,
        within: float | None = None,
    ) -> Plan[SegmindStatus]:
        ctx, _, data = yield from self._state_plan(
            operation="status", request=request, options=options, within=within
        )
        metrics = data.get("metrics")
        return SegmindStatus(
            str(data.get("request_id") or ctx.request_id),
            str(data.get("status", "")),
            metrics if isinstance(metrics, dict) else {},
            data.get("error"),
        )

    def _result_plan(
        self, *, request: SegmindRequestHandle | str, options: CallOptions
    ) -> Plan[OutputT]:
        ctx, code, data = yield from self._state_plan(
            operation="result", request=request, options=options
        )
        state = data.get("status")
        if state == "FAILED":
            raise self._failed(ctx, data, code)
        if state is not None and state != "COMPLETED":
            raise ResultNotReadyError(
                f"segmind {self.endpoint.id}: the request is {state} (request_id={ctx.request_id})",
                provider="segmind",
                endpoint_id=self.endpoint.id,
                request_id=ctx.request_id,
                status_code=code,
            )
        return self._parse_output(data, ctx)

    def _wait_plan(
        self,
        *,
        request: SegmindRequestHandle | str,
        options: CallOptions,
        on_update: OnUpdate | None,
    ) -> Plan[OutputT]:
        handle = self._handle(request)
        limit = DEFAULT_MAX_WAIT if options.max_wait is None else options.max_wait
        interval = self.poll_interval if options.poll_interval is None else options.poll_interval
        final = yield from poll_plan(
            status=lambda left: self._status_plan(request=handle, options=options, within=left),
            finished=lambda status: status.done,
            on_update=on_update,
            interval=interval,
            deadline=time.monotonic() + limit,
            give_up=lambda: self._timed_out(handle=handle, limit=limit),
        )
        if final.failed:
            ctx = self._context("status", handle.request_id)
            raise self._failed(ctx, {"error": final.error}, 422)
        return (yield from self._result_plan(request=handle, options=options))

    def _timed_out(self, *, handle: SegmindRequestHandle, limit: float) -> Plan[NoReturn]:
        raise self._wait_timeout(handle.request_id, limit, "the request may still complete")

    def _subscribe_plan(
        self,
        *,
        input: InputT | Mapping[str, Any],
        options: CallOptions,
        on_enqueue: OnEnqueue | None,
        on_update: OnUpdate | None,
    ) -> Plan[OutputT]:
        return submit_then(
            submit=self._submit_plan(input=input, options=options, verb="subscribe"),
            on_enqueue=on_enqueue,
            then=lambda handle: self._wait_plan(
                request=handle, options=options, on_update=on_update
            ),
        )
