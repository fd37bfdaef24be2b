"""Semantic rules a spec must keep beyond its JSON Schema grammar.

Each rule yields `(path, message)`; the loader turns paths into file lines. `local_rules` need
only the endpoint; `set_rules` need the whole spec set (shared types, vocabulary, providers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema

from . import identifiers
from .json_schema import field_schema, referenced_types, typedef_schema
from .located_yaml import Path_
from .model import MISSING, Endpoint, Field, SpecSet, TypeExpr

Finding = tuple[Path_, str]

_BOUND_PAIRS = (
    ("minimum", "maximum"),
    ("exclusive_minimum", "exclusive_maximum"),
    ("minimum", "exclusive_maximum"),
    ("exclusive_minimum", "maximum"),
    ("min_length", "max_length"),
    ("min_items", "max_items"),
)
_SHAPE_FACTS = {
    "items": "array",
    "min_items": "array",
    "max_items": "array",
    "unique_items": "array",
    "properties": "object",
    "additional": "object",
    "variants": "union",
}


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}
"""The Python values of JSON's scalar types (bool is no integer or number here, as in JSON)."""


def local_rules(endpoint: Endpoint) -> list[Finding]:
    findings: list[Finding] = []
    problem = identifiers.endpoint_id_problem(endpoint.id)
    if problem:
        findings.append((("id",), problem))
    if endpoint.python_name is not None:
        problem = identifiers.module_name_problem(endpoint.python_name)
        if problem:
            findings.append((("python_name",), problem))
    for name in endpoint.types:
        problem = identifiers.type_name_problem(name)
        if problem:
            findings.append((("types", name), problem))
    for section in ("input", "output"):
        for f in getattr(endpoint, section):
            findings += _field_rules(f, (section, f.name))
    for name, typedef in endpoint.types.items():
        findings += _type_rules(typedef.type, ("types", name))
    return findings


def _field_rules(f: Field, path: Path_) -> Iterator[Finding]:
    if f.required and f.default is not MISSING:
        yield (*path, "default"), "a required parameter cannot have a default"
    yield from _type_rules(f.type, path)


def _type_rules(t: TypeExpr, path: Path_) -> Iterator[Finding]:
    for low, high in _BOUND_PAIRS:
        lo, hi = getattr(t, low), getattr(t, high)
        if lo is not None and hi is not None and lo > hi:
            yield (*path, low), f"{low} {lo} is above {high} {hi}"
        strict = low.startswith("exclusive") or high.startswith("exclusive")
        if lo is not None and hi is not None and strict and lo == hi:
            yield (*path, low), f"{low} {lo} and {high} {hi} leave no value"
    for fact, kind in _SHAPE_FACTS.items():
        value = getattr(t, fact)
        if value not in (None, False, ()) and t.type != kind:
            yield (*path, fact), f"{fact!r} applies to type {kind}, not {t.type}"
    if t.type == "array" and t.items is None:
        yield (*path, "items"), "an array needs 'items'"
    if t.type == "union" and len(t.variants) < 2:
        yield (*path, "variants"), "a union needs at least two 'variants'"
    if t.enum is not None and len(set(map(repr, t.enum))) != len(t.enum):
        yield (*path, "enum"), "enum lists a value twice"
    if t.pattern is not None:
        try:
            re.compile(t.pattern)
        except re.error as exc:
            yield (*path, "pattern"), f"pattern {t.pattern!r} is not a regular expression: {exc}"
    for i, value in enumerate(t.enum or ()):
        problem = value_type_problem(t, value)
        if problem:
            yield (*path, "enum", i), f"enum value {value!r} {problem}"
    if t.const is not MISSING:
        problem = value_type_problem(t, t.const)
        if problem:
            yield (*path, "const"), f"const {t.const!r} {problem}"
    if t.items is not None:
        yield from _type_rules(t.items, (*path, "items"))
    for i, variant in enumerate(t.variants):
        yield from _type_rules(variant, (*path, "variants", i))
    for f in t.properties or ():
        yield from _field_rules(f, (*path, "properties", f.name))


