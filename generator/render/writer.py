"""The output as a value, compared with or written over generated/ in one step.

Generation builds the whole tree in memory (`Tree`: posix path relative to generated/ -> bytes).
`differences` compares it with what is on disk (for `--check`); `replace_tree` writes it into a
temporary directory beside the target and swaps the two, so a failed run never leaves a half
written generated/ behind, and a run that changes nothing touches nothing.

The swap is one atomic exchange of the two directories (Linux `renameat2(RENAME_EXCHANGE)`), so
generated/ exists at every instant. Where the exchange is not available it takes two renames; a
run killed between them leaves generated/ in `.generated.old-*`, and the next run
(`recover_leftovers`) puts it back. Every run also removes the staging and old trees a killed run
left behind, and says what it did.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from generator.spec.identifiers import OutsideFolderError, inside

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


def output_refusal(
    out_dir: Path, specs_root: Path, generated: Callable[[Path], bool]
) -> str | None:
    """Why a run must not write (or compare) `out_dir`, or None. A run replaces its output
    folder whole, so the folder must be missing, empty or a tree a run made (`generated`):
    `--out .` in a project, `--out ~` or `--out /` would otherwise delete all that is there
    (and comparing would read all of it first). Nor may it be a file, a symbolic link (the
    link, not its target, would be replaced), or hold the specs being read."""
    out_dir = out_dir.absolute()
    if out_dir.is_symlink():
        return "is a symbolic link; give the folder it points to"
    if not out_dir.exists():
        return None
    if not out_dir.is_dir():
        return "is a file, not a folder"
    if specs_root.resolve().is_relative_to(out_dir.resolve()):
        return f"holds the specs being read ({specs_root}); give a folder of its own"
    try:
        empty = next(os.scandir(out_dir), None) is None
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if empty or generated(out_dir):
        return None
    return (
        "is not empty and holds no tree modelgen made (no index.json of ours): a run replaces "
        "its output folder whole, which would delete what is there; give an empty or new folder"
    )


def write_tree(root: Path, tree: Tree) -> None:
    for rel, data in sorted(tree.items()):
        path = inside(root, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def replace_tree(out_dir: Path, tree: Tree) -> None:
    """Make `out_dir` hold exactly `tree`: built beside it, then swapped in."""
    staging = Staging.beside(out_dir)
    try:
        write_tree(staging.root, tree)
        staging.swap_in(out_dir)
    finally:
        staging.discard()


class Staging:
    """A folder a run writes its whole tree into before anything else sees it.

    `beside(out_dir)` makes it next to `out_dir` (`.<name>.new-*`, same file system), so that
    `swap_in` can exchange the two in one step; `scratch()` makes one in the temporary folder,
    for a tree that is only compared. `discard()` removes it, and, unless it was swapped in, the
    folders made to hold it: a failed run leaves nothing behind.
    """

    def __init__(self, root: Path, created: list[Path]) -> None:
        self.root = root
        self._created = created
        """Folders made for the staging area (outermost first), removed again on failure."""
        self._swapped = False
        self._folders: set[str] = {str(root)}
        """Folders known to exist under root (per process: a forked worker starts with a copy)."""

    def write(self, tree: Tree) -> None:
        """Write `tree` into the staging folder. The folder was made by this run (mode 0700,
        `mkdtemp`) and only this run writes there, so it holds no symlinks: a relative path
        stays inside it exactly when it is not absolute and has no `..` or empty part, which is
        checked here instead of resolving every path (`identifiers.inside`)."""
        root = str(self.root)
        for rel, data in sorted(tree.items()):
            parts = rel.split("/")
            if rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
                raise OutsideFolderError(f"{rel}: refusing to write outside {root}")
            folder = os.path.join(root, *parts[:-1])
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            with open(os.path.join(folder, parts[-1]), "wb") as out:
                out.write(data)

    @classmethod
    def beside(cls, out_dir: Path) -> Staging:
        out_dir = out_dir.absolute()
        created = [p for p in reversed(out_dir.parents) if not p.exists()]
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        try:
            root = Path(tempfile.mkdtemp(prefix=_prefix(out_dir, "new"), dir=out_dir.parent))
        except OSError:
            _remove_empty(created)
            raise
        return cls(root, created)

    @classmethod
    def scratch(cls, parent: str | None = None) -> Staging:
        return cls(Path(tempfile.mkdtemp(prefix="modelgen-tree-", dir=parent)), [])

    def swap_in(self, out_dir: Path) -> None:
        """Make `out_dir` the staged tree (one atomic exchange where the system has it)."""
        out_dir = out_dir.absolute()
        if not out_dir.exists():
            os.replace(self.root, out_dir)
        elif not _exchange(self.root, out_dir):  # else the staging folder now holds the old tree
            old = Path(tempfile.mkdtemp(prefix=_prefix(out_dir, "old"), dir=out_dir.parent))
            os.replace(out_dir, old / out_dir.name)
            os.replace(self.root, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        self._swapped = True

    def discard(self) -> None:
        """Remove what is left of the staging folder (the old tree, after a swap)."""
        if self.root.exists():
            shutil.rmtree(self.root, ignore_errors=True)
        if not self._swapped:
            _remove_empty(self._created)


def _remove_empty(folders: list[Path]) -> None:
    """Remove `folders` (outermost first) innermost first, each only if empty."""
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            return


def recover_leftovers(out_dir: Path) -> list[str]:
    """Repair what a killed run left beside `out_dir`; one line for each thing done.

    A missing `out_dir` whose previous tree sits in `.<name>.old-*` is put back; then every
    `.<name>.new-*` (a staging tree, complete or not) and `.<name>.old-*` is removed.
    """
    out_dir = out_dir.absolute()
    if not out_dir.parent.is_dir():
        return []
    said = []
    olds = sorted(out_dir.parent.glob(_prefix(out_dir, "old") + "*"), key=_mtime)
    if not out_dir.exists():
        kept = [old / out_dir.name for old in olds if (old / out_dir.name).is_dir()]
        if kept:
            os.replace(kept[-1], out_dir)
            said.append(f"restored {out_dir} from {kept[-1].parent.name}, left by a killed run")
    for kind in ("new", "old"):
        for leftover in sorted(out_dir.parent.glob(_prefix(out_dir, kind) + "*")):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
                said.append(f"removed {leftover.name}, left by a killed run")
    return said


def _prefix(out_dir: Path, kind: str) -> str:
    return f".{out_dir.name}.{kind}-"


def _mtime(path: Path) -> float:
    return path.stat().st_mtime


_RENAME_EXCHANGE: Final = 2
_AT_FDCWD: Final = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    return bool(done == 0)
