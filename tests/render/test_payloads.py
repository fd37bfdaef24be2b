"""Random payloads: everything `payload_strategy` draws is valid against the endpoint's JSON
Schema, and the draws reach the corners (optional parameters left out, null, union variants)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from generator.multiple_of import is_multiple_of
from generator.spec.json_schema import endpoint_schema
from generator.spec.model import Endpoint, Field, SpecSet, TypeDef, TypeExpr
from tests.payloads import PayloadStrategyError, payload_strategy

from .test_fixtures import FRAGMENTS, REAL_FILES, SPECS, fragment, real

NO_DB = settings(database=None)


def assert_draws_are_valid(specs: SpecSet, endpoint: Endpoint, examples: int) -> None:
    check = jsonschema.Draft202012Validator(endpoint_schema(specs, endpoint, "input"))
    required = {f.name for f in endpoint.input if f.required}

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(payload_strategy(specs, endpoint))
    def draws(payload: dict[str, Any]) -> None:
        assert [e.message for e in check.iter_errors(payload)] == []
        assert required <= payload.keys()

    draws()


@pytest.mark.parametrize("name", list(FRAGMENTS))
def test_fragment_draws_are_valid(name: str) -> None:
    assert_draws_are_valid(*fragment(name), examples=200)


PAGE_LAYOUTS = ("fal-markdown", "fal-playground", "segmind-page", "segmind-legacy-page")
PAGE_FILES = [
    p for p in REAL_FILES if any(f"layout: {layout}\n" in p.read_text() for layout in PAGE_LAYOUTS)
]
"""Specs built from pages too (the seed endpoints). The whole catalogue's draws are checked,
against the providers' own schemas as well, by tests/differential."""


@pytest.mark.parametrize(
    "path", PAGE_FILES, ids=[p.relative_to(SPECS).as_posix() for p in PAGE_FILES]
)
def test_real_spec_draws_are_valid(path: Path) -> None:
    assert_draws_are_valid(*real(path), examples=50)


def test_draws_reach_the_corners() -> None:
    specs, endpoint = fragment("nullable")
    strategy = payload_strategy(specs, endpoint)
    assert find(strategy, lambda p: p == {}, settings=NO_DB) == {}
    assert find(strategy, lambda p: p.get("seed", 0) is None, settings=NO_DB)["seed"] is None
    assert (
        find(strategy, lambda p: p.get("style") == "realistic", settings=NO_DB)["style"]
        == "realistic"
    )

    specs, endpoint = fragment("union")
    strategy = payload_strategy(specs, endpoint)
    drawn = find(strategy, lambda p: isinstance(p.get("image_size"), dict), settings=NO_DB)
    assert isinstance(drawn["image_size"], dict)
    assert find(strategy, lambda p: p.get("image_size") == "square", settings=NO_DB) == {
        "image_size": "square"
    }

    specs, endpoint = fragment("exclusive")
    lowest = find(payload_strategy(specs, endpoint), lambda p: p["strength"] < 1e-9, settings=NO_DB)
    assert 0 < lowest["strength"] < 1e-9


def test_exclusive_bounds_are_never_drawn() -> None:
    specs, endpoint = fragment("exclusive")

    @settings(max_examples=300, deadline=None, database=None)
    @given(payload_strategy(specs, endpoint))
    def draws(payload: dict[str, Any]) -> None:
        assert 0 < payload["strength"] < 1
        assert 0 < payload.get("steps", 1) < 100
        assert 0.1 < payload.get("eta", 0.2) <= 0.5

    draws()


def test_a_required_self_reference_fails_loudly() -> None:
    specs, endpoint = fragment("number")
    child = endpoint.input[0].with_(name="child", type=TypeExpr("Node"))  # required
    node = TypeDef("Node", TypeExpr(type="object", properties=(child,)))
    endpoint = endpoint.with_(types={"Node": node}, input=(child,))
    with pytest.raises(PayloadStrategyError, match="Node requires itself"):
        payload_strategy(specs, endpoint)


def test_strategy_is_a_hypothesis_strategy() -> None:
    specs, endpoint = fragment("list")
    assert isinstance(payload_strategy(specs, endpoint), st.SearchStrategy)


@pytest.mark.parametrize(
    ("t", "first", "last"),
    [
        (TypeExpr("number", minimum=0.1, exclusive_minimum=0.1, exclusive_maximum=0.9), 0.1, 0.9),
        (
            TypeExpr("number", exclusive_minimum=0.1, exclusive_maximum=0.9, multiple_of=0.2),
            0.2,
            0.8,
        ),
        (TypeExpr("integer", minimum=3, exclusive_minimum=1, maximum=10, multiple_of=3), 3, 9),
        (TypeExpr("integer", minimum=-2.5, exclusive_maximum=4), -2, 3),
    ],
)
def test_numbers_follow_the_bounds_rule(t: TypeExpr, first: float, last: float) -> None:
    """The tighter bound wins, exclusive ones are never drawn, multiples only (spec/bounds.py);
    the first and last value the rule admits are drawn (floats: only near an exclusive bound)."""
    specs, endpoint = fragment("number")
    value = Field("value", t, required=True)
    strategy = payload_strategy(specs, endpoint.with_(input=(value,)))
    exclusive = t.type == "number" and not t.multiple_of
    step = t.multiple_of

    @settings(max_examples=200, deadline=None, database=None)
    @given(strategy)
    def draws(payload: dict[str, Any]) -> None:
        drawn = payload["value"]
        assert (first < drawn < last) if exclusive else (first <= drawn <= last)
        assert step is None or is_multiple_of(drawn, step)

    draws()
    if not exclusive:
        assert find(strategy, lambda p: p["value"] == first, settings=NO_DB) == {"value": first}
        assert find(strategy, lambda p: p["value"] == last, settings=NO_DB) == {"value": last}
