"""The named types of the fal playground layout (see `fal_playground`): the `Other types` blocks,
the types the fields use (followed transitively, the page's own, the shared ones or open ones),
and whether a page type states the same facts as the shared one."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..spec import walk
from ..spec.model import Field, TypeDef, TypeExpr
from . import type_names
from .base import Document
from .fal_playground_blocks import TYPE_NAME, Block, read_block
from .fal_playground_fields import read_field


def _names_in(fields: tuple[Field, ...]) -> Iterator[tuple[str, str]]:
    """(type name, origin of the use) for every reference in `fields`, in order."""
    for f in fields:
        for name in walk.names(f.type):
            yield name, f.origin["type"]


def _projection(t: TypeExpr) -> TypeExpr:
    """The facts of a type this layout can state: no titles, nullability or required-ness."""
    properties = None
    if t.properties is not None:
        properties = tuple(
            Field(p.name, _projection(p.type), default=p.default, description=p.description)
            for p in t.properties
        )
    return t.with_(
        nullable=False,
        items=None if t.items is None else _projection(t.items),
        variants=tuple(_projection(v) for v in t.variants),
        properties=properties,
    )


def same_as_shared(local: TypeDef, shared: TypeDef | None) -> bool:
    return shared is not None and _projection(local.type) == _projection(shared.type)


def used_types(
    doc: Document,
    fields: tuple[Field, ...],
    page_types: Mapping[str, Block],
    shared: Mapping[str, TypeDef],
    notes: list[str],
    cut_short: bool = False,
) -> dict[str, TypeDef]:
    """Every type the fields use, transitively; the page's definition where it gives one, else
    the shared one (also under the last segment of a long fal name), else an open object.
    `cut_short`: the page ends the file, so a type missing from it may have been cut off: the
    shared one is used with a "truncated?" warning, and with no shared one it is an error, not
    a guess."""
    found: dict[str, TypeDef] = {}
    pending = list(_names_in(fields))
    while pending:
        name, used_at = pending.pop(0)
        short = type_names.short_name(name)
        if name in found:
            continue
        if name in page_types:
            props = tuple(read_field(doc, e, notes) for e in page_types[name].entries)
            found[name] = TypeDef(name, TypeExpr(type="object", properties=props))
            pending += _names_in(props)
        elif name in shared:
            found[name] = shared[name]
            if cut_short:
                line = int(used_at.rsplit(":", 1)[1])
                message = (
                    f"type {name!r} is not defined on this page, which ends the file "
                    "(truncated?); the shared type is used"
                )
                notes.append(doc.warn(line, message))
        elif short in shared:
            found[name] = TypeDef(name, shared[short].type, shared[short].description)
            notes.append(type_names.shortened_note(name, short))
        elif (learned := type_names.learned(name, shared)) is not None:
            key, types, note = learned
            found.update({n: t for n, t in types.items() if n != key})
            found[name] = TypeDef(name, types[key].type, types[key].description)
            notes.append(note)
            if cut_short:
                line = int(used_at.rsplit(":", 1)[1])
                message = f"type {name!r} is not defined on this page, which ends the file"
                notes.append(doc.warn(line, f"{message} (truncated?); {note}"))
        else:
            line = int(used_at.rsplit(":", 1)[1])
            missing = f"type {name!r} is used but neither the page nor specs/types.yaml defines it"
            if cut_short:
                raise doc.fail(line, f"{missing} (the page ends the file: truncated?)")
            message = f"{missing}; it is an open object type here"
            notes.append(doc.warn(line, message))
            found[name] = type_names.open_type(name)
    return found


def distrust_last_type(
    doc: Document, page_types: dict[str, Block], shared: Mapping[str, TypeDef], notes: list[str]
) -> set[str]:
    """The file ends inside the last type of this page's `Other types`, where a cut cannot be
    told from the end of the file: the shared type of that name replaces it (or, with none,
    it is kept), with a warning either way. Answers the names replaced."""
    name = list(page_types)[-1]
    where = next(iter(page_types[name].entries), None)
    line = where.line if where is not None else len(doc.lines)
    ends = f"the file ends inside `{name}`, the last type of this page (truncated?)"
    if name in shared:
        del page_types[name]
        notes.append(doc.warn(line, f"{ends}; the shared `{name}` is used instead"))
        return {name}
    notes.append(doc.warn(line, f"{ends}; kept as the page gives it"))
    return set()


def other_types(doc: Document, headings: list[tuple[int, str]], end: int) -> dict[str, Block]:
    blocks: dict[str, Block] = {}
    for i, (n, name) in enumerate(headings):
        if not TYPE_NAME.fullmatch(name):
            raise doc.fail(n, f"{name!r} is not a type name")
        if name in blocks:
            raise doc.fail(n, f"type {name!r} is defined twice on this page")
        last = headings[i + 1][0] - 1 if i + 1 < len(headings) else end
        block = read_block(doc, n + 2, last, f"type {name}")
        if block.example is not None:
            raise doc.fail(block.example[0], f"type {name}: unexpected JSON example")
        blocks[name] = block
    return blocks
