"""Two descriptions of one endpoint compared fact by fact: the spec and the provider's.

`compare(spec, provider, ...)` walks the input and the output, field by field and into
arrays, inline objects, maps, union variants and named types (each named type once per
section, reported under `<section>.types.<Name>`), and returns one `Drift` per difference
in a machine fact. Prose (descriptions, titles, examples) and our own annotations (canonical
names) are not part of the contract and are not compared. See `facts` for how a difference
is judged breaking or additive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..spec.bounds import lower_bound, upper_bound
from ..spec.model import JSON, MISSING, Endpoint, Field, TypeDef, TypeExpr
from .facts import (
    Drift,
    bound_fact,
    bound_value,
    breaks,
    lower_is_stricter,
    plain,
    same,
    upper_is_stricter,
)

Resolve = Callable[[str], TypeDef | None]
"""A type name as seen from one endpoint: its local types, then the shared ones."""

_LENGTHS = (("min_length", "max_length"), ("min_items", "max_items"))
_RULES = ("pattern", "format", "multiple_of")
_BOUNDS = (("lower", lower_bound, lower_is_stricter), ("upper", upper_bound, upper_is_stricter))


@dataclass
class _Walk:
    """What one comparison carries along: both sides' type resolution and the findings."""

    spec_types: Resolve
    provider_types: Resolve
    drifts: list[Drift] = field(default_factory=list)
    seen: set[tuple[str, str]] = field(default_factory=set)
    origin: str = ""

    def add(
        self,
        kind: str,
        where: str,
        fact: str,
        spec: object,
        provider: object,
        breaking: bool,
        detail: str = "",
    ) -> None:
        self.drifts.append(
            Drift(kind, where, fact, plain(spec), plain(provider), breaking, detail, self.origin)
        )


def compare(
    spec: Endpoint,
    provider: Endpoint,
    shared: Resolve | None = None,
) -> list[Drift]:
    """Every drift from the spec to the provider's description, inputs first."""
    walk = _Walk(_resolver(spec, shared), _resolver(provider, shared))
    compare_fields(walk, "input", spec.input, provider.input, sends=True)
    compare_fields(walk, "output", spec.output, provider.output, sends=False)
    return walk.drifts


def _resolver(endpoint: Endpoint, shared: Resolve | None) -> Resolve:
    def resolve(name: str) -> TypeDef | None:
        local = endpoint.types.get(name)
        if local is not None:
            return local
        return shared(name) if shared is not None else None

    return resolve


# ---------------------------------------------------------------------------- fields


def compare_fields(
    walk: _Walk,
    prefix: str,
    spec: Sequence[Field],
    provider: Sequence[Field],
    *,
    sends: bool,
) -> None:
    """Fields matched by name: added, removed, and the facts of those on both sides."""
    theirs = {f.name: f for f in provider}
    ours = {f.name for f in spec}
    for mine in spec:
        walk.origin = _origin(mine, "type")
        other = theirs.get(mine.name)
        where = f"{prefix}.{mine.name}"
        if other is None:
            walk.add("removed", where, "field", _summary(mine), None, True)
            continue
        compare_field(walk, where, mine, other, sends=sends)
    for other in provider:
        if other.name not in ours:
            walk.origin = ""
            breaking = sends and other.required
            detail = "required" if other.required else "optional"
            walk.add(
                "added", f"{prefix}.{other.name}", "field", None, _summary(other), breaking, detail
            )


def compare_field(walk: _Walk, where: str, spec: Field, provider: Field, *, sends: bool) -> None:
    """`required` and `default` of a field, then its type."""
    if spec.required != provider.required:
        walk.origin = _origin(spec, "required")
        newly = provider.required
        kind = "newly-required" if newly else "no-longer-required"
        walk.add(kind, where, "required", spec.required, provider.required, newly == sends)
    if not same(spec.default, provider.default):
        walk.origin = _origin(spec, "default")
        detail = _default_detail(spec.default, provider.default)
        walk.add("default-changed", where, "default", spec.default, provider.default, False, detail)
    walk.origin = _origin(spec, "type")
    compare_types(walk, where, spec.type, provider.type, sends=sends, owner=spec)


