"""The spec model: the one data structure every stage of the pipeline shares.

An endpoint spec is a YAML file (see `spec.schema.json` beside this module for its grammar and
README "The spec format" for a walk-through). In memory it is the frozen dataclasses below.
Ingesters build them, `merge` combines them, `dump` writes them, `loader` reads them back,
the renderer and the contract checker only read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final

JSON = Any
"""A JSON-compatible value (str, int, float, bool, None, list, dict)."""

BUILTIN_TYPES: Final = frozenset(
    {"string", "integer", "number", "boolean", "array", "object", "union", "any", "null"}
)
"""Type names that are not references. Anything else in `type:` names a shared or local type."""

_PYTHON_VALUES: Final[dict[str, tuple[type, ...]]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def is_json_type(value: object, type_name: str) -> bool | None:
    """Whether a parsed JSON value is of the JSON type `type_name` (a boolean is no integer or
    number, as in JSON); None for a name this cannot judge (a reference, `union`, `any`, `null`).
    The one rule for the loader's enum and const checks and the page ingesters' values."""
    accepted = _PYTHON_VALUES.get(type_name)
    if accepted is None:
        return None
    if isinstance(value, bool):
        return type_name == "boolean"
    return isinstance(value, accepted)


TYPE_FACTS: Final = (
    "type",
    "nullable",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusive_minimum",
    "exclusive_maximum",
    "multiple_of",
    "min_length",
    "max_length",
    "pattern",
    "format",
    "items",
    "min_items",
    "max_items",
    "unique_items",
    "properties",
    "additional",
    "variants",
    "file",
)
"""The facts of a type expression (`TypeExpr` attributes), in the order specs write them."""

FACTS: Final = (
    "type",
    "required",
    "default",
    *TYPE_FACTS[1:],
    "description",
    "title",
    "examples",
    "canonical",
)
"""Every fact a parameter can carry, in the order specs write them."""


class _Missing:
    """Marks "no value" where `None` is a meaningful value (a default of null)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()


@dataclass(frozen=True)
class TypeExpr:
    """The shape of a value: a builtin type with its constraints, or a reference by name."""

    type: str
    nullable: bool = False
    enum: tuple[JSON, ...] | None = None
    const: JSON = MISSING
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None
    multiple_of: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    format: str | None = None
    items: TypeExpr | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    properties: tuple[Field, ...] | None = None
    additional: TypeExpr | bool | None = None
    variants: tuple[TypeExpr, ...] = ()
    file: bool = False

    @property
    def is_ref(self) -> bool:
        return self.type not in BUILTIN_TYPES

    def with_(self, **changes: Any) -> TypeExpr:
        return replace(self, **changes)


@dataclass(frozen=True)
class Field:
    """A named parameter of an input, an output, or an object type."""

    name: str
    type: TypeExpr
    required: bool = False
    default: JSON = MISSING
    description: str | None = None
    title: str | None = None
    examples: tuple[JSON, ...] = ()
    canonical: str | None = None
    origin: Mapping[str, str] = field(default_factory=dict)
    """Where each fact came from: fact name -> `<source label>:<line>` or `<label>#<pointer>`."""

    def with_(self, **changes: Any) -> Field:
        return replace(self, **changes)


@dataclass(frozen=True)
class TypeDef:
    """A named type: shared (specs/types.yaml) or local to one endpoint (`types:`)."""

    name: str
    type: TypeExpr
    description: str | None = None


@dataclass(frozen=True)
class SourceRef:
    """One input document an endpoint spec was built from."""

    path: str
    layout: str
    pointer: str | None = None
    taken: str | None = None
    """When the document was taken (`YYYY-MM-DD`, or `unknown`), as sources/manifest.yaml
    records it for a machine source; None when nobody said. Decides which of two machine
    sources wins a fact (generator/merge.py)."""


@dataclass(frozen=True)
class Conflict:
    """Two sources disagree on one fact; `chosen` names the source whose value the spec keeps."""

    field: str
    fact: str
    values: Mapping[str, JSON]
    chosen: str


@dataclass(frozen=True)
class Endpoint:
    """One model endpoint: what it accepts, what it returns, how it is called, where facts came from."""

    id: str
    provider: str
    input: tuple[Field, ...]
    output: tuple[Field, ...]
    title: str | None = None
    category: str | None = None
    model: str | None = None
    """The model family this endpoint serves (e.g. `kolors`), shared by its endpoints on every provider."""
    summary: str | None = None
    protocols: tuple[str, ...] = ()
    path: str | None = None
    """Segmind: the v1 path the page gives (`/v1/models/<slug>`); None means `/v1/<slug>`."""
    python_name: str | None = None
    types: Mapping[str, TypeDef] = field(default_factory=dict)
    sources: Mapping[str, SourceRef] = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()
    notes: tuple[str, ...] = ()
    examples: Mapping[str, JSON] = field(default_factory=dict)
    overrides: Mapping[str, JSON] = field(default_factory=dict)
    """Hand corrections, kept verbatim by re-ingestion and applied on load (README: Hand edits)."""

    def with_(self, **changes: Any) -> Endpoint:
        return replace(self, **changes)

    def field_named(self, section: str, name: str) -> Field | None:
        fields = self.input if section == "input" else self.output
        return next((f for f in fields if f.name == name), None)


@dataclass(frozen=True)
class Provider:
    """A provider file: hosts, authentication, protocols and provider-wide facts."""

    name: str
    title: str
    auth: Mapping[str, JSON]
    base_urls: Mapping[str, str]
    protocols: tuple[str, ...]
    image_size_presets: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    id_pattern: str | None = None
    """A regular expression every endpoint id of this provider matches in full (`id_pattern:`)."""


@dataclass(frozen=True)
class Vocabulary:
    """Canonical parameter names and the provider spellings that map to them."""

    aliases: Mapping[str, str]
    """provider spelling -> canonical name (each canonical name is also its own alias)."""

    def canonical_for(self, name: str) -> str | None:
        return self.aliases.get(name)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.aliases.values())


@dataclass(frozen=True)
class SpecSet:
    """Everything under specs/: providers, shared types, vocabulary and the endpoints."""

    providers: Mapping[str, Provider]
    types: Mapping[str, TypeDef]
    vocabulary: Vocabulary
    endpoints: Mapping[str, Endpoint]
    paths: Mapping[str, str] = field(default_factory=dict)
    """endpoint id -> spec file path (as given to the loader)."""

    def resolve(self, endpoint: Endpoint, name: str) -> TypeDef | None:
        """A type name as seen from an endpoint: its local types first, then the shared ones."""
        return endpoint.types.get(name) or self.types.get(name)
