"""What the renderer knows of each provider, in one descriptor a provider.

A descriptor holds the rendering facts the provider file cannot: which runtime classes the
endpoint clients subclass, whether URLs name an endpoint by its slug, and which verb the usage
example calls. Hosts and the API-key variable stay in `specs/providers/<name>.yaml` and are read
from there (`api_key_env`). Adding a provider is that file, its runtime module under
`templates/runtime/` and one entry in `DESCRIPTORS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from generator.spec.model import Endpoint, SpecSet


class UnsupportedProviderError(ValueError):
    """The renderer (or the runtime) has nothing for the endpoint's provider."""


@dataclass(frozen=True)
class ProviderDescriptor:
    name: str
    client_base: str
    """The runtime's sync client class the endpoint's `Client` subclasses."""
    async_client_base: str
    addresses_by_slug: bool
    """URLs name an endpoint by its slug, the id without its owner (Segmind), not by its id."""
    example_verb: Callable[[Endpoint], str]
    """The client method the reference page's usage example calls."""
    example_after: Callable[[str], str]
    """The example's last line, given its verb."""


def _fal_verb(endpoint: Endpoint) -> str:
    return "subscribe" if "queue" in endpoint.protocols or not endpoint.protocols else "run"


def _segmind_verb(endpoint: Endpoint) -> str:
    queued_only = "v2" in endpoint.protocols and "v1" not in endpoint.protocols
    return "subscribe" if queued_only else "run"


def _print_result(verb: str) -> str:
    return "print(result)"


def _save_image(verb: str) -> str:
    """Segmind's v1 `run` answers the image itself."""
    return 'result.save("output.png")' if verb == "run" else "print(result)"


DESCRIPTORS: Final[Mapping[str, ProviderDescriptor]] = {
    d.name: d
    for d in (
        ProviderDescriptor("fal", "FalClient", "AsyncFalClient", False, _fal_verb, _print_result),
        ProviderDescriptor(
            "segmind", "SegmindClient", "AsyncSegmindClient", True, _segmind_verb, _save_image
        ),
    )
}


def descriptor(provider: str) -> ProviderDescriptor:
    try:
        return DESCRIPTORS[provider]
    except KeyError:
        raise UnsupportedProviderError(
            f"no renderer descriptor for provider {provider!r} "
            f"(known: {', '.join(sorted(DESCRIPTORS))}; see generator/render/providers.py)"
        ) from None


def api_key_env(specs: SpecSet, provider: str) -> str:
    """The environment variable the clients read the key from: `auth.env` of the provider file."""
    known = specs.providers.get(provider)
    env = known.auth.get("env") if known is not None else None
    if not isinstance(env, str) or not env:
        raise UnsupportedProviderError(
            f"specs/providers/{provider}.yaml: no `auth.env` (the API-key environment variable)"
        )
    return env
