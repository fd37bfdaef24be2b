# Copied by modelgen from templates/runtime/_webhooks.py (sha256:c7a429fe7f2f53f357bdeff6793622c9f239f207f1b61cdb386cf8530bc1a5d4); do not edit; run `make generate`.
"""Receiving fal webhooks: the request body fal POSTs when a queued job ends (docs/protocols.md §1.9)
turned into a typed result, the endpoint's `Output` or a `RequestFailedError`.

    {request_id, gateway_request_id, status: "OK" | "ERROR", payload, error, payload_error}

`client.parse_webhook(body)` parses one body (bytes, text or an already decoded mapping).
Deliveries can repeat (fal retries for two hours): `WebhookInbox.accept` returns None for a
request id it has already accepted, so a handler stays idempotent on `request_id`. Signatures are
not verified here: fal signs webhooks with keys it publishes, but the scheme (headers, message,
key set) is not described in the protocol notes this runtime was built from.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic

from ._base import BaseClient, InputT, OutputT
from ._error_mapping import CallContext, describe_detail
from ._errors import RequestCancelledError, RequestFailedError, UnexpectedResponseError

__all__ = ["FalWebhook", "FalWebhooks", "WebhookInbox"]


@dataclass(frozen=True, slots=True)
class FalWebhook(Generic[OutputT]):
    """One webhook: `output` when the job succeeded, else `error` (never both)."""

    request_id: str
    gateway_request_id: str | None
    output: OutputT | None
    error: RequestFailedError | None

    @property
    def ok(self) -> bool:
        return self.error is None


def _decoded(body: bytes | str | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(body, Mapping):
        return body
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
        data = None
    if not isinstance(data, Mapping):
        raise UnexpectedResponseError("fal webhook: the body is not a JSON object", provider="fal")
    return data


class FalWebhooks(BaseClient[InputT, OutputT]):
    """`parse_webhook` of the fal clients."""

    def parse_webhook(self, body: bytes | str | Mapping[str, Any]) -> FalWebhook[OutputT]:
        """The typed result a webhook body carries; UnexpectedResponseError when it is not one."""
        data = _decoded(body)
        request_id, status = data.get("request_id"), data.get("status")
        if not isinstance(request_id, str) or status not in ("OK", "ERROR"):
            raise UnexpectedResponseError(
                "fal webhook: expected a request_id and a status of OK or ERROR",
                provider="fal",
                endpoint_id=self.endpoint.id,
            )
        gateway = data.get("gateway_request_id")
        gateway = gateway if isinstance(gateway, str) else None
        ctx = CallContext("fal", self.endpoint.id, "webhook", request_id, self._secret)
        payload, payload_error = data.get("payload"), data.get("payload_error")
        if status == "OK" and payload is not None:
            return FalWebhook(request_id, gateway, self._parse_output(payload, ctx), None)
        detail = payload.get("detail") if isinstance(payload, Mapping) else payload
        if detail is None:
            detail = payload_error or data.get("error")
        text = ctx.scrub(describe_detail(detail) or describe_detail(data.get("error")))
        cancelled = "cancel" in text.lower()
        cls = RequestCancelledError if cancelled else RequestFailedError
        error = cls(
            f"fal {self.endpoint.id}: the request failed"
            + (f": {text}" if text else "")
            + f" (request_id={request_id})",
            provider="fal",
            endpoint_id=self.endpoint.id,
            request_id=request_id,
            status_code=499 if cancelled else 422,
            detail=detail,
        )
        return FalWebhook(request_id, gateway, None, error)


class WebhookInbox:
    """Remembers the last `capacity` request ids accepted (thread-safe)."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def accept(self, webhook: FalWebhook[OutputT]) -> FalWebhook[OutputT] | None:
        """`webhook` the first time its request id is seen; None for a repeated delivery."""
        with self._lock:
            if webhook.request_id in self._seen:
                return None
            self._seen[webhook.request_id] = None
            if len(self._seen) > self._capacity:
                self._seen.popitem(last=False)
            return webhook
