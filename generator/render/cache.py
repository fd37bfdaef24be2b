"""Per-endpoint cache of rendered (and formatted) files, outside generated/.

The key is a hash of everything an endpoint's files depend on: the spec's bytes, its standalone
input and output schemas (so shared types it uses are included), its module name, its
provider's facts (`specs/providers/<provider>.yaml`: `auth.env` is in the docstrings), and the
fingerprint of the generator itself (its code, templates, runtime, and the versions of
datamodel-code-generator and ruff). A hit returns the exact bytes a fresh render would produce,
so reuse never changes the output: it only skips work.

A second level keys the whole output tree by the fingerprint and every file under specs/: a
run whose inputs did not change at all skips even loading the specs (only the latest such
entry is kept).

Default location: `$MODELGEN_CACHE_DIR`, else `~/.cache/modelgen/render`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


def default_cache_dir() -> Path:
    configured = os.environ.get("MODELGEN_CACHE_DIR")
    base = Path(configured) if configured else Path.home() / ".cache" / "modelgen"
    return base / "render"


def digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> list[bytes]:
    """Name and content of each file, for a fingerprint."""
    return [p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() for p in paths]


class EndpointCache:
    """Rendered files by key, one JSON file each. `None` as directory disables caching."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def get(self, key: str) -> dict[str, str] | None:
        """An endpoint's files (path -> text), or None."""
        loaded = self._read(f"{key}.json")
        if not isinstance(loaded, dict) or not all(isinstance(v, str) for v in loaded.values()):
            return None
        return loaded

    def put(self, key: str, files: Mapping[str, str]) -> None:
        self._write(f"{key}.json", dict(files))

    def get_run(self, key: str) -> tuple[tuple[str, ...], dict[str, str]] | None:
        """The endpoint ids and the whole tree of a run with exactly these inputs, or None."""
        loaded = self._read(f"run-{key}.json")
        if not isinstance(loaded, dict):
            return None
        ids, tree = loaded.get("endpoints"), loaded.get("tree")
        if not isinstance(ids, list) or not isinstance(tree, dict):
            return None
        return tuple(str(i) for i in ids), {str(p): str(t) for p, t in tree.items()}

    def put_run(self, key: str, ids: Iterable[str], tree: Mapping[str, str]) -> None:
        if self.directory is None:
            return
        for old in self.directory.glob("run-*.json"):
            old.unlink(missing_ok=True)
        self._write(f"run-{key}.json", {"endpoints": sorted(ids), "tree": dict(tree)})

    def _read(self, name: str) -> Any:
        if self.directory is None:
            return None
        try:
            return json.loads((self.directory / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write(self, name: str, data: Any) -> None:
        if self.directory is None:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out)
            os.replace(tmp, self.directory / name)
        except OSError:
            pass  # a cache that cannot be written only costs time
