"""Semantic rules a spec must keep beyond its JSON Schema grammar.

Each rule yields `(path, message)`; the loader turns paths into file lines. `local_rules` need
only the endpoint; `set_rules` need the whole spec set (shared types, vocabulary, providers).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Final

from . import identifiers, walk
from .defaults import invalid_defaults
from .located_yaml import Path_
from .model import MISSING, Endpoint, Field, SpecSet, TypeExpr, is_json_type

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


_SCALARS: Final = frozenset({"string", "integer", "number", "boolean"})


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
    yield from _required_rule(f, path)
    yield from _type_rules(f.type, path)


def _required_rule(f: Field, path: Path_) -> Iterator[Finding]:
    if f.required and f.default is not MISSING:
        yield (*path, "default"), "a required parameter cannot have a default"


def _type_rules(t: TypeExpr, path: Path_) -> Iterator[Finding]:
    """The rules of every type in `t` (items, additional values, variants, properties) and of
    every property in it."""
    for where, node in walk.walk(t, path):
        yield from _node_rules(node, where)
    for where, f in walk.fields(t, path):
        yield from _required_rule(f, where)


def _node_rules(t: TypeExpr, path: Path_) -> Iterator[Finding]:
    """The rules of one type, not of the types inside it."""
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


def value_type_problem(t: TypeExpr, value: object) -> str | None:
    """Why a listed value (enum, const) cannot be a value of the scalar type `t`, or None."""
    if value is None:
        return None if t.nullable or t.type == "null" else f"is null but {t.type} is not nullable"
    if t.type not in _SCALARS or is_json_type(value, t.type):
        return None  # unions, references, containers: checked as defaults are
    article = "an" if t.type == "integer" else "a"
    if isinstance(value, bool):
        return f"is a boolean, not {article} {t.type}"
    return f"is not {article} {t.type} ({type(value).__name__}); quote it or change the type"


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
    for name, typedef in endpoint.types.items():
        findings += _references(specs, endpoint, typedef.type, ("types", name))
    sections = [((s, f.name), f) for s in ("input", "output") for f in getattr(endpoint, s)]
    resolve = functools.partial(specs.resolve, endpoint)
    for path, _, problem in invalid_defaults(sections, endpoint.types, resolve):
        findings.append(((*path, "default"), problem))
    return findings


def _references(specs: SpecSet, endpoint: Endpoint, t: TypeExpr, path: Path_) -> list[Finding]:
    return [
        ((*where, "type"), f"unknown type {node.type!r}")
        for where, node in walk.walk(t, path)
        if node.is_ref and specs.resolve(endpoint, node.type) is None
    ]
