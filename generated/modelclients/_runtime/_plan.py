# Copied by modelgen from templates/runtime/_plan.py (sha256:8b9eaff2ea176929289061451111b4d54739a4e33243982dc9add545f02876dd); do not edit; run `make generate`.
"""Plans: the client logic written once, run by a sync or an async driver.

A plan is a generator that yields *effects* (`Send` one HTTP request, `Sleep`, `Notify` a
callback) and gets back their results; it returns the operation's value. Request building,
retries, polling and response parsing all live in plans; `drive_sync` and `drive_async` are the
only code that performs I/O, so the sync and async clients cannot drift apart.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, NoReturn, TypeAlias, TypeVar
from urllib.parse import urlsplit

from ._config import Backoff
from ._error_mapping import CallContext, connection_error, status_error
from ._errors import APIError
from ._http import AsyncTransport, HttpRequest, HttpResponse, SyncTransport, TransportFailure
from ._logging import DEBUG, runtime_logger
from ._retry import (
    Safety,
    failure_is_retryable,
    response_is_retryable,
    retry_after_seconds,
    would_retry_if_idempotent,
)

__all__ = [
    "Notify",
    "Plan",
    "Send",
    "Sleep",
    "drive_async",
    "drive_sync",
    "poll_plan",
    "request_plan",
    "submit_then",
]


T = TypeVar("T")
H = TypeVar("H")
S = TypeVar("S")


# Effects are never changed once yielded; not frozen, as they are built on every request
# (see `HttpRequest`).
@dataclass(slots=True)
class Send:
    request: HttpRequest


@dataclass(slots=True)
class Sleep:
    seconds: float


@dataclass(slots=True)
class Notify:
    callback: Callable[[Any], Any]
    value: Any


Effect: TypeAlias = Send | Sleep | Notify
Plan: TypeAlias = Generator[Effect, Any, T]


def drive_sync(plan: Plan[T], transport: SyncTransport) -> T:
    """Run a plan, performing each of its effects over `transport` (`drive_sync`: blocking I/O;
    `drive_async`: on the running event loop, where `Notify` callbacks may be coroutines)."""
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            effect = plan.send(value) if error is None else plan.throw(error)
        except StopIteration as stop:
            result: T = stop.value
            return result
        value, error = None, None
        try:
            if isinstance(effect, Send):
                value = transport.send(effect.request)
            elif isinstance(effect, Sleep):
                transport.sleep(effect.seconds)
            else:
                transport.notify(effect.callback, effect.value)
        except Exception as exc:
            error = exc


# modelgen: blocking twin `drive_sync`
async def drive_async(plan: Plan[T], transport: AsyncTransport) -> T:
    """Run a plan, performing each of its effects over `transport` (`drive_sync`: blocking I/O;
    `drive_async`: on the running event loop, where `Notify` callbacks may be coroutines)."""
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            effect = plan.send(value) if error is None else plan.throw(error)
        except StopIteration as stop:
            result: T = stop.value
            return result
        value, error = None, None
        try:
            if isinstance(effect, Send):
                value = await transport.send(effect.request)
            elif isinstance(effect, Sleep):
                await transport.sleep(effect.seconds)
            else:
                await transport.notify(effect.callback, effect.value)
        except Exception as exc:
            error = exc


def _loggable(url: str) -> str:
    """The URL without its query string (which may carry a webhook token)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def request_plan(
    *,
    request: HttpRequest,
    ctx: CallContext,
    safety: Safety,
    max_retries: int,
    backoff: Backoff,
    accept: frozenset[int] = frozenset(),
    deadline: float | None = None,
) -> Plan[HttpResponse]:
    """Send `request`, retrying per the policy in `_retry`; return the response or raise.

    Responses below 400, and those whose status is in `accept`, are returned to the caller.
    A retry whose wait would end after `deadline` (a `time.monotonic()` value: the end of the
    caller's `max_wait`) is not made; the failure is raised instead.
    """
    logger = runtime_logger()
    debug = logger.isEnabledFor(DEBUG)
    # what a log line names: provider, method and the URL without its query, any key masked
    sent = f"{ctx.provider} {request.method} {ctx.scrub(_loggable(request.url))}" if debug else ""
    retry = 0
    while True:
        started = time.perf_counter()
        try:
            response: HttpResponse = yield Send(request)
        except TransportFailure as failure:
            if debug:
                reason = ctx.scrub(str(failure)) or type(failure).__name__
                logger.debug("%s: %s (attempt %d)", sent, reason, retry + 1)
            delay = backoff.delay(retry)
            if _may_retry(retry, max_retries, delay, deadline) and failure_is_retryable(
                failure, safety
            ):
                logger.debug("retrying %s %s in %.3fs", ctx.operation, ctx.endpoint_id, delay)
                yield Sleep(delay)
                retry += 1
                continue
            if failure.sent and safety is Safety.CREATES_JOB:
                logger.warning(
                    "%s %s %s: the connection failed after the request was sent; not retried "
                    "because it may have created a job (retrying could run it twice)",
                    ctx.provider,
                    ctx.operation,
                    ctx.endpoint_id,
                )
            raise connection_error(failure, ctx) from failure
        status = response.status_code
        if debug:
            elapsed = (time.perf_counter() - started) * 1000
            logger.debug("%s -> %d (%.1f ms, attempt %d)", sent, status, elapsed, retry + 1)
        if 300 <= status < 400 and status not in accept:
            location = response.headers.get("location", "")
            raise ctx.unexpected(
                f"HTTP {status}: redirected to {ctx.scrub(location)!r}, not followed (the request"
                " carries the API key, which must not go to another host)",
                status_code=status,
            )
        if status < 400 or status in accept:
            return response
        delay = backoff.delay(retry, retry_after_seconds(response.headers))
        if _may_retry(retry, max_retries, delay, deadline) and response_is_retryable(
            response, safety
        ):
            logger.debug(
                "retrying %s %s after HTTP %d in %.3fs",
                ctx.operation,
                ctx.endpoint_id,
                status,
                delay,
            )
            yield Sleep(delay)
            retry += 1
            continue
        if (
            safety is Safety.CREATES_JOB
            and would_retry_if_idempotent(response)
            and not response_is_retryable(response, safety)
        ):
            logger.warning(
                "%s %s %s: HTTP %d not retried because the request may have created a job",
                ctx.provider,
                ctx.operation,
                ctx.endpoint_id,
                status,
            )
        raise status_error(response, ctx)