def _default_detail(spec: JSON, provider: JSON) -> str:
    if spec is MISSING:
        return "the provider now has a default"
    if provider is MISSING:
        return "the provider no longer has a default"
    return ""


def _origin(f: Field, fact: str) -> str:
    """The source label (or "override") a field's fact came from, per its `from:` record."""
    cited = f.origin.get(fact) or f.origin.get("type") or next(iter(f.origin.values()), "")
    if cited == "override":
        return cited
    for mark in ("#", ":"):
        if mark in cited:
            return cited.split(mark, 1)[0]
    return cited


def _summary(f: Field) -> JSON:
    out = plain(f.type)
    if isinstance(out, dict):
        if f.required:
            out["required"] = True
        if f.default is not MISSING:
            out["default"] = plain(f.default)
    return out


# ---------------------------------------------------------------------------- types


def compare_types(
    walk: _Walk,
    where: str,
    spec: TypeExpr,
    provider: TypeExpr,
    *,
    sends: bool,
    owner: Field | None = None,
) -> None:
    """Kind first; when both sides are the same kind, every constraint and the inner types."""
    _compare_nullable(walk, where, spec, provider, sends)
    if spec.type != provider.type:
        _compare_kinds(walk, where, spec, provider, sends)
        return
    if spec.is_ref:
        _compare_named(walk, where, spec.type, sends)
        return
    _compare_constraints(walk, where, spec, provider, sends, owner)
    _fact_origin(walk, owner, "items")  # a hand edit of `items` marks what differs inside
    _compare_inner(walk, where, spec, provider, sends)


def _fact_origin(walk: _Walk, owner: Field | None, fact: str) -> None:
    if owner is not None:
        walk.origin = _origin(owner, fact)


def _compare_nullable(
    walk: _Walk, where: str, spec: TypeExpr, provider: TypeExpr, sends: bool
) -> None:
    if spec.nullable == provider.nullable:
        return
    widened = provider.nullable
    kind = "nullable-added" if widened else "nullable-removed"
    walk.add(kind, where, "nullable", spec.nullable, provider.nullable, breaks(sends, widened))


def _compare_kinds(
    walk: _Walk, where: str, spec: TypeExpr, provider: TypeExpr, sends: bool
) -> None:
    """Different type names: a renamed named type, a number widening, or a real change."""
    mine, theirs = _resolved(walk.spec_types, spec), _resolved(walk.provider_types, provider)
    if spec.is_ref and provider.is_ref and mine is not None and theirs is not None:
        detail = f"{spec.type} -> {provider.type}"
        walk.add("type-renamed", where, "type", spec.type, provider.type, False, detail)
        compare_types(walk, where, mine, theirs, sends=sends)
        return
    widened = _widens(spec.type, provider.type)
    if widened is None:
        walk.add("type-changed", where, "type", spec.type, provider.type, True)
        return
    kind = "type-widened" if widened else "type-narrowed"
    walk.add(kind, where, "type", spec.type, provider.type, breaks(sends, widened))


def _resolved(resolve: Resolve, t: TypeExpr) -> TypeExpr | None:
    if not t.is_ref:
        return t
    found = resolve(t.type)
    return None if found is None else found.type


def _widens(spec: str, provider: str) -> bool | None:
    """True when the provider's type holds every value of the spec's, False for the converse,
    None when neither holds the other."""
    if provider == "any" or (spec, provider) == ("integer", "number"):
        return True
    if spec == "any" or (spec, provider) == ("number", "integer"):
        return False
    return None


