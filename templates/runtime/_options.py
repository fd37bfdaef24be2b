"""`CallOptions`: every per-call setting of a verb in one frozen object.

A verb (`run`, `submit`, `subscribe`, `status`, ...) builds one `CallOptions` from the keywords
it is given (and the optional `options=` a caller passes) and hands that same object to every plan
and request of the call; plans never take settings one by one.

    fast = CallOptions(timeout=30, max_retries=0, priority="low")
    client.subscribe(input, options=fast)                  # these settings
    client.subscribe(input, options=fast, max_retries=2)   # a keyword given wins over options

A keyword given replaces that field of `options` (the keywords each verb takes are in
`_verb_keywords.py`). Settings a provider has no use for (the fal queue's
`priority` on a Segmind call) are refused by that provider's plans.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, get_args
from urllib.parse import urlsplit

from ._config import NOT_GIVEN, NotGiven
from ._fal_protocol import Priority

__all__ = ["DEFAULT_OPTIONS", "FAL_ONLY", "CallOptions", "call_options"]

_PRIORITIES: Final = get_args(Priority)


@dataclass(frozen=True, slots=True, kw_only=True)
class CallOptions:
    """The settings of one call. Every field is optional; the defaults mean "the client's"."""

    #: Seconds per HTTP request (None: no limit); NOT_GIVEN: the client's `timeout`.
    timeout: float | NotGiven | None = NOT_GIVEN
    #: Retries of a failed request (see the retry policy); None: the client's `max_retries`.
    max_retries: int | None = None
    #: Headers added to the model request (fal run/submit, Segmind v1/v2); a read-only copy.
    extra_headers: Mapping[str, str] | None = None
    #: fal: seconds the server may spend on the request (`X-Fal-Request-Timeout`, above 1).
    request_timeout: float | None = None
    #: fal queue: "normal" or "low" (`X-Fal-Queue-Priority`).
    priority: Priority | None = None
    #: fal: a runner hint (`X-Fal-Runner-Hint`).
    hint: str | None = None
    #: fal queue (submit): the URL fal POSTs the result to.
    webhook_url: str | None = None
    #: fal: file inputs over this many bytes are uploaded (None: inline all); NOT_GIVEN: the
    #: client's `upload_threshold`.
    upload_threshold: int | NotGiven | None = NOT_GIVEN
    #: fal wait/subscribe: ask for logs (None: when `on_update` is given).
    with_logs: bool | None = None
    #: wait/subscribe: seconds between polls; None: the client's `poll_interval`.
    poll_interval: float | None = None
    #: wait/subscribe: give up after this many seconds (fal cancels; Segmind's default is 600).
    max_wait: float | None = None
    #: fal wait/subscribe: read the status stream, falling back to polling.
    stream: bool = False

    def __post_init__(self) -> None:
        if self.extra_headers is not None:
            frozen = MappingProxyType(dict(self.extra_headers))
            object.__setattr__(self, "extra_headers", frozen)
        if self.request_timeout is not None and not self.request_timeout > 1:
            raise ValueError("CallOptions.request_timeout must be more than 1 second")
        if self.priority is not None and self.priority not in _PRIORITIES:
            allowed = " or ".join(repr(p) for p in _PRIORITIES)
            raise ValueError(f"CallOptions.priority must be {allowed}, not {self.priority!r}")
        if self.max_retries is not None and self.max_retries < 0:
            raise ValueError("CallOptions.max_retries must be 0 or more")
        for name in ("poll_interval", "max_wait"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"CallOptions.{name} must be 0 or more")

    def __hash__(self) -> int:
        headers = self.extra_headers
        frozen = None if headers is None else tuple(sorted(headers.items()))
        return hash(
            tuple(
                frozen if item.name == "extra_headers" else getattr(self, item.name)
                for item in dataclasses.fields(self)
            )
        )

    def __repr__(self) -> str:
        """Only the fields set; header values and the webhook URL's query are masked (they may
        carry credentials)."""
        shown: list[str] = []
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if value == item.default:
                continue
            if item.name == "extra_headers" and value is not None:
                value = {name: "***" for name in value}
            elif item.name == "webhook_url" and value is not None:
                parts = urlsplit(value)
                value = f"{parts.scheme}://{parts.netloc}{parts.path}" + (
                    "?***" if parts.query else ""
                )
            shown.append(f"{item.name}={value!r}")
        return f"CallOptions({', '.join(shown)})"

    def given(self) -> dict[str, Any]:
        """The fields that differ from their defaults."""
        given = {}
        for name, default in _DEFAULTS.items():
            value = getattr(self, name)
            if value != default:
                given[name] = value
        return given


#: Fields only the fal plans use; a Segmind call refuses them.
FAL_ONLY: Final = frozenset(
    {
        "request_timeout",
        "priority",
        "hint",
        "webhook_url",
        "upload_threshold",
        "with_logs",
        "stream",
    }
)
DEFAULT_OPTIONS: Final = CallOptions()
_DEFAULTS: Final = {item.name: item.default for item in dataclasses.fields(CallOptions)}


def call_options(given: Mapping[str, Any]) -> CallOptions:
    """The options of one call: `given["options"]` (or the defaults) with every other keyword in
    `given` (the ones the caller passed) in its place. The caller's `options` object itself when
    no keyword overrides it (so it is the one the plans receive)."""
    options = given.get("options")
    if options is not None and not isinstance(options, CallOptions):
        raise TypeError(f"options= takes a CallOptions, not {type(options).__name__}")
    base = DEFAULT_OPTIONS if options is None else options
    changes = {name: value for name, value in given.items() if name != "options"}
    if not changes:
        return base
    unknown = sorted(changes.keys() - _DEFAULTS.keys())
    if unknown:
        raise TypeError(f"not a call option: {', '.join(unknown)}")
    return dataclasses.replace(base, **changes)
