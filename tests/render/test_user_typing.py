"""User code that calls the generated clients type-checks under mypy --strict, with no plugin,
and mypy refuses what the endpoint refuses: `None` for an optional field that is not nullable
(typed `X | MISSING`, pydantic's sentinel), while a nullable one takes it."""

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


NULL_ON_NON_NULLABLE = """\
from modelclients.fal import bagel, kolors, kolors_image_to_image

nullable = kolors.Input(prompt="x", seed=None)  # seed is nullable: fine
omitted = bagel.Input(prompt="x")  # an optional field may be left out
given = bagel.Input(prompt="x", seed=3)
bad_seed = bagel.Input(prompt="x", seed=None)  # line 6: not nullable
bad_size = kolors_image_to_image.Input(prompt="x", image_url="u", image_size=None)  # line 7
"""


def _mypy(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "user.py"
    script.write_text(code, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(ROOT / "generated")}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_user_code_type_checks_without_the_pydantic_plugin(tmp_path: Path) -> None:
    result = _mypy(tmp_path, USER_CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_none_on_a_non_nullable_field_is_a_type_error(tmp_path: Path) -> None:
    result = _mypy(tmp_path, NULL_ON_NON_NULLABLE)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["6", "7"], result.stdout
    assert '"seed"' in errors[0] and '"None"' in errors[0], errors[0]
    assert '"image_size"' in errors[1], errors[1]
