"""Golden output for three representative endpoints, compared byte for byte.

- fal-ai/kolors: text-to-image with bounds, a nullable seed, the image_size union;
- fal-ai/recraft/v2/text-to-image: a 50-value style enum with values like
  `realistic_image/b_and_w`, local types;
- segmind/kolors: the Segmind client, slug, v1 + v2.

The inputs are a snapshot of those specs (with the providers, types and vocabulary) under
`golden/specs/`, so the goldens change only when rendering changes. Golden files carry the
suffix `.golden` (so neither pytest, ruff nor mypy pick them up). The runtime copy, fixtures and
generated tests are left out: other modules own them and they have their own tests.

Regenerate on purpose (after reviewing the diff), refreshing the snapshot from specs/ too:

    MODELGEN_REGEN_GOLDEN=1 .venv/bin/pytest tests/render/test_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.render.writer import read_tree

from .conftest import ROOT, render

GOLDEN = Path(__file__).with_name("golden")
SNAPSHOT = GOLDEN / "specs"
EXPECTED = GOLDEN / "generated"
SPECS = (
    "fal/fal-ai/kolors.yaml",
    "fal/fal-ai/recraft/v2/text-to-image.yaml",
    "segmind/kolors.yaml",
)
SUPPORT = ("providers", "types.yaml", "vocabulary.yaml")
LEFT_OUT = ("modelclients/_runtime/", "fixtures/", "tests/")
SUFFIX = ".golden"


def refresh_snapshot() -> None:
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    for rel in (*SUPPORT, *SPECS):
        source, target = ROOT / "specs" / rel, SNAPSHOT / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)


def golden_view(tree: dict[str, bytes]) -> dict[str, bytes]:
    return {rel + SUFFIX: data for rel, data in tree.items() if not rel.startswith(LEFT_OUT)}


def test_golden(tmp_path: Path) -> None:
    regen = os.environ.get("MODELGEN_REGEN_GOLDEN") == "1"
    if regen:
        refresh_snapshot()
    specs = tmp_path / "specs"
    shutil.copytree(SNAPSHOT, specs)
    render(specs, tmp_path / "generated")
    actual = golden_view(read_tree(tmp_path / "generated"))
    if regen:
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for rel, data in actual.items():
            (EXPECTED / rel).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / rel).write_bytes(data)
    expected = read_tree(EXPECTED)
    assert sorted(actual) == sorted(expected), (
        "files differ; see the module docstring to regenerate"
    )
    for rel in sorted(expected):
        assert actual[rel] == expected[rel], (
            f"{rel} differs from its golden; see the module docstring"
        )
