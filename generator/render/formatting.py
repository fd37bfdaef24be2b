"""One ruff run over the freshly rendered files: `ruff check --fix` on the Python files, then
`ruff format` on them and on the Markdown pages (ruff formats their Python code blocks, and
`make lint` checks generated/ with `ruff format --check`).

The files are laid out in a scratch directory under their final relative paths, next to the
generated pyproject.toml that carries the ruff settings, so the result does not depend on where
generated/ lives or on any ruff configuration around it. Caches are off: nothing but the files
changes. Anything `ruff check` cannot fix is a generator bug and fails the run.

The scratch directory is made in memory (`/dev/shm`) where the system has one: the files are
written, rewritten twice by ruff, read back and removed, and on a disk that round trip costs more
than ruff itself. Elsewhere it goes to the default temporary directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from .writer import write_tree


class FormattingError(RuntimeError):
    """ruff found problems it could not fix in generated code."""


def ruff_executable() -> str:
    beside = Path(sys.executable).with_name("ruff")
    return str(beside) if beside.exists() else "ruff"


FORMATTED_SUFFIXES = (".py", ".md")
MEMORY_TMP: Final = Path("/dev/shm")
"""A RAM-backed folder (Linux tmpfs) for the scratch files, used where it exists and is writable."""


def scratch_parent() -> str | None:
    """Where the scratch directory goes: `MEMORY_TMP`, else None (the default temporary folder)."""
    usable = MEMORY_TMP.is_dir() and os.access(MEMORY_TMP, os.W_OK | os.X_OK)
    return str(MEMORY_TMP) if usable else None


def format_files(
    files: Mapping[str, str], pyproject: str, scratch_in: str | None = None
) -> dict[str, str]:
    """The files (relative path -> text), fixed and formatted by ruff; the scratch directory is
    made in `scratch_in` (default: `scratch_parent()`)."""
    if not files:
        return {}
    where = scratch_in if scratch_in is not None else scratch_parent()
    with tempfile.TemporaryDirectory(prefix="modelgen-format-", dir=where) as scratch:
        root = Path(scratch)
        write_tree(root, {"pyproject.toml": pyproject.encode()})
        write_tree(root, {rel: text.encode() for rel, text in files.items()})
        names = sorted(files)
        python = [n for n in names if n.endswith(".py")]
        ruff = ruff_executable()
        check = _run([ruff, "check", "--fix", "--no-cache", "--quiet", *python], root)
        if check.returncode != 0:
            raise FormattingError(
                f"ruff check failed on generated code:\n{check.stdout}{check.stderr}"
            )
        fmt = _run([ruff, "format", "--no-cache", "--quiet", *names], root)
        if fmt.returncode != 0:
            raise FormattingError(
                f"ruff format failed on generated code:\n{fmt.stdout}{fmt.stderr}"
            )
        return {rel: (root / rel).read_text(encoding="utf-8") for rel in names}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