def _compare_named(walk: _Walk, where: str, name: str, sends: bool) -> None:
    """A named type on both sides: compared once per section, under `<section>.types.<Name>`."""
    section = where.split(".", 1)[0]
    if (section, name) in walk.seen:
        return
    walk.seen.add((section, name))
    mine, theirs = walk.spec_types(name), walk.provider_types(name)
    at = f"{section}.types.{name}"
    if mine is None or theirs is None:
        if mine is not None or theirs is not None:
            walk.add("type-undefined", at, "type", _defined(mine), _defined(theirs), True)
        return
    saved = walk.origin
    walk.origin = ""
    compare_types(walk, at, mine.type, theirs.type, sends=sends)
    walk.origin = saved


def _defined(t: TypeDef | None) -> JSON:
    return None if t is None else plain(t.type)


def _compare_constraints(
    walk: _Walk,
    where: str,
    spec: TypeExpr,
    provider: TypeExpr,
    sends: bool,
    owner: Field | None,
) -> None:
    _fact_origin(walk, owner, "enum")
    _compare_enum(walk, where, spec, provider, sends)
    _compare_const(walk, where, spec, provider, sends)
    for side, read, stricter in _BOUNDS:
        mine, theirs = read(spec), read(provider)
        _fact_origin(walk, owner, bound_fact(side, mine, None))
        _compare_bound(walk, where, side, (mine, theirs), stricter, sends)
    for low, high in _LENGTHS:
        _fact_origin(walk, owner, low)
        _compare_length(walk, where, low, getattr(spec, low), getattr(provider, low), sends, True)
        _fact_origin(walk, owner, high)
        _compare_length(
            walk, where, high, getattr(spec, high), getattr(provider, high), sends, False
        )
    for rule in _RULES:
        _fact_origin(walk, owner, rule)
        _compare_rule(walk, where, rule, getattr(spec, rule), getattr(provider, rule), sends)
    if spec.unique_items != provider.unique_items:
        widened = not provider.unique_items
        walk.add(
            "constraint-changed",
            where,
            "unique_items",
            spec.unique_items,
            provider.unique_items,
            breaks(sends, widened),
        )
    if spec.file != provider.file:
        walk.add("file-changed", where, "file", spec.file, provider.file, False)


def _compare_enum(walk: _Walk, where: str, spec: TypeExpr, provider: TypeExpr, sends: bool) -> None:
    """Enum values added or removed; a list of values appearing or going away."""
    if spec.enum is None and provider.enum is None:
        return
    if spec.enum is None or provider.enum is None:
        widened = provider.enum is None
        kind = "enum-dropped" if widened else "enum-introduced"
        walk.add(kind, where, "enum", spec.enum, provider.enum, breaks(sends, widened))
        return
    removed = [v for v in spec.enum if not any(same(v, p) for p in provider.enum)]
    added = [v for v in provider.enum if not any(same(v, s) for s in spec.enum)]
    if removed:
        walk.add(
            "enum-values-removed",
            where,
            "enum",
            spec.enum,
            provider.enum,
            breaks(sends, False),
            "removed: " + ", ".join(map(repr, removed)),
        )
    if added:
        walk.add(
            "enum-values-added",
            where,
            "enum",
            spec.enum,
            provider.enum,
            breaks(sends, True),
            "added: " + ", ".join(map(repr, added)),
        )


def _compare_const(
    walk: _Walk, where: str, spec: TypeExpr, provider: TypeExpr, sends: bool
) -> None:
    if same(spec.const, provider.const):
        return
    if spec.const is MISSING or provider.const is MISSING:
        widened = provider.const is MISSING
        breaking = breaks(sends, widened)
    else:
        breaking = True
    walk.add("const-changed", where, "const", spec.const, provider.const, breaking)


def _compare_bound(
    walk: _Walk,
    where: str,
    side: str,
    bounds: tuple[tuple[float, bool] | None, tuple[float, bool] | None],
    stricter: Callable[[tuple[float, bool] | None, tuple[float, bool] | None], bool],
    sends: bool,
) -> None:
    """One side's bound (`lower` or `upper`, as the spec and the provider state it): drift when
    one side is the stricter."""
    mine, theirs = bounds
    if mine == theirs:
        return
    narrowed = stricter(theirs, mine)
    widened = stricter(mine, theirs)
    if narrowed or widened:
        _range_drift(walk, where, bound_fact(side, mine, theirs), mine, theirs, sends, widened)