def _may_retry(retry: int, max_retries: int, delay: float, deadline: float | None) -> bool:
    """Whether another attempt is allowed: retries left, and its wait ends before `deadline`."""
    return retry < max_retries and (deadline is None or time.monotonic() + delay < deadline)


#: The least time a poll is given, however close the deadline (a status must be read at all).
MIN_POLL_SECONDS = 1.0


def poll_plan(
    *,
    status: Callable[[float | None], Plan[S]],
    finished: Callable[[S], bool],
    on_update: Callable[[S], object] | None,
    interval: float,
    deadline: float | None,
    give_up: Callable[[], Plan[NoReturn]],
) -> Plan[S]:
    """Poll `status` until `finished`, reporting each status to `on_update` and sleeping
    `interval` seconds between polls; return the final status. When the next poll would come
    after `deadline` (a `time.monotonic()` value), run `give_up`, which raises. `status` is
    given the seconds left (at least MIN_POLL_SECONDS; None without a deadline), to bound its
    request by; a poll that times out once the deadline has passed gives up too."""
    while True:
        left = None if deadline is None else max(deadline - time.monotonic(), MIN_POLL_SECONDS)
        try:
            current = yield from status(left)
        except APIError:  # a timeout, or a failure not retried as the deadline is near
            if deadline is not None and time.monotonic() + interval > deadline:
                yield from give_up()
            raise
        if on_update is not None:
            yield Notify(on_update, current)
        if finished(current):
            return current
        if deadline is not None and time.monotonic() + interval > deadline:
            yield from give_up()
        yield Sleep(interval)


def submit_then(
    *,
    submit: Plan[H],
    on_enqueue: Callable[[H], object] | None,
    then: Callable[[H], Plan[T]],
) -> Plan[T]:
    """Run `submit`, report its handle to `on_enqueue`, then run `then(handle)` (subscribe)."""
    handle = yield from submit
    if on_enqueue is not None:
        yield Notify(on_enqueue, handle)
    return (yield from then(handle))
