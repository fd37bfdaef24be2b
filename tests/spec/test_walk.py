"""The one walk over a type tree (generator/spec/walk.py): order, paths, every kind of child,
named types followed once (cycles end)."""

from __future__ import annotations

from generator.spec import walk
from generator.spec.model import Field, TypeDef, TypeExpr

LEAF = TypeExpr("string")
TREE = TypeExpr(
    "object",
    properties=(
        Field("tags", TypeExpr("array", items=TypeExpr("Tag"))),
        Field("size", TypeExpr("union", variants=(TypeExpr("integer"), TypeExpr("Size")))),
    ),
    additional=TypeExpr("object", additional=True, properties=(Field("x", LEAF),)),
)


def test_children_of_every_kind_in_order() -> None:
    both = TypeExpr("array", items=LEAF, variants=(TypeExpr("null"),))
    assert list(walk.children(both)) == [(("items",), LEAF), (("variants", 0), TypeExpr("null"))]
    assert [steps for steps, _ in walk.children(TREE)] == [
        ("additional",),
        ("properties", "tags"),
        ("properties", "size"),
    ]
    assert list(walk.children(TypeExpr("object", additional=True))) == []


def test_walk_is_pre_order_with_paths() -> None:
    assert [path for path, _ in walk.walk(TREE, ("input", "p"))] == [
        ("input", "p"),
        ("input", "p", "additional"),
        ("input", "p", "additional", "properties", "x"),
        ("input", "p", "properties", "tags"),
        ("input", "p", "properties", "tags", "items"),
        ("input", "p", "properties", "size"),
        ("input", "p", "properties", "size", "variants", 0),
        ("input", "p", "properties", "size", "variants", 1),
    ]
    assert [t.type for _, t in walk.walk(TREE)][-3:] == ["union", "integer", "Size"]


def test_walk_without_members_keeps_items_and_variants() -> None:
    t = TypeExpr("union", variants=(TREE, TypeExpr("array", items=TypeExpr("Tag"))))
    assert [path for path, _ in walk.walk(t, members=False)] == [
        (),
        ("variants", 0),
        ("variants", 1),
        ("variants", 1, "items"),
    ]
    assert list(walk.names(TREE)) == ["Tag", "Size"]
    assert list(walk.names(TREE, members=False)) == []


def test_fields_at_any_depth() -> None:
    assert [(path, f.name) for path, f in walk.fields(TREE, ("types", "T"))] == [
        (("types", "T", "properties", "tags"), "tags"),
        (("types", "T", "properties", "size"), "size"),
        (("types", "T", "additional", "properties", "x"), "x"),
    ]


def test_resolved_follows_each_name_once_and_cycles_end() -> None:
    node = TypeDef(
        "Node",
        TypeExpr(
            "object", properties=(Field("next", TypeExpr("Node")), Field("tag", TypeExpr("Tag")))
        ),
    )
    tag = TypeDef("Tag", TypeExpr("string", enum=("a", "b")))
    known = {"Node": node, "Tag": tag}
    reached = list(
        walk.resolved([(("input", "n"), TypeExpr("Node")), ((), TypeExpr("Gone"))], known.get)
    )
    assert [(path, t.type) for path, t in reached] == [
        (("input", "n"), "Node"),
        (("types", "Node"), "object"),
        (("types", "Node", "properties", "next"), "Node"),
        (("types", "Node", "properties", "tag"), "Tag"),
        (("types", "Tag"), "string"),
        ((), "Gone"),
    ]
