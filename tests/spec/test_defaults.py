"""The one default rule (generator/spec/defaults.py), used by the loader and the JSON Schema
ingesters alike."""

from __future__ import annotations

from generator.spec.defaults import default_problem, fields_with_defaults, invalid_defaults
from generator.spec.model import Field, TypeDef, TypeExpr

SIZE = TypeDef("Size", TypeExpr("object", properties=(Field("w", TypeExpr("integer"), True),)))
TYPES = {"Size": SIZE}


def test_default_problem_messages() -> None:
    steps = Field("steps", TypeExpr("integer", maximum=50), default=60)
    assert default_problem(steps, TYPES.get) == (
        "default 60 is not a valid value: 60 is greater than the maximum of 50"
    )
    assert default_problem(steps.with_(default=50), TYPES.get) is None
    size = Field("size", TypeExpr("Size"), default={"w": "wide"})
    assert default_problem(size, TYPES.get) == (
        "default {'w': 'wide'} is not a valid value: 'wide' is not of type 'integer'"
    )


def test_multiple_of_is_the_runtimes_decimal_rule() -> None:
    """0.3 is a multiple of 0.1 for the generated models and `validate()` (exact decimals), so
    the default rule agrees, though 0.3 / 0.1 is 2.9999999999999996 in floats."""
    strength = Field("strength", TypeExpr("number", multiple_of=0.1), default=0.3)
    assert default_problem(strength, TYPES.get) is None
    assert default_problem(strength.with_(default=0.35), TYPES.get) == (
        "default 0.35 is not a valid value: 0.35 is not a multiple of 0.1"
    )


def test_no_problem_without_a_checkable_default() -> None:
    nullable = Field("seed", TypeExpr("integer", nullable=True), default=None)
    assert default_problem(nullable, TYPES.get) is None
    assert default_problem(Field("seed", TypeExpr("integer")), TYPES.get) is None
    unknown = Field("x", TypeExpr("object", properties=(Field("y", TypeExpr("Gone")),)), default=1)
    assert default_problem(unknown, TYPES.get) is None  # the unknown type is reported instead


def test_every_default_at_any_depth() -> None:
    inner = Field("scale", TypeExpr("number", minimum=0), default=-1)
    lora = TypeExpr("object", properties=(inner,))
    fields = [
        (("input", "loras"), Field("loras", TypeExpr("array", items=lora))),
        (("input", "n"), Field("n", TypeExpr("integer"), default=1)),
    ]
    types = {"Lora": TypeDef("Lora", lora)}
    assert [path for path, _ in fields_with_defaults(fields, types)] == [
        ("input", "loras", "items", "properties", "scale"),
        ("input", "n"),
        ("types", "Lora", "properties", "scale"),
    ]
    found = list(invalid_defaults(fields, types, types.get))
    assert [(path[-1], f.name) for path, f, _ in found] == [("scale", "scale")] * 2
    assert found[0][2] == "default -1 is not a valid value: -1 is less than the minimum of 0"
