# Copied by modelgen from templates/runtime/_error_mapping.py (sha256:ec38871048c38152f0af8eb1aacd95c84e9f74df812963ec204dfd81f3d9035a); do not edit; run `make generate`.
"""Turning an error response (or a transport failure) into the right error class."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._config import Secret
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InsufficientCreditsError,
    NotFoundError,
    RateLimitError,
    RequestCancelledError,
    RequestFailedError,
    ServerError,
    UnexpectedResponseError,
)
from ._http import HttpResponse, TransportFailure

__all__ = ["CallContext", "connection_error", "describe_detail", "status_error"]

_MAX_TEXT = 2000


@dataclass(slots=True)  # not frozen: built on every call (see `_http.HttpRequest`)
class CallContext:
    """Who is calling what: enough to label errors and log lines."""

    provider: str
    endpoint_id: str
    operation: str
    request_id: str | None = None
    secret: Secret | None = None

    def scrub(self, text: str) -> str:
        return self.secret.scrub(text) if self.secret is not None else text

    def unexpected(self, what: str, **details: Any) -> UnexpectedResponseError:
        """The error for an answer of the wrong shape, labelled "<provider> <operation>
        <endpoint id>: <what>"; `details` are the error's other fields (status_code, ...)."""
        return UnexpectedResponseError(
            f"{self.provider} {self.operation} {self.endpoint_id}: {what}",
            provider=self.provider,
            endpoint_id=self.endpoint_id,
            request_id=self.request_id,
            **details,
        )


_MAX_DEPTH = 32
"""How deep an error detail is kept (and read); deeper parts become one placeholder string."""
_TOO_DEEP = "(nested too deeply; left out)"


def _scrub_value(value: Any, ctx: CallContext, depth: int = 0) -> Any:
    if isinstance(value, str):
        return ctx.scrub(value)
    if isinstance(value, list | dict) and depth >= _MAX_DEPTH:
        return _TOO_DEEP
    if isinstance(value, list):
        return [_scrub_value(v, ctx, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_value(v, ctx, depth + 1) for k, v in value.items()}
    return value


def describe_detail(detail: Any, depth: int = 0) -> str:
    """A one-line human reading of a provider's error detail, at most _MAX_TEXT characters
    (a detail of any shape: fal's `[{"loc": [...], "msg": ...}]`, a string, an object)."""
    if detail is None:
        return ""
    if depth >= _MAX_DEPTH:
        return _TOO_DEEP
    if isinstance(detail, list):
        parts = []
        for item in detail[:5]:
            if isinstance(item, Mapping):
                where = item.get("loc")
                steps = (
                    where if isinstance(where, list | tuple) else () if where is None else (where,)
                )
                loc = ".".join(str(p) for p in steps if p != "body")
                msg = item.get("msg", "")
                kind = item.get("type")
                parts.append(f"{loc}: {msg}" + (f" ({kind})" if kind else ""))
            else:
                parts.append(str(item))
        more = f" (+{len(detail) - 5} more)" if len(detail) > 5 else ""
        return _shortened("; ".join(parts) + more)
    if isinstance(detail, Mapping):
        for key in ("msg", "message", "error", "detail"):
            if key in detail:
                return describe_detail(detail[key], depth + 1)
    return _shortened(str(detail))


def _shortened(text: str) -> str:
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "..."


def _parse_body(response: HttpResponse) -> tuple[Any, str | None]:
    """(detail, error_type) from an error body."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()
        return (text[:_MAX_TEXT] or None), None
    if isinstance(body, Mapping):
        detail = None
        for key in ("detail", "error", "message", "msg"):
            if body.get(key) is not None:
                detail = body[key]
                break
        if detail is None:
            detail = dict(body)
        error_type = body.get("error_type")
        return detail, error_type if isinstance(error_type, str) else None
    return body, None


def _status_class(status: int, provider: str, detail_text: str) -> type[APIStatusError]:
    if status in (402, 406):
        return InsufficientCreditsError
    if status in (401, 403):
        if "balance" in detail_text.lower() or "credit" in detail_text.lower():
            return InsufficientCreditsError
        return AuthenticationError
    if status == 400:
        return BadRequestError
    if status == 404:
        return NotFoundError
    if status == 422:
        return RequestFailedError
    if status == 499:
        return RequestCancelledError
    if status == 429:
        return RateLimitError
    if status >= 500:
        return ServerError
    return APIStatusError


def status_error(
    response: HttpResponse, ctx: CallContext, cls: type[APIStatusError] | None = None
) -> APIStatusError:
    """The error for an error response (class chosen by status unless `cls` is given)."""
    detail, error_type = _parse_body(response)
    detail = _scrub_value(detail, ctx)
    error_type = error_type or response.headers.get("x-fal-error-type")
    request_id = ctx.request_id or response.headers.get("x-fal-request-id")
    text = ctx.scrub(describe_detail(detail))
    status = response.status_code
    cls = cls or _status_class(status, ctx.provider, text)
    reason = f" {response.reason}" if response.reason else ""
    message = f"{ctx.provider} {ctx.operation} {ctx.endpoint_id}: HTTP {status}{reason}"
    if text:
        message += f": {text}"
    if request_id:
        message += f" (request_id={request_id})"
    return cls(
        message,
        provider=ctx.provider,
        endpoint_id=ctx.endpoint_id,
        request_id=request_id,
        status_code=status,
        detail=detail,
        error_type=error_type,
        headers=response.headers,
    )


def connection_error(failure: TransportFailure, ctx: CallContext) -> APIConnectionError:
    cls = APITimeoutError if failure.timeout else APIConnectionError
    what = "timed out" if failure.timeout else "connection failed"
    message = f"{ctx.provider} {ctx.operation} {ctx.endpoint_id}: {what}: {ctx.scrub(str(failure))}"
    if ctx.request_id:
        message += f" (request_id={ctx.request_id})"
    return cls(
        message,
        may_have_been_sent=failure.sent,
        provider=ctx.provider,
        endpoint_id=ctx.endpoint_id,
        request_id=ctx.request_id,
    )
