"""Where endpoint specs live on disk, and writing them without losing hand edits.

An endpoint's file is `<root>/<provider>/<path>.yaml`: for fal the whole id
(`specs/fal/fal-ai/kolors.yaml`), for providers whose ids carry the provider as owner the
rest of the id (`segmind/kolors` -> `specs/segmind/kolors.yaml`).

Writing keeps the `overrides:` section of the file it replaces, as written (so the comments
that say why a hand edit is there survive re-ingestion), checks every new spec by
loading it together with the rest of the tree, and only then replaces files: a batch with any
problem writes nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .dump import dump_endpoint
from .errors import Problem, ProblemsError
from .identifiers import SPEC_SUFFIX, OutsideFolderError, endpoint_id_problem, inside
from .input_files import read_text
from .loader import SUPPORT_FILES, load_specs
from .located_yaml import load_located
from .model import Endpoint


def spec_relpath(endpoint: Endpoint) -> Path:
    owner, _, rest = endpoint.id.partition("/")
    inner = rest if owner == endpoint.provider else endpoint.id
    *folders, name = inner.split("/")
    return Path(endpoint.provider, *folders, name + SPEC_SUFFIX)


def existing_overrides(path: Path) -> dict[str, object]:
    """The `overrides:` of a spec file, or {} when the file is absent. A file that cannot be
    read is a problem: overwriting it could lose a hand edit."""
    if not path.exists():
        return {}
    doc, problems = load_located(read_text(path), str(path))
    if doc is None or problems:
        why = "; ".join(p.message for p in problems)
        message = f"cannot keep hand edits, the existing spec does not parse: {why}"
        line = problems[0].line if problems else None
        raise ProblemsError([Problem(str(path), line, "overrides", message)])
    data = doc.data
    overrides = data.get("overrides") if isinstance(data, dict) else None
    return dict(overrides) if isinstance(overrides, dict) else {}


_TOP_KEY = re.compile(r"overrides\s*:")


def overrides_text(path: Path) -> str | None:
    """The `overrides:` section of a spec file as written, comments included: from its key to
    the next top-level key (None when the file or the section is absent)."""
    if not path.exists():
        return None
    lines = read_text(path).splitlines()
    start = next((i for i, line in enumerate(lines) if _TOP_KEY.match(line)), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t#"):
        end += 1
    return "\n".join(lines[start:end]).rstrip() + "\n"


def render_specs(endpoints: Iterable[Endpoint], out_root: Path) -> dict[Path, str]:
    """The text of each spec file to write under out_root, with kept overrides."""
    texts: dict[Path, str] = {}
    owners: dict[Path, str] = {}
    for endpoint in endpoints:
        problem = endpoint_id_problem(endpoint.id)
        if problem:
            raise ProblemsError([Problem(str(out_root), None, "id", problem)])
        try:
            path = inside(out_root, spec_relpath(endpoint))
        except OutsideFolderError as exc:
            raise ProblemsError([Problem(str(out_root), None, "id", str(exc))]) from None
        if path in owners:
            message = f"{endpoint.id!r} and {owners[path]!r} would share this spec file"
            raise ProblemsError([Problem(str(path), None, "id", message)])
        owners[path] = endpoint.id
        kept = existing_overrides(path)
        written = overrides_text(path) if kept else None
        if written is None:
            texts[path] = dump_endpoint(endpoint.with_(overrides=kept))
        else:
            texts[path] = dump_endpoint(endpoint.with_(overrides={})) + written
    return texts


def write_specs(endpoints: Iterable[Endpoint], out_root: Path, support_root: Path) -> list[Path]:
    """Write specs under out_root after checking them all; returns the paths written.

    The check loads the new files in a scratch copy together with the providers, shared types
    and vocabulary of `support_root` (and, when out_root is that tree, its other specs).
    """
    texts = render_specs(endpoints, out_root)
    with tempfile.TemporaryDirectory(prefix="modelgen-specs-") as scratch_dir:
        support, new = Path(scratch_dir, "support"), Path(scratch_dir, "new")
        _copy_support(support_root, support)
        for path, text in texts.items():
            target = inside(new, path.relative_to(out_root))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            load_specs(support, endpoints_from=[new])
        except ProblemsError as exc:
            raise ProblemsError(_unscratch(exc.problems, new, out_root)) from None
    written = []
    for path, text in texts.items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        _atomic_write(path, text)
        written.append(path)
    return written


def _copy_support(support_root: Path, scratch: Path) -> None:
    shutil.copytree(support_root / "providers", scratch / "providers")
    for name in SUPPORT_FILES:
        shutil.copy(support_root / name, scratch / name)


def _unscratch(problems: Iterable[Problem], new: Path, out_root: Path) -> list[Problem]:
    """Problems in scratch files, re-addressed to the files they would have been."""
    fixed = []
    for p in problems:
        file = p.file
        if file.startswith(str(new)):
            file = str(out_root / Path(file).relative_to(new))
        fixed.append(Problem(file, p.line, p.field, p.message))
    return fixed


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
