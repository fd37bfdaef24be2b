"""Several sources describing one endpoint become one spec, with every disagreement listed.

Rules (README "Merging sources" and docs/architecture.md state them for users):
- Precedence. Machine sources (layouts the registry marks authoritative: raw OpenAPI
  documents and the fal-js corpus) win every machine fact over pages. Among machine sources
  the newer wins: the date each was taken (`taken:` in sources/manifest.yaml, carried in the
  spec's `sources:`) decides; an unknown or unrecorded date counts as older than every known
  date. Between machine sources of one date (or both undated) the layout rank decides
  (generator/ingest/registry.py), then the path (alphabetical), so the order of the manifest
  never matters. Among pages the layout rank decides, as before.
- Machine facts (type, bounds, enum, default, required, ...) come from the source of highest
  precedence that describes the field. OpenAPI-like sources are authoritative: what they leave
  out, they mean (no maximum stated = no maximum), so a page's extra bound is a conflict, not a
  fact. Among pages, a fact a page does not state is simply unknown to it.
- A parameter no OpenAPI-like source has is dropped when there is one (a page-only parameter
  is not part of the API the OpenAPI describes); without one, every page's fields are kept.
- Prose (description, title) comes from the source of highest precedence that has it;
  examples are pooled.
- Every fact on which two sources disagree becomes a `Conflict` naming each source's value and
  the source whose value was kept. Nothing is resolved silently. Sources are named by their
  path (base.source_label), so two files of one name never share a label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .ingest.registry import LAYOUTS
from .spec.codec import type_to_raw
from .spec.model import (
    JSON,
    MISSING,
    TYPE_FACTS,
    Conflict,
    Endpoint,
    Field,
    SourceRef,
    TypeDef,
    TypeExpr,
)

RANK = {name: layout.rank for name, layout in LAYOUTS.items()}
"""The layout rank (from generator/ingest/registry.py): the last word on precedence among pages,
and between machine sources of one date."""

UNKNOWN_DATE = "unknown"
"""What sources/manifest.yaml says for a machine source whose date nobody can tell."""

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

AUTHORITATIVE = frozenset(name for name, layout in LAYOUTS.items() if layout.authoritative)

FIELD_FACTS = ("required", "default")
PROSE_FACTS = ("description", "title", "canonical")


def layout_of(endpoint: Endpoint) -> str:
    """The layout of a single-source endpoint (as every ingester returns them)."""
    return next(iter(endpoint.sources.values())).layout if endpoint.sources else ""


def label_of(endpoint: Endpoint) -> str:
    return next(iter(endpoint.sources), "?")


def precedence(source: SourceRef) -> tuple[bool, str, int]:
    """How strongly a source's facts count, higher first (module docstring): machine sources
    over pages, then (machine sources only) the date taken, `""` (older than any date) when
    unknown, then the layout rank."""
    machine = source.layout in AUTHORITATIVE
    taken = source.taken if machine and source.taken and DATE.fullmatch(source.taken) else ""
    return machine, taken, RANK.get(source.layout, 0)


def by_precedence(sources: Mapping[str, SourceRef]) -> list[tuple[str, SourceRef]]:
    """The sources (label, reference), the one whose facts win first; ties by label."""
    return sorted(sorted(sources.items()), key=lambda item: precedence(item[1]), reverse=True)


def _part_precedence(endpoint: Endpoint) -> tuple[bool, str, int]:
    if not endpoint.sources:
        return False, "", 0
    return precedence(next(iter(endpoint.sources.values())))


def merge(parts: Sequence[Endpoint]) -> Endpoint:
    """One endpoint from single-source descriptions of the same id."""
    if len({p.id for p in parts}) != 1:
        raise ValueError(f"merge needs one endpoint id, got {sorted({p.id for p in parts})}")
    by_label = sorted(parts, key=label_of)
    ranked = sorted(by_label, key=_part_precedence, reverse=True)
    if len(ranked) == 1:
        return ranked[0]
    conflicts: list[Conflict] = []
    inputs = _merge_fields("input", [(p, p.input) for p in ranked], conflicts)
    outputs = _merge_fields("output", [(p, p.output) for p in ranked], conflicts)
    primary = ranked[0]
    types = _merge_types(ranked)
    examples: dict[str, JSON] = {}
    for part in reversed(ranked):
        examples.update(part.examples)
    return primary.with_(
        input=inputs,
        output=outputs,
        title=_first(p.title for p in ranked),
        category=_first(p.category for p in ranked),
        summary=_first(p.summary for p in ranked),
        protocols=_union(p.protocols for p in ranked),
        path=_first(p.path for p in ranked),
        types=types,
        sources={label: ref for p in ranked for label, ref in p.sources.items()},
        conflicts=tuple(conflicts),
        notes=_union(p.notes for p in ranked),
        examples=examples,
    )


def _merge_types(ranked: Sequence[Endpoint]) -> dict[str, TypeDef]:
    """Local types, a higher-ranked source's first. A name a higher-ranked source already uses,
    by defining it or by referring to the shared type of that name, is not redefined by a
    lower-ranked one: a page's looser copy of `ImageSize` must not shadow the OpenAPI's."""
    types: dict[str, TypeDef] = {}
    used: set[str] = set()
    for part in ranked:
        for name, typedef in part.types.items():
            if name not in used:
                types[name] = typedef
        used |= set(part.types) | _referenced_names(part)
    return dict(sorted(types.items()))


def _referenced_names(endpoint: Endpoint) -> set[str]:
    names: set[str] = set()
    stack = [f.type for f in (*endpoint.input, *endpoint.output)]
    stack += [t.type for t in endpoint.types.values()]
    while stack:
        t = stack.pop()
        if t.is_ref:
            names.add(t.type)
        stack += [*t.variants, *(f.type for f in t.properties or ())]
        stack += [x for x in (t.items, t.additional) if isinstance(x, TypeExpr)]
    return names


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _union(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item, None)
    return tuple(seen)


def _merge_fields(
    section: str,
    sources: list[tuple[Endpoint, tuple[Field, ...]]],
    conflicts: list[Conflict],
) -> tuple[Field, ...]:
    names: dict[str, None] = {}
    for _, fields in sources:
        for f in fields:
            names.setdefault(f.name, None)
    authoritative = [p for p, _ in sources if layout_of(p) in AUTHORITATIVE]
    merged = []
    for name in names:
        where = f"{section}.{name}"
        holders = [(p, f) for p, fields in sources for f in fields if f.name == name]
        if authoritative and not _existence_agreed(where, name, sources, authoritative, conflicts):
            continue
        merged.append(_merge_field(where, holders, conflicts))
    return tuple(merged)


def _existence_agreed(
    where: str,
    name: str,
    sources: list[tuple[Endpoint, tuple[Field, ...]]],
    authoritative: list[Endpoint],
    conflicts: list[Conflict],
) -> bool:
    """Whether the field is kept: an OpenAPI-like source that omits a parameter says there is
    none, so the field exists when the machine source of highest precedence (the newest) has
    it, and only then; either way a disagreement is a conflict."""
    has = {label_of(p): any(f.name == name for f in fields) for p, fields in sources}
    judge = authoritative[0]
    if len(set(has.values())) > 1:
        conflicts.append(Conflict(where, "present", has, label_of(judge)))
    return has[label_of(judge)]


def _stated(part: Endpoint, fact: str, value: Any) -> bool:
    """Does this source say something about the fact? Authoritative sources always do."""
    if layout_of(part) in AUTHORITATIVE:
        return True
    return value not in (None, MISSING, (), False)


def _fact(f: Field, fact: str) -> Any:
    return getattr(f.type, fact) if fact in TYPE_FACTS else getattr(f, fact)


def _comparable(value: Any) -> JSON:
    """A JSON form of a fact value, for comparing and for the conflict report."""
    if value is MISSING or value == () or value is False:
        return None
    if isinstance(value, TypeExpr):
        return type_to_raw(value)
    if isinstance(value, tuple):
        return [_comparable(v) for v in value]
    if isinstance(value, Field):
        return {"name": value.name, **type_to_raw(value.type)}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _agree(fact: str, values: list[JSON]) -> bool:
    """Whether sources state the same thing. An enum is a set: the same values in another
    order are no disagreement (the chosen source's order is kept)."""
    if fact == "enum":
        return len({repr(sorted(map(repr, v))) if v else None for v in values}) == 1
    return len({repr(v) for v in values}) == 1


def _merge_field(
    where: str, holders: list[tuple[Endpoint, Field]], conflicts: list[Conflict]
) -> Field:
    best = holders[0][1]
    if len(holders) == 1:
        return best
    type_changes: dict[str, Any] = {}
    field_changes: dict[str, Any] = {}
    origin = dict(best.origin)
    for fact in (*TYPE_FACTS, *FIELD_FACTS):
        stated = [(p, f) for p, f in holders if _stated(p, fact, _fact(f, fact))]
        if not stated:
            continue
        chosen_part, chosen = stated[0]
        value = _fact(chosen, fact)
        values = {label_of(p): _comparable(_fact(f, fact)) for p, f in stated}
        if not _agree(fact, list(values.values())):
            conflicts.append(Conflict(where, fact, values, label_of(chosen_part)))
        (type_changes if fact in TYPE_FACTS else field_changes)[fact] = value
        if fact in chosen.origin:
            origin[fact] = chosen.origin[fact]
    for fact in PROSE_FACTS:
        having = [(p, f) for p, f in holders if getattr(f, fact)]
        if having:
            field_changes[fact] = getattr(having[0][1], fact)
            if fact in having[0][1].origin:
                origin[fact] = having[0][1].origin[fact]
    examples: list[JSON] = []
    for _, f in holders:
        examples += [e for e in f.examples if e not in examples]
    if examples:
        field_changes["examples"] = tuple(examples)
        cited = [f.origin["examples"] for _, f in holders if "examples" in f.origin]
        if cited:
            origin["examples"] = ", ".join(dict.fromkeys(cited))
    merged_type = best.type.with_(**type_changes)
    return best.with_(type=merged_type, origin=origin, **field_changes)
