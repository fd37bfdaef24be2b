"""The output as a value, compared with or written over generated/ in one step.

Generation builds the whole tree in memory (`Tree`: posix path relative to generated/ -> bytes).
`differences` compares it with what is on disk (for `--check`); `replace_tree` writes it into a
temporary directory beside the target and swaps the two, so a failed run never leaves a half
written generated/ behind, and a run that changes nothing touches nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Tree = Mapping[str, bytes]

IGNORED_DIRS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})
"""Tool caches that may appear inside generated/; never part of the output, never compared."""


@dataclass(frozen=True, order=True)
class Difference:
    path: str
    kind: Literal["differs", "missing", "extra"]
    """differs: content changed; missing: not on disk; extra: on disk, not generated."""

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}"


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` except tool caches (empty when `root` does not exist)."""
    tree: dict[str, bytes] = {}
    if not root.is_dir():
        return tree
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS)
        for name in sorted(filenames):
            path = Path(dirpath, name)
            tree[path.relative_to(root).as_posix()] = path.read_bytes()
    return tree


def differences(expected: Tree, actual: Tree) -> list[Difference]:
    found = [
        Difference(p, "missing" if p not in actual else "differs")
        for p in expected
        if actual.get(p) != expected[p]
    ]
    found += [Difference(p, "extra") for p in actual if p not in expected]
    return sorted(found)


def write_tree(root: Path, tree: Tree) -> None:
    for rel, data in sorted(tree.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def replace_tree(out_dir: Path, tree: Tree) -> None:
    """Make `out_dir` hold exactly `tree`: built beside it, then swapped in by two renames."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        write_tree(staging, tree)
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
            os.replace(out_dir, old / out_dir.name)
            os.replace(staging, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
