"""From input documents to merged endpoints: detect each layout, ingest, group by id, merge.

Used by `modelgen ingest` (and `make specs`, which reads the list of documents from
`sources/manifest.yaml`). Problems of every document are collected, not stopped at the first.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from ..merge import merge
from ..spec.errors import Problem, ProblemsError
from ..spec.model import Endpoint, Vocabulary
from .base import Document

LAYOUTS = {
    "fal-markdown": "fal_markdown",
    "fal-playground": "fal_playground",
    "segmind-page": "segmind_page",
    "segmind-legacy-page": "segmind_legacy_page",
    "openapi": "openapi",
    "fal-js-corpus": "fal_js_corpus",
}
"""Every layout the ingesters read, by name -> module under generator/ingest/."""

MANIFEST = Path("sources/manifest.yaml")


def layout_module(layout: str) -> ModuleType:
    return importlib.import_module(f"{__package__}.{LAYOUTS[layout]}")


def detect_layout(doc: Document) -> str:
    """The one layout whose ingester recognises the document, or a located problem."""
    found = [layout for layout in LAYOUTS if layout_module(layout).detect(doc.text)]
    if len(found) == 1:
        return found[0]
    if not found:
        known = ", ".join(LAYOUTS)
        raise doc.fail(1, f"layout not recognised; known layouts: {known}")
    raise doc.fail(1, f"ambiguous layout: matches {', '.join(found)}")


@dataclass(frozen=True)
class Entry:
    """One document to ingest, optionally restricted to some endpoint ids."""

    path: str
    ids: tuple[str, ...] | None = None


@dataclass
class Found:
    """What one document yielded."""

    path: str
    layout: str
    ids: list[str] = field(default_factory=list)


@dataclass
class IngestResult:
    endpoints: dict[str, Endpoint]
    found: list[Found]
    problems: list[Problem]


def read_manifest(path: Path = MANIFEST) -> list[Entry]:
    """`documents:` entries: a path, or `{path, ids}` to take only some endpoints of it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ProblemsError(
            [Problem(str(path), None, None, f"cannot read manifest: {exc}")]
        ) from exc
    entries = []
    for i, item in enumerate((data or {}).get("documents", [])):
        if isinstance(item, str):
            entries.append(Entry(item))
        elif isinstance(item, dict) and isinstance(item.get("path"), str):
            ids = item.get("ids")
            entries.append(Entry(item["path"], tuple(ids) if ids else None))
        else:
            message = "a document is a path or {path, ids}"
            raise ProblemsError([Problem(str(path), None, f"documents.{i}", message)])
    return entries


def _read(entry: Entry) -> Document:
    try:
        text = Path(entry.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemsError([Problem(entry.path, None, None, f"cannot read: {exc}")]) from exc
    return Document(entry.path, text)


def _ingest_one(doc: Document, layout: str, entry: Entry, vocabulary: Vocabulary) -> Any:
    module = layout_module(layout)
    if entry.ids is not None and hasattr(module, "ingest_ids"):
        return module.ingest_ids(doc, vocabulary, entry.ids)
    if hasattr(module, "ingest_all"):
        return module.ingest_all(doc, vocabulary)
    return module.ingest(doc, vocabulary), []


def ingest_documents(entries: Sequence[Entry], vocabulary: Vocabulary) -> IngestResult:
    """Ingest every document, then merge the descriptions of each endpoint id."""
    parts: dict[str, list[Endpoint]] = {}
    found: list[Found] = []
    problems: list[Problem] = []
    for entry in entries:
        try:
            doc = _read(entry)
            layout = detect_layout(doc)
            endpoints, endpoint_problems = _ingest_one(doc, layout, entry, vocabulary)
        except ProblemsError as exc:
            problems += exc.problems
            continue
        problems += endpoint_problems
        if entry.ids is not None:
            endpoints = [e for e in endpoints if e.id in entry.ids]
            missing = sorted(set(entry.ids) - {e.id for e in endpoints})
            failed = {p.field for p in endpoint_problems}
            problems += [
                doc.problem(None, "the manifest asks for this endpoint; the document lacks it", i)
                for i in missing
                if i not in failed
            ]
        found.append(Found(entry.path, layout, [e.id for e in endpoints]))
        for endpoint in endpoints:
            parts.setdefault(endpoint.id, []).append(endpoint)
    merged = {endpoint_id: merge(group) for endpoint_id, group in sorted(parts.items())}
    return IngestResult(merged, found, problems)
