"""What the emulator remembers: jobs, served files, credits and the log of every request."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.spec.input_files import json_value

from .catalogue import EndpointEntry
from .scenario import Scenario

__all__ = ["Job", "RecordedRequest", "Request", "Response", "State"]


@dataclass(frozen=True)
class Request:
    """An HTTP request as the handlers see it."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # lower-case names
    body: bytes
    base_url: str  # scheme://host[:port] the client used

    def json(self) -> Any:
        """The body as strict JSON (`json_value`: no NaN, Infinity or `1e400`, as a real JSON
        parser); ValueError when it is not."""
        return json_value(self.body.decode("utf-8")) if self.body else None


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    reset: bool = False  # close the connection without answering
    delay: float = 0.0

    @classmethod
    def json(cls, status: int, data: Any, headers: Mapping[str, str] | None = None) -> Response:
        return cls(status, json.dumps(data).encode(), headers=dict(headers or {}))


@dataclass
class RecordedRequest:
    """One request the emulator received, and how it answered."""

    index: int
    method: str
    path: str
    op: str
    endpoint_id: str | None
    request_id: str | None
    headers: dict[str, str]  # credentials masked
    body: Any
    status: int | None = None  # None: connection reset
    fault: str | None = None
    at: float = field(default_factory=time.monotonic)


@dataclass
class Job:
    """A queued request (fal queue or Segmind v2)."""

    request_id: str
    endpoint: EndpointEntry
    input: dict[str, Any]
    created: float
    fail: tuple[str, str] | None = None  # (detail, error_type)
    cancelled: bool = False
    polls: int = 0
    output: Any = None
    webhook: str | None = None
    completed_at: float | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def done(self, scenario: Scenario, now: float) -> bool:
        if self.cancelled:
            return True
        steps = scenario.queue_positions + scenario.progress_polls
        by_polls = steps == 0 or self.polls > steps
        return by_polls and now - self.created >= scenario.processing_time

    def phase(self, scenario: Scenario, now: float) -> tuple[str, int]:
        """("IN_QUEUE", position) / ("IN_PROGRESS", logs shown) / ("COMPLETED", all logs)."""
        logs = len(scenario.logs)
        if self.done(scenario, now):
            if self.completed_at is None:
                self.completed_at = now
            return "COMPLETED", logs
        if self.polls <= scenario.queue_positions and self.polls > 0:
            return "IN_QUEUE", scenario.queue_positions - self.polls
        if self.polls == 0:
            return (
                ("IN_QUEUE", scenario.queue_positions)
                if scenario.queue_positions
                else ("IN_PROGRESS", 0)
            )
        step = self.polls - scenario.queue_positions
        total = max(scenario.progress_polls, 1)
        return "IN_PROGRESS", min(logs, -(-step * logs // total))

    def expired(self, scenario: Scenario, now: float) -> bool:
        return (
            scenario.result_ttl is not None
            and self.completed_at is not None
            and now - self.completed_at > scenario.result_ttl
        )


class State:
    """Thread-safe store shared by the request handlers."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.lock = threading.RLock()
        self.jobs: dict[str, Job] = {}
        self.files: dict[str, tuple[bytes, str]] = {}
        self.requests: list[RecordedRequest] = []
        self.credits: dict[str, float] = {}
        #: (request_id, webhook URL, attempt, HTTP status or None when it could not be reached)
        self.webhook_attempts: list[tuple[str, str, int, int | None]] = []

    def new_id(self) -> str:
        return str(uuid.uuid4())

    def record(self, entry: RecordedRequest) -> None:
        with self.lock:
            entry.index = len(self.requests)
            self.requests.append(entry)

    def add_job(self, job: Job) -> None:
        with self.lock:
            self.jobs[job.request_id] = job

    def add_file(self, name: str, data: bytes, content_type: str) -> None:
        with self.lock:
            self.files[name] = (data, content_type)

    def charge(self, key: str) -> float | None:
        """Take one generation's cost from `key`'s credits; None when there is not enough."""
        with self.lock:
            left = self.credits.get(key, self.scenario.credits)
            if left < self.scenario.cost:
                return None
            left = round(left - self.scenario.cost, 6)
            self.credits[key] = left
            return left

    def balance(self, key: str) -> float:
        with self.lock:
            return self.credits.get(key, self.scenario.credits)

    def clear(self) -> None:
        with self.lock:
            self.jobs.clear()
            self.files.clear()
            self.requests.clear()
            self.credits.clear()
            self.webhook_attempts.clear()