def value_type_problem(t: TypeExpr, value: object) -> str | None:
    """Why a listed value (enum, const) cannot be a value of the scalar type `t`, or None."""
    if value is None:
        return None if t.nullable or t.type == "null" else f"is null but {t.type} is not nullable"
    accepted = _JSON_TYPES.get(t.type)
    if accepted is None:
        return None  # unions, references, containers: checked as defaults are
    article = "an" if t.type == "integer" else "a"
    if isinstance(value, bool) and t.type != "boolean":
        return f"is a boolean, not {article} {t.type}"
    if not isinstance(value, accepted):
        return f"is not {article} {t.type} ({type(value).__name__}); quote it or change the type"
    return None


def set_rules(specs: SpecSet, endpoint: Endpoint) -> list[Finding]:
    findings: list[Finding] = []
    provider = specs.providers.get(endpoint.provider)
    pattern = provider.id_pattern if provider is not None else None
    malformed = identifiers.endpoint_id_problem(endpoint.id) is not None  # said by local rules
    if pattern is not None and not malformed and not re.fullmatch(pattern, endpoint.id):
        findings.append(
            (("id",), f"{endpoint.id!r} does not match {endpoint.provider}'s ids ({pattern})")
        )
    if endpoint.provider not in specs.providers:
        known = ", ".join(sorted(specs.providers)) or "none"
        findings.append((("provider",), f"unknown provider {endpoint.provider!r} (known: {known})"))
    else:
        if endpoint.path is not None and endpoint.provider != "segmind":
            findings.append((("path",), "only Segmind endpoints give a v1 path (`path:`)"))
        offered = specs.providers[endpoint.provider].protocols
        for i, protocol in enumerate(endpoint.protocols):
            if protocol not in offered:
                findings.append(
                    (
                        ("protocols", i),
                        f"{endpoint.provider} has no protocol {protocol!r} (it has: {', '.join(offered)})",
                    )
                )
    for section in ("input", "output"):
        for f in getattr(endpoint, section):
            path: Path_ = (section, f.name)
            findings += _references(specs, endpoint, f.type, path)
            if f.canonical is not None and f.canonical not in specs.vocabulary.names:
                findings.append(
                    ((*path, "canonical"), f"{f.canonical!r} is not in specs/vocabulary.yaml")
                )
            findings += _default_rule(specs, endpoint, f, path)
    for name, typedef in endpoint.types.items():
        findings += _references(specs, endpoint, typedef.type, ("types", name))
    return findings


def _references(specs: SpecSet, endpoint: Endpoint, t: TypeExpr, path: Path_) -> list[Finding]:
    findings: list[Finding] = []
    if t.is_ref and specs.resolve(endpoint, t.type) is None:
        findings.append(((*path, "type"), f"unknown type {t.type!r}"))
    if t.items is not None:
        findings += _references(specs, endpoint, t.items, (*path, "items"))
    if isinstance(t.additional, TypeExpr):
        findings += _references(specs, endpoint, t.additional, (*path, "additional"))
    for i, variant in enumerate(t.variants):
        findings += _references(specs, endpoint, variant, (*path, "variants", i))
    for f in t.properties or ():
        findings += _references(specs, endpoint, f.type, (*path, "properties", f.name))
    return findings


def _default_rule(specs: SpecSet, endpoint: Endpoint, f: Field, path: Path_) -> list[Finding]:
    """A default must itself be a valid value: in range, in the enum, of the right type."""
    if f.default is MISSING or (f.default is None and f.type.nullable):
        return []
    defs = referenced_types([f.type], lambda n: specs.resolve(endpoint, n))
    if any(specs.resolve(endpoint, n) is None for n in _names(f.type)):
        return []  # reported as an unknown type already
    schema: dict[str, Any] = field_schema(f.with_(default=MISSING, examples=()))
    if defs:
        schema["$defs"] = {name: typedef_schema(d) for name, d in defs.items()}
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(f.default))
    if not errors:
        return []
    best = jsonschema.exceptions.best_match(errors)
    return [((*path, "default"), f"default {f.default!r} is not a valid value: {best.message}")]


def _names(t: TypeExpr) -> Iterator[str]:
    if t.is_ref:
        yield t.type
    if t.items is not None:
        yield from _names(t.items)
    for variant in t.variants:
        yield from _names(variant)
