"""Segmind v1 (sync bytes) and v2 (queue), as docs/protocols.md §2 and the model pages describe them.

Paths below the v1 base (`<emulator>/segmind/v1`) and the derived v2 base (`.../segmind/v2`):

    POST {v1}/<route>                     image bytes (+ x-remaining-credits); JSON with base64=true
                                          (route: the slug, or `models/<slug>` as the spec's path says)
    POST {v2}/<slug>                      {request_id, status: QUEUED, poll_url, status_url, response_url}
    GET  {v2}/requests/<id>/status        {status, request_id, metrics}; FAILED answers 422 with error
    GET  {v2}/requests/<id>               {status, request_id, output, metrics, ...}; FAILED 422
    GET  {v1}/requests/<id>               same as the v2 result (the v1-compatible poll_url)

Errors are `{"error": "<message>"}`: 401 bad key, 404 unknown model/request, 406 insufficient
credits, 422 validation or FAILED, 429 rate limit, 500 server error.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Mapping
from typing import Any

from .catalogue import Catalogue, EndpointEntry
from .outputs import OutputFactory
from .state import Job, Request, Response, State

__all__ = ["SegmindProtocol", "segmind_error"]

_MESSAGES = {
    400: "Bad request",
    401: "Invalid API key",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Insufficient credits",
    422: "Validation error",
    429: "Rate limit exceeded",
    500: "Internal server error",
    502: "Bad gateway",
    504: "Timeout",
}
_STATES = {"IN_QUEUE": "QUEUED", "IN_PROGRESS": "PROCESSING", "COMPLETED": "COMPLETED"}


def segmind_error(
    status: int, message: str | None = None, headers: Mapping[str, str] | None = None
) -> Response:
    return Response.json(status, {"error": message or _MESSAGES.get(status, "Error")}, headers)


class SegmindProtocol:
    def __init__(self, catalogue: Catalogue, state: State, outputs: OutputFactory) -> None:
        self.catalogue = catalogue
        self.state = state
        self.outputs = outputs

    def _credits(self, key: str) -> dict[str, str]:
        return {"x-remaining-credits": f"{self.state.balance(key):g}"}

    def _accepted(
        self, slug: str, protocol: str, req: Request, key: str, fail: tuple[str, str] | None = None
    ) -> tuple[EndpointEntry, dict[str, Any], float, str] | Response:
        """A valid request for `slug` charged to `key`: its endpoint, its input, the credits left
        and a new request id; or the error to answer. `fail` (a scripted failure) is answered
        as a 422 once the input is valid, before anything is charged."""
        entry = self.catalogue.segmind_endpoint(slug, protocol)
        if entry is None or protocol not in entry.protocols:
            return segmind_error(404, f"Model '{slug}' not found")
        try:
            body = req.json()
        except ValueError as exc:
            return segmind_error(400, f"Invalid JSON: {exc}")
        if not isinstance(body, dict):
            return segmind_error(400, "The request body must be a JSON object")
        error = next(
            iter(sorted(entry.validator.iter_errors(body), key=lambda e: list(e.absolute_path))),
            None,
        )
        if error is not None:
            where = ".".join(str(p) for p in error.absolute_path)
            return segmind_error(422, f"{where + ': ' if where else ''}{error.message}")
        if fail is not None:
            return segmind_error(422, fail[0], self._credits(key))
        left = self.state.charge(key)
        if left is None:
            return segmind_error(406, None, self._credits(key))
        return entry, body, left, self.state.new_id()

    def _result_body(self, job: Job, base_url: str) -> dict[str, Any]:
        if job.output is None:
            built: Any
            if job.endpoint.output_schema is None:
                image = self.outputs.image(job.endpoint, job.input, base_url, job.request_id)
                built = {"output": image[0].url}
            else:
                built = self.outputs.build(job.endpoint, job.input, base_url, job.request_id)
            if not isinstance(built, dict):
                built = {"output": built}
            if "output" not in built:  # every real v2 result has one: for images, the URL
                image = self.outputs.image(job.endpoint, job.input, base_url, job.request_id)
                built["output"] = image[0].url
            job.output = {
                **built,
                "status": "COMPLETED",
                "request_id": job.request_id,
                "metrics": {"inference_time": 0.01},
            }
        result: dict[str, Any] = job.output
        return result

    # -- v1 -------------------------------------------------------------------------------------

    def v1(self, req: Request, slug: str, key: str, fail: tuple[str, str] | None) -> Response:
        checked = self._accepted(slug, "v1", req, key, fail)
        if isinstance(checked, Response):
            return checked
        entry, body, left, request_id = checked
        ref, data = self.outputs.image(entry, body, req.base_url, request_id)
        headers = {"x-remaining-credits": f"{left:g}", "x-generation-time": "0.01"}
        if body.get("base64") is True:
            response = Response.json(200, {"image": base64.b64encode(data).decode()}, headers)
        else:
            response = Response(200, data, ref.content_type, headers)
        response.delay = self.state.scenario.run_delay
        return response

    # -- v2 -------------------------------------------------------------------------------------

    def submit(self, req: Request, slug: str, key: str, fail: tuple[str, str] | None) -> Response:
        checked = self._accepted(slug, "v2", req, key)  # a failure shows when the job is polled
        if isinstance(checked, Response):
            return checked
        entry, body, left, request_id = checked
        self.state.add_job(Job(request_id, entry, body, time.monotonic(), fail=fail))
        root = f"{req.base_url}/segmind"
        data = {
            "request_id": request_id,
            "status": "QUEUED",
            "poll_url": f"{root}/v1/requests/{request_id}",
            "status_url": f"{root}/v2/requests/{request_id}/status",
            "response_url": f"{root}/v2/requests/{request_id}",
        }
        return Response.json(200, data, {"x-remaining-credits": f"{left:g}"})

    def _phase(self, request_id: str, *, poll: bool) -> tuple[Job, str] | Response:
        """The job and its phase, a status poll counted (`poll`); or the 404 to answer."""
        with self.state.lock:
            job = self.state.jobs.get(request_id)
            scenario = self.state.scenario
            if job is None or job.endpoint.provider != "segmind":
                return segmind_error(404, f"Request {request_id} not found or expired")
            if job.expired(scenario, time.monotonic()):
                return segmind_error(404, f"Request {request_id} not found or expired")
            if poll:
                job.polls += 1
            return job, job.phase(scenario, time.monotonic())[0]

    def _failed(self, job: Job) -> Response | None:
        if job.fail is None:
            return None
        body = {"status": "FAILED", "request_id": job.request_id, "error": job.fail[0]}
        return Response.json(422, body)

    def status(self, req: Request, request_id: str) -> Response:
        found = self._phase(request_id, poll=True)
        if isinstance(found, Response):
            return found
        job, phase = found
        if phase == "COMPLETED" and (failed := self._failed(job)) is not None:
            return failed
        root = f"{req.base_url}/segmind/v2/requests/{request_id}"
        data: dict[str, Any] = {
            "status": _STATES[phase],
            "request_id": request_id,
            "status_url": f"{root}/status",
            "response_url": root,
            "metrics": {"inference_time": 0.01} if phase == "COMPLETED" else {},
        }
        return Response.json(200, data)

    def result(self, req: Request, request_id: str) -> Response:
        with self.state.lock:  # the result is built once (a second GET gives the same)
            found = self._phase(request_id, poll=False)
            if isinstance(found, Response):
                return found
            job, phase = found
            if phase != "COMPLETED":
                return Response.json(200, {"status": _STATES[phase], "request_id": request_id})
            failed = self._failed(job)
            if failed is not None:
                return failed
            return Response.json(200, self._result_body(job, req.base_url))
