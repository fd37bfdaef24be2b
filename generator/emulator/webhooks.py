"""fal webhook delivery, emulated (docs/protocols.md §1.9): when a job submitted with
`?fal_webhook=<url>` ends, the emulator POSTs
`{request_id, gateway_request_id, status: "OK"|"ERROR", payload, error, payload_error}` to the URL,
retrying until it answers 2xx (`Scenario.webhook_attempts`, `webhook_retry_delay`). Only loopback
URLs are called; any other is recorded as not reachable and never contacted.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .state import Job, State

__all__ = ["deliver_later", "webhook_body"]

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def webhook_body(job: Job, output: Callable[[], Any]) -> dict[str, Any]:
    """fal's webhook body for a finished job (`output` builds the result when it succeeded)."""
    body: dict[str, Any] = {"request_id": job.request_id, "gateway_request_id": job.request_id}
    if job.cancelled:
        error = "Request was cancelled"
        payload: Any = {"detail": error}
    elif job.fail is not None:
        error = job.fail[0]
        payload = {"detail": [{"loc": ["body"], "msg": job.fail[0], "type": job.fail[1]}]}
    else:
        return {**body, "status": "OK", "payload": output(), "error": None, "payload_error": None}
    return {**body, "status": "ERROR", "payload": payload, "error": error, "payload_error": None}


def _post(url: str, data: bytes, timeout: float) -> int | None:
    if urlsplit(url).hostname not in _LOOPBACK:
        return None
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return None


def deliver_later(state: State, job: Job, url: str, output: Callable[[], Any]) -> None:
    """Deliver `job`'s webhook from a daemon thread once it has had its processing time."""

    def deliver() -> None:
        scenario = state.scenario
        time.sleep(max(0.0, job.created + scenario.processing_time - time.monotonic()))
        with state.lock:
            data = json.dumps(webhook_body(job, output)).encode()
        for attempt in range(1, max(1, scenario.webhook_attempts) + 1):
            status = _post(url, data, timeout=5.0)
            with state.lock:
                state.webhook_attempts.append((job.request_id, url, attempt, status))
            if status is not None and 200 <= status < 300:
                return
            time.sleep(scenario.webhook_retry_delay)

    threading.Thread(target=deliver, name=f"webhook-{job.request_id}", daemon=True).start()
