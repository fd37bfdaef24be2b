"""User code that calls the generated clients type-checks under mypy --strict, with no plugin,
and mypy refuses what the endpoint refuses: `None` for an optional field that is not nullable
(typed `X | MISSING`, pydantic's sentinel), while a nullable one takes it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


VERB_KEYWORDS = """\
from modelclients import CallOptions
from modelclients.fal import kolors
from modelclients.segmind import kolors as segmind_kolors

fal, seg = kolors.Client(), segmind_kolors.Client()
fal.subscribe({"prompt": "x"}, priority="low", max_wait=60, options=CallOptions(timeout=3))
seg.submit({"prompt": "x"}, extra_headers={"X-Trace": "1"}, max_retries=0)
seg.submit({"prompt": "x"}, hint="gpu")  # line 8: a fal-only keyword
fal.status("rid", timout=3)  # line 9: a typo
fal.result("rid", max_retries="3")  # line 10: the wrong type
"""


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """One mypy --strict run over both user scripts (each checks the generated package, so one
    run halves the cost); returns each script's error lines, keyed by file stem."""
    folder = tmp_path_factory.mktemp("user-code")
    scripts = {
        "user_ok": USER_CODE,
        "user_null": NULL_ON_NON_NULLABLE,
        "user_verbs": VERB_KEYWORDS,
    }
    for stem, code in scripts.items():
        (folder / f"{stem}.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(ROOT / "generated")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            *(f"{s}.py" for s in scripts),
        ],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    errors = {stem: [line for line in lines if line.startswith(f"{stem}.py:")] for stem in scripts}
    unexplained = [line for line in lines if ": error:" in line and not line.startswith("user_")]
    assert not unexplained and result.returncode in (0, 1), result.stdout + result.stderr
    return errors


def test_user_code_type_checks_without_the_pydantic_plugin(
    mypy_errors: dict[str, list[str]],
) -> None:
    assert mypy_errors["user_ok"] == []


def test_none_on_a_non_nullable_field_is_a_type_error(mypy_errors: dict[str, list[str]]) -> None:
    errors = [line for line in mypy_errors["user_null"] if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["6", "7"], errors
    assert '"seed"' in errors[0] and '"None"' in errors[0], errors[0]
    assert '"image_size"' in errors[1], errors[1]


def test_verb_keywords_are_checked_per_provider(mypy_errors: dict[str, list[str]]) -> None:
    errors = [line for line in mypy_errors["user_verbs"] if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["8", "9", "10"], errors
    assert '"hint"' in errors[0] and '"timout"' in errors[1] and '"max_retries"' in errors[2]
