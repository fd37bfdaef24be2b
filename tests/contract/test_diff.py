"""Drift classification on small inline endpoints: every kind, breaking vs additive."""

from __future__ import annotations

from typing import Any

from generator.contract.diff import compare
from generator.contract.facts import Drift
from generator.spec.model import Endpoint, Field, TypeDef, TypeExpr


def ep(
    inputs: tuple[Field, ...] = (),
    outputs: tuple[Field, ...] = (),
    types: dict[str, TypeDef] | None = None,
) -> Endpoint:
    return Endpoint("fal-ai/x", "fal", inputs, outputs, types=types or {})


def f(name: str, type_: str = "string", required: bool = False, **facts: Any) -> Field:
    default = facts.pop("default", None)
    field = Field(name, TypeExpr(type_, **facts), required=required)
    return field if default is None else field.with_(default=default)


def one(spec: Endpoint, provider: Endpoint) -> Drift:
    drifts = compare(spec, provider)
    assert len(drifts) == 1, drifts
    return drifts[0]


def test_identical_endpoints_have_no_drift() -> None:
    fields = (f("prompt", required=True), f("steps", "integer", default=4, minimum=1, maximum=8))
    assert compare(ep(fields, (f("seed", "integer"),)), ep(fields, (f("seed", "integer"),))) == []


def test_input_parameter_removed_is_breaking() -> None:
    d = one(ep((f("a"), f("b"))), ep((f("a"),)))
    assert (d.kind, d.field, d.fact, d.breaking) == ("removed", "input.b", "field", True)


def test_optional_input_added_is_additive_required_one_breaks() -> None:
    d = one(ep((f("a"),)), ep((f("a"), f("b"))))
    assert (d.kind, d.field, d.breaking) == ("added", "input.b", False)
    d = one(ep((f("a"),)), ep((f("a"), f("b", required=True))))
    assert (d.kind, d.breaking, d.detail) == ("added", True, "required")


def test_output_field_removed_breaks_added_does_not() -> None:
    d = one(ep(outputs=(f("images"), f("seed"))), ep(outputs=(f("images"),)))
    assert (d.kind, d.field, d.breaking) == ("removed", "output.seed", True)
    d = one(ep(outputs=(f("images"),)), ep(outputs=(f("images"), f("nsfw", "boolean"))))
    assert (d.kind, d.field, d.breaking) == ("added", "output.nsfw", False)


def test_type_changed_is_breaking() -> None:
    d = one(ep((f("seed", "string"),)), ep((f("seed", "integer"),)))
    assert (d.kind, d.spec_value, d.provider_value, d.breaking) == (
        "type-changed",
        "string",
        "integer",
        True,
    )


def test_integer_to_number_widens_input_but_breaks_output() -> None:
    d = one(ep((f("x", "integer"),)), ep((f("x", "number"),)))
    assert (d.kind, d.breaking) == ("type-widened", False)
    d = one(ep(outputs=(f("x", "integer"),)), ep(outputs=(f("x", "number"),)))
    assert (d.kind, d.breaking) == ("type-widened", True)


def test_default_changed_is_listed_not_breaking() -> None:
    d = one(ep((f("fmt", default="png"),)), ep((f("fmt", default="jpeg"),)))
    assert (d.kind, d.fact, d.spec_value, d.provider_value, d.breaking) == (
        "default-changed",
        "default",
        "png",
        "jpeg",
        False,
    )


def test_a_default_of_5_equals_5_0_but_not_true() -> None:
    assert compare(ep((f("x", "number", default=5),)), ep((f("x", "number", default=5.0),))) == []
    assert compare(ep((f("x", "any", default=1),)), ep((f("x", "any", default=True),)))


def test_smaller_maximum_narrows_and_breaks_larger_widens() -> None:
    spec = ep((f("n", "integer", minimum=1, maximum=4),))
    d = one(spec, ep((f("n", "integer", minimum=1, maximum=2),)))
    assert (d.kind, d.fact, d.spec_value, d.provider_value, d.breaking) == (
        "range-narrowed",
        "maximum",
        4,
        2,
        True,
    )
    d = one(spec, ep((f("n", "integer", minimum=1, maximum=8),)))
    assert (d.kind, d.breaking) == ("range-widened", False)


