"""When to retry, and how long to wait first. Pure functions: no I/O.

Two kinds of request:

* `Safety.IDEMPOTENT` (status, result, cancel, downloads): repeating it cannot create anything.
  Retried on any connection error or timeout, and on HTTP 408, 409, 429 and 5xx.
* `Safety.CREATES_JOB` (fal `run` and queue submit, Segmind v1 and v2 submit): repeating it may
  start (and bill) a second generation. Retried only when the provider cannot have accepted it:
  a failure while connecting (nothing was sent), HTTP 408, 429 and 503, and fal's ingress errors
  (502/503/504 from the load balancer: no `x-fal-request-id`, an nginx body). A connection that
  drops or times out *after* the request was sent, and any other 5xx, are not retried: the error is
  raised (a warning is logged) so the caller can decide, e.g. by looking for the job first.

Never retried: a fal 504 carrying `X-Fal-Request-Timeout-Type` (the deadline the caller asked
for), a response with `X-Fal-Retryable: false`, and everything else 4xx.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from ._http import HttpResponse, TransportFailure

__all__ = ["Safety", "failure_is_retryable", "response_is_retryable", "retry_after_seconds"]


class Safety(enum.Enum):
    IDEMPOTENT = "idempotent"
    CREATES_JOB = "creates_job"


_IDEMPOTENT_CODES = frozenset({408, 409, 429})
_SUBMIT_CODES = frozenset({408, 429, 503})


def _is_fal_ingress_error(response: HttpResponse) -> bool:
    return (
        response.status_code in (502, 503, 504)
        and "x-fal-request-id" not in response.headers
        and b"nginx" in response.content[:2048].lower()
    )


def response_is_retryable(response: HttpResponse, safety: Safety) -> bool:
    code = response.status_code
    headers = response.headers
    if code == 504 and "x-fal-request-timeout-type" in headers:
        return False
    if headers.get("x-fal-retryable", "").strip().lower() == "false":
        return False
    if safety is Safety.IDEMPOTENT:
        return code in _IDEMPOTENT_CODES or code >= 500
    return code in _SUBMIT_CODES or _is_fal_ingress_error(response)


def would_retry_if_idempotent(response: HttpResponse) -> bool:
    return response_is_retryable(response, Safety.IDEMPOTENT)


def failure_is_retryable(failure: TransportFailure, safety: Safety) -> bool:
    return failure.retryable and (not failure.sent or safety is Safety.IDEMPOTENT)


def _parse_instant(value: str, now: float) -> float | None:
    """Seconds from `now` until `value`: a number of seconds, an epoch, an HTTP or ISO date."""
    value = value.strip()
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is not None:
        if number > 1e11:  # epoch milliseconds
            return number / 1000 - now
        if number > 1e9:  # epoch seconds
            return number - now
        return number
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() - now


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The wait the server asked for: `Retry-After-Ms`, `Retry-After` (seconds or HTTP date),
    or Segmind's `x-rate-limit-reset-at-utc`. None when absent or unreadable."""
    now = time.time() if now is None else now
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    for name in ("retry-after", "x-rate-limit-reset-at-utc"):
        value = headers.get(name)
        if value:
            seconds = _parse_instant(value, now)
            if seconds is not None:
                return max(0.0, seconds)
    return None
