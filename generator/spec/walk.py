"""The one walk over a type tree: the types inside a `TypeExpr` (its items, its additional
value type, its variants, its properties' types), each with its path.

A path is the tuple of keys from where the walk starts to the node, as the spec's YAML spells
them: `("items",)`, `("additional",)`, `("variants", 1)`, `("properties", "scale")` (a property's
type facts sit on the property itself). So a walk that starts at `("input", "loras")` yields paths
the loader can turn into file lines.

`walk` is pre-order: a node, then each child's subtree in the order of `children` (items,
additional, variants, properties). `members=False` leaves out what an object holds (properties
and the additional value type) and keeps the parts a value itself is made of: a list's items and
a union's variants. `fields` yields the properties at any depth, `resolved` also follows named
types, each once (so a type that contains itself ends the walk there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .model import Field, TypeDef, TypeExpr

Step = str | int
TypePath = tuple[Step, ...]
Node = tuple[TypePath, TypeExpr]


def children(t: TypeExpr, *, members: bool = True) -> Iterator[tuple[TypePath, TypeExpr]]:
    """Each type directly inside `t` with the steps from `t` to it (module docstring)."""
    if t.items is not None:
        yield ("items",), t.items
    if members and isinstance(t.additional, TypeExpr):
        yield ("additional",), t.additional
    for i, variant in enumerate(t.variants):
        yield ("variants", i), variant
    if members:
        for f in t.properties or ():
            yield ("properties", f.name), f.type


def walk(t: TypeExpr, path: TypePath = (), *, members: bool = True) -> Iterator[Node]:
    """`t` at `path`, then every type nested in it with its path, pre-order."""
    yield path, t
    for steps, child in children(t, members=members):
        yield from walk(child, (*path, *steps), members=members)


def fields(t: TypeExpr, path: TypePath = ()) -> Iterator[tuple[TypePath, Field]]:
    """Every property nested in `t` (its own, its items', its variants', theirs, ...) with its
    path, in the order `walk` reaches the objects that hold them."""
    for where, node in walk(t, path):
        for f in node.properties or ():
            yield (*where, "properties", f.name), f


def resolved(roots: Iterable[Node], resolve: Callable[[str], TypeDef | None]) -> Iterator[Node]:
    """`walk` over each root, where a named type is followed into its definition the first time
    it is met (right after the reference, its nodes at paths starting `("types", name)`). A name
    `resolve` does not know is yielded as the reference it is and not followed."""
    seen: set[str] = set()

    def visit(t: TypeExpr, path: TypePath) -> Iterator[Node]:
        for where, node in walk(t, path):
            yield where, node
            if node.is_ref and node.type not in seen:
                seen.add(node.type)
                definition = resolve(node.type)
                if definition is not None:
                    yield from visit(definition.type, ("types", node.type))

    for path, root in roots:
        yield from visit(root, path)


def names(t: TypeExpr, *, members: bool = True) -> Iterator[str]:
    """The type names `t` uses (not following them), in walk order, repeats included."""
    return (node.type for _, node in walk(t, members=members) if node.is_ref)