def test_larger_minimum_or_new_bound_narrows_dropped_bound_widens() -> None:
    d = one(ep((f("g", "number", minimum=1),)), ep((f("g", "number", minimum=2),)))
    assert (d.kind, d.fact, d.breaking) == ("range-narrowed", "minimum", True)
    d = one(ep((f("g", "number"),)), ep((f("g", "number", maximum=20),)))
    assert (d.kind, d.breaking, d.detail) == ("range-narrowed", True, "a new bound")
    d = one(ep((f("g", "number", maximum=20),)), ep((f("g", "number"),)))
    assert (d.kind, d.breaking, d.detail) == (
        "range-widened",
        False,
        "the provider states no bound",
    )


def test_exclusive_bound_at_the_same_value_narrows() -> None:
    d = one(ep((f("w", "integer", minimum=0),)), ep((f("w", "integer", exclusive_minimum=0),)))
    assert (d.kind, d.fact, d.provider_value, d.breaking) == (
        "range-narrowed",
        "exclusive_minimum",
        {"exclusive": 0},
        True,
    )


def test_output_range_direction_flips() -> None:
    d = one(
        ep(outputs=(f("n", "integer", maximum=4),)), ep(outputs=(f("n", "integer", maximum=9),))
    )
    assert (d.kind, d.breaking) == ("range-widened", True)


def test_list_bounds() -> None:
    spec = ep((f("urls", "array", items=TypeExpr("string"), max_items=3),))
    d = one(spec, ep((f("urls", "array", items=TypeExpr("string"), max_items=2),)))
    assert (d.kind, d.fact, d.breaking) == ("range-narrowed", "max_items", True)
    d = one(spec, ep((f("urls", "array", items=TypeExpr("string")),)))
    assert (d.kind, d.fact, d.breaking) == ("range-widened", "max_items", False)


def test_enum_value_removed_breaks_added_is_additive() -> None:
    spec = ep((f("fmt", enum=("jpeg", "png")),))
    d = one(spec, ep((f("fmt", enum=("jpeg",)),)))
    assert (d.kind, d.breaking, d.detail) == ("enum-values-removed", True, "removed: 'png'")
    d = one(spec, ep((f("fmt", enum=("jpeg", "png", "webp")),)))
    assert (d.kind, d.breaking, d.detail) == ("enum-values-added", False, "added: 'webp'")


def test_enum_order_is_not_drift() -> None:
    assert compare(ep((f("r", enum=("1:1", "4:3")),)), ep((f("r", enum=("4:3", "1:1")),))) == []


def test_new_enum_value_in_output_breaks() -> None:
    spec = ep(outputs=(f("status", enum=("OK",)),))
    d = one(spec, ep(outputs=(f("status", enum=("OK", "FAILED")),)))
    assert (d.kind, d.breaking) == ("enum-values-added", True)


def test_enum_introduced_narrows_enum_dropped_widens() -> None:
    d = one(ep((f("s"),)), ep((f("s", enum=("a",)),)))
    assert (d.kind, d.breaking) == ("enum-introduced", True)
    d = one(ep((f("s", enum=("a",)),)), ep((f("s"),)))
    assert (d.kind, d.breaking) == ("enum-dropped", False)


def test_required_flips() -> None:
    d = one(ep((f("p"),)), ep((f("p", required=True),)))
    assert (d.kind, d.fact, d.breaking) == ("newly-required", "required", True)
    d = one(ep((f("p", required=True),)), ep((f("p"),)))
    assert (d.kind, d.breaking) == ("no-longer-required", False)
    d = one(ep(outputs=(f("seed", required=True),)), ep(outputs=(f("seed"),)))
    assert (d.kind, d.breaking) == ("no-longer-required", True)


