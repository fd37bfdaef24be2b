"""The quick spec-schema check against jsonschema: it may say "valid" only where jsonschema finds
no error, on the real spec files and on documents mutated to break it; and every real file
takes the quick path (else it saves nothing)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.spec import loader
from generator.spec.located_yaml import load_located
from generator.spec.quick_check import compile_check

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
SUPPORT = {
    "providers/fal.yaml": "provider_file",
    "providers/segmind.yaml": "provider_file",
    "types.yaml": "types_file",
    "vocabulary.yaml": "vocabulary_file",
}
PROBES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    0.5,
    2.0,
    float("nan"),
    2**64,
    "",
    "x",
    "Not An Id/..",
    [],
    [None],
    {},
    {"unknown_key": 1},
]
"""Values put in place of each value in turn: wrong JSON types, null, empty, odd strings."""


def _load(rel: str) -> Any:
    doc, problems = load_located((SPECS / rel).read_text(encoding="utf-8"), rel)
    assert doc is not None and not problems, problems
    return doc.data


def _valid(definition: str | None, data: Any) -> bool:
    return next(loader._validator(definition).iter_errors(data), None) is None


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _mutations(data: Any, most: int = 80) -> Iterator[Any]:
    """At `most` paths spread over the document: the value replaced by two probes (rotating),
    the key removed (or, in a list, the first item repeated), an unknown key added to a
    mapping."""
    paths = list(_paths(data))[1:]
    step = max(1, len(paths) // most)
    for n, path in enumerate(paths[::step]):
        *parent_path, last = path
        for probe in (PROBES[n % len(PROBES)], PROBES[(n * 7 + 3) % len(PROBES)]):
            changed = copy.deepcopy(data)
            _at(changed, parent_path)[last] = probe
            yield changed
        changed = copy.deepcopy(data)
        parent = _at(changed, parent_path)
        if isinstance(parent, dict):
            del parent[last]
            yield changed
        else:
            parent.append(copy.deepcopy(parent[0]))
            yield changed
        node = _at(data, list(path))
        if isinstance(node, dict):
            changed = copy.deepcopy(data)
            _at(changed, list(path))["zz_unknown"] = "x"
            yield changed


def _at(node: Any, path: list[Any]) -> Any:
    for step in path:
        node = node[step]
    return node


def _spec_files() -> list[str]:
    """A spread of endpoint specs: the largest of each provider folder plus a sample."""
    files = sorted(
        p.relative_to(SPECS).as_posix()
        for p in SPECS.rglob("*.yaml")
        if p.parent != SPECS and p.parent.name != "providers"
    )
    largest = sorted(files, key=lambda rel: -(SPECS / rel).stat().st_size)[:3]
    return sorted({*largest, *files[:: max(1, len(files) // 4)]})


def test_the_spec_schema_and_each_definition_compile() -> None:
    schema = loader.spec_schema()
    assert compile_check(schema) is not None
    for definition in schema["$defs"]:
        assert compile_check(schema, definition) is not None, definition


@pytest.mark.parametrize("rel", sorted(SUPPORT))
def test_support_files_take_the_quick_path(rel: str) -> None:
    data = _load(rel)
    check = loader._quick_check(SUPPORT[rel])
    assert check is not None and check(data) is True
    assert _valid(SUPPORT[rel], data)


def test_every_endpoint_spec_takes_the_quick_path() -> None:
    check = loader._quick_check(None)
    assert check is not None
    slow = [
        p.relative_to(SPECS).as_posix()
        for p in sorted(SPECS.rglob("*.yaml"))
        if p.parent != SPECS and p.parent.name != "providers" and not check(_load_path(p))
    ]
    assert slow == []


def _load_path(path: Path) -> Any:
    return _load(path.relative_to(SPECS).as_posix())


@pytest.mark.parametrize("rel", [*_spec_files(), *sorted(SUPPORT)])
def test_quick_valid_only_where_jsonschema_finds_nothing(rel: str) -> None:
    definition = SUPPORT.get(rel)
    check = loader._quick_check(definition)
    assert check is not None
    seen: dict[tuple[bool, bool], int] = {}
    for doc in _mutations(_load(rel)):
        quick, valid = check(doc), _valid(definition, doc)
        assert not (quick and not valid), json.dumps(doc, default=str)[:400]
        seen[quick, valid] = seen.get((quick, valid), 0) + 1
    # both answers among the probes, and the same answer as jsonschema's for each (no repeated
    # but JSON-distinct list items among them, the one place the quick check is stricter)
    assert seen.get((True, True), 0) > 0 and seen.get((False, False), 0) > 10, seen
    assert (False, True) not in seen, seen


TOY = {
    "$defs": {
        "node": {
            "type": "object",
            "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
            "additionalProperties": False,
        }
    },
    "type": "object",
    "required": ["n", "tags", "name"],
    "additionalProperties": {"type": ["string", "null"]},
    "propertyNames": {"pattern": "^[a-z_]+$"},
    "properties": {
        "n": {"type": "integer", "minimum": 1},
        "x": {"type": "number", "exclusiveMinimum": 0},
        "tags": {"type": "array", "uniqueItems": True, "minItems": 1, "maxItems": 3},
        "name": {"type": "string", "minLength": 2, "maxLength": 4, "pattern": "b"},
        "either": {"anyOf": [{"type": "boolean"}, {"type": "string", "minLength": 3}]},
        "tree": {"$ref": "#/$defs/node"},
    },
}
BASE = {"n": 1, "tags": ["a"], "name": "ab"}
KEYWORD_PROBES: list[dict[str, Any]] = [
    {},
    {"n": 1.0},
    {"n": 1.5},
    {"n": True},
    {"n": 0},
    {"n": "1"},
    {"n": 2**70},
    {"x": 0},
    {"x": 1e-300},
    {"x": False},
    {"x": float("nan")},
    {"x": float("inf")},
    {"tags": []},
    {"tags": ["a", "b", "c", "d"]},
    {"tags": ["a", "a"]},
    {"tags": [{"k": [1]}, {"k": [1]}]},
    {"tags": [1, 1.0]},
    {"tags": "a"},
    {"name": "abcde"},
    {"name": "a"},
    {"name": "xbx"},
    {"name": "éb"},
    {"name": "ac"},
    {"name": 12},
    {"either": True},
    {"either": "ab"},
    {"either": "abc"},
    {"either": None},
    {"other": "s"},
    {"other": None},
    {"other": 1},
    {"Other": "s"},
    {"tree": {"children": [{"children": []}]}},
    {"tree": {"children": [{"children": [{"leaf": 1}]}]}},
    {"tree": {"children": [1]}},
]


@pytest.mark.parametrize("change", KEYWORD_PROBES, ids=lambda c: json.dumps(c, default=str)[:40])
def test_each_keyword_as_jsonschema_reads_it(change: dict[str, Any]) -> None:
    check = compile_check(TOY)
    assert check is not None
    doc = {**BASE, **change}
    assert check(doc) == jsonschema.Draft202012Validator(TOY).is_valid(doc)


@pytest.mark.parametrize("missing", ["n", "tags", "name"])
def test_a_required_key_missing(missing: str) -> None:
    check = compile_check(TOY)
    assert check is not None
    assert check({k: v for k, v in BASE.items() if k != missing}) is False


def test_stricter_only_on_items_python_calls_equal() -> None:
    """`[1, True]` holds two distinct JSON values; the quick check counts a repeat (and the
    caller asks jsonschema), never the other way round."""
    check = compile_check({"type": "array", "uniqueItems": True})
    assert check is not None
    assert jsonschema.Draft202012Validator({"uniqueItems": True}).is_valid([1, True])
    assert check([1, True]) is False


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "patternProperties": {"^x": {}}},
        {"$ref": "other.json#/x"},
        {"$ref": "#/$defs/absent"},
        {"type": "decimal"},
        {"properties": {"a": {"oneOf": [{"type": "string"}]}}},
    ],
)
def test_an_unknown_keyword_leaves_every_document_to_jsonschema(schema: dict[str, Any]) -> None:
    assert compile_check(schema) is None
