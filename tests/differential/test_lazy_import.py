"""Importing `modelclients` stays cheap however many endpoints the catalogue holds: the package
loads the runtime only, and an endpoint module is imported when it is used, alone.

Each check runs in a fresh interpreter (a subprocess with PYTHONPATH=generated), since this test
process has long since imported endpoint modules. Nothing is timed: the modules in `sys.modules`
are the measure (`bench/bench_import.py` has the timings).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"

_REPORT = """
import json, sys
{statement}
print(json.dumps(sorted(n for n in sys.modules if n.split(".")[0] in {roots!r})))
"""


@cache
def _index() -> dict[str, Any]:
    endpoints: dict[str, Any] = json.loads((GENERATED / "index.json").read_text("utf-8"))[
        "endpoints"
    ]
    return endpoints


def _providers() -> set[str]:
    return {entry["provider"] for entry in _index().values()}


def _one_endpoint_per_provider() -> list[str]:
    firsts: dict[str, str] = {}
    for endpoint_id in sorted(_index()):
        firsts.setdefault(_index()[endpoint_id]["provider"], endpoint_id)
    return sorted(firsts.values())


def _loaded_after(
    statement: str, roots: tuple[str, ...] = ("modelclients", "jsonschema")
) -> set[str]:
    """The modules below `roots` a fresh interpreter holds after `statement`."""
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    done = subprocess.run(
        [sys.executable, "-c", _REPORT.format(statement=statement, roots=roots)],
        capture_output=True,
        text=True,
        env=env,
        cwd=GENERATED,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return set(loaded)


def _endpoint_modules(loaded: set[str]) -> set[str]:
    """Loaded modules below a provider package (`modelclients.fal.kolors`), not the package."""
    providers = _providers()
    return {
        name
        for name in loaded
        if len(parts := name.split(".")) >= 3
        and parts[0] == "modelclients"
        and parts[1] in providers
    }


def test_import_modelclients_loads_no_endpoint_module() -> None:
    loaded = _loaded_after("import modelclients")
    assert "modelclients" in loaded
    assert _endpoint_modules(loaded) == set()
    assert not any(name.split(".")[0] == "jsonschema" for name in loaded)


@pytest.mark.parametrize("endpoint_id", _one_endpoint_per_provider())
def test_importing_one_endpoint_loads_only_that_one(endpoint_id: str) -> None:
    module = _index()[endpoint_id]["module"]
    loaded = _loaded_after(f"import {module}")
    assert _endpoint_modules(loaded) == {module}
    assert not any(name.split(".")[0] == "jsonschema" for name in loaded), (
        "importing a client must not import jsonschema (validate() imports it on first use)"
    )


@pytest.mark.parametrize("endpoint_id", _one_endpoint_per_provider())
def test_get_loads_only_that_endpoint(endpoint_id: str) -> None:
    module = _index()[endpoint_id]["module"]
    loaded = _loaded_after(f"import modelclients; modelclients.get({endpoint_id!r})")
    assert _endpoint_modules(loaded) == {module}


def test_a_fal_endpoint_loads_no_segmind_runtime_cli_httpx_or_logging() -> None:
    """The runtime's names are imported on first use: a fal client and its first `Input` need
    neither Segmind's modules, the image CLI, httpx nor logging (both imported at the first
    request)."""
    fal_first = next(e for e in _one_endpoint_per_provider() if _index()[e]["provider"] == "fal")
    module = _index()[fal_first]["module"]
    loaded = _loaded_after(
        f"import {module} as m; m.Input.model_json_schema()",
        ("modelclients", "httpx", "logging"),
    )
    unwanted = {
        name
        for name in loaded
        if name in ("httpx", "logging")
        or "segmind" in name
        or name.split(".")[-1] in ("_cli", "_images")
    }
    assert module in loaded and unwanted == set(), sorted(unwanted)
