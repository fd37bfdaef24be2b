# Copied by modelgen from templates/runtime/_redact.py (sha256:55ece5412f55e74815d096d6edbbc97daaaf397378281bc9548b8235bd2c048b); do not edit; run `make generate`.
"""The one redaction path: an error leaving a client carries no trace of its API key.

`redact_error` is applied by the drivers (`SyncDriver._drive`, `AsyncDriver._drive`) to every
`ModelClientError` a call raises, whatever built it: the message (`str`, `repr`, traceback),
`detail`, `error_type`, `headers` (names and values), `request_id`, and the same for every error
chained to it. A chained exception the runtime does not own (e.g. an httpx error, whose
`request.headers` hold the key) is cut from the chain rather than trusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._config import Secret
from ._errors import ModelClientError
from ._http import TransportFailure

__all__ = ["redact_error", "redact_value"]


def redact_value(value: Any, secret: Secret) -> Any:
    """`value` (text, or lists and mappings of them) with the secret masked."""
    if isinstance(value, str):
        return secret.scrub(value)
    if isinstance(value, list | tuple):
        return type(value)(redact_value(v, secret) for v in value)
    if isinstance(value, Mapping):
        return {redact_value(k, secret): redact_value(v, secret) for k, v in value.items()}
    return value


_MASKED = ("message", "detail", "error_type", "request_id", "headers")
"""The fields of our errors that may hold text a server sent (`APIError`'s, and the
`request_id` of `WaitTimeoutError` and the others that name a request)."""


def _redact_one(error: BaseException, secret: Secret) -> None:
    error.args = tuple(redact_value(arg, secret) for arg in error.args)
    fields = vars(error)
    for name in _MASKED:
        if name in fields:
            fields[name] = redact_value(fields[name], secret)


def _owned(error: BaseException) -> bool:
    return isinstance(error, ModelClientError | TransportFailure)


def redact_error(error: ModelClientError, secret: Secret | None) -> ModelClientError:
    """Mask `secret` everywhere in `error` and its chain (in place); returns `error`."""
    current: BaseException | None = error
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if secret is not None:
            _redact_one(current, secret)
        nxt = current.__cause__ or current.__context__
        if nxt is not None and not _owned(nxt):
            current.__cause__ = None
            current.__context__ = None
            current.__suppress_context__ = True
            break
        current = nxt
    return error
