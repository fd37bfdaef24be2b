"""Helpers for tests: start an emulator for an index, and point clients at it.

    from generator.emulator.testing import emulator_for_index

    def test_every_client(monkeypatch):
        with emulator_for_index("generated/index.json") as emu:
            for name, value in emu.env().items():
                monkeypatch.setenv(name, value)
            ...  # every generated Client() now talks to the emulator

Or, as a pytest fixture in a conftest.py:

    @pytest.fixture
    def emulator(monkeypatch):
        with emulator_for_index("generated/index.json") as emu:
            for name, value in emu.env().items():
                monkeypatch.setenv(name, value)
            yield emu
"""

from __future__ import annotations

from pathlib import Path

from .catalogue import Catalogue
from .scenario import Scenario
from .server import Emulator

__all__ = ["emulator_for_index"]


def emulator_for_index(
    path: str | Path = "generated/index.json", scenario: Scenario | None = None
) -> Emulator:
    """An (unstarted) emulator serving every endpoint of an index; use it with `with`."""
    return Emulator(Catalogue.from_index(path), scenario)
