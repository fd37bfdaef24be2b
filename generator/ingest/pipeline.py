"""From input documents to merged endpoints: detect each layout, ingest, group by id, merge.

Used by `modelgen ingest` (and `make specs`, which reads the list of documents from
`sources/manifest.yaml`). Problems of every document are collected, not stopped at the first.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType

from ..merge import DATE, UNKNOWN_DATE, merge
from ..spec.errors import Problem, ProblemsError
from ..spec.files import existing_overrides, spec_relpath
from ..spec.identifiers import endpoint_id_problem
from ..spec.input_files import read_text
from ..spec.located_yaml import load_located
from ..spec.model import Endpoint, TypeDef, Vocabulary
from . import registry
from .base import Document, repository_types
from .repairs import Repaired, repair

LAYOUTS = list(registry.LAYOUTS)
"""Every layout the ingesters read (generator/ingest/registry.py)."""

MANIFEST = Path("sources/manifest.yaml")


def layout_module(layout: str) -> ModuleType:
    return registry.LAYOUTS[layout].module


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
    """One document to ingest, optionally restricted to some endpoint ids, with the endpoints
    known not to import (id -> the documented reason) left out instead of failing the run."""

    path: str
    ids: tuple[str, ...] | None = None
    known_failures: Mapping[str, str] = field(default_factory=dict)
    taken: str | None = None
    """When the document was taken: `YYYY-MM-DD`, `unknown`, or None (not said: a document
    named on the command line). Copied into every endpoint's `sources:`; see merge.py."""
    listed_at: tuple[str, int | None] | None = None
    """The manifest file and line that list this document (None: not from a manifest)."""


@dataclass
class Found:
    """What one document yielded."""

    path: str
    layout: str
    ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """An endpoint left out because it fails in a way the manifest documents."""

    id: str
    reason: str
    problems: tuple[Problem, ...]


@dataclass
class IngestResult:
    endpoints: dict[str, Endpoint]
    found: list[Found]
    problems: list[Problem]
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """Facts the ingesters could not read and worked around (see base.py)."""
    repaired: list[Repaired] = field(default_factory=list)
    """Endpoints whose source faults their spec's `overrides:` repair (see repairs.py)."""


def read_manifest(path: Path = MANIFEST) -> list[Entry]:
    """`documents:` entries: a path, or `{path, ids, known_failures, taken}`: `ids` takes only
    some endpoints (`all` or absent: every one), `known_failures` maps ids to why they cannot
    be imported, `taken` is the date the document was taken (`YYYY-MM-DD` or `unknown`; every
    machine source must say, see `_undated`)."""
    doc, problems = load_located(read_text(path), str(path))
    if doc is None or problems:
        raise ProblemsError(problems)
    documents = doc.data.get("documents") if isinstance(doc.data, dict) else None
    if not isinstance(documents, list) or not documents:
        message = "a manifest lists its documents under `documents:` (a non-empty list)"
        raise ProblemsError([Problem(str(path), doc.line_of(("documents",)), "documents", message)])
    entries = []
    for i, item in enumerate(documents):
        listed_at = (str(path), doc.line_of(("documents", i)))
        if isinstance(item, str):
            entries.append(Entry(item, listed_at=listed_at))
        elif isinstance(item, dict) and isinstance(item.get("path"), str):
            ids = item.get("ids")
            chosen = tuple(ids) if isinstance(ids, list) else None
            known = {str(k): str(v) for k, v in (item.get("known_failures") or {}).items()}
            taken = _taken(item.get("taken"))
            if taken is None and "taken" in item:
                line = doc.line_of(("documents", i, "taken"))
                message = f"taken: {item['taken']!r} is neither a date (YYYY-MM-DD) nor unknown"
                raise ProblemsError([Problem(str(path), line, f"documents.{i}.taken", message)])
            entries.append(Entry(item["path"], chosen, known, taken, listed_at))
        else:
            message = "a document is a path or {path, ids, known_failures, taken}"
            raise ProblemsError([Problem(str(path), listed_at[1], f"documents.{i}", message)])
    return entries


def _taken(value: object) -> str | None:
    """A manifest's `taken:` as `YYYY-MM-DD` or `unknown`; None when it is neither (the YAML
    loader keeps a plain date as its text)."""
    if value == UNKNOWN_DATE:
        return UNKNOWN_DATE
    if isinstance(value, str) and DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


def _undated(entry: Entry, layout: str) -> Problem | None:
    """A manifest must say when each machine source was taken (`unknown` is an answer)."""
    if entry.listed_at is None or entry.taken is not None:
        return None
    if not registry.authoritative(layout):
        return None
    file, line = entry.listed_at
    message = (
        f"{entry.path} is a machine source ({layout}): say when it was taken "
        "(`taken: YYYY-MM-DD`, or `taken: unknown`)"
    )
    return Problem(file, line, "taken", message)


