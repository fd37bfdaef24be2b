"""The probe set: for one top-level property, the values put in an otherwise valid payload.

Every property gets the fixed probes (wrong JSON types, null, edge numbers and strings); the
property's own schema, as the provider states it, adds its edges: each numeric bound and the
next value past it (a multipleOf step past it when the schema has one, and a value between two
multiples), values just inside and outside the enum, strings at and past their length limits,
an empty list and a list one past `maxItems`, and, for object-valued properties, a valid value
with one unknown key added (at the top of the object, or in the first item of a list of objects).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from generator.multiple_of import multiple_beyond, nth_multiple

UNKNOWN_KEY: Final = "modelgen_probe_unknown_key"

FIXED_PROBES: Final[tuple[tuple[str, Any], ...]] = (
    ("null", None),
    ("true", True),
    ("false", False),
    ("0", 0),
    ("1", 1),
    ("-1", -1),
    ("3.0", 3.0),
    ("3.5", 3.5),
    ('"3"', "3"),
    ('"true"', "true"),
    ('""', ""),
    ('"x"', "x"),
    ("[]", []),
    ('["x"]', ["x"]),
    ("{}", {}),
    ("10**12", 10**12),
    # past every bound, and quotients of a multipleOf step beyond 28 decimal digits
    ("1e300", 1e300),
    ("10**40", 10**40),
)


@dataclass(frozen=True)
class Probe:
    name: str
    value: Any
    adds_key: bool = False
    """The probe adds a key the schema may not list (the unknown-keys exception may apply)."""


def _resolve(document: Any, node: Any) -> Any:
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
        ref: str = node["$ref"]
        target: Any = document
        for token in ref.removeprefix("#/").split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
        seen += 1
    return node


def constraint_nodes(document: Any, node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """`node` and its combinator branches (refs resolved), where a property's facts sit."""
    node = _resolve(document, node)
    if not isinstance(node, dict) or depth > 4:
        return
    yield node
    for key in ("anyOf", "oneOf", "allOf"):
        branches = node.get(key)
        if isinstance(branches, list):
            for branch in branches:
                yield from constraint_nodes(document, branch, depth + 1)


def _past(bound: float, step: float | None, integer: bool, *, up: bool) -> float:
    if step:
        return multiple_beyond(bound, step, up=up, strict=True)
    if integer:
        return bound + (1 if up else -1)
    return bound + (1 if up else -1) * 1e-6 * max(1.0, abs(bound))


def _number_probes(node: dict[str, Any]) -> Iterator[Probe]:
    integer = node.get("type") == "integer"
    step = node.get("multipleOf")
    step = step if isinstance(step, int | float) and not isinstance(step, bool) else None
    edges = (
        ("minimum", False),
        ("maximum", True),
        ("exclusiveMinimum", True),
        ("exclusiveMaximum", False),
    )
    for keyword, up in edges:
        bound = node.get(keyword)
        if not isinstance(bound, int | float) or isinstance(bound, bool):
            continue
        yield Probe(f"{keyword} {bound}", bound)
        yield Probe(f"past {keyword} {bound}", _past(bound, step, integer, up=up))
        inward = not up
        yield Probe(f"inside {keyword} {bound}", _past(bound, step, integer, up=inward))
    if step:
        yield Probe(f"one and a half steps {step}", nth_multiple(3, step) / 2)
        yield Probe(f"three steps {step}", nth_multiple(3, step))


def _length_probes(node: dict[str, Any]) -> Iterator[Probe]:
    for keyword, delta in (("minLength", -1), ("maxLength", 1)):
        limit = node.get(keyword)
        if isinstance(limit, int) and not isinstance(limit, bool) and limit <= 10_000:
            yield Probe(f"{keyword} {limit}", "x" * limit)
            if limit + delta >= 0:
                yield Probe(f"past {keyword} {limit}", "x" * (limit + delta))


def _enum_probes(node: dict[str, Any]) -> Iterator[Probe]:
    values = node.get("enum")
    if not isinstance(values, list) or not values:
        return
    yield Probe("first enum value", values[0])
    yield Probe("last enum value", values[-1])
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if numbers:
        yield Probe("past the enum", max(numbers) + 1)
    yield Probe("outside the enum", "modelgen-not-a-choice")


def _array_probes(node: dict[str, Any], sample: Any) -> Iterator[Probe]:
    item = sample[0] if isinstance(sample, list) and sample else "x"
    limit = node.get("maxItems")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit <= 1000:
        yield Probe(f"maxItems {limit} + 1", [copy.deepcopy(item) for _ in range(limit + 1)])
    low = node.get("minItems")
    if isinstance(low, int) and not isinstance(low, bool) and 0 < low <= 1000:
        yield Probe(f"minItems {low} - 1", [copy.deepcopy(item) for _ in range(low - 1)])


def _unknown_key_probe(sample: Any) -> Iterator[Probe]:
    if isinstance(sample, dict):
        yield Probe("nested unknown key", {**sample, UNKNOWN_KEY: 1}, adds_key=True)
    elif isinstance(sample, list) and sample and isinstance(sample[0], dict):
        first = {**sample[0], UNKNOWN_KEY: 1}
        yield Probe("unknown key in the first item", [first, *sample[1:]], adds_key=True)


def probes(document: Any, schema: Any, sample: Any) -> list[Probe]:
    """Every probe of one property: `schema` is its provider schema (in `document`), `sample` a
    valid value of it (from the endpoint's full valid fixture), or None."""
    found = [Probe(name, value) for name, value in FIXED_PROBES]
    for node in constraint_nodes(document, schema):
        found += _number_probes(node)
        found += _length_probes(node)
        found += _enum_probes(node)
        if node.get("type") == "array" or "maxItems" in node or "minItems" in node:
            found += _array_probes(node, sample)
    found += _unknown_key_probe(sample)
    if sample is not None:
        found.append(Probe("the full fixture's value", sample))
    unique: dict[str, Probe] = {}
    for probe in found:
        unique.setdefault(probe.name, probe)
    return list(unique.values())
