# Copied by modelgen from templates/runtime/_base.py (sha256:4b1312ac9528231fd22d8497d0112120ddd731badeaa6d2b05e8d1071a13b71d); do not edit; run `make generate`.
"""What every client shares, sync or async, fal or Segmind: options, input, requests, output."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypedDict, TypeVar, Unpack
from urllib.parse import quote

from pydantic import BaseModel, ValidationError

from ._config import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, Backoff, NotGiven, Secret
from ._error_mapping import CallContext
from ._errors import (
    InputValidationError,
    InvalidCredentialsError,
    MissingCredentialsError,
    ModelClientError,
    UnsupportedOperationError,
    WaitTimeoutError,
)
from ._http import AsyncTransport, HttpRequest, HttpResponse, SyncTransport
from ._json_values import first_unsendable
from ._options import DEFAULT_OPTIONS, CallOptions, call_options
from ._plan import Plan, drive_async, drive_sync, request_plan
from ._raw import with_raw_response
from ._redact import redact_error
from ._retry import Safety
from ._types import EndpointInfo

__all__ = [
    "AsyncDriver",
    "BaseClient",
    "InputT",
    "OutputT",
    "SyncDriver",
    "Timeout",
    "id_segment",
    "request_id_problem",
]

InputT = TypeVar("InputT", bound=BaseModel)
OutputT = TypeVar("OutputT", bound=BaseModel)
T = TypeVar("T")

#: Seconds per HTTP request; None means no limit (connecting is still capped at 10 s).
Timeout = float | None | NotGiven


def request_id_problem(value: object) -> str | None:
    """Why `value` cannot be a request id, or None: an id is text, not blank, that UTF-8 can
    carry (it becomes one escaped segment of a URL path)."""
    if not isinstance(value, str):
        return f"a request id is a string, not {type(value).__name__}"
    if not value.strip():
        return "a request id cannot be blank"
    if first_unsendable(value) is not None:
        return "a request id must be text UTF-8 can carry (this one holds a lone surrogate)"
    return None


def id_segment(request_id: str) -> str:
    """`request_id` as one URL path segment, escaped (`../x` or `a?b` cannot reach another
    path); TypeError or ValueError for what `request_id_problem` refuses."""
    problem = request_id_problem(request_id)
    if problem is not None:
        raise (ValueError if isinstance(request_id, str) else TypeError)(problem)
    return quote(request_id, safe="")


def _error_list(exc: ValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]}
        for e in exc.errors(include_url=False, include_input=False)
    ]


@dataclass(slots=True)  # not frozen: built on every call (see `_http.HttpRequest`)
class JobRoute:
    """Where a provider takes one verb's model request: `protocol` is the endpoint protocol the
    verb needs, `operation` names the call in errors and logs, `default_long` is the timeout of
    a synchronous run when the caller set none."""

    protocol: str
    operation: str
    url: str
    headers: Mapping[str, str] | None
    params: Mapping[str, str] | None = None
    default_long: float | None = None


class ClientSettings(TypedDict):
    """What every client is built with, whatever its provider: the API key (None: from the
    environment), the default request timeout, retries and backoff, the polling interval."""

    key: str | None
    timeout: Timeout
    max_retries: int | None
    backoff: Backoff | None
    poll_interval: float


class BaseClient(Generic[InputT, OutputT]):
    """Options and shared logic. Subclasses add the provider's verbs and the I/O driver."""

    endpoint: ClassVar[EndpointInfo]
    input_model: type[InputT]
    output_model: type[OutputT]

    provider: ClassVar[str] = ""
    key_env_hint: ClassVar[str] = ""
    #: `CallOptions` fields this provider has no use for (refused rather than ignored).
    unsupported_options: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, **settings: Unpack[ClientSettings]) -> None:
        key = settings["key"] or self._key_from_env()
        timeout = settings["timeout"]
        self._secret = Secret(key) if key else None
        problem = self._secret.problem() if self._secret else None
        if problem:
            raise InvalidCredentialsError(
                f"the {self.provider} API key cannot be sent in an HTTP header: {problem}; "
                f"check the key given to the client or {self.key_env_hint}"
            )
        self._timeout: float | None = DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout
        self._timeout_given = not isinstance(timeout, NotGiven)
        max_retries = settings["max_retries"]
        self.max_retries = DEFAULT_MAX_RETRIES if max_retries is None else max_retries
        self.backoff = settings["backoff"] or Backoff()
        self.poll_interval = settings["poll_interval"]

    @staticmethod
    def _key_from_env() -> str | None:
        """The provider's API key from its environment variables (`key_env_hint`)."""
        raise NotImplementedError

    @property
    def with_raw_response(self) -> Any:
        """The client's verbs returning a `RawResponse` (status, headers, request id,
        remaining credits, and `parsed`: what the verb returns)."""
        return with_raw_response(self)

    def __repr__(self) -> str:
        key = "set" if self._secret else "missing"
        return f"{type(self).__name__}(endpoint={self.endpoint.id!r}, key=<{key}>)"

    # -- options --------------------------------------------------------------------------------

    @property
    def timeout(self) -> float | None:
        return self._timeout

    def _timeout_for(self, timeout: Timeout, default_long: float | None = None) -> float | None:
        """The per-call timeout, else the client's, else (for long sync calls) `default_long`."""
        if not isinstance(timeout, NotGiven):
            return timeout
        if default_long is not None and not self._timeout_given:
            return default_long
        return self._timeout

    def _retries_for(self, max_retries: int | None) -> int:
        return self.max_retries if max_retries is None else max_retries

    def _call_options(self, given: Mapping[str, Any]) -> CallOptions:
        """The one `CallOptions` of a verb call: its `options=` with the verb's other keywords
        that were given (`call_options`); refuses the fields this provider does not use."""
        built = call_options(given)
        if not self.unsupported_options or built is DEFAULT_OPTIONS:
            return built
        unused = sorted(self.unsupported_options & built.given().keys())
        if unused:
            raise ValueError(
                f"{self.provider} {self.endpoint.id}: call options {', '.join(unused)} apply "
                "to another provider only"
            )
        return built

    def _require_key(self) -> Secret:
        if self._secret is None:
            raise MissingCredentialsError(
                f"no {self.provider} API key: pass api_key= to the client or set "
                f"{self.key_env_hint}"
            )
        return self._secret

    def _require_protocol(self, protocol: str, verb: str) -> None:
        if protocol not in self.endpoint.protocols:
            raise UnsupportedOperationError(
                f"{self.endpoint.id} does not support {verb} (protocols: "
                f"{', '.join(self.endpoint.protocols) or 'none'})"
            )

    def _body(self, input: InputT | Mapping[str, Any], protocol: str, verb: str) -> dict[str, Any]:
        """The request body of a verb that sends `input` over `protocol` (checked first)."""
        self._require_protocol(protocol, verb)
        return self.prepare_input(input)

    # -- input and output -----------------------------------------------------------------------

    def prepare_input(self, input: InputT | Mapping[str, Any]) -> dict[str, Any]:
        """Validate `input` and return the JSON body to send (fields never set are left out;
        an explicit None is sent). Raises InputValidationError before anything is sent, also
        for a value JSON cannot carry (NaN, Infinity, a lone surrogate: `_json_values`)."""
        if isinstance(input, self.input_model):
            # re-validate: the model may have been changed after it was built
            data: dict[str, Any] = input.model_dump(exclude_unset=True, by_alias=True)
        elif isinstance(input, Mapping):
            data = dict(input)
        else:
            raise InputValidationError(
                f"{self.endpoint.id}: expected {self.input_model.__name__} or a mapping, "
                f"got {type(input).__name__}",
                endpoint_id=self.endpoint.id,
                errors=[],
            )
        unsendable = first_unsendable(data)
        if unsendable is not None:
            loc, kind, message = unsendable
            where = ".".join(str(p) for p in loc)
            raise InputValidationError(
                f"{self.endpoint.id}: invalid input: {where}: {message}",
                endpoint_id=self.endpoint.id,
                errors=[{"loc": list(loc), "msg": message, "type": kind}],
            )
        try:
            model = self.input_model.model_validate(data)
        except ValidationError as exc:
            errors = _error_list(exc)
            summary = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or '(input)'}: {e['msg']}" for e in errors[:5]
            )
            raise InputValidationError(
                f"{self.endpoint.id}: invalid input: {summary}",
                endpoint_id=self.endpoint.id,
                errors=errors,
            ) from None
        body: dict[str, Any] = model.model_dump(mode="json", exclude_unset=True, by_alias=True)
        return body

    def _parse_output(self, data: Any, ctx: CallContext) -> OutputT:
        try:
            return self.output_model.model_validate(data)
        except ValidationError as exc:
            raise ctx.unexpected(
                f"the output does not match {self.output_model.__name__}: "
                f"{exc.error_count()} error(s)",
                detail=_error_list(exc),
            ) from None

    @staticmethod
    def _json(response: HttpResponse, ctx: CallContext) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            got = response.headers.get("content-type", "no content type")
            raise ctx.unexpected(
                f"expected JSON, got {got} that does not parse ({ctx.scrub(str(exc))[:200]})",
                status_code=response.status_code,
                headers=response.headers,
            ) from None

    @staticmethod
    def _json_object(response: HttpResponse, ctx: CallContext) -> dict[str, Any]:
        data = BaseClient._json(response, ctx)
        if not isinstance(data, dict):
            raise ctx.unexpected("expected a JSON object", status_code=response.status_code)
        return data

    def _wait_timeout(self, request_id: str, seconds: float, outcome: str) -> WaitTimeoutError:
        """The error of a wait that ran out of time (`max_wait`); `outcome` says what became of
        the request."""
        return WaitTimeoutError(
            f"{self.provider} {self.endpoint.id}: no result after {seconds:g}s "
            f"(request_id={request_id}); {outcome}",
            request_id=request_id,
            timeout=seconds,
        )

    # -- requests -------------------------------------------------------------------------------

    def _auth_headers(self, secret: Secret) -> dict[str, str]:
        raise NotImplementedError

    def _context(self, operation: str, request_id: str | None = None) -> CallContext:
        return CallContext(self.provider, self.endpoint.id, operation, request_id, self._secret)

    def _send(
        self,
        *,
        ctx: CallContext,
        url: str,
        options: CallOptions,
        method: str = "GET",
        safety: Safety = Safety.IDEMPOTENT,
        default_long: float | None = None,
        json_body: Any = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        accept: frozenset[int] = frozenset(),
        raw_body: bytes | None = None,
        send_key: bool = True,
        within: float | None = None,
    ) -> Plan[HttpResponse]:
        """A plan sending one request with auth, retries and error mapping, under the timeout
        and retries of `options` (`default_long` as in `_timeout_for`). It is retried as a
        request that starts nothing billable unless `safety` says otherwise (model requests go
        through `_create_job`). `json_body` is sent as JSON (None: no body), `raw_body` as is
        (set its Content-Type in `headers`; an `Authorization` there replaces the key's). `send_key=False` sends no key (a pre-signed
        URL on another host). `within`: the seconds a wait has left; the request's timeout is
        at most that, and a retry is made only if its wait ends in that time (a poll of `wait`
        never outlasts `max_wait`)."""
        all_headers = self._auth_headers(self._require_key()) if send_key else {}
        has_body = json_body is not None
        if has_body:
            all_headers["Content-Type"] = "application/json"
        if headers:
            all_headers.update(headers)
        seconds = self._timeout_for(options.timeout, default_long)
        if within is not None:
            seconds = within if seconds is None else min(seconds, within)
        request = HttpRequest(
            method, url, all_headers, params, json_body, has_body, seconds, raw_body=raw_body
        )
        return request_plan(
            request=request,
            ctx=ctx,
            safety=safety,
            max_retries=self._retries_for(options.max_retries),
            backoff=self.backoff,
            accept=accept,
            deadline=None if within is None else time.monotonic() + within,
        )

    def _job_route(self, *, verb: str, path: str, options: CallOptions) -> JobRoute:
        """Where the provider takes the model request of `verb` (run, submit, subscribe)."""
        raise NotImplementedError

    def _uploaded_inputs_plan(
        self, *, body: dict[str, Any], options: CallOptions
    ) -> Plan[dict[str, Any]]:
        """`body` once its file inputs are in the form the provider takes: as it is here; fal
        uploads large inline files first (`FalUploads`)."""
        return body
        yield  # a plan that performs no effect

    def _create_job(
        self, *, verb: str, input: InputT | Mapping[str, Any], options: CallOptions, path: str = ""
    ) -> Plan[tuple[CallContext, HttpResponse]]:
        """POST the model request of `verb` (checked against the endpoint's protocols first):
        the call's context and the answer. It starts paid work, so it is retried only where the
        request cannot have reached the model (`Safety.CREATES_JOB`)."""
        route = self._job_route(verb=verb, path=path, options=options)
        body = self._body(input, route.protocol, verb)
        body = yield from self._uploaded_inputs_plan(body=body, options=options)
        ctx = self._context(route.operation)
        response = yield from self._send(
            ctx=ctx,
            method="POST",
            url=route.url,
            options=options,
            safety=Safety.CREATES_JOB,
            default_long=route.default_long,
            json_body=body,
            params=route.params,
            headers=route.headers,
        )
        return ctx, response


class SyncDriver:
    """The blocking side of a client: drives plans over a `SyncTransport`; a context manager."""

    _transport: SyncTransport
    _secret: Secret | None

    def _drive(self, plan: Plan[T]) -> T:
        try:
            return drive_sync(plan, self._transport)
        except ModelClientError as error:
            redact_error(error, self._secret)
            raise

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncDriver:
    """The asyncio side of a client: drives plans over an `AsyncTransport` (callbacks may be
    coroutine functions); an async context manager."""

    _transport: AsyncTransport
    _secret: Secret | None

    async def _drive(self, plan: Plan[T]) -> T:
        try:
            return await drive_async(plan, self._transport)
        except ModelClientError as error:
            redact_error(error, self._secret)
            raise

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
