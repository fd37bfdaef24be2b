"""Plain data: endpoint descriptions, queue statuses, request handles and binary results.

`EndpointInfo` lives in `_endpoint_info` (re-exported here); json and the file helpers are
imported where they are used, so importing this module costs next to nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ._endpoint_info import EndpointInfo

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "Completed",
    "EndpointInfo",
    "FalRequestHandle",
    "FalStatus",
    "InProgress",
    "LogEntry",
    "Queued",
    "SegmindRequestHandle",
    "SegmindState",
    "SegmindStatus",
    "SegmindSyncResult",
]


# --- fal -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One log line of a fal request."""

    message: str
    level: str | None = None
    source: str | None = None
    timestamp: str | None = None

    @classmethod
    def parse(cls, raw: Any) -> LogEntry:
        if isinstance(raw, Mapping):

            def opt(key: str) -> str | None:
                value = raw.get(key)
                return None if value is None else str(value)

            return cls(str(raw.get("message", "")), opt("level"), opt("source"), opt("timestamp"))
        return cls(str(raw))


@dataclass(frozen=True, slots=True)
class Queued:
    """fal status IN_QUEUE: waiting; `position` is the place in the queue (0 = next)."""

    request_id: str
    position: int | None


@dataclass(frozen=True, slots=True)
class InProgress:
    """fal status IN_PROGRESS; `logs` holds every log line so far (when asked for)."""

    request_id: str
    logs: tuple[LogEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Completed:
    """fal status COMPLETED. A failed request also ends here, with `error`/`error_type` set."""

    request_id: str
    logs: tuple[LogEntry, ...] = ()
    metrics: Mapping[str, Any] = field(default_factory=dict)
    error: Any = None
    error_type: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


FalStatus: TypeAlias = Queued | InProgress | Completed


@dataclass(frozen=True, slots=True)
class FalRequestHandle:
    """A submitted fal queue request: its id and the URLs the server returned."""

    request_id: str
    endpoint_id: str
    status_url: str
    response_url: str
    cancel_url: str
    gateway_request_id: str | None = None


# --- Segmind -------------------------------------------------------------------------------------

SegmindState: TypeAlias = Literal["QUEUED", "PROCESSING", "COMPLETED", "FAILED"]


@dataclass(frozen=True, slots=True)
class SegmindStatus:
    """Segmind v2 status. `error` is set when `state` is FAILED."""

    request_id: str
    state: str
    metrics: Mapping[str, Any] = field(default_factory=dict)
    error: Any = None

    @property
    def done(self) -> bool:
        return self.state in ("COMPLETED", "FAILED")

    @property
    def failed(self) -> bool:
        return self.state == "FAILED"


@dataclass(frozen=True, slots=True)
class SegmindRequestHandle:
    """A submitted Segmind v2 request and the URLs the server returned."""

    request_id: str
    endpoint_id: str
    status_url: str
    response_url: str
    poll_url: str | None = None


@dataclass(frozen=True, slots=True)
class SegmindSyncResult:
    """The answer of a Segmind v1 call: the raw bytes (usually an image) and their metadata."""

    data: bytes = field(repr=False)
    content_type: str | None
    remaining_credits: float | None
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return (
            f"SegmindSyncResult(<{len(self.data)} bytes>, content_type={self.content_type!r}, "
            f"remaining_credits={self.remaining_credits!r})"
        )

    @property
    def is_json(self) -> bool:
        return (self.content_type or "").split(";")[0].strip().endswith("json")

    def json(self) -> Any:
        """The body as JSON (for models answering JSON, e.g. with `base64: true`)."""
        import json

        try:
            return json.loads(self.data)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None

    def save(self, path: str | Path) -> Path:
        """Write the bytes to `path` (a directory gets `output<ext>`); returns the file path."""
        from ._files import extension_for, write_file

        return write_file(path, self.data, "output" + extension_for(self.content_type))
