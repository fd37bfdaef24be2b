"""The base of every generated output model: its validator is built when a result is first
validated, not when the endpoint module is imported.

An endpoint module defines its `Output` (and the objects inside it) next to its `Input`, and a
script that only builds an `Input` (or checks one with `validate()`) never reads a result:
`defer_build` leaves pydantic's schema work for those classes to the first
`Output.model_validate`, which the client's first `result()` or `run()` pays once.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["OutputModel"]


class OutputModel(BaseModel):
    """A generated output object (its subclasses inherit `defer_build`)."""

    model_config = ConfigDict(defer_build=True)
