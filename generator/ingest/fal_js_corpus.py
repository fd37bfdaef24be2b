"""The fal-js image endpoint corpus: fal's input/output JSON Schemas of many endpoints in one file.

fal-js (pull request #212) generates TypeScript schemas from fal's model API; the corpus is those
schemas saved back as JSON, one entry per endpoint id:

    {"fal-ai/kolors": {"input_schema_name": "KolorsInput", "output_schema_name": "KolorsOutput",
                       "input": <JSON Schema>, "output": <JSON Schema>}, ...}

Each schema is self-contained (named schemas under its own `$defs`, refs `#/$defs/X`), keys are
sorted (so `x-fal-order-properties` alone keeps fal's field order), and fal-js's pipeline left
marks of its own: `x-fal-file-input` on file inputs (used as the file-input hint, not kept),
`Type2`/`Type3` suffixes on names that collided across endpoints (undone where the plain name
is free within the endpoint), defaults cast to their field's type (kept as given, but a default
that is still not a valid value is reported), and a few refs to `$defs` entries that are missing
(reported, never invented). `json_schema_types` reads the schemas; facts cite JSON pointers into
the file, e.g. `fal-js-image-endpoints.json#/fal-ai~1kolors/input/properties/seed`.

One bad endpoint does not spoil the others: `ingest_all` and `ingest_ids` return the endpoints
that read cleanly and a problem list whose `field` is the id of each endpoint left out.
`ingest_faulty` reads such endpoints anyway, each fault standing as read, for the two callers
that need the provider's side as it is: the pipeline, when a spec's `overrides:` repair every
fault (generator/ingest/repairs.py), and the contract check of that spec.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from ..spec.errors import Problem
from ..spec.model import Endpoint, TypeDef, Vocabulary
from .base import Document, every_endpoint, repository_types
from .json_schema_defaults import default_problems
from .json_schema_refs import Definitions, escape
from .json_schema_types import Root, parse_json, read_sections

LAYOUT: Final = "fal-js-corpus"
PROVIDER: Final = "fal"
PROTOCOLS: Final = ("run", "queue")
INDEX_NAME: Final = "index.json"
"""The corpus's companion index (endpoint id -> category, ...), read from beside the corpus."""

_FIRST_ENTRY = re.compile(
    r'\{\s*"[A-Za-z0-9][\w.-]*(?:/[\w.-]+)+"\s*:\s*\{\s*"(?:input|output)(?:_schema_name)?"\s*:'
)


def detect(text: str) -> bool:
    """A JSON object whose first key is an endpoint id (`owner/name`) holding input/output."""
    return _FIRST_ENTRY.match(text[:512].lstrip()) is not None


def ingest(
    doc: Document, vocabulary: Vocabulary, shared: Mapping[str, TypeDef] | None = None
) -> list[Endpoint]:
    """Every endpoint of the corpus; any problem fails the whole document (see `ingest_all`)."""
    return every_endpoint(ingest_all(doc, vocabulary, shared))


def ingest_all(
    doc: Document,
    vocabulary: Vocabulary,
    shared: Mapping[str, TypeDef] | None = None,
    categories: Mapping[str, str] | None = None,
) -> tuple[list[Endpoint], list[Problem]]:
    """Every endpoint that reads cleanly, and the problems of those that do not."""
    data = _corpus(doc)
    return _read(doc, data, list(data), vocabulary, shared, categories)


def ingest_ids(
    doc: Document,
    vocabulary: Vocabulary,
    ids: Iterable[str],
    shared: Mapping[str, TypeDef] | None = None,
    categories: Mapping[str, str] | None = None,
) -> tuple[list[Endpoint], list[Problem]]:
    """The named endpoints (in the order asked), and the problems of those that cannot be read."""
    return _read(doc, _corpus(doc), list(ids), vocabulary, shared, categories)


@functools.lru_cache(maxsize=2)
def _corpus(doc: Document) -> dict[str, Any]:
    """The parsed bundle, kept for the next call on the same document (the contract check
    asks for its endpoints one at a time; the bundle is 2.7 MB). Treated as read-only."""
    data = parse_json(doc)
    if not isinstance(data, dict):
        raise doc.fail(1, "the corpus must be a JSON object of endpoint ids")
    return data


