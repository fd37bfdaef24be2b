"""`EndpointInfo`: what the runtime needs to know about one endpoint (rendered by the generator).

Its own module, importing nothing but the standard library, so that an endpoint module defines
its `ENDPOINT` without loading the client runtime (`_types` re-exports it for older imports).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

__all__ = ["EndpointInfo"]


class EndpointInfo(NamedTuple):
    """What the runtime needs to know about one endpoint (rendered by the generator, with
    keywords). A named tuple, not a dataclass: every endpoint import pays for defining it, and
    a frozen dataclass costs about five times as much to define (0.6 ms against 0.12 ms)."""

    id: str
    provider: Literal["fal", "segmind"]
    protocols: tuple[str, ...]
    file_fields: tuple[str, ...] = ()
    slug: str | None = None
    #: Segmind: the v1 path below the v1 base when it is not the slug (`models/<slug>`).
    v1_route: str | None = None
    category: str | None = None
    spec_hash: str | None = None
