"""Named types learned from the OpenAPI and corpus documents under sources/.

A page may name a type that neither it nor specs/types.yaml defines (`ControlNet`,
`Embedding`, ...). When every machine-readable document under sources/ that defines a type of
that name defines it the same way, that definition is reused, citing the first document that
has it. Names defined differently in different documents are not guessed at. fal's long
internal names are also looked up by their last segment (`a__b__Embedding` -> `Embedding`).

Learning reads every document once per run, and only when a page needs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..spec.errors import ProblemsError
from ..spec.loader import load_support
from ..spec.model import TypeDef
from . import registry
from .base import SPECS_ROOT, Document
from .json_schema_reader import same_type

SOURCES = SPECS_ROOT.parent / "sources"
_MACHINE_LAYOUTS = ("openapi", "fal-js-corpus")


@dataclass(frozen=True)
class Learned:
    typedef: TypeDef
    source: str
    """The document (path under the project) the definition is taken from."""
    documents: int
    """How many documents define it (all the same way)."""


@cache
def learned_types(root: Path = SOURCES) -> Mapping[str, Learned]:
    """Type name -> its one definition across the documents under `root`."""
    support, problems = load_support(SPECS_ROOT)
    if problems:
        raise ProblemsError(problems)
    seen: dict[str, list[tuple[TypeDef, str]]] = {}
    for path in sorted(root.rglob("*.json")):
        text = path.read_text(encoding="utf-8")
        layouts = [n for n in _MACHINE_LAYOUTS if registry.LAYOUTS[n].module.detect(text)]
        if len(layouts) != 1:
            continue
        label = str(path.relative_to(root.parent))
        doc = Document(label, text)
        try:
            found = registry.read(doc, layouts[0], registry.Context(support.vocabulary, {}))
        except ProblemsError:
            continue
        for endpoint in found.endpoints:
            for name, typedef in endpoint.types.items():
                seen.setdefault(name, []).append((typedef, label))
    return {
        name: Learned(defs[0][0], defs[0][1], len({label for _, label in defs}))
        for name, defs in sorted(seen.items())
        if all(same_type(typedef.type, defs[0][0].type) for typedef, _ in defs)
    }
