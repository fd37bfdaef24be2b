"""The shape of the generated tests and schemas: each endpoint's test file holds only its own
names and four calls into the one shared helper (`modelclients/_testing.py`); every fixture case
is still checked, one subtest each, and a bad case fails naming itself; schemas are written once,
inside the package, where `index.json` points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.render.writer import read_tree

from .conftest import make_specs, render

KOLORS = """\
id: fal-ai/kolors
provider: fal
protocols: [run, queue]
input:
  prompt: {type: string, required: true}
  guidance_scale: {type: number, minimum: 1, maximum: 10, default: 5}
  num_images: {type: integer, minimum: 1, maximum: 4, default: 1}
output:
  images: {type: array, required: true, items: Image}
"""

SEGMIND = """\
id: segmind/kolors
provider: segmind
protocols: [v1, v2]
input:
  prompt: {type: string, required: true}
  steps: {type: integer, minimum: 1, maximum: 50, default: 25}
output: {}
"""

CHECKS = ("input_model_accepts", "validate_accepts", "input_model_rejects", "validate_rejects")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated-tests")
    specs = make_specs(
        root / "specs", {"fal/fal-ai/kolors.yaml": KOLORS, "segmind/kolors.yaml": SEGMIND}
    )
    render(specs, root / "generated")
    return root / "generated"


def run_pytest(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest over the generated tests of `out`, importing the package generated there."""
    env = {**os.environ, "PYTHONPATH": str(out)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rf", *args],
        capture_output=True,
        text=True,
        cwd=out,
        env=env,
        timeout=120,
        check=False,
    )


def test_each_test_file_holds_only_its_names_and_calls(out: Path) -> None:
    helper = (out / "modelclients/_testing.py").read_text()
    for rel, module in (
        ("tests/fal/test_kolors.py", "modelclients.fal.kolors"),
        ("tests/segmind/test_kolors.py", "modelclients.segmind.kolors"),
    ):
        text = (out / rel).read_text()
        assert len(text.splitlines()) <= 30, rel
        assert f'"{module}"' in text and "from modelclients._testing import" in text
        assert [f"def test_{c}(" in text for c in CHECKS] == [True] * 4
        # nothing of the helper is copied into the endpoint's file
        assert "PYDANTIC_ERROR_TYPES" in helper and "PYDANTIC_ERROR_TYPES" not in text
        assert "def _follows" not in text


def test_schemas_are_written_once_inside_the_package(out: Path) -> None:
    tree = read_tree(out)
    assert not [p for p in tree if p.startswith("schemas/")]
    index = json.loads(tree["index.json"])
    for entry in index["endpoints"].values():
        for key in ("input_schema", "output_schema"):
            assert entry[key].startswith("modelclients/_schemas/"), entry
            assert entry[key] in tree
    schema_files = [p for p in tree if p.endswith(".input.json")]
    assert sorted(schema_files) == sorted(e["input_schema"] for e in index["endpoints"].values())


def test_every_fixture_case_is_one_passing_subtest(out: Path) -> None:
    cases = 0
    for provider in ("fal", "segmind"):
        fixtures = json.loads((out / f"fixtures/{provider}/kolors.json").read_text())
        assert fixtures["valid"] and fixtures["invalid"]
        cases += 2 * len(fixtures["valid"]) + 2 * len(fixtures["invalid"])
    done = run_pytest(out, "tests")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"8 passed, {cases} subtests passed" in done.stdout, done.stdout


def test_a_wrong_fixture_fails_naming_its_case_and_check(out: Path) -> None:
    path = out / "fixtures/fal/kolors.json"
    original = path.read_text()
    fixtures = json.loads(original)
    fixtures["valid"].append(
        {"name": "too many images", "payload": {"prompt": "x", "num_images": 9}}
    )
    fixtures["invalid"].append(
        {"name": "not wrong at all", "payload": {"prompt": "x"}, "field": "prompt", "rule": "type"}
    )
    path.write_text(json.dumps(fixtures))
    try:
        done = run_pytest(out, "tests/fal/test_kolors.py")
    finally:
        path.write_text(original)
    assert done.returncode == 1, done.stdout
    for check, case in (
        ("input_model_accepts", "too many images"),
        ("validate_accepts", "too many images"),
        ("input_model_rejects", "not wrong at all"),
        ("validate_rejects", "not wrong at all"),
    ):
        line = f"SUBFAILED[{case}] tests/fal/test_kolors.py::test_{check}"
        assert line in done.stdout, (check, done.stdout)
    # the four bad subtests and their four tests; every other case still passes
    assert done.stdout.count("SUBFAILED") == 4, done.stdout
    assert (
        f"8 failed, {len(fixtures['valid']) * 2 + len(fixtures['invalid']) * 2 - 4}" in done.stdout
    )
