"""Merging descriptions of one endpoint: which source wins each fact, and the conflict report."""

from __future__ import annotations

import pytest

from generator.merge import merge
from generator.spec.model import MISSING, Endpoint, Field, SourceRef, TypeDef, TypeExpr


def part(
    label: str, layout: str, *fields: Field, taken: str | None = None, **extra: object
) -> Endpoint:
    return Endpoint(
        id="fal-ai/demo",
        provider="fal",
        input=fields,
        output=(),
        sources={label: SourceRef(f"sources/{label}", layout, taken=taken)},
        **extra,  # type: ignore[arg-type]
    )


def number(name: str, **facts: object) -> Field:
    type_facts = {k: v for k, v in facts.items() if k in ("minimum", "maximum", "enum")}
    rest = {k: v for k, v in facts.items() if k not in type_facts}
    return Field(name, TypeExpr("number", **type_facts), **rest)  # type: ignore[arg-type]


def test_openapi_wins_machine_facts_and_every_disagreement_is_listed() -> None:
    page = part(
        "page.md",
        "fal-markdown",
        number(
            "cfg",
            default=5,
            maximum=10,
            description="From the page.",
            origin={"maximum": "page.md:9"},
        ),
    )
    api = part(
        "api.json",
        "openapi",
        number("cfg", default=3.5, minimum=1, origin={"default": "api.json#/cfg/default"}),
    )
    merged = merge([page, api])
    cfg = merged.field_named("input", "cfg")
    assert cfg is not None
    assert (cfg.default, cfg.type.minimum, cfg.type.maximum) == (3.5, 1, None)
    assert cfg.description == "From the page."
    assert cfg.origin["default"] == "api.json#/cfg/default"
    found = {(c.fact, c.chosen): dict(c.values) for c in merged.conflicts}
    assert found == {
        ("default", "api.json"): {"api.json": 3.5, "page.md": 5},
        ("maximum", "api.json"): {"api.json": None, "page.md": 10},
    }
    assert set(merged.sources) == {"page.md", "api.json"}


def test_pages_complete_each_other_and_newer_layout_wins() -> None:
    legacy = part(
        "legacy.txt",
        "segmind-legacy-page",
        Field("negative_prompt", TypeExpr("string"), default="1"),
        Field("scheduler", TypeExpr("string"), default="Euler"),
    )
    newer = part(
        "new.txt",
        "segmind-page",
        Field("negative_prompt", TypeExpr("string"), default=""),
        Field("scheduler", TypeExpr("string", enum=("Euler", "DPM"))),
    )
    merged = merge([legacy, newer])
    negative = merged.field_named("input", "negative_prompt")
    scheduler = merged.field_named("input", "scheduler")
    assert negative is not None and negative.default == ""
    assert scheduler is not None
    assert scheduler.type.enum == ("Euler", "DPM") and scheduler.default == "Euler"
    assert [(c.field, c.fact, c.chosen) for c in merged.conflicts] == [
        ("input.negative_prompt", "default", "new.txt")
    ]


def test_a_parameter_the_openapi_lacks_is_dropped_and_reported() -> None:
    a = part("a.json", "openapi", number("x"), number("y"))
    b = part("b.md", "fal-markdown", number("y"), number("z", default=1))
    merged = merge([b, a])
    assert [f.name for f in merged.input] == ["x", "y"]
    presence = [c for c in merged.conflicts if c.fact == "present"]
    assert [(c.field, dict(c.values), c.chosen) for c in presence] == [
        ("input.x", {"a.json": True, "b.md": False}, "a.json"),
        ("input.z", {"a.json": False, "b.md": True}, "a.json"),
    ]


@pytest.mark.parametrize(
    ("old_date", "new_date"), [("2025-09-03", "2026-05-12"), (None, "2026-01-01")]
)
def test_the_newest_machine_source_decides_whether_a_parameter_exists(
    old_date: str | None, new_date: str
) -> None:
    old = part("old.json", "openapi", number("x"), number("gone"), taken=old_date)
    new = part("new.json", "fal-js-corpus", number("x"), number("acceleration"), taken=new_date)
    merged = merge([old, new])
    assert [f.name for f in merged.input] == ["x", "acceleration"]
    assert [(c.field, c.fact, dict(c.values), c.chosen) for c in merged.conflicts] == [
        ("input.acceleration", "present", {"new.json": True, "old.json": False}, "new.json"),
        ("input.gone", "present", {"new.json": False, "old.json": True}, "new.json"),
    ]


def test_without_openapi_every_page_field_is_kept_in_order() -> None:
    a = part("a.txt", "segmind-page", number("x"), number("y"))
    b = part("b.txt", "segmind-legacy-page", number("y"), number("z", default=1))
    merged = merge([b, a])
    assert [f.name for f in merged.input] == ["x", "y", "z"]
    z = merged.field_named("input", "z")
    assert z is not None and z.default == 1
    x = merged.field_named("input", "x")
    assert x is not None and x.default is MISSING


def test_protocols_notes_and_examples_are_pooled() -> None:
    a = part("a.txt", "segmind-legacy-page", protocols=("v1",), notes=("old",))
    b = part(
        "b.txt", "segmind-page", protocols=("v1", "v2"), notes=("new",), examples={"request": {}}
    )
    merged = merge([a, b])
    assert merged.protocols == ("v1", "v2")
    assert merged.notes == ("new", "old")
    assert merged.examples == {"request": {}}


def test_merge_refuses_different_ids() -> None:
    other = part("a.json", "openapi").with_(id="fal-ai/other")
    with pytest.raises(ValueError, match="one endpoint id"):
        merge([part("b.json", "openapi"), other])


def test_a_page_type_does_not_shadow_the_shared_type_the_openapi_uses() -> None:
    loose = TypeDef(
        "ImageSize", TypeExpr("object", properties=(Field("width", TypeExpr("integer")),))
    )
    page = part(
        "page.txt",
        "fal-playground",
        Field("image_size", TypeExpr("ImageSize")),
        types={"ImageSize": loose},
    )
    api = part("api.json", "openapi", Field("image_size", TypeExpr("ImageSize")))
    only_page = part(
        "page.txt", "fal-playground", Field("mask", TypeExpr("Mask")), types={"Mask": loose}
    )
    assert merge([page, api]).types == {}
    assert set(merge([only_page, api]).types) == {"Mask"}


def test_the_same_enum_in_another_order_is_no_conflict() -> None:
    page = part(
        "page.txt", "fal-playground", Field("ratio", TypeExpr("string", enum=("1:1", "3:4", "4:3")))
    )
    api = part(
        "api.json", "openapi", Field("ratio", TypeExpr("string", enum=("1:1", "4:3", "3:4")))
    )
    merged = merge([page, api])
    ratio = merged.field_named("input", "ratio")
    assert ratio is not None and ratio.type.enum == ("1:1", "4:3", "3:4")
    assert merged.conflicts == ()
    narrower = part("page.txt", "fal-playground", Field("ratio", TypeExpr("string", enum=("1:1",))))
    assert [c.fact for c in merge([narrower, api]).conflicts] == ["enum"]