def _compare_length(
    walk: _Walk,
    where: str,
    fact: str,
    spec: int | None,
    provider: int | None,
    sends: bool,
    lower: bool,
) -> None:
    if spec == provider:
        return
    mine = None if spec is None else (float(spec), False)
    theirs = None if provider is None else (float(provider), False)
    stricter = lower_is_stricter if lower else upper_is_stricter
    widened = stricter(mine, theirs)
    _range_drift(walk, where, fact, mine, theirs, sends, widened)


def _range_drift(
    walk: _Walk,
    where: str,
    fact: str,
    spec: tuple[float, bool] | None,
    provider: tuple[float, bool] | None,
    sends: bool,
    widened: bool,
) -> None:
    if provider is None:
        detail = "the provider states no bound"
    elif spec is None:
        detail = "a new bound"
    else:
        detail = ""
    kind = "range-widened" if widened else "range-narrowed"
    walk.drifts.append(
        Drift(
            kind,
            where,
            fact,
            bound_value(spec),
            bound_value(provider),
            breaks(sends, widened),
            detail,
            walk.origin,
        )
    )


def _compare_rule(
    walk: _Walk, where: str, fact: str, spec: object, provider: object, sends: bool
) -> None:
    """A pattern, format or multiple_of: a new or changed rule narrows, a dropped one widens."""
    if same(spec, provider):
        return
    widened = provider is None
    walk.add("constraint-changed", where, fact, spec, provider, breaks(sends, widened))


# ---------------------------------------------------------------------------- inner types


def _compare_inner(
    walk: _Walk, where: str, spec: TypeExpr, provider: TypeExpr, sends: bool
) -> None:
    """Array items, inline object properties, map values and union variants."""
    if spec.items is not None and provider.items is not None:
        compare_types(walk, f"{where}[]", spec.items, provider.items, sends=sends)
    elif spec.items is not None or provider.items is not None:
        walk.add("type-changed", f"{where}[]", "items", spec.items, provider.items, True)
    if spec.properties is not None or provider.properties is not None:
        saved = walk.origin
        compare_fields(walk, where, spec.properties or (), provider.properties or (), sends=sends)
        walk.origin = saved
    _compare_additional(walk, where, spec.additional, provider.additional, sends)
    if spec.variants or provider.variants:
        _compare_variants(walk, where, spec.variants, provider.variants, sends)


def _compare_additional(
    walk: _Walk,
    where: str,
    spec: TypeExpr | bool | None,
    provider: TypeExpr | bool | None,
    sends: bool,
) -> None:
    """Map values: both typed -> compared; an open map closing narrows, the converse widens."""
    if isinstance(spec, TypeExpr) and isinstance(provider, TypeExpr):
        compare_types(walk, f"{where}{{}}", spec, provider, sends=sends)
        return
    if _open(spec) == _open(provider):
        return
    widened = _open(provider)
    walk.add("constraint-changed", where, "additional", spec, provider, breaks(sends, widened))


def _open(additional: TypeExpr | bool | None) -> bool:
    """Does a map without typed values take any extra key (unset means open)?"""
    return additional is None or additional is True


def _compare_variants(
    walk: _Walk,
    where: str,
    spec: Sequence[TypeExpr],
    provider: Sequence[TypeExpr],
    sends: bool,
) -> None:
    """Union variants paired by type name (in order among equal names)."""
    theirs = list(provider)
    for mine in spec:
        match = next((t for t in theirs if t.type == mine.type), None)
        at = f"{where}|{mine.type}"
        if match is None:
            walk.add("variant-removed", at, "variants", mine, None, breaks(sends, False))
            continue
        theirs.remove(match)
        compare_types(walk, at, mine, match, sends=sends)
    for other in theirs:
        at = f"{where}|{other.type}"
        walk.add("variant-added", at, "variants", None, other, breaks(sends, True))
