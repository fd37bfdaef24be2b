"""User code that calls the generated clients type-checks under mypy --strict, with no plugin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

USER_CODE = """\
from pathlib import Path

import modelclients
from modelclients.fal import kolors, kolors_image_to_image
from modelclients.segmind import kolors as segmind_kolors

plain = kolors.Input(prompt="a red panda")
tuned = kolors.Input(prompt="a red panda", guidance_scale=6, image_size="square_hd", seed=None)
edit = kolors_image_to_image.Input(prompt="x", image_url=Path("cat.png"))
segmind = segmind_kolors.Input(prompt="x", cfg=7.5, output_format="png")
size: int | None = kolors.Output.model_fields["seed"].default
module = modelclients.get("fal-ai/kolors")


def first_url(out: kolors.Output) -> str:
    return out.images[0].url
"""


def test_user_code_type_checks_without_the_pydantic_plugin(tmp_path: Path) -> None:
    script = tmp_path / "user.py"
    script.write_text(USER_CODE, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(ROOT / "generated")}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
