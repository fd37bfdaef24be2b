"""The generated package promises only what the suite tests: each dependency's floor in its
`pyproject.toml` is in the minor series requirements.lock pins, which is the one every test runs
against. A floor below it is a promise nobody checks, and one was wrong: `pydantic>=2.11` was
declared while the generated modules import `pydantic.MISSING` (first in 2.14) and rely on its
thread-safe deferred model builds (2.14 too)."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement
from packaging.version import Version

from .conftest import ROOT


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / "requirements.lock").read_text("utf-8").splitlines():
        name, sep, version = line.split("#")[0].strip().partition("==")
        if sep:
            pins[name.lower().replace("_", "-")] = Version(version.strip())
    return pins


def _floor(requirement: Requirement) -> Version:
    floors = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
    assert len(floors) == 1, f"{requirement}: one `>=` floor expected"
    return floors[0]


def test_every_dependency_floor_is_the_pinned_minor_series() -> None:
    project = tomllib.loads((ROOT / "generated" / "pyproject.toml").read_text("utf-8"))["project"]
    pins = _pins()
    requirements = [Requirement(text) for text in project["dependencies"]]
    assert {r.name for r in requirements} >= {"httpx", "pydantic"}
    for requirement in requirements:
        pinned = pins[requirement.name.lower()]
        assert requirement.specifier.contains(pinned), f"{requirement} refuses the pin {pinned}"
        floor = _floor(requirement)
        assert floor.release[:2] == pinned.release[:2], (
            f"{requirement}: the floor {floor} is older than the tested series {pinned}"
        )
