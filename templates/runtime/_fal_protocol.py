"""Facts of fal's queue protocol shared by the plans and the verbs: priorities, the default
poll interval, callback types, app ids and status parsing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from ._error_mapping import CallContext
from ._errors import (
    UnexpectedResponseError,
)
from ._types import Completed, FalRequestHandle, FalStatus, InProgress, LogEntry, Queued

__all__ = [
    "DEFAULT_POLL_INTERVAL",
    "OnEnqueue",
    "OnUpdate",
    "Priority",
    "app_id",
    "credential",
    "parse_status",
]

Priority = Literal["normal", "low"]
#: fal-client's default poll interval.
DEFAULT_POLL_INTERVAL = 0.1
_NAMESPACES = ("workflows", "comfy")

OnUpdate = Callable[[FalStatus], object]
OnEnqueue = Callable[[FalRequestHandle], object]


def credential(api_key: str | None, key: str | None) -> str | None:
    """The fal key from `api_key=` (the name both providers' clients take) or its alias `key=`."""
    if api_key and key and api_key != key:
        raise ValueError("api_key= and key= are the same setting; pass one of them")
    return api_key or key


def app_id(endpoint_id: str) -> str:
    """`[namespace/]owner/alias` of an endpoint id: the part status/result/cancel URLs use."""
    parts = endpoint_id.strip("/").split("/")
    keep = 3 if parts[0] in _NAMESPACES else 2
    return "/".join(parts[:keep])


def _logs(raw: Any) -> tuple[LogEntry, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(LogEntry.parse(item) for item in raw)


def parse_status(data: Mapping[str, Any], request_id: str, ctx: CallContext) -> FalStatus:
    status = data.get("status")
    rid = str(data.get("request_id") or request_id)
    if status == "IN_QUEUE":
        position = data.get("queue_position")
        whole = isinstance(position, int) and not isinstance(position, bool)
        return Queued(rid, position if whole else None)
    if status == "IN_PROGRESS":
        return InProgress(rid, _logs(data.get("logs")))
    if status == "COMPLETED":
        metrics = data.get("metrics")
        error_type = data.get("error_type")
        return Completed(
            rid,
            _logs(data.get("logs")),
            metrics if isinstance(metrics, dict) else {},
            data.get("error"),
            error_type if isinstance(error_type, str) else None,
        )
    raise UnexpectedResponseError(
        f"fal status {ctx.endpoint_id}: unknown status {status!r}",
        provider="fal",
        endpoint_id=ctx.endpoint_id,
        request_id=rid,
        detail=dict(data),
    )
