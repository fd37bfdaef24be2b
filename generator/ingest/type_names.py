"""Type names a page uses: the shared type they name, or an open object type with a warning.

Pages name types they do not define (`ImageFile`, `LoraWeight`, fal's internal long names such
as `fal__toolkit__image__image__Image` or `registry__image__fast_sdxl__models__Image`). A name
resolves to the shared type of that name (specs/types.yaml), else to the shared type named by
its last `__` segment, else to the type the OpenAPI and corpus documents under sources/ all
define the same way (type_library.py; copied into the endpoint's `types:` with the types it
uses, and a note citing the document), else it stays the page's name for an open object type
(any object), with a warning at the line that uses it. Never a refused endpoint for it.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..spec.model import Field, TypeDef, TypeExpr
from ..spec.walk import names as _refs
from .base import Document
from .type_library import learned_types


def short_name(name: str) -> str:
    """fal's long internal names end in the type's own name: `a__b__Image` -> `Image`."""
    return name.rsplit("__", 1)[-1]


def open_type(name: str) -> TypeDef:
    """The stand-in for a type nobody defines: any object, named as the page names it."""
    description = f"`{name}`: the page names this type without defining it; any object."
    return TypeDef(name, TypeExpr(type="object", additional=True), description)


def shortened_note(name: str, short: str) -> str:
    return f"type `{name}` read as the shared type `{short}` (its last segment)"


def learned(name: str, known: Mapping[str, TypeDef]) -> tuple[str, dict[str, TypeDef], str] | None:
    """The library's type for `name` (or for its last segment): (the name it has there, it and
    the types it uses that `known` lacks, a note citing its source); None when the library has
    no single definition of it and of everything it uses."""
    library = learned_types()
    key = name if name in library else short_name(name)
    if key not in library:
        return None
    types: dict[str, TypeDef] = {}
    pending = [key]
    while pending:
        current = pending.pop()
        if current in types or current in known:
            continue
        if current not in library:
            return None
        types[current] = library[current].typedef
        pending += list(_refs(types[current].type))
    entry = library[key]
    note = (
        f"type `{name}` is not defined on the page: taken from {entry.source}, as the "
        f"{entry.documents} document(s) under sources/ that define `{key}` all do"
    )
    return key, types, note


def resolve_names(
    doc: Document,
    fields: tuple[Field, ...],
    known: Mapping[str, TypeDef],
    notes: list[str],
    local: dict[str, TypeDef],
) -> dict[str, str]:
    """Every type name the fields use -> the name the spec uses (see the module docstring);
    the types the endpoint must carry itself are added to `local`; notes and warnings say
    what was done."""
    names: dict[str, str] = {}
    for f in fields:
        for name in _refs(f.type):
            if name in names:
                continue
            short = short_name(name)
            if name in known:
                names[name] = name
            elif short in known:
                names[name] = short
                notes.append(shortened_note(name, short))
            elif (found := learned(name, known)) is not None:
                names[name], types, note = found
                local.update(types)
                notes.append(note)
            else:
                names[name] = name
                local[name] = open_type(name)
                line = int(f.origin["type"].rsplit(":", 1)[1])
                message = (
                    f"type {name!r} is neither defined on the page nor a shared type; "
                    "it is an open object type here"
                )
                notes.append(doc.warn(line, message, f.name))
    return names


def _renamed_type(t: TypeExpr, names: Mapping[str, str]) -> TypeExpr:
    if t.is_ref:
        t = t.with_(type=names.get(t.type, t.type))
    if t.items is not None:
        t = t.with_(items=_renamed_type(t.items, names))
    if t.variants:
        t = t.with_(variants=tuple(_renamed_type(v, names) for v in t.variants))
    return t


def renamed(fields: tuple[Field, ...], names: Mapping[str, str]) -> tuple[Field, ...]:
    """The fields with every type name replaced as `names` says."""
    return tuple(f.with_(type=_renamed_type(f.type, names)) for f in fields)
