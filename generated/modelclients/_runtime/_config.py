# Copied by modelgen from templates/runtime/_config.py (sha256:c7e3ea639fb1c0e5a652ed0d852dd0da251112f0db4eacd58707e42884a8958f); do not edit; run `make generate`.
"""Configuration: credentials, base URLs, timeouts and retry settings, from arguments or env.

Environment variables (arguments always win):

| variable | meaning | default |
| --- | --- | --- |
| `FAL_KEY` | fal API key | - |
| `FAL_KEY_ID` + `FAL_KEY_SECRET` | fal key in two parts, joined as `id:secret` | - |
| `FAL_RUN_URL` | base URL of fal's synchronous host (may carry a path prefix) | `https://fal.run` |
| `FAL_QUEUE_URL` | base URL of fal's queue | `https://queue.fal.run` |
| `FAL_RUN_HOST` / `FAL_QUEUE_RUN_HOST` | fal-client's host-only overrides (https) | - |
| `FAL_REST_URL` | fal's REST host (storage tokens for uploads) | `https://rest.fal.ai` |
| `FAL_CDN_URL` | fal's CDN v3 upload host | the `base_url` the token names, else `https://v3.fal.media` |
| `SEGMIND_API_KEY` | Segmind API key | - |
| `SEGMIND_BASE_URL` | Segmind v1 base; v2 is derived by replacing the trailing `/vN` | `https://api.segmind.com/v1` |
| `SEGMIND_V2_BASE_URL` | explicit Segmind v2 base | derived |
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_SYNC_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "USER_AGENT",
    "Backoff",
    "NotGiven",
    "Secret",
    "fal_key_from_env",
    "fal_storage_urls",
    "fal_urls",
    "segmind_key_from_env",
    "segmind_urls",
]

USER_AGENT: Final = "modelclients/0.1.0 (python)"
#: Seconds allowed for one HTTP request (status, result, cancel, submit).
DEFAULT_TIMEOUT: Final = 120.0
#: Seconds allowed for a synchronous generation (fal `run`, Segmind v1), where the server works
#: while the connection is open.
DEFAULT_SYNC_TIMEOUT: Final = 600.0
DEFAULT_MAX_RETRIES: Final = 3

FAL_RUN_URL: Final = "https://fal.run"
FAL_QUEUE_URL: Final = "https://queue.fal.run"
FAL_REST_URL: Final = "https://rest.fal.ai"
FAL_CDN_URL: Final = "https://v3.fal.media"
SEGMIND_BASE_URL: Final = "https://api.segmind.com/v1"


class NotGiven:
    """Sentinel for "argument not given" where None has a meaning (e.g. `timeout=None`)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


#: A part of an `id:secret` key shorter than this is not masked on its own (it would mask
#: ordinary words); the whole key always is.
MIN_MASKED_PART = 6


class Secret:
    """A credential that never shows itself in repr(), str() or f-strings.

    `scrub` masks the whole value and, for a key of the form `id:secret` (fal's
    `FAL_KEY_ID:FAL_KEY_SECRET`), each part of it on its own.
    """

    __slots__ = ("_fragments", "_value")

    def __init__(self, value: str) -> None:
        self._value = value
        parts = [p for p in value.split(":") if len(p) >= MIN_MASKED_PART] if ":" in value else []
        self._fragments = tuple(sorted({value, *parts} - {""}, key=len, reverse=True))

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def scrub(self, text: str) -> str:
        """`text` with every occurrence of the secret (or of a part of it) replaced by ***."""
        for fragment in self._fragments:
            if fragment in text:
                text = text.replace(fragment, "***")
        return text

    def problem(self) -> str | None:
        """Why the value cannot be sent in an HTTP header, or None when it can."""
        if not self._value.isascii():
            return "it contains non-ASCII characters"
        if not self._value.isprintable():
            return "it contains control characters (a newline?)"
        return None


@dataclass(frozen=True, slots=True)
class Backoff:
    """Retry delays: `initial * 2**n` seconds capped at `maximum`, minus up to `jitter` of it.

    A `Retry-After` (or Segmind's `x-rate-limit-reset-at-utc`) of at most `max_retry_after`
    seconds replaces the computed delay.
    """

    initial: float = 0.5
    maximum: float = 8.0
    jitter: float = 0.25
    max_retry_after: float = 60.0

    def delay(self, retry_index: int, retry_after: float | None = None) -> float:
        if retry_after is not None and 0 <= retry_after <= self.max_retry_after:
            return retry_after
        base = min(self.initial * (2**retry_index), self.maximum)
        jittered: float = base * (1 - self.jitter * random.random())
        return jittered


def _env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def fal_key_from_env() -> str | None:
    """`FAL_KEY`, else `FAL_KEY_ID:FAL_KEY_SECRET`, else None."""
    key = _env("FAL_KEY")
    if key:
        return key
    key_id, secret = _env("FAL_KEY_ID"), _env("FAL_KEY_SECRET")
    if key_id and secret:
        return f"{key_id}:{secret}"
    return None


def segmind_key_from_env() -> str | None:
    return _env("SEGMIND_API_KEY")


def _host_url(host: str | None) -> str | None:
    return f"https://{host}" if host else None


def fal_urls(run_url: str | None, queue_url: str | None) -> tuple[str, str]:
    """(run base, queue base) from arguments, `FAL_RUN_URL`/`FAL_QUEUE_URL`, then the hosts."""
    run_host = _env("FAL_RUN_HOST")
    run = run_url or _env("FAL_RUN_URL") or _host_url(run_host) or FAL_RUN_URL
    queue_host = _env("FAL_QUEUE_RUN_HOST") or (f"queue.{run_host}" if run_host else None)
    queue = queue_url or _env("FAL_QUEUE_URL") or _host_url(queue_host) or FAL_QUEUE_URL
    return run.rstrip("/"), queue.rstrip("/")


def fal_storage_urls(rest_url: str | None, cdn_url: str | None) -> tuple[str, str | None]:
    """(REST host, CDN host or None to use the one the storage token names)."""
    rest = rest_url or _env("FAL_REST_URL") or FAL_REST_URL
    cdn = cdn_url or _env("FAL_CDN_URL")
    return rest.rstrip("/"), cdn.rstrip("/") if cdn else None


_VERSION_SUFFIX = re.compile(r"/v\d+$")


def segmind_urls(base_url: str | None, v2_base_url: str | None) -> tuple[str, str]:
    """(v1 base, v2 base). v2 replaces the trailing `/vN` of the v1 base with `/v2`."""
    v1 = (base_url or _env("SEGMIND_BASE_URL") or SEGMIND_BASE_URL).rstrip("/")
    v2 = v2_base_url or _env("SEGMIND_V2_BASE_URL")
    if not v2:
        v2 = _VERSION_SUFFIX.sub("/v2", v1) if _VERSION_SUFFIX.search(v1) else v1 + "/v2"
    return v1, v2.rstrip("/")
