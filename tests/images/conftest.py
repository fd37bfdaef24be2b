"""An emulator serving every generated endpoint, with the environment that points clients at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.emulator import Catalogue, Emulator, Scenario

INDEX = Path(__file__).resolve().parents[2] / "generated" / "index.json"


@pytest.fixture(scope="session")
def generated_catalogue() -> Catalogue:
    return Catalogue.from_index(INDEX)


@pytest.fixture
def emu(generated_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    with Emulator(generated_catalogue, Scenario()) as emulator:
        for name, value in emulator.env().items():
            monkeypatch.setenv(name, value)
        yield emulator
