"""Helpers for the hostile-input tests: the CLI run in-process, and snapshots of whole folders
(to prove that nothing was written anywhere)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """`modelgen ARGS...` from the project root: (exit status, stdout, stderr)."""
    monkeypatch.chdir(ROOT)

    def run(*argv: str) -> tuple[int, str, str]:
        status = main(list(argv))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return status, captured.out, captured.err

    return run


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (relative path -> bytes), symlinks not followed."""
    found: dict[str, bytes] = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath, name)
            found[str(path.relative_to(root))] = b"" if path.is_symlink() else path.read_bytes()
    return found


def make_specs(root: Path, files: dict[str, str | bytes]) -> Path:
    """A specs tree at `root` with the project's support files plus `files` (text or bytes)."""
    shutil.copytree(ROOT / "specs" / "providers", root / "providers")
    for name in ("types.yaml", "vocabulary.yaml"):
        shutil.copy(ROOT / "specs" / name, root / name)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


SPEC = """\
id: fal-ai/demo
provider: fal
protocols: [run, queue]
input:
  prompt: {type: string, required: true}
  steps: {type: integer, default: 4, minimum: 1, maximum: 50}
output:
  images: {type: array, items: Image, required: true}
"""
"""A small valid spec the tests bend into hostile ones."""
