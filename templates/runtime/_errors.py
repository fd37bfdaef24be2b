"""Every error a model client raises.

    ModelClientError                  base of everything below
    ├── InputValidationError          the input failed validation; raised before anything is sent
    ├── CredentialsError              the API key cannot be used (raised before anything is sent)
    │   ├── MissingCredentialsError   no API key was given or found in the environment
    │   └── InvalidCredentialsError   the key cannot be sent (non-ASCII or control characters)
    ├── UnsupportedOperationError     the endpoint does not speak that protocol (e.g. no sync run)
    ├── WaitTimeoutError              subscribe/wait gave up after its deadline (also TimeoutError)
    └── APIError                      anything that went wrong talking to the provider
        ├── APIConnectionError        no response: connection refused, reset or dropped
        │   └── APITimeoutError       no response within the timeout
        ├── UnexpectedResponseError   a success response we could not understand
        ├── ResultNotReadyError       a result was fetched before the request finished
        └── APIStatusError            the provider answered with an error status
            ├── BadRequestError           400
            ├── AuthenticationError       401, 403: wrong, missing or disabled key
            ├── InsufficientCreditsError  Segmind 406 (and 402, fal's "exhausted balance" 403)
            ├── NotFoundError             404: unknown model, or unknown / expired request id
            ├── RequestFailedError        422 and failed jobs: fal COMPLETED with an error (the
            │   │                         result GET fails with the model's detail), Segmind FAILED
        │   └── RequestCancelledError  the request was cancelled (fal 499 `client_cancelled`)
            ├── RateLimitError            429 (after the retries ran out)
            └── ServerError               5xx (after the retries ran out)

Every `APIError` carries `provider`, `endpoint_id`, `request_id` (where there is one),
`status_code` (None when there was no response), `detail` (the provider's error payload: a string,
or fal's list of `{loc, msg, type}`), `error_type` (fal's `error_type` / `X-Fal-Error-Type`) and the
response `headers`. API keys (and each part of an `id:secret` key) never appear in messages,
reprs, tracebacks or any of these attributes, nor in the errors chained to them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CredentialsError",
    "InputValidationError",
    "InsufficientCreditsError",
    "InvalidCredentialsError",
    "MissingCredentialsError",
    "ModelClientError",
    "NotFoundError",
    "RateLimitError",
    "RequestCancelledError",
    "RequestFailedError",
    "ResultNotReadyError",
    "ServerError",
    "UnexpectedResponseError",
    "UnsupportedOperationError",
    "WaitTimeoutError",
]


class ModelClientError(Exception):
    """Base class of every error raised by a model client."""


class InputValidationError(ModelClientError, ValueError):
    """The input does not satisfy the endpoint's schema. Nothing was sent.

    `errors` is pydantic's list of errors (`loc`, `msg`, `type`; without the offending values).
    """

    def __init__(self, message: str, *, endpoint_id: str | None, errors: Sequence[Any]) -> None:
        super().__init__(message)
        self.endpoint_id = endpoint_id
        self.errors = list(errors)


class CredentialsError(ModelClientError):
    """The API key is missing or unusable. Nothing was sent; the key is never quoted."""


class MissingCredentialsError(CredentialsError):
    """No API key: pass `key=` / `api_key=` or set the documented environment variable."""


class InvalidCredentialsError(CredentialsError, ValueError):
    """The API key cannot be sent in an HTTP header (non-ASCII or control characters)."""


class UnsupportedOperationError(ModelClientError):
    """The endpoint does not support the requested protocol (e.g. `run` on a queue-only model)."""


class WaitTimeoutError(ModelClientError, TimeoutError):
    """`subscribe`/`wait` ran past its deadline. The request may still be running."""

    def __init__(self, message: str, *, request_id: str, timeout: float) -> None:
        super().__init__(message)
        self.request_id = request_id
        self.timeout = timeout


class APIError(ModelClientError):
    """An error talking to the provider."""

    def __init__(
        self,
        message: str,
        *,
        provider: str | None = None,
        endpoint_id: str | None = None,
        request_id: str | None = None,
        status_code: int | None = None,
        detail: Any = None,
        error_type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.provider = provider
        self.endpoint_id = endpoint_id
        self.request_id = request_id
        self.status_code = status_code
        self.detail = detail
        self.error_type = error_type
        self.headers: Mapping[str, str] = dict(headers or {})

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, status_code={self.status_code!r}, "
            f"request_id={self.request_id!r})"
        )


class APIConnectionError(APIError):
    """No response was received. `may_have_been_sent` is False only for connect-phase failures."""

    def __init__(self, message: str, *, may_have_been_sent: bool, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.may_have_been_sent = may_have_been_sent


class APITimeoutError(APIConnectionError, TimeoutError):
    """The HTTP request timed out."""


class UnexpectedResponseError(APIError):
    """A success response that does not have the documented shape."""


class ResultNotReadyError(APIError):
    """The result was requested before the request completed; poll `status` or use `wait`."""


class APIStatusError(APIError):
    """The provider answered with an error HTTP status."""

    status_code: int


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401/403: the key is wrong, missing or not allowed to do this."""


class InsufficientCreditsError(APIStatusError):
    """Not enough credits (Segmind 406; HTTP 402; fal's 'exhausted balance')."""


class NotFoundError(APIStatusError):
    """HTTP 404: unknown model, or a request id that is unknown or whose result expired."""


class RequestFailedError(APIStatusError):
    """The model rejected or failed the request (HTTP 422, fal job error, Segmind FAILED)."""


class RequestCancelledError(RequestFailedError):
    """The request was cancelled (by `cancel`, or a `wait` that gave up): fal HTTP 499."""


class RateLimitError(APIStatusError):
    """HTTP 429: too many requests (or too many concurrent requests)."""


class ServerError(APIStatusError):
    """HTTP 5xx."""
