"""fal's run host and queue, as docs/protocols.md §1 describes them.

Paths below the base URLs (`<emulator>/fal/run`, `<emulator>/fal/queue`) are fal's own:

    POST {run}/<endpoint_id>                               output JSON
    POST {queue}/<endpoint_id>[?fal_webhook=]              {request_id, response_url, status_url, cancel_url}
    GET  {queue}/<app>/requests/<id>/status[?logs=1]       QueueStatus
    GET  {queue}/<app>/requests/<id>                       output JSON (422 {"detail": [...]} if it failed)
    PUT  {queue}/<app>/requests/<id>/cancel                {"success": bool}

`<app>` is `[namespace/]owner/alias`, without the endpoint's sub-path.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from jsonschema.exceptions import ValidationError as SchemaValidationError  # type: ignore[import-untyped, unused-ignore]

from .catalogue import Catalogue, EndpointEntry
from .outputs import OutputFactory
from .state import Job, Request, Response, State
from .webhooks import deliver_later

__all__ = ["DEFAULT_FAIL", "FalProtocol", "fal_error", "validation_detail"]

DEFAULT_FAIL = ("The model could not process this input", "content_policy_violation")

_ERROR_TYPES = {
    400: "bad_request",
    499: "client_cancelled",
    500: "internal_error",
    502: "runner_incomplete_response",
    503: "runner_scheduling_failure",
    504: "request_timeout",
}
_MESSAGES = {
    400: "Bad request",
    401: "Invalid or missing key",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
    422: "Unprocessable entity",
    429: "Too many concurrent requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Request timed out",
}


_SSE = "text/event-stream"


def fal_error(
    status: int,
    detail: Any = None,
    error_type: str | None = None,
    request_id: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """fal's error shape: `{"detail": ..., "error_type": ...}` plus X-Fal-Error-Type."""
    error_type = error_type or _ERROR_TYPES.get(status)
    body: dict[str, Any] = {"detail": detail if detail is not None else _MESSAGES.get(status, "")}
    out_headers = dict(headers or {})
    if error_type and not isinstance(body["detail"], list):
        body["error_type"] = error_type
        out_headers["X-Fal-Error-Type"] = error_type
    if request_id:
        out_headers["x-fal-request-id"] = request_id
    return Response.json(status, body, out_headers)


def validation_detail(errors: list[SchemaValidationError]) -> list[dict[str, Any]]:
    """jsonschema errors as fal's (pydantic-style) `detail` list."""
    out = []
    for error in errors:
        loc: list[Any] = ["body", *error.absolute_path]
        kind = str(error.validator)
        if error.validator == "required" and isinstance(error.instance, Mapping):
            required: Any = error.validator_value
            missing = [r for r in required if r not in error.instance]
            loc.append(missing[0] if missing else "?")
            kind = "missing"
        out.append({"loc": loc, "msg": error.message, "type": kind})
    return out


