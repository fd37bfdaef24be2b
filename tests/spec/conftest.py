from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def specs_tree(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """A specs tree with the project's providers, types and vocabulary plus the given files."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "specs"
        shutil.copytree(ROOT / "specs" / "providers", root / "providers")
        for name in ("types.yaml", "vocabulary.yaml"):
            shutil.copy(ROOT / "specs" / name, root / name)
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make
