"""`modelgen contract --update`: fetch the providers' current documents, then re-merge the specs.

Only with MODELGEN_LIVE=1; without it nothing is fetched and nothing changes. Every endpoint
with an OpenAPI origin is fetched first; if any fetch fails, nothing is written. Then:

- a spec with a raw OpenAPI source gets that file replaced by the live document;
- a spec known only from the many-endpoint corpus gets a new raw snapshot under
  `sources/fal/openapi/raw/live/`, added to `sources/manifest.yaml` so `make specs` reads it
  from then on with `taken:` today's date (UTC), so, being the newest source, it wins the merge;
- a raw snapshot that was already listed gets today's date in its manifest entry too;
- the manifest is ingested again and the specs rewritten by `write_specs`, which keeps each
  spec's `overrides:`. If the re-ingestion has problems, the snapshots and the manifest are put
  back as they were and the problems raised.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ..ingest.pipeline import MANIFEST, ingest_documents, read_manifest
from ..spec.errors import Problem, ProblemsError
from ..spec.files import write_specs
from ..spec.model import SpecSet
from .snapshot import FetchError, fetch, openapi_sources, snapshot_path


@dataclass
class UpdateResult:
    """What `--update` did (or, with `failures`, why it did nothing)."""

    fetched: dict[str, Path] = field(default_factory=dict)
    """endpoint id -> snapshot file written."""
    added_to_manifest: list[Path] = field(default_factory=list)
    specs_written: list[Path] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)


def update(
    specs: SpecSet,
    specs_root: Path,
    client: httpx.Client,
    say: Callable[[str], None],
    ids: Iterable[str] = (),
) -> UpdateResult:
    """Refresh the snapshots of every OpenAPI-origin spec (or those asked), then re-merge."""
    wanted = set(ids)
    targets = [
        e
        for i, e in sorted(specs.endpoints.items())
        if openapi_sources(e) and (not wanted or i in wanted)
    ]
    result = UpdateResult()
    texts: dict[Path, str] = {}
    for endpoint in targets:
        try:
            texts[snapshot_path(endpoint)] = fetch(client, endpoint.id)
        except FetchError as exc:
            result.failures[endpoint.id] = str(exc)
        else:
            result.fetched[endpoint.id] = snapshot_path(endpoint)
            say(f"fetched {endpoint.id} -> {snapshot_path(endpoint)}")
    if result.failures:
        return result
    result.added_to_manifest = [p for p in texts if not _listed(p)]
    saved = _save_state([*texts, MANIFEST])
    try:
        for path, text in texts.items():
            _write(path, text)
        today = datetime.datetime.now(datetime.UTC).date().isoformat()
        _add_to_manifest(result.added_to_manifest, today)
        _restamp([p for p in texts if p not in result.added_to_manifest], today)
        result.specs_written = _remerge(specs, specs_root)
    except ProblemsError:
        _restore(saved)
        raise
    return result


def _listed(path: Path) -> bool:
    return any(Path(entry.path) == path for entry in read_manifest(MANIFEST))


def _remerge(specs: SpecSet, specs_root: Path) -> list[Path]:
    result = ingest_documents(read_manifest(MANIFEST), specs.vocabulary, specs.types, specs_root)
    if result.problems:
        raise ProblemsError(result.problems)
    return write_specs(result.endpoints.values(), specs_root, specs_root)


def _add_to_manifest(paths: list[Path], taken: str) -> None:
    """Append document entries, taken on `taken`, to the manifest's `documents:` list (its
    last key)."""
    if not paths:
        return
    text = MANIFEST.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    text += "".join(f"  - {{path: {p.as_posix()}, taken: {taken}}}\n" for p in paths)
    MANIFEST.write_text(text, encoding="utf-8")
    listed = {Path(e.path) for e in read_manifest(MANIFEST)}
    missing = [p for p in paths if p not in listed]
    if missing:
        message = "could not add the new snapshots to `documents:`; add them by hand"
        raise ProblemsError([Problem(str(MANIFEST), None, "documents", message)])


def _restamp(paths: list[Path], taken: str) -> None:
    """Give listed documents a new `taken:` date: their entries must be one-line mappings
    (`- {path: ..., taken: ...}`, as the manifest writes raw snapshots)."""
    text = MANIFEST.read_text(encoding="utf-8")
    for path in paths:
        entry = re.compile(
            r"^(\s*- \{path: " + re.escape(path.as_posix()) + r", taken: )[^}]*\}$", re.M
        )
        text, count = entry.subn(lambda m: f"{m.group(1)}{taken}}}", text)
        if count != 1:
            message = f"{path}: give its entry `taken: {taken}` by hand (no one-line entry)"
            raise ProblemsError([Problem(str(MANIFEST), None, "documents", message)])
    MANIFEST.write_text(text, encoding="utf-8")


def _save_state(paths: Iterable[Path]) -> dict[Path, bytes | None]:
    return {p: (p.read_bytes() if p.exists() else None) for p in paths}


def _restore(saved: dict[Path, bytes | None]) -> None:
    for path, data in saved.items():
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(data)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def describe(result: UpdateResult) -> list[str]:
    """Lines telling what an update did."""
    if result.failures:
        lines = [f"cannot fetch {i}: {why}" for i, why in sorted(result.failures.items())]
        return [*lines, "nothing was changed: no snapshot or spec written"]
    return [
        f"{len(result.fetched)} snapshot(s) refreshed, "
        f"{len(result.added_to_manifest)} new one(s) added to {MANIFEST}, "
        f"{len(result.specs_written)} spec file(s) rewritten (overrides kept)",
        *(f"  rewrote {p}" for p in result.specs_written),
    ]
