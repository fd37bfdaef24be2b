"""Truncated pages: every page of every text layout, cut at ten points (by characters and by
lines), is refused with a located error, or read with an explicit "looks truncated" warning;
and whatever a cut page yields is a fact the whole page has (nothing mangled, nothing new).

A cut whose page still yields exactly the whole page's facts (a cut in prose the ingester does
not read, after every fact) is accepted as harmless: nothing was lost or invented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.ingest.base import Document
from generator.ingest.pipeline import LAYOUTS, layout_module
from generator.spec.errors import ProblemsError
from generator.spec.loader import load_support
from generator.spec.model import Endpoint, Field, TypeExpr

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    [
        *(ROOT / "sources/fal/pages").glob("*.md"),
        ROOT / "sources/fal/pages/playground-ten-models.txt",
        *(ROOT / "sources/segmind/pages").glob("*.txt"),
        *(ROOT / "sources/fal/pages/real").glob("*.md"),
    ]
)
TEXT_LAYOUTS = [name for name in LAYOUTS if name not in ("openapi", "fal-js-corpus")]
SUPPORT, _ = load_support(ROOT / "specs")


def layout_of(text: str) -> str:
    (layout,) = [name for name in TEXT_LAYOUTS if layout_module(name).detect(text)]
    return layout


def read(path: str, text: str, layout: str) -> tuple[list[Endpoint], Document]:
    module = layout_module(layout)
    doc = Document(path, text)
    extra: dict[str, Any] = {"shared": SUPPORT.types} if layout.startswith("fal-") else {}
    return module.ingest(doc, SUPPORT.vocabulary, **extra), doc


def facts(endpoints: list[Endpoint]) -> set[tuple[str, str, str]]:
    """Every fact as (endpoint, where, repr of value); warnings and provenance left out."""
    out: set[tuple[str, str, str]] = set()
    for e in endpoints:
        for key in ("title", "summary", "category", "protocols"):
            value = getattr(e, key)
            if value is not None:
                out.add((e.id, key, repr(value)))
        out |= {(e.id, "note", n) for n in e.notes if not n.startswith("Warning: ")}
        out |= {(e.id, f"example {k}", repr(v)) for k, v in e.examples.items()}
        for section, fields in (("input", e.input), ("output", e.output)):
            for f in fields:
                out |= {(e.id, f"{section}.{f.name}", fact) for fact in field_facts(f)}
        out |= {(e.id, f"type {name}", repr(_plain(t.type))) for name, t in e.types.items()}
    return out


def field_facts(f: Field) -> set[str]:
    return {
        f"type={_plain(f.type)!r}",
        f"required={f.required}",
        f"default={f.default!r}",
        f"description={f.description!r}",
        f"examples={f.examples!r}",
    }


def _plain(t: TypeExpr) -> TypeExpr:
    props = None if t.properties is None else tuple(p.with_(origin={}) for p in t.properties)
    return t.with_(properties=props)


def cuts(text: str) -> list[tuple[str, str]]:
    lines = text.splitlines(keepends=True)
    by_chars = [(f"{k}/11 of the characters", text[: len(text) * k // 11]) for k in range(1, 11)]
    by_lines = [
        (f"{k}/11 of the lines", "".join(lines[: len(lines) * k // 11])) for k in range(1, 11)
    ]
    return by_chars + by_lines


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_cut_is_refused_or_flagged_and_adds_no_fact(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    path = str(page.relative_to(ROOT))
    layout = layout_of(text)
    whole, doc = read(path, text, layout)
    whole_warnings = set(doc.warnings)
    whole_facts = facts(whole)
    for where, cut in cuts(text):
        if not layout_module(layout).detect(cut):
            continue  # refused: `modelgen ingest` names the known layouts
        try:
            endpoints, cut_doc = read(path, cut, layout)
        except ProblemsError as error:
            assert all(p.file == path and p.line is not None for p in error.problems), where
            continue
        got = facts(endpoints)
        assert got <= whole_facts, (where, sorted(got - whole_facts)[:3])
        new = [w for w in cut_doc.warnings if w not in whole_warnings]
        flagged = any("truncated" in w.message and w.line for w in new)
        assert flagged or got == whole_facts, (where, sorted(whole_facts - got)[:3])
