"""Conversion between spec YAML data (plain dicts) and the spec model, both ways.

`from_raw` trusts that the data passed the spec JSON Schema; `to_raw` produces exactly the
shape that schema describes, with keys in a fixed order, so dumping is deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import (
    FACTS,
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

_STRUCTURED = ("type", "enum", "items", "properties", "additional", "variants")
_TYPE_KEYS = tuple(k for k in TYPE_FACTS if k not in _STRUCTURED)
"""Type facts copied as they are between YAML and the model."""


# ---------------------------------------------------------------------------- raw -> model


def type_from_raw(raw: str | Mapping[str, Any]) -> TypeExpr:
    if isinstance(raw, str):
        return TypeExpr(type=raw)
    kwargs: dict[str, Any] = {k: raw[k] for k in _TYPE_KEYS if k in raw}
    if "enum" in raw:
        kwargs["enum"] = tuple(raw["enum"])
    if "items" in raw:
        kwargs["items"] = type_from_raw(raw["items"])
    if "properties" in raw:
        kwargs["properties"] = fields_from_raw(raw["properties"])
    if "additional" in raw:
        extra = raw["additional"]
        kwargs["additional"] = extra if isinstance(extra, bool) else type_from_raw(extra)
    if "variants" in raw:
        kwargs["variants"] = tuple(type_from_raw(v) for v in raw["variants"])
    return TypeExpr(type=raw["type"], **kwargs)


def field_from_raw(name: str, raw: Mapping[str, Any]) -> Field:
    return Field(
        name=name,
        type=type_from_raw(raw),
        required=bool(raw.get("required", False)),
        default=raw.get("default", MISSING),
        description=raw.get("description"),
        title=raw.get("title"),
        examples=tuple(raw.get("examples", ())),
        canonical=raw.get("canonical"),
        origin=origin_from_raw(raw),
    )


_DERIVED = ("canonical",)
"""Facts the spec derives (from specs/vocabulary.yaml) rather than cites from a source."""


def origin_from_raw(raw: Mapping[str, Any]) -> dict[str, str]:
    """A field's `from:`: a mapping fact -> location, or one location shared by every fact the
    field states."""
    cited = raw.get("from", {})
    if isinstance(cited, str):
        return {fact: cited for fact in FACTS if fact in raw and fact not in _DERIVED}
    return dict(cited)


def fields_from_raw(raw: Mapping[str, Any]) -> tuple[Field, ...]:
    return tuple(field_from_raw(name, value) for name, value in raw.items())


def typedef_from_raw(name: str, raw: Mapping[str, Any]) -> TypeDef:
    return TypeDef(name=name, type=type_from_raw(raw), description=raw.get("description"))


def endpoint_from_raw(raw: Mapping[str, Any]) -> Endpoint:
    return Endpoint(
        id=raw["id"],
        provider=raw["provider"],
        input=fields_from_raw(raw.get("input", {})),
        output=fields_from_raw(raw.get("output", {})),
        title=raw.get("title"),
        category=raw.get("category"),
        model=raw.get("model"),
        summary=raw.get("summary"),
        protocols=tuple(raw.get("protocols", ())),
        path=raw.get("path"),
        python_name=raw.get("python_name"),
        types={n: typedef_from_raw(n, t) for n, t in raw.get("types", {}).items()},
        sources={
            label: SourceRef(s["path"], s["layout"], s.get("pointer"), s.get("taken"))
            for label, s in raw.get("sources", {}).items()
        },
        conflicts=tuple(
            Conflict(c["field"], c["fact"], dict(c["values"]), c["chosen"])
            for c in raw.get("conflicts", ())
        ),
        notes=tuple(raw.get("notes", ())),
        examples=dict(raw.get("examples", {})),
        overrides=dict(raw.get("overrides", {})),
    )


# ---------------------------------------------------------------------------- model -> raw


_SCALAR_KEYS = tuple(
    k for k in _TYPE_KEYS if k not in ("nullable", "const", "unique_items", "file")
)


def type_to_raw(t: TypeExpr) -> dict[str, JSON]:
    out: dict[str, JSON] = {"type": t.type}
    if t.nullable:
        out["nullable"] = True
    if t.enum is not None:
        out["enum"] = list(t.enum)
    if t.const is not MISSING:
        out["const"] = t.const
    for key in _SCALAR_KEYS:
        if getattr(t, key) is not None:
            out[key] = getattr(t, key)
    if t.items is not None:
        out["items"] = type_to_raw(t.items)
    if t.unique_items:
        out["unique_items"] = True
    if t.properties is not None:
        out["properties"] = fields_to_raw(t.properties)
    if t.additional is not None:
        extra = t.additional
        out["additional"] = extra if isinstance(extra, bool) else type_to_raw(extra)
    if t.variants:
        out["variants"] = [type_to_raw(v) for v in t.variants]
    if t.file:
        out["file"] = True
    return {k: out[k] for k in FACTS if k in out}


def field_annotations(f: Field) -> dict[str, JSON]:
    """The field's title, description, default and examples that it states, under the names
    both a spec and JSON Schema give them."""
    out: dict[str, JSON] = {}
    if f.title is not None:
        out["title"] = f.title
    if f.description is not None:
        out["description"] = f.description
    if f.default is not MISSING:
        out["default"] = f.default
    if f.examples:
        out["examples"] = list(f.examples)
    return out


def field_to_raw(f: Field) -> dict[str, JSON]:
    out = type_to_raw(f.type)
    if f.required:
        out["required"] = True
    out.update(field_annotations(f))
    if f.canonical is not None:
        out["canonical"] = f.canonical
    ordered: dict[str, JSON] = {k: out[k] for k in FACTS if k in out}
    if f.origin:
        ordered["from"] = _origin_to_raw(f.origin, ordered)
    return ordered


def _origin_to_raw(origin: Mapping[str, str], stated: Mapping[str, JSON]) -> JSON:
    """One location when every stated fact, and only those, came from it; else per fact."""
    locations = set(origin.values())
    if len(locations) == 1 and set(origin) == set(stated) - set(_DERIVED):
        return locations.pop()
    return {k: origin[k] for k in sorted(origin, key=_fact_order)}


def _fact_order(fact: str) -> tuple[int, str]:
    return (FACTS.index(fact) if fact in FACTS else len(FACTS), fact)


def fields_to_raw(fields: tuple[Field, ...]) -> dict[str, JSON]:
    return {f.name: field_to_raw(f) for f in fields}


def typedef_to_raw(t: TypeDef) -> dict[str, JSON]:
    out = type_to_raw(t.type)
    if t.description is not None:
        out = {"type": out.pop("type"), "description": t.description, **out}
    return out


def endpoint_to_raw(e: Endpoint) -> dict[str, JSON]:
    out: dict[str, JSON] = {"id": e.id, "provider": e.provider}
    for key in ("title", "category", "model", "summary"):
        if getattr(e, key) is not None:
            out[key] = getattr(e, key)
    if e.protocols:
        out["protocols"] = list(e.protocols)
    if e.path is not None:
        out["path"] = e.path
    if e.python_name is not None:
        out["python_name"] = e.python_name
    out["input"] = fields_to_raw(e.input)
    out["output"] = fields_to_raw(e.output)
    if e.types:
        out["types"] = {name: typedef_to_raw(e.types[name]) for name in sorted(e.types)}
    if e.examples:
        out["examples"] = dict(e.examples)
    if e.notes:
        out["notes"] = list(e.notes)
    if e.sources:
        out["sources"] = {
            label: {
                "path": s.path,
                "layout": s.layout,
                **({"pointer": s.pointer} if s.pointer else {}),
                **({"taken": s.taken} if s.taken else {}),
            }
            for label, s in e.sources.items()
        }
    if e.conflicts:
        out["conflicts"] = [
            {"field": c.field, "fact": c.fact, "values": dict(c.values), "chosen": c.chosen}
            for c in e.conflicts
        ]
    if e.overrides:
        out["overrides"] = dict(e.overrides)
    return out
