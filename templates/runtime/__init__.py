"""modelclients runtime: transport, auth, retries, polling, files and errors shared by every
generated endpoint client. Import the public names from here (or from `modelclients`).

Names are imported on first use (PEP 562), so an endpoint module loads only the runtime modules
it needs; the `TYPE_CHECKING` block gives type checkers and IDEs every name."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from ._config import NOT_GIVEN, Backoff, NotGiven
    from ._endpoint_info import EndpointInfo
    from ._errors import (
        APIConnectionError,
        APIError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        CredentialsError,
        InputValidationError,
        InsufficientCreditsError,
        InvalidCredentialsError,
        MissingCredentialsError,
        ModelClientError,
        NotFoundError,
        RateLimitError,
        RequestCancelledError,
        RequestFailedError,
        ResultNotReadyError,
        ServerError,
        UnexpectedResponseError,
        UnsupportedOperationError,
        WaitTimeoutError,
    )
    from ._fal import AsyncFalClient, FalClient
    from ._files import FileInput, FileOutput, RemoteFile, decode_data_uri, encode_data_uri
    from ._options import CallOptions
    from ._raw import RawResponse
    from ._segmind import AsyncSegmindClient, SegmindClient
    from ._types import (
        Completed,
        FalRequestHandle,
        FalStatus,
        InProgress,
        LogEntry,
        Queued,
        SegmindRequestHandle,
        SegmindState,
        SegmindStatus,
        SegmindSyncResult,
    )
    from ._webhooks import FalWebhook, WebhookInbox

_MODULE_OF: Final[dict[str, str]] = {
    "NOT_GIVEN": "._config",
    "Backoff": "._config",
    "NotGiven": "._config",
    "EndpointInfo": "._endpoint_info",
    "APIConnectionError": "._errors",
    "APIError": "._errors",
    "APIStatusError": "._errors",
    "APITimeoutError": "._errors",
    "AuthenticationError": "._errors",
    "BadRequestError": "._errors",
    "CredentialsError": "._errors",
    "InputValidationError": "._errors",
    "InsufficientCreditsError": "._errors",
    "InvalidCredentialsError": "._errors",
    "MissingCredentialsError": "._errors",
    "ModelClientError": "._errors",
    "NotFoundError": "._errors",
    "RateLimitError": "._errors",
    "RequestCancelledError": "._errors",
    "RequestFailedError": "._errors",
    "ResultNotReadyError": "._errors",
    "ServerError": "._errors",
    "UnexpectedResponseError": "._errors",
    "UnsupportedOperationError": "._errors",
    "WaitTimeoutError": "._errors",
    "AsyncFalClient": "._fal",
    "FalClient": "._fal",
    "FileInput": "._files",
    "FileOutput": "._files",
    "RemoteFile": "._files",
    "decode_data_uri": "._files",
    "encode_data_uri": "._files",
    "CallOptions": "._options",
    "RawResponse": "._raw",
    "AsyncSegmindClient": "._segmind",
    "SegmindClient": "._segmind",
    "Completed": "._types",
    "FalRequestHandle": "._types",
    "FalStatus": "._types",
    "InProgress": "._types",
    "LogEntry": "._types",
    "Queued": "._types",
    "SegmindRequestHandle": "._types",
    "SegmindState": "._types",
    "SegmindStatus": "._types",
    "SegmindSyncResult": "._types",
    "FalWebhook": "._webhooks",
    "WebhookInbox": "._webhooks",
}
"""public name -> the runtime module that defines it, imported on first access."""

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncFalClient",
    "AsyncSegmindClient",
    "AuthenticationError",
    "Backoff",
    "BadRequestError",
    "CallOptions",
    "Completed",
    "CredentialsError",
    "EndpointInfo",
    "FalClient",
    "FalRequestHandle",
    "FalStatus",
    "FalWebhook",
    "FileInput",
    "FileOutput",
    "InProgress",
    "InputValidationError",
    "InsufficientCreditsError",
    "InvalidCredentialsError",
    "LogEntry",
    "MissingCredentialsError",
    "ModelClientError",
    "NotFoundError",
    "NotGiven",
    "Queued",
    "RateLimitError",
    "RawResponse",
    "RemoteFile",
    "RequestCancelledError",
    "RequestFailedError",
    "ResultNotReadyError",
    "SegmindClient",
    "SegmindRequestHandle",
    "SegmindState",
    "SegmindStatus",
    "SegmindSyncResult",
    "ServerError",
    "UnexpectedResponseError",
    "UnsupportedOperationError",
    "WaitTimeoutError",
    "WebhookInbox",
    "decode_data_uri",
    "encode_data_uri",
]


def __getattr__(name: str) -> Any:
    try:
        module = _MODULE_OF[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
