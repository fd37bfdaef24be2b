"""Which module of `modelclients.<provider>` serves each endpoint (rules in render/names.py).

Kept in the spec layer so that loading a specs tree can refuse two endpoints that would share a
module, at the lines of their specs, before anything is rendered.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Mapping
from typing import Final

from .model import Endpoint

OWNER_SEGMENTS: Final[Mapping[str, str]] = {"fal": "fal-ai", "segmind": "segmind"}
"""The owner segment each provider's own endpoint ids start with; it is left out of the name."""

RESERVED_MODULES: Final = frozenset({"__init__", "__main__"})
"""Module names a provider package already uses for itself."""

_NOT_IDENTIFIER = re.compile(r"[^a-z0-9_]")


class NameCollisionError(ValueError):
    """Two ids (or two parameters) map to one Python name."""


def id_segments(endpoint_id: str, provider: str) -> list[str]:
    """The id's segments, without the provider's own owner segment."""
    segments = endpoint_id.split("/")
    if len(segments) > 1 and segments[0] == OWNER_SEGMENTS.get(provider, provider):
        segments = segments[1:]
    return segments


def derived_module_name(endpoint_id: str, provider: str) -> str:
    """The module name rules 2-4 give an id (ignoring `python_name:`)."""
    name = _NOT_IDENTIFIER.sub("_", "_".join(id_segments(endpoint_id, provider)).lower())
    if name[:1].isdigit():
        name = "m_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED_MODULES:
        name += "_"
    return name


def module_name(endpoint: Endpoint) -> str:
    """The module of an endpoint inside `modelclients.<provider>`."""
    return endpoint.python_name or derived_module_name(endpoint.id, endpoint.provider)


def provider_package(provider: str) -> str:
    """The subpackage of a provider (`fal`, `segmind`), made safe the same way as modules."""
    return derived_module_name(provider, "")


def module_clashes(endpoints: Iterable[Endpoint]) -> list[tuple[Endpoint, Endpoint, str]]:
    """(first, second, module) for every endpoint whose module another one (first) has."""
    taken: dict[tuple[str, str], Endpoint] = {}
    clashes = []
    for endpoint in sorted(endpoints, key=lambda e: e.id):
        name = module_name(endpoint)
        key = (endpoint.provider, name)
        if key in taken:
            clashes.append((taken[key], endpoint, name))
            continue
        taken[key] = endpoint
    return clashes


def clash_message(first: Endpoint, second: Endpoint, name: str) -> str:
    return (
        f"endpoints {first.id!r} and {second.id!r} both map to module "
        f"modelclients.{provider_package(second.provider)}.{name}; "
        f"set `python_name:` in one of their specs to a different module name"
    )