class FalProtocol:
    def __init__(self, catalogue: Catalogue, state: State, outputs: OutputFactory) -> None:
        self.catalogue = catalogue
        self.state = state
        self.outputs = outputs

    # -- shared ---------------------------------------------------------------------------------

    def _validated(
        self, rest: str, protocol: str, req: Request
    ) -> tuple[EndpointEntry, dict[str, Any], str] | Response:
        """The endpoint `rest` names, if it takes `protocol`, the request's valid input and a
        new request id; or the error to answer."""
        found = self.catalogue.fal_endpoint(rest)
        if found is None or found[1] or protocol not in found[0].protocols:
            return fal_error(404, f"Application '{rest}' not found")
        entry = found[0]
        try:
            body = req.json()
        except ValueError as exc:
            return fal_error(
                422, [{"loc": ["body"], "msg": f"Invalid JSON: {exc}", "type": "json_invalid"}]
            )
        if not isinstance(body, dict):
            return fal_error(
                422, [{"loc": ["body"], "msg": "Input should be an object", "type": "dict_type"}]
            )
        errors = sorted(entry.validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            return fal_error(422, validation_detail(errors))
        return entry, body, self.state.new_id()

    def _urls(self, base_url: str, entry: EndpointEntry, request_id: str) -> dict[str, str]:
        base = f"{base_url}/fal/queue/{entry.app_id}/requests/{request_id}"
        return {
            "response_url": base,
            "status_url": f"{base}/status",
            "cancel_url": f"{base}/cancel",
        }

    # -- run ------------------------------------------------------------------------------------

    def run(self, req: Request, rest: str, fail: tuple[str, str] | None) -> Response:
        checked = self._validated(rest, "run", req)
        if isinstance(checked, Response):
            return checked
        entry, body, request_id = checked
        delay = self.state.scenario.run_delay
        if fail is not None:
            detail = [{"loc": ["body"], "msg": fail[0], "type": fail[1]}]
            return fal_error(
                422, detail, request_id=request_id, headers={"X-Fal-Retryable": "false"}
            )
        output = self.outputs.build(entry, body, req.base_url, request_id)
        response = Response.json(200, output, {"x-fal-request-id": request_id})
        response.delay = delay
        return response

    # -- queue ----------------------------------------------------------------------------------

    def submit(self, req: Request, rest: str, fail: tuple[str, str] | None) -> Response:
        checked = self._validated(rest, "queue", req)
        if isinstance(checked, Response):
            return checked
        entry, body, request_id = checked
        webhook = req.query.get("fal_webhook", [None])[0]
        job = Job(request_id, entry, body, time.monotonic(), fail=fail, webhook=webhook)
        job.headers = {k: v for k, v in req.headers.items() if k.startswith("x-fal-")}
        self.state.add_job(job)
        if webhook:
            deliver_later(self.state, job, webhook, lambda: self._output(job, req.base_url))
        data: dict[str, Any] = {
            "request_id": request_id,
            **self._urls(req.base_url, entry, request_id),
        }
        if webhook:
            data["gateway_request_id"] = request_id
        data["status"] = "IN_QUEUE"
        data["queue_position"] = self.state.scenario.queue_positions
        return Response.json(200, data, {"x-fal-request-id": request_id})

    def _job(self, app: str, request_id: str) -> Job | Response:
        job = self.state.jobs.get(request_id)
        if job is None or job.endpoint.app_id != app:
            return fal_error(404, f"Request {request_id} not found", request_id=request_id)
        if job.expired(self.state.scenario, time.monotonic()):
            return fal_error(
                404, f"Request {request_id} not found (expired)", request_id=request_id
            )
        return job

    def _logs(self, count: int) -> list[dict[str, Any]]:
        return [
            {
                "message": message,
                "level": "INFO",
                "source": "user",
                "timestamp": f"2025-01-01T00:00:0{i % 10}Z",
            }
            for i, message in enumerate(self.state.scenario.logs[:count])
        ]

    def status(self, req: Request, app: str, request_id: str) -> Response:
        with self.state.lock:
            job = self._job(app, request_id)
            if isinstance(job, Response):
                return job
            job.polls += 1
            phase, n = job.phase(self.state.scenario, time.monotonic())
        with_logs = req.query.get("logs", ["0"])[0].lower() in ("1", "true")
        data: dict[str, Any] = {"status": phase, "request_id": request_id}
        data.update(self._urls(req.base_url, job.endpoint, request_id))
        if phase == "IN_QUEUE":
            data["queue_position"] = n
        if with_logs:
            data["logs"] = self._logs(n) if phase != "IN_QUEUE" else []
        else:
            data["logs"] = None
        if phase == "COMPLETED":
            data["metrics"] = {"inference_time": 0.01}
            if job.cancelled:
                data["error"], data["error_type"] = "Request was cancelled", "client_cancelled"
            elif job.fail is not None:
                data["error"], data["error_type"] = job.fail
        return Response.json(200, data, {"x-fal-request-id": request_id})

    def status_stream(self, req: Request, app: str, request_id: str) -> Response:
        """Server-sent events: one status per state change, closing at COMPLETED. The emulator
        computes the whole stream (each event counts as a poll), then sends it in one body."""
        events: list[bytes] = []
        last = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            answer = self.status(req, app, request_id)
            if answer.status != 200:
                return answer if not events else Response(200, b"".join(events), _SSE)
            data = json.loads(answer.body)
            change = (data["status"], data.get("queue_position"), len(data.get("logs") or []))
            if change != last:
                events.append(b"data: " + answer.body + b"\n\n")
                last = change
            if data["status"] == "COMPLETED":
                break
            time.sleep(0.005)
        return Response(200, b"".join(events), _SSE)

    def result(self, req: Request, app: str, request_id: str) -> Response:
        with self.state.lock:
            job = self._job(app, request_id)
            if isinstance(job, Response):
                return job
            phase, _ = job.phase(self.state.scenario, time.monotonic())
        if phase != "COMPLETED":
            return fal_error(400, "Request is still in progress", request_id=request_id)
        if job.cancelled:
            return fal_error(499, "Request was cancelled", "client_cancelled", request_id)
        if job.fail is not None:
            detail = [{"loc": ["body"], "msg": job.fail[0], "type": job.fail[1]}]
            return fal_error(422, detail, request_id=request_id)
        return Response.json(200, self._output(job, req.base_url), {"x-fal-request-id": request_id})

    def _output(self, job: Job, base_url: str) -> Any:
        """The job's output, built once (the result GET and the webhook give the same)."""
        with self.state.lock:
            if job.output is None:
                job.output = self.outputs.build(job.endpoint, job.input, base_url, job.request_id)
            return job.output

    def cancel(self, req: Request, app: str, request_id: str) -> Response:
        with self.state.lock:
            job = self._job(app, request_id)
            if isinstance(job, Response):
                return job
            if job.done(self.state.scenario, time.monotonic()):
                return Response.json(200, {"success": False}, {"x-fal-request-id": request_id})
            job.cancelled = True
        return Response.json(200, {"success": True}, {"x-fal-request-id": request_id})
