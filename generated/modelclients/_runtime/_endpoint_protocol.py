# Copied by modelgen from templates/runtime/_endpoint_protocol.py (sha256:89d248919476278965bd88b0e970dc6f06e53fcf32aeea40891eba7b27793812); do not edit; run `make generate`.
"""`Endpoint[Input, Output]`: what `modelclients.get(id)` returns, as mypy sees it.

Every endpoint module satisfies this protocol (modules can implement protocols), so the typed
overloads of `get` (generated in `modelclients/_typed_get.py`) keep each endpoint's own `Input`
and `Output`: `get("fal-ai/kolors").Input(guidance_scal=1)` is a type error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from ._types import EndpointInfo

__all__ = ["Endpoint"]

InputT = TypeVar("InputT")
OutputT = TypeVar("OutputT")


class Endpoint(Protocol[InputT, OutputT]):
    """The public names of one generated endpoint module."""

    ENDPOINT: EndpointInfo
    Input: type[InputT]
    Output: type[OutputT]
    Client: type[Any]
    AsyncClient: type[Any]

    def validate(self, payload: Mapping[str, object], /) -> list[Any]: ...
