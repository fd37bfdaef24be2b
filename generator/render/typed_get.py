"""`modelclients/_typed_get.py`: overloads of `get` on every literal endpoint id, read by mypy only
(the package imports it under TYPE_CHECKING), so `get(id)` keeps that endpoint's `Input`/`Output`."""

from __future__ import annotations

from collections.abc import Sequence

from . import headers
from .context import EndpointContext

PATH = "modelclients/_typed_get.py"


def _alias(module: str) -> str:
    return "_" + module.removeprefix("modelclients.").replace(".", "_")


def typed_get_module(contexts: Sequence[EndpointContext], specs_label: str) -> str:
    rows = sorted((c.endpoint.id, c.paths.module) for c in contexts)
    lines = [
        *headers.python_module_start(
            specs_label,
            '"""Typed `get`: one overload per endpoint id (for type checkers; never imported at run time)."""',
        ),
        "",
        "from typing import TYPE_CHECKING, Any, Literal, overload",
        "",
        "from modelclients._runtime._endpoint_protocol import Endpoint",
        "",
        "if TYPE_CHECKING:",
        *(f"    import {module} as {_alias(module)}" for _, module in rows),
        "",
    ]
    for endpoint_id, module in rows:
        alias = _alias(module)
        lines += [
            "@overload",
            f"def get(endpoint_id: Literal[{endpoint_id!r}]) -> Endpoint[{alias}.Input, {alias}.Output]: ...",
        ]
    lines += [
        "@overload",
        "def get(endpoint_id: str) -> Endpoint[Any, Any]: ...",
        "def get(endpoint_id: str) -> Any:",
        '    """Stub: the real `get` is `modelclients.get`."""',
        "    raise NotImplementedError",
        "",
    ]
    return "\n".join(lines)