def _read(
    doc: Document,
    data: Mapping[str, Any],
    ids: list[str],
    vocabulary: Vocabulary,
    shared: Mapping[str, TypeDef] | None,
    categories: Mapping[str, str] | None,
) -> tuple[list[Endpoint], list[Problem]]:
    shared = repository_types() if shared is None else shared
    categories = index_categories(doc) if categories is None else categories
    endpoints: list[Endpoint] = []
    problems: list[Problem] = []
    for endpoint_id in ids:
        if endpoint_id not in data:
            problems.append(doc.problem(None, "the corpus has no such endpoint", endpoint_id))
            continue
        endpoint, found = read_endpoint(doc, endpoint_id, data[endpoint_id], vocabulary, shared)
        problems += found
        if endpoint is not None:
            endpoints.append(endpoint.with_(category=categories.get(endpoint_id)))
    return endpoints, problems


def read_endpoint(
    doc: Document,
    endpoint_id: str,
    entry: Any,
    vocabulary: Vocabulary,
    shared: Mapping[str, TypeDef],
    faulty: bool = False,
) -> tuple[Endpoint | None, list[Problem]]:
    """One corpus entry as an Endpoint, or None and the problems that keep it out (`faulty`:
    the endpoint as read, faults included, whenever it has both sections)."""
    base = f"/{escape(endpoint_id)}"
    roots = []
    for section in ("input", "output"):
        schema = entry.get(section) if isinstance(entry, dict) else None
        if not isinstance(schema, dict):
            message = f"at #{base}: the entry has no {section} schema"
            return None, [doc.problem(None, message, endpoint_id)]
        defs = schema.get("$defs", {})
        pointer = f"{base}/{section}"
        defs_at = Definitions(
            "#/$defs/", defs if isinstance(defs, dict) else {}, f"{pointer}/$defs"
        )
        roots.append(Root(section, schema, pointer, defs_at))
    read = read_sections(doc, roots, vocabulary, shared, problem_field=endpoint_id)
    if read.problems and not faulty:
        return None, read.problems
    if read.problems:
        # read_sections checks defaults only on a clean read; a repair must see every fault
        fields = (*read.input, *read.output)
        more = default_problems(doc, fields, read.types, shared, endpoint_id)
        read.problems += [p for p in more if p not in read.problems]
    endpoint = Endpoint(
        id=endpoint_id,
        provider=PROVIDER,
        input=read.input,
        output=read.output,
        protocols=PROTOCOLS,
        types=read.types,
        sources=doc.source(LAYOUT, base),
        notes=tuple(read.notes),
    )
    return endpoint, read.problems


def ingest_faulty(
    doc: Document,
    vocabulary: Vocabulary,
    ids: Iterable[str],
    shared: Mapping[str, TypeDef] | None = None,
) -> tuple[list[Endpoint], list[Problem]]:
    """The named endpoints read despite their faults (a dangling `$ref` stands as `any`, a
    default that is not a valid value is kept), and every fault, defaults included. Never a
    spec by itself (see the module docstring)."""
    data = _corpus(doc)
    shared = repository_types() if shared is None else shared
    categories = index_categories(doc)
    endpoints, problems = [], []
    for endpoint_id in ids:
        if endpoint_id in data:
            endpoint, found = read_endpoint(
                doc, endpoint_id, data[endpoint_id], vocabulary, shared, faulty=True
            )
            problems += found
            if endpoint is not None:
                endpoints.append(endpoint.with_(category=categories.get(endpoint_id)))
    return endpoints, problems


def index_categories(doc: Document) -> dict[str, str]:
    """Endpoint id -> category from the index beside the corpus; empty when there is none."""
    path = Path(doc.path).with_name(INDEX_NAME)
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = index.get("endpoints", {}) if isinstance(index, dict) else {}
    return {
        endpoint_id: entry["category"]
        for endpoint_id, entry in entries.items()
        if isinstance(entry, dict) and isinstance(entry.get("category"), str)
    }
