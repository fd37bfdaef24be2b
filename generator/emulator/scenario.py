"""Scripted behaviour: how jobs progress, and faults injected by request count.

Operations (what a `Fault` matches, shell-style patterns allowed, e.g. `fal.*`):

    fal.run  fal.submit  fal.status  fal.stream  fal.result  fal.cancel  fal.token  fal.upload
    fal.multipart  fal.multipart_part  fal.multipart_complete  fal.initiate  fal.signed_put
    segmind.v1  segmind.submit  segmind.status  segmind.result
    files

Fault actions:

    http     answer `status` with the provider's error body (+ Retry-After / headers)
    ingress  fal load-balancer error: nginx HTML body, no x-fal-request-id (status 502 default)
    reset    read the request, then close the connection without answering
    slow     wait `delay` seconds, then answer normally
    fail     the job (or sync run) fails: fal COMPLETED with an error and a 422 result,
             Segmind FAILED (422)

A fault skips the first `skip` matching requests, then fires on the next `times` ones.
"""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = ["OPERATIONS", "Fault", "Scenario"]

OPERATIONS = (
    "fal.run",
    "fal.submit",
    "fal.status",
    "fal.stream",
    "fal.result",
    "fal.cancel",
    "fal.token",
    "fal.upload",
    "fal.multipart",
    "fal.multipart_part",
    "fal.multipart_complete",
    "fal.initiate",
    "fal.signed_put",
    "segmind.v1",
    "segmind.submit",
    "segmind.status",
    "segmind.result",
    "files",
)
_ACTIONS = ("http", "ingress", "reset", "slow", "fail")


@dataclass
class Fault:
    """Misbehave on some requests of an operation (see the module docstring)."""

    op: str
    action: str
    times: int = 1
    skip: int = 0
    status: int | None = None
    retry_after: str | None = None
    delay: float = 0.0
    detail: str | None = None
    error_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    seen: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.action not in _ACTIONS:
            raise ValueError(f"unknown fault action {self.action!r} (one of {_ACTIONS})")
        if not any(fnmatch.fnmatchcase(op, self.op) for op in OPERATIONS):
            raise ValueError(f"fault pattern {self.op!r} matches no operation {OPERATIONS}")
        if self.action == "http" and self.status is None:
            raise ValueError("an http fault needs a status")

    # -- constructors ---------------------------------------------------------------------------

    @classmethod
    def http(
        cls,
        op: str,
        status: int,
        *,
        times: int = 1,
        skip: int = 0,
        retry_after: str | float | None = None,
        detail: str | None = None,
        error_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Fault:
        return cls(
            op,
            "http",
            times,
            skip,
            status,
            None if retry_after is None else str(retry_after),
            detail=detail,
            error_type=error_type,
            headers=dict(headers or {}),
        )

    @classmethod
    def reset(cls, op: str, *, times: int = 1, skip: int = 0) -> Fault:
        return cls(op, "reset", times, skip)

    @classmethod
    def slow(cls, op: str, delay: float, *, times: int = 1, skip: int = 0) -> Fault:
        return cls(op, "slow", times, skip, delay=delay)

    @classmethod
    def fail(
        cls,
        op: str,
        *,
        times: int = 1,
        skip: int = 0,
        detail: str | None = None,
        error_type: str | None = None,
    ) -> Fault:
        return cls(op, "fail", times, skip, detail=detail, error_type=error_type)

    @classmethod
    def ingress(cls, op: str, status: int = 502, *, times: int = 1, skip: int = 0) -> Fault:
        return cls(op, "ingress", times, skip, status)

    @classmethod
    def parse(cls, text: str) -> Fault:
        """`OP:ACTION[:key=value...]`, or `OP:STATUS[:key=value...]` for an http fault.

        Examples: `fal.submit:429:times=2:retry_after=1`, `fal.status:reset`,
        `fal.run:slow:delay=2`, `segmind.submit:fail:detail=NSFW`.
        """
        parts = text.split(":")
        if len(parts) < 2:
            raise ValueError(f"bad fault {text!r}: expected OP:ACTION[:key=value...]")
        op, action, *options = parts
        kwargs: dict[str, Any] = {}
        for option in options:
            key, sep, value = option.partition("=")
            if not sep:
                raise ValueError(f"bad fault option {option!r} in {text!r}")
            if key in ("times", "skip", "status"):
                kwargs[key] = int(value)
            elif key == "delay":
                kwargs[key] = float(value)
            elif key in ("retry_after", "detail", "error_type"):
                kwargs[key] = value
            else:
                raise ValueError(f"unknown fault option {key!r} in {text!r}")
        if action.isdigit():
            kwargs["status"] = int(action)
            action = "http"
        return cls(op, action, **kwargs)

    def matches(self, op: str) -> bool:
        return fnmatch.fnmatchcase(op, self.op)


@dataclass
class Scenario:
    """How the emulated providers behave.

    A queued job answers `queue_positions` status polls with IN_QUEUE (positions counting down
    to 0), then `progress_polls` polls with IN_PROGRESS (revealing `logs` a few at a time), then
    COMPLETED; it also needs `processing_time` seconds since submission. With both counts at 0 a
    job is complete at once. `run_delay` slows synchronous calls; results expire (404) after
    `result_ttl` seconds. Segmind charges `cost` credits per generation out of `credits`.
    A fal job submitted with `?fal_webhook=` is delivered to that (loopback) URL
    `processing_time` seconds after submission, tried `webhook_attempts` times, `webhook_retry_delay`
    seconds apart, until it answers 2xx.
    """

    queue_positions: int = 0
    progress_polls: int = 0
    logs: tuple[str, ...] = ("Loading model", "Generating image", "Uploading result")
    processing_time: float = 0.0
    run_delay: float = 0.0
    result_ttl: float | None = None
    credits: float = 100.0
    cost: float = 0.1
    render_max_side: int | None = 64
    webhook_attempts: int = 3
    webhook_retry_delay: float = 0.05
    faults: list[Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add_fault(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def fault_for(self, op: str) -> Fault | None:
        """Count this request against every matching fault; return the first that fires."""
        fired: Fault | None = None
        with self._lock:
            for fault in self.faults:
                if not fault.matches(op):
                    continue
                fault.seen += 1
                if fired is None and fault.skip < fault.seen <= fault.skip + fault.times:
                    fired = fault
        return fired
