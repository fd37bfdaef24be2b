"""The per-call keywords of the verbs, one `TypedDict` per group of verbs (PEP 692).

Each keyword is a field of `CallOptions` (`_options.py`, where their meaning is written), plus
`options=` itself; a verb declares `**call: Unpack[<group>]` and hands `call` to
`_call_options`. Only the keywords a caller gives are in `call`, so a keyword given always wins
over the same field of `options=`, even when it is the field's default. A type checker refuses a
keyword the verb does not take; at run time `call_options` does (TypeError naming it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict

from ._config import NotGiven
from ._fal_protocol import Priority
from ._options import CallOptions

__all__ = [
    "CallKeywords",
    "FalRequestKeywords",
    "FalSubmitKeywords",
    "FalSubscribeKeywords",
    "FalWaitKeywords",
    "RequestKeywords",
    "SubscribeKeywords",
    "WaitKeywords",
]


class CallKeywords(TypedDict, total=False):
    """Every verb: the request timeout (seconds, None: no limit), retries, and `options=`."""

    timeout: float | NotGiven | None
    max_retries: int | None
    options: CallOptions | None


class RequestKeywords(CallKeywords, total=False):
    """`run` and `submit` (Segmind's as they are): headers added to the model request."""

    extra_headers: Mapping[str, str] | None


class WaitKeywords(CallKeywords, total=False):
    """`wait` (Segmind's as it is): the polling interval and the time limit."""

    poll_interval: float | None
    max_wait: float | None


class SubscribeKeywords(RequestKeywords, WaitKeywords, total=False):
    """Segmind `subscribe`: the keywords of `submit` and `wait`."""


class FalRequestKeywords(RequestKeywords, total=False):
    """fal `run`: the server-side deadline, the runner hint and the file upload threshold."""

    request_timeout: float | None
    hint: str | None
    upload_threshold: int | NotGiven | None


class FalSubmitKeywords(FalRequestKeywords, total=False):
    """fal `submit`: also the webhook and the queue priority."""

    webhook_url: str | None
    priority: Priority | None


class FalWaitKeywords(WaitKeywords, total=False):
    """fal `wait`: also logs and the status stream."""

    with_logs: bool | None
    stream: bool


class FalSubscribeKeywords(FalRequestKeywords, FalWaitKeywords, total=False):
    """fal `subscribe`: the keywords of `submit` (but the webhook) and `wait`."""

    priority: Priority | None