def test_nullable_changes() -> None:
    d = one(ep((f("seed", "integer", nullable=True),)), ep((f("seed", "integer"),)))
    assert (d.kind, d.fact, d.breaking) == ("nullable-removed", "nullable", True)
    d = one(ep((f("seed", "integer"),)), ep((f("seed", "integer", nullable=True),)))
    assert (d.kind, d.breaking) == ("nullable-added", False)
    d = one(ep(outputs=(f("seed", "integer"),)), ep(outputs=(f("seed", "integer", nullable=True),)))
    assert (d.kind, d.breaking) == ("nullable-added", True)


def test_pattern_added_narrows() -> None:
    d = one(ep((f("color"),)), ep((f("color", pattern="^#[0-9a-f]{6}$"),)))
    assert (d.kind, d.fact, d.breaking) == ("constraint-changed", "pattern", True)


def test_array_items_are_compared() -> None:
    spec = ep((f("styles", "array", items=TypeExpr("string", enum=("a", "b"))),))
    d = one(spec, ep((f("styles", "array", items=TypeExpr("string", enum=("a",))),)))
    assert (d.kind, d.field, d.breaking) == ("enum-values-removed", "input.styles[]", True)


def test_inline_object_properties_are_compared() -> None:
    def obj(*props: Field) -> Endpoint:
        return ep(outputs=(f("info", "object", properties=props),))

    d = one(obj(f("w", "integer"), f("h", "integer")), obj(f("w", "integer")))
    assert (d.kind, d.field, d.breaking) == ("removed", "output.info.h", True)


def test_named_types_compared_once_per_section() -> None:
    def size(maximum: int) -> dict[str, TypeDef]:
        props = (f("width", "integer", maximum=maximum), f("height", "integer"))
        return {"ImageSize": TypeDef("ImageSize", TypeExpr("object", properties=props))}

    fields = (f("image_size", "ImageSize"), f("mask_size", "ImageSize"))
    d = one(ep(fields, types=size(14142)), ep(fields, types=size(4096)))
    assert (d.kind, d.field, d.fact, d.breaking) == (
        "range-narrowed",
        "input.types.ImageSize.width",
        "maximum",
        True,
    )


def test_named_type_resolved_through_shared_types() -> None:
    shared = TypeDef("Size", TypeExpr("object", properties=(f("w", "integer", maximum=10),)))
    local = TypeDef("Size", TypeExpr("object", properties=(f("w", "integer", maximum=20),)))
    drifts = compare(
        ep((f("s", "Size"),)), ep((f("s", "Size"),), types={"Size": local}), {"Size": shared}.get
    )
    assert [(d.kind, d.field, d.breaking) for d in drifts] == [
        ("range-widened", "input.types.Size.w", False)
    ]


def test_renamed_type_with_the_same_shape_is_not_breaking() -> None:
    shape = TypeExpr("object", properties=(f("url", required=True),))
    spec = ep(outputs=(f("image", "Image"),), types={"Image": TypeDef("Image", shape)})
    provider = ep(
        outputs=(f("image", "ImageFile"),), types={"ImageFile": TypeDef("ImageFile", shape)}
    )
    d = one(spec, provider)
    assert (d.kind, d.breaking, d.detail) == ("type-renamed", False, "Image -> ImageFile")


def test_union_variants_removed_and_added() -> None:
    preset = TypeExpr("string", enum=("square", "landscape_4_3"))
    spec = ep((f("image_size", "union", variants=(TypeExpr("ImageSize"), preset)),))
    provider = ep((f("image_size", "union", variants=(preset, TypeExpr("integer"))),))
    drifts = compare(spec, provider, {"ImageSize": TypeDef("ImageSize", TypeExpr("object"))}.get)
    assert [(d.kind, d.field, d.breaking) for d in drifts] == [
        ("variant-removed", "input.image_size|ImageSize", True),
        ("variant-added", "input.image_size|integer", False),
    ]


def test_drift_records_where_the_spec_fact_came_from() -> None:
    spec_field = f("fmt", default="png").with_(
        origin={"type": "page.txt:10", "default": "override"}
    )
    d = one(ep((spec_field,)), ep((f("fmt", default="jpeg"),)))
    assert d.origin == "override"
    d = one(ep((f("x").with_(origin={"type": "corpus.json#/a/b"}),)), ep())
    assert (d.kind, d.origin) == ("removed", "corpus.json")