def _dated(endpoint: Endpoint, taken: str | None) -> Endpoint:
    """The endpoint with its document's date in its `sources:`."""
    if taken is None:
        return endpoint
    sources = {label: replace(ref, taken=taken) for label, ref in endpoint.sources.items()}
    return endpoint.with_(sources=sources)


def _read(entry: Entry) -> Document:
    return Document(entry.path, read_text(entry.path))


def _named_safely(doc: Document, endpoints: list[Endpoint]) -> tuple[list[Endpoint], list[Problem]]:
    """The endpoints whose ids can name files, modules and URLs; a located problem for the rest
    (an id becomes a path under specs/: `fal-ai/../../x` must never reach a file system)."""
    kept, problems = [], []
    for endpoint in endpoints:
        problem = endpoint_id_problem(endpoint.id)
        if problem is None:
            kept.append(endpoint)
        else:
            problems.append(doc.problem(None, problem, "id"))
    return kept, problems


def _ingest_one(
    doc: Document,
    layout: str,
    entry: Entry,
    vocabulary: Vocabulary,
    shared: Mapping[str, TypeDef] | None,
) -> tuple[list[Endpoint], list[Problem]]:
    """The endpoints and the problems; a problem of the whole document is raised."""
    result = registry.read(doc, layout, registry.Context(vocabulary, shared, entry.ids))
    return result.endpoints, result.errors


def _repaired(
    doc: Document,
    layout: str,
    faults: list[Problem],
    context: registry.Context,
    specs_root: Path | None,
) -> tuple[list[Endpoint], list[Repaired]]:
    """The endpoints left out for faults of the document that their spec's `overrides:` (in
    the tree under `specs_root`) repair (repairs.py)."""
    failed = sorted({p.field for p in faults if p.field})
    if specs_root is None or not failed:
        return [], []
    shared = context.shared if context.shared is not None else repository_types()
    endpoints, repaired = [], []
    faulty_context = registry.Context(context.vocabulary, context.shared, failed)
    read = registry.read_faulty(doc, layout, faulty_context)
    for faulty in read.endpoints:
        overrides = existing_overrides(specs_root / spec_relpath(faulty))
        own = [p for p in read.errors if p.field == faulty.id]
        fixed = repair(faulty, own, overrides, shared)
        if fixed is not None:
            endpoints.append(fixed)
            repaired.append(Repaired(faulty.id, tuple(own)))
    return endpoints, repaired


def ingest_documents(
    entries: Sequence[Entry],
    vocabulary: Vocabulary,
    shared: Mapping[str, TypeDef] | None = None,
    specs_root: Path | None = None,
) -> IngestResult:
    """Ingest every document, then merge the descriptions of each endpoint id. `shared` are the
    shared types of the specs tree the result is for (default: the project's); `specs_root`
    is that tree, whose `overrides:` may repair an endpoint's source faults (None: none do)."""
    parts: dict[str, list[Endpoint]] = {}
    found: list[Found] = []
    problems: list[Problem] = []
    skipped: list[Skipped] = []
    warnings: list[Problem] = []
    repaired: list[Repaired] = []
    for entry in entries:
        try:
            doc = _read(entry)
        except ProblemsError as exc:
            problems += exc.problems
            continue
        try:
            layout = detect_layout(doc)
            endpoints, endpoint_problems = _ingest_one(doc, layout, entry, vocabulary, shared)
            context = registry.Context(vocabulary, shared, entry.ids)
            fixed, fixes = _repaired(doc, layout, endpoint_problems, context, specs_root)
        except ProblemsError as exc:
            problems += exc.problems
            continue
        finally:
            warnings += doc.warnings
        repaired += fixes
        endpoints += fixed
        fixed_ids = {r.id for r in fixes}
        endpoint_problems = [p for p in endpoint_problems if p.field not in fixed_ids]
        undated = _undated(entry, layout)
        if undated is not None:
            problems.append(undated)
        endpoints, unsafe = _named_safely(doc, [_dated(e, entry.taken) for e in endpoints])
        problems += unsafe
        known = [p for p in endpoint_problems if p.field in entry.known_failures]
        problems += [p for p in endpoint_problems if p.field not in entry.known_failures]
        for endpoint_id, reason in sorted(entry.known_failures.items()):
            own = tuple(p for p in known if p.field == endpoint_id)
            if own:
                skipped.append(Skipped(endpoint_id, reason, own))
            else:
                message = "listed under known_failures but imports now: remove it from there"
                problems.append(doc.problem(None, message, endpoint_id))
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
    return IngestResult(merged, found, problems, skipped, warnings, repaired)
