"""fal's status stream: `GET .../requests/<id>/status/stream` answers server-sent events, one
status per event, ending at COMPLETED (docs/protocols.md §1.3, the status stream).

`wait(..., stream=True)` / `subscribe(..., stream=True)` read it instead of polling. The transport
reads whole responses, so the statuses of one stream reach `on_update` together when the stream
ends; if the stream is refused (any error status), ends before COMPLETED, or cannot be parsed,
the wait falls back to polling.
"""

from __future__ import annotations

import json
from typing import Any

from ._base import BaseClient, InputT, OutputT
from ._errors import APIError
from ._options import CallOptions
from ._plan import Notify, Plan
from ._types import Completed, FalRequestHandle, FalStatus

__all__ = ["FalStatusStream", "sse_events"]


def sse_events(text: str) -> list[Any]:
    """The JSON `data:` payloads of a server-sent-event stream (non-JSON events are skipped)."""
    events: list[Any] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        data = "\n".join(
            line[5:].lstrip() for line in block.split("\n") if line.startswith("data:")
        )
        if data:
            try:
                events.append(json.loads(data))
            except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
                continue
    return events


class FalStatusStream(BaseClient[InputT, OutputT]):
    """The status-stream plan of the fal clients."""

    def _parse_status(self, data: Any, request_id: str) -> FalStatus:
        raise NotImplementedError

    def _stream_plan(
        self,
        *,
        handle: FalRequestHandle,
        on_update: Any,
        logs: bool,
        options: CallOptions,
        within: float | None = None,
    ) -> Plan[Completed | None]:
        """Read the status stream, reporting each status; the final Completed, or None when the
        caller should poll instead. `within`: the seconds the wait may take (the stream is one
        request, bounded by them)."""
        ctx = self._context("status stream", handle.request_id)
        try:
            response = yield from self._send(
                ctx=ctx,
                url=f"{handle.status_url}/stream",
                options=options,
                params={"logs": "1" if logs else "0"},
                headers={"Accept": "text/event-stream"},
                within=within,
            )
        except APIError:
            return None
        final: Completed | None = None
        for event in sse_events(response.text):
            if not isinstance(event, dict):
                continue
            try:
                status = self._parse_status(event, handle.request_id)
            except APIError:
                return None
            if on_update is not None:
                yield Notify(on_update, status)
            if isinstance(status, Completed):
                final = status
        return final
