"""Client classes of an endpoint module, defined on first use (PEP 562).

An endpoint module's `Client` and `AsyncClient` subclass the provider's client bases
(`FalClient`, ...), and importing those loads the whole client runtime (plans, retries, the
transport). Building an `Input` needs none of it, so the endpoint module declares its clients
under `TYPE_CHECKING` (what type checkers and IDEs read) and, at run time, hands their recipe to
`lazy_clients`: the classes are made when first named (`module.Client`,
`from module import Client`), then kept in the module's namespace, so the module's `__getattr__`
runs once per class. This module imports nothing the endpoint module has not imported already.
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["lazy_clients"]


def lazy_clients(
    namespace: MutableMapping[str, Any], clients: Mapping[str, tuple[str, str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module's `__getattr__` and `__dir__` defining `clients` on first use.

    `namespace` is the endpoint module's `globals()` (with `Input`, `Output` and `ENDPOINT`);
    `clients` maps each class name to the runtime base class it subclasses and its docstring:
    `{"Client": ("FalClient", "Client for fal-ai/kolors. ...")}`. Each class is what the
    module's `TYPE_CHECKING` block declares: `class Client(FalClient[Input, Output])` with
    `endpoint`, `input_model` and `output_model` set."""
    module = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        recipe = clients.get(name)
        if recipe is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        base_name, doc = recipe
        runtime = importlib.import_module("modelclients._runtime")
        base = getattr(runtime, base_name)[namespace["Input"], namespace["Output"]]
        attributes = {
            "__module__": module,
            "__qualname__": name,
            "__doc__": doc,
            "endpoint": namespace["ENDPOINT"],
            "input_model": namespace["Input"],
            "output_model": namespace["Output"],
        }
        made = types.new_class(name, (base,), exec_body=lambda body: body.update(attributes))
        # setdefault: two threads naming the class at once still get one class
        return namespace.setdefault(name, made)

    def __dir__() -> list[str]:
        return sorted({*namespace, *clients})

    return __getattr__, __dir__
