"""The one table of layouts: every ingester, with what merging and the contract check need
to know about it, and one way to call it.

Each entry names the layout, its provider, its rank for merging (higher wins a machine fact
both sources state), whether its machine facts are authoritative (what it leaves out, it
means: see merge.py), and the module that reads it (`detect(text)`, `ingest(doc, ...)`, and
optionally `ingest_all` / `ingest_ids`, see base.py, and `ingest_faulty`, see fal_js_corpus.py).
`read(doc, layout, context)` calls any of them the same way and answers the endpoints, the
warnings and the errors; `read_faulty` answers endpoints read despite their faults.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Final

from ..spec.errors import Problem
from ..spec.model import Endpoint, TypeDef, Vocabulary
from .base import Document


@dataclass(frozen=True)
class Layout:
    name: str
    provider: str
    rank: int
    authoritative: bool
    module_name: str

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(f"{__package__}.{self.module_name}")


LAYOUTS: Final = {
    layout.name: layout
    for layout in (
        Layout("fal-markdown", "fal", 20, False, "fal_markdown"),
        Layout("fal-playground", "fal", 10, False, "fal_playground"),
        Layout("segmind-page", "segmind", 30, False, "segmind_page"),
        Layout("segmind-legacy-page", "segmind", 5, False, "segmind_legacy_page"),
        Layout("openapi", "fal", 60, True, "openapi"),
        Layout("fal-js-corpus", "fal", 50, True, "fal_js_corpus"),
    )
}
"""Every layout the ingesters read, by name. The newer Segmind page ranks over the legacy
scrape; the OpenAPI documents over everything. Between two authoritative (machine) sources the
date each was taken decides first (merge.py); the rank only breaks a tie."""


def rank(layout: str) -> int:
    """The merge rank of a layout (0 for one this table does not know)."""
    found = LAYOUTS.get(layout)
    return found.rank if found is not None else 0


def authoritative(layout: str) -> bool:
    found = LAYOUTS.get(layout)
    return found is not None and found.authoritative


@dataclass(frozen=True)
class Context:
    """What every read may use: the vocabulary, the shared types of the specs tree the result
    is for (None: the project's specs/types.yaml), and the endpoint ids wanted (None: all)."""

    vocabulary: Vocabulary
    shared: Mapping[str, TypeDef] | None = None
    ids: Sequence[str] | None = None


@dataclass(frozen=True)
class Read:
    endpoints: list[Endpoint]
    warnings: list[Problem]
    errors: list[Problem]


def read(doc: Document, layout: str, context: Context) -> Read:
    """Ingest `doc` as `layout`, whatever the module's entry points: the endpoints read, the
    warnings, and the errors of endpoints that could not be read (the others still are). A
    document that cannot be read at all raises ProblemsError."""
    module = LAYOUTS[layout].module
    extra = {"shared": context.shared} if _takes_shared(module) else {}
    if context.ids is not None and hasattr(module, "ingest_ids"):
        endpoints, errors = module.ingest_ids(doc, context.vocabulary, context.ids, **extra)
    elif hasattr(module, "ingest_all"):
        endpoints, errors = module.ingest_all(doc, context.vocabulary, **extra)
    else:
        endpoints, errors = module.ingest(doc, context.vocabulary, **extra), []
    kept, doubled = _without_doubled_names(doc, endpoints)
    return Read(kept, list(doc.warnings), [*errors, *doubled])


def _without_doubled_names(
    doc: Document, endpoints: Iterable[Endpoint]
) -> tuple[list[Endpoint], list[Problem]]:
    """The endpoints whose inputs, and whose outputs, have distinct names; a located error for
    each other one (whichever layout read it: a page that lists a parameter twice would
    otherwise keep only the last one, silently)."""
    kept: list[Endpoint] = []
    problems: list[Problem] = []
    for endpoint in endpoints:
        found = []
        for side, fields in (("input", endpoint.input), ("output", endpoint.output)):
            lines: dict[str, int | None] = {}
            for f in fields:
                line = _line_of(f.origin)
                if f.name in lines:
                    first = lines[f.name]
                    where = f" (first at line {first})" if first is not None else ""
                    message = f"{side} parameter {f.name!r} is given twice{where}"
                    found.append(doc.problem(line, message, endpoint.id))
                lines.setdefault(f.name, line)
        if found:
            problems += found
        else:
            kept.append(endpoint)
    return kept, problems


def _line_of(origin: Mapping[str, str]) -> int | None:
    """The first line a field's provenance names (`<label>:<line>`), if any."""
    for where in origin.values():
        label, _, line = where.rpartition(":")
        if label and line.isdigit():
            return int(line)
    return None


def read_faulty(doc: Document, layout: str, context: Context) -> Read:
    """The endpoints of `context.ids` read despite their faults, with every fault as an error,
    for a layout whose module can (`ingest_faulty`; the fal-js corpus); nothing for the
    others."""
    module = LAYOUTS[layout].module
    if not hasattr(module, "ingest_faulty") or context.ids is None:
        return Read([], [], [])
    extra = {"shared": context.shared} if _takes_shared(module) else {}
    endpoints, errors = module.ingest_faulty(doc, context.vocabulary, context.ids, **extra)
    return Read(list(endpoints), [], list(errors))


def _takes_shared(module: ModuleType) -> bool:
    return "shared" in inspect.signature(module.ingest).parameters
