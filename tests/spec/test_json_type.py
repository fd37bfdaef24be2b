"""`is_json_type`: the one rule for whether a parsed JSON value is of a JSON type, used by the
loader's enum/const checks and the page ingesters."""

from __future__ import annotations

import pytest

from generator.ingest.page_text import value_fits
from generator.spec.checks import value_type_problem
from generator.spec.model import TypeExpr, is_json_type


@pytest.mark.parametrize(
    ("value", "type_name", "fits"),
    [
        (1, "integer", True),
        (1, "number", True),
        (1.5, "integer", False),
        (True, "integer", False),  # a boolean is no number in JSON
        (True, "number", False),
        (True, "boolean", True),
        (0, "boolean", False),
        ("1", "integer", False),
        ([1], "array", True),
        ({}, "object", True),
        ({}, "array", False),
        (None, "string", False),
        ("x", "Image", None),  # a reference: not judged here
        ("x", "union", None),
    ],
)
def test_is_json_type(value: object, type_name: str, fits: bool | None) -> None:
    assert is_json_type(value, type_name) is fits


def test_loader_and_ingesters_agree() -> None:
    for value, name in [(True, "integer"), ("3", "number"), (2, "string"), (2.0, "number")]:
        t = TypeExpr(name)
        assert value_fits(value, t) is (value_type_problem(t, value) is None), (value, name)
    assert value_type_problem(TypeExpr("integer"), True) == "is a boolean, not an integer"
    assert value_type_problem(TypeExpr("number"), "3") == (
        "is not a number (str); quote it or change the type"
    )
