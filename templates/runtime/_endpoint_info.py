"""`EndpointInfo`: what the runtime needs to know about one endpoint (rendered by the generator).

Its own module, importing nothing but the standard library, so that an endpoint module defines
its `ENDPOINT` without loading the client runtime (`_types` re-exports it for older imports).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["EndpointInfo"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EndpointInfo:
    """What the runtime needs to know about one endpoint (rendered by the generator)."""

    id: str
    provider: Literal["fal", "segmind"]
    protocols: tuple[str, ...]
    file_fields: tuple[str, ...] = ()
    slug: str | None = None
    v1_route: str | None = None
    """Segmind: the v1 path below the v1 base when it is not the slug (`models/<slug>`)."""
    category: str | None = None
    spec_hash: str | None = None
