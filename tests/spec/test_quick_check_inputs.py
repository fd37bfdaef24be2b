"""The quick check on the endpoints' own input schemas (what the generator checks its valid
request fixtures against): it may say "valid" only where jsonschema, with the project's decimal
`multipleOf`, finds no error. Probed with every fixture the generator wrote (the invalid ones
sit just past a bound, hold a wrong type, miss a required key, ...), those fixtures mutated at
spread-out paths, and the new keywords one by one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.multiple_of import decimal_validator
from generator.spec.quick_check import compile_check

from .test_quick_check import ROOT, _mutations

SCHEMAS = ROOT / "generated" / "modelclients" / "_schemas"
FIXTURES = ROOT / "generated" / "fixtures"


def _schema(fixture: Path) -> Any:
    return json.loads((SCHEMAS / fixture.parent.name / f"{fixture.stem}.input.json").read_text())


def _endpoints() -> list[Path]:
    """Every sixth endpoint whose input schema compiles (the others go to jsonschema whole)."""
    fixtures = sorted(FIXTURES.glob("*/*.json"))
    return [f for f in fixtures if compile_check(_schema(f)) is not None][::6]


def test_nearly_every_input_schema_takes_the_quick_path() -> None:
    schemas = sorted(SCHEMAS.glob("*/*.input.json"))
    compiled = [p for p in schemas if compile_check(json.loads(p.read_text())) is not None]
    assert len(schemas) > 500
    assert len(compiled) >= 0.95 * len(schemas)  # the rest has multipleOf or format


@pytest.mark.parametrize("fixture", _endpoints(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_quick_valid_only_where_jsonschema_finds_nothing(fixture: Path) -> None:
    schema = _schema(fixture)
    check = compile_check(schema)
    assert check is not None
    validator = decimal_validator(schema)
    cases = json.loads(fixture.read_text())
    payloads: list[Any] = [c["payload"] for c in cases["valid"] + cases["invalid"]]
    payloads += list(_mutations(cases["valid"][-1]["payload"], most=40))
    quick_valid = 0
    for payload in payloads:
        valid = validator.is_valid(payload)
        assert not check(payload) or valid, payload
        quick_valid += check(payload)
    assert quick_valid >= len(cases["valid"])  # and it does say "valid" (else it saves nothing)


TOY = {
    "type": "object",
    "x-modelgen-note": "an annotation",
    "properties": {
        "top": {"type": "number", "maximum": 5},
        "below": {"type": "number", "exclusiveMaximum": 10, "x-modelgen-file": True},
        "pick": {"enum": ["a", 1, None, True, 2.5, [1, {"k": False}]]},
        "fixed": {"const": 3},
        "one": {"enum": [1, "1"]},
    },
}
PROBES: list[dict[str, Any]] = [
    {},
    {"top": 5},
    {"top": 5.000001},
    {"top": True},
    {"top": float("nan")},
    {"top": "9"},
    {"below": 9.999},
    {"below": 10},
    {"below": 10.0},
    {"below": float("inf")},
    {"pick": "a"},
    {"pick": 1.0},
    {"pick": True},
    {"pick": False},
    {"pick": 0},
    {"pick": None},
    {"pick": "b"},
    {"pick": [1, {"k": False}]},
    {"pick": [1.0, {"k": 0}]},
    {"pick": [1]},
    {"fixed": 3},
    {"fixed": 3.0},
    {"fixed": True},
    {"fixed": "3"},
    {"one": True},
    {"one": 1.0},
    {"one": "1"},
    {"one": False},
]


@pytest.mark.parametrize("doc", PROBES, ids=lambda c: json.dumps(c, default=str)[:40])
def test_each_new_keyword_as_jsonschema_reads_it(doc: dict[str, Any]) -> None:
    check = compile_check(TOY)
    assert check is not None
    assert check(doc) == jsonschema.Draft202012Validator(TOY).is_valid(doc)


@pytest.mark.parametrize(
    "schema",
    [{"multipleOf": 2}, {"format": "uri"}, {"enum": "ab"}, {"enum": 5}, {"maximum": "5"}],
)
def test_keywords_it_leaves_to_jsonschema(schema: dict[str, Any]) -> None:
    assert compile_check(schema) is None
