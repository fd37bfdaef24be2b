"""`modelclients.get(id)` is typed per endpoint for mypy, and stays a plain lookup at run time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import modelclients
from modelclients.fal import kolors

ROOT = Path(__file__).resolve().parents[2]


def test_get_returns_the_module_at_run_time() -> None:
    assert modelclients.get("fal-ai/kolors") is kolors
    assert "modelclients._typed_get" not in sys.modules


def test_mypy_sees_each_endpoints_own_input(tmp_path: Path) -> None:
    good = tmp_path / "good.py"
    good.write_text(
        "import modelclients\n"
        'reveal_type(modelclients.get("segmind/kolors").Input(prompt="x", cfg=2))\n'
        'reveal_type(modelclients.get("some/" + "id"))\n'
    )
    bad = tmp_path / "bad.py"
    bad.write_text(
        'import modelclients\nmodelclients.get("fal-ai/kolors").Input(prompt="x", guidance_scal=1)\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(good), str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )
    out = done.stdout
    assert 'Revealed type is "modelclients.segmind.kolors.Input"' in out
    assert 'Revealed type is "modelclients._runtime._endpoint_protocol.Endpoint[Any, Any]"' in out
    assert 'bad.py:2: error: Unexpected keyword argument "guidance_scal" for "Input"' in out
    assert out.count("error:") == 1, out
