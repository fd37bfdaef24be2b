"""Helpers for rendering tests: spec trees from inline fragments, generation into temporary
folders, and importing the generated package from there."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

from generator.render import GenerateReport, generate

ROOT = Path(__file__).resolve().parents[2]


def make_specs(root: Path, files: dict[str, str]) -> Path:
    """A specs tree at `root`: the project's providers, types and vocabulary plus `files`."""
    shutil.copytree(ROOT / "specs" / "providers", root / "providers")
    for name in ("types.yaml", "vocabulary.yaml"):
        shutil.copy(ROOT / "specs" / name, root / name)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def render(
    specs: Path, out: Path, *, check: bool = False, cache_dir: Path | None = None
) -> GenerateReport:
    """Generate without touching the user's cache (a cache is used only when one is given)."""
    return generate(specs, out, check=check, cache_dir=cache_dir, use_cache=cache_dir is not None)


@contextmanager
def imported_from(out: Path) -> Iterator[None]:
    """Make `import modelclients` load the package generated into `out`, for the block only.

    The modules imported before the block are put back after it, so tests that imported the
    project's own `modelclients` at collection keep the very classes they hold."""

    def take() -> dict[str, ModuleType]:
        names = [n for n in sys.modules if n == "modelclients" or n.startswith("modelclients.")]
        return {name: sys.modules.pop(name) for name in names}

    before = take()
    sys.path.insert(0, str(out))
    try:
        yield
    finally:
        sys.path.remove(str(out))
        take()
        sys.modules.update(before)


@pytest.fixture
def specs_tree(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    return lambda files: make_specs(tmp_path / "specs", files)
