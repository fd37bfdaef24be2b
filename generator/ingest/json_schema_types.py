"""JSON Schema as fal publishes it, turned into spec fields, types and named type definitions.

Both fal schema sources speak the same dialect: the raw queue OpenAPI documents (named schemas
under `components.schemas`, refs `#/components/schemas/X`) and the fal-js corpus (one
self-contained JSON Schema per endpoint input and output, named schemas under `$defs`). This
module reads that dialect once for both ingesters:

- `$ref` names a type (a TypeDef of the endpoint, or a shared one of specs/types.yaml);
  a `$ref` whose target is missing is a problem, never an invented type;
- `allOf: [X]` is X; `anyOf`/`oneOf` with a `{type: null}` member, `nullable: true` or a
  `type` list with "null" make the type nullable; what remains of a several-member `anyOf` is
  a union; sibling constraints of a union land on the members they apply to;
- keywords map to facts one to one (`exclusiveMinimum: true` of OpenAPI 3.0 moves `minimum`
  to `exclusive_minimum`; the pydantic leftovers `ge`/`le`/`gt`/`lt` are bounds too);
- properties keep the order of `x-fal-order-properties`, unlisted ones follow in document
  order; descriptions lose the indentation fal's docstrings leave in them;
- a string input is a file input when its field is named `*_url`/`*_urls` or when it carries
  fal-js's `x-fal-file-input` marker (the marker itself is not kept);
- fal's upload limits (`x-fal`, `max_file_size`, `limit_description`, ...) and `deprecated`
  become endpoint notes; UI hints (`ui`, `_fal_ui_field`) and other `x-` keys are dropped;
  any other keyword is reported as unsupported.

Every fact of a field cites the JSON pointer of the schema node it was read from.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import jsonschema

from ..spec.errors import Problem
from ..spec.input_files import load_json
from ..spec.json_schema import field_schema, referenced_types, typedef_schema
from ..spec.model import JSON, MISSING, Field, TypeDef, TypeExpr, Vocabulary
from .base import Document, with_canonical

_NUMERIC: Final = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "multipleOf": "multiple_of",
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusive_minimum",
    "lt": "exclusive_maximum",
}
_STRING: Final = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "format": "format",
}
_ARRAY: Final = {"minItems": "min_items", "maxItems": "max_items", "uniqueItems": "unique_items"}
_APPLIES: Final = {
    **{k: ("integer", "number") for k in _NUMERIC},
    **{k: ("string",) for k in _STRING},
    **{k: ("array",) for k in (*_ARRAY, "items")},
    **{k: ("object",) for k in ("properties", "additionalProperties")},
}
"""Which builtin types a keyword constrains: a union passes it on to those members."""

_COUNTS: Final = frozenset({"min_length", "max_length", "min_items", "max_items"})
_SHAPES: Final = ("$ref", "allOf", "anyOf", "oneOf")
_FIELD_KEYS: Final = frozenset(
    {"title", "description", "default", "examples", "example", "deprecated"}
)
_STRUCTURE_KEYS: Final = frozenset(
    {"type", "nullable", "enum", "const", "required", "x-fal-order-properties", "$defs"}
)
UPLOAD_LIMIT_KEYS: Final = frozenset(
    {
        "x-fal",
        "limit_description",
        "max_file_size",
        "max_width",
        "max_height",
        "min_width",
        "min_height",
        "max_aspect_ratio",
        "min_aspect_ratio",
        "timeout",
    }
)
_DROPPED_KEYS: Final = frozenset({"ui", "_fal_ui_field", "x-fal-file-input"})
KNOWN_KEYS: Final = (
    frozenset(_NUMERIC)
    | frozenset(_STRING)
    | frozenset(_ARRAY)
    | {"items", "properties", "additionalProperties", *_SHAPES}
    | _FIELD_KEYS
    | _STRUCTURE_KEYS
    | UPLOAD_LIMIT_KEYS
    | _DROPPED_KEYS
)
FILE_MARKER: Final = "x-fal-file-input"
_FILE_NAME = re.compile(r".+_urls?")
_TYPE_NAME = re.compile(r"[A-Z][A-Za-z0-9_]*")
_RENAMED = re.compile(r"(?P<base>.+?)Type(?P<n>[2-9]|[1-9][0-9]+)")

Origin = dict[str, str]


def escape(token: str) -> str:
    """One JSON pointer token (RFC 6901): `~` and `/` escaped."""
    return token.replace("~", "~0").replace("/", "~1")


def clean_description(text: object) -> str | None:
    """fal's docstring descriptions without their indentation and surrounding blank lines."""
    if not isinstance(text, str):
        return None
    lines = [line.rstrip() for line in inspect.cleandoc(text).split("\n")]
    cleaned = "\n".join(lines).strip()
    return cleaned or None


def is_file_name(name: str) -> bool:
    """Field names fal uses for file inputs: `image_url`, `mask_url`, `image_urls`, ..."""
    return _FILE_NAME.fullmatch(name) is not None


# ---------------------------------------------------------------------------- names and refs


@dataclass(frozen=True)
class Definitions:
    """The named schemas the `$ref`s of one schema document point at."""

    ref_prefix: str
    """How refs start, e.g. `#/components/schemas/` or `#/$defs/`."""
    schemas: Mapping[str, Any]
    pointer: str
    """Where `schemas` sits in the document, as a JSON pointer."""

    def target(self, ref: str) -> str | None:
        """The schema name a `$ref` names, or None when the document does not define it."""
        if not ref.startswith(self.ref_prefix):
            return None
        name = ref[len(self.ref_prefix) :].replace("~1", "/").replace("~0", "~")
        return name if name in self.schemas else None

    def pointer_of(self, name: str) -> str:
        return f"{self.pointer}/{escape(name)}"


def iter_refs(schema: Any) -> Iterator[str]:
    """Every `$ref` string inside a schema (not following them)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(v for k, v in node.items() if k not in ("enum", "examples", "default"))
        elif isinstance(node, list):
            stack.extend(node)


def reachable(roots: Sequence[Any], defs: Definitions) -> list[str]:
    """The named schemas reachable from `roots` (transitively), in first-seen order.

    Dangling refs are skipped here; converting the schema that holds one reports it.
    """
    found: dict[str, None] = {}
    pending = list(roots)
    while pending:
        for ref in iter_refs(pending.pop(0)):
            name = defs.target(ref)
            if name is not None and name not in found:
                found[name] = None
                pending.append(defs.schemas[name])
    return list(found)


def _pascal(name: str) -> str:
    parts = re.split(r"[^A-Za-z0-9]+", name)
    joined = "".join(p[:1].upper() + p[1:] for p in parts if p)
    return joined if _TYPE_NAME.fullmatch(joined) else f"T{joined}"


def plain_name(name: str) -> str:
    """The type name fal meant: `registry__image__fast_sdxl__models__Image` is `Image`, and
    fal-js's collision renames `ImageType2`, `ControlNetType3` are `Image`, `ControlNet`."""
    name = name.rsplit("__", 1)[-1]
    renamed = _RENAMED.fullmatch(name)
    if renamed:
        name = renamed["base"]
    return name if _TYPE_NAME.fullmatch(name) else _pascal(name)


def assign_type_names(groups: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Spec type names for the named schemas of several schema documents of one endpoint.

    `groups` are {schema name: schema} per document (input, output). Identical schemas share
    one name; a plain name (`Image` for `ImageType2`) is used when no different schema of the
    endpoint claims it, the document's own name (or a numbered one) otherwise. Names already
    plain are served first, so `Image` keeps its name over a renamed `ImageType2`.
    """
    taken: dict[str, str] = {}  # type name -> content key
    result: list[dict[str, str]] = [{} for _ in groups]
    entries = [
        (i, name, schema) for i, group in enumerate(groups) for name, schema in group.items()
    ]
    entries.sort(key=lambda e: plain_name(e[1]) != e[1])  # stable: plain names first
    for i, name, schema in entries:
        key = json.dumps(schema, sort_keys=True)
        plain = plain_name(name)
        fallback = name if _TYPE_NAME.fullmatch(name) else plain
        candidates = [plain, fallback] + [f"{plain}{n}" for n in range(2, 100)]
        chosen = next(c for c in candidates if taken.get(c, key) == key)
        taken[chosen] = key
        result[i][name] = chosen
    return result


# ---------------------------------------------------------------------------- conversion


@dataclass
class SchemaReader:
    """Reads the schemas of one document (or one corpus entry) into spec fields and types.

    Problems and notes are collected, not raised: the caller decides what fails.
    """

    doc: Document
    defs: Definitions
    names: Mapping[str, str]
    """Schema name -> spec type name (see `assign_type_names`)."""
    input_side: bool
    """File-input hints apply to input schemas only."""
    problem_field: str | None = None
    """What `Problem.field` says (the corpus puts the endpoint id there)."""
    shared: Mapping[str, TypeDef] = field(default_factory=dict)
    """Shared types: an inline object titled like one and equal to it is written as a reference."""
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ reporting

    def report(self, pointer: str, message: str) -> None:
        self.problems.append(
            Problem(self.doc.path, None, self.problem_field, f"at #{pointer}: {message}")
        )

    def __post_init__(self) -> None:
        self._cite_prefix = self.doc.pointer("")  # `Document.label` is recomputed per call

    def cite(self, pointer: str) -> str:
        """The provenance of a fact read at `pointer`: `doc.pointer(pointer)`."""
        return self._cite_prefix + pointer

    # ------------------------------------------------------------------ objects and fields

    def object_fields(
        self, schema: Mapping[str, Any], pointer: str, where: str
    ) -> tuple[Field, ...]:
        """The properties of an object schema as fields, in fal's display order."""
        properties = schema.get("properties", {})
        if not isinstance(properties, dict):
            self.report(f"{pointer}/properties", "'properties' must be an object")
            return ()
        required = schema.get("required", [])
        if not isinstance(required, list) or not all(isinstance(n, str) for n in required):
            self.report(f"{pointer}/required", "'required' must be a list of property names")
            required = []
        for name in required:
            if name not in properties:
                self.report(f"{pointer}/required", f"required property {name!r} is not defined")
        fields = []
        for name in self._ordered(properties, schema.get("x-fal-order-properties")):
            prop_pointer = f"{pointer}/properties/{escape(name)}"
            f = self.field(name, properties[name], prop_pointer, f"{where}.{name}")
            if name in required:
                f = f.with_(
                    required=True,
                    origin={**f.origin, "required": self.cite(f"{pointer}/required")},
                )
            fields.append(f)
        return tuple(fields)

    @staticmethod
    def _ordered(properties: Mapping[str, Any], order: Any) -> list[str]:
        listed = [n for n in order if n in properties] if isinstance(order, list) else []
        return list(dict.fromkeys(listed)) + [n for n in properties if n not in listed]

    def field(self, name: str, schema: Any, pointer: str, where: str) -> Field:
        if not isinstance(schema, dict):
            self.report(pointer, "a property schema must be an object")
            return Field(name, TypeExpr("any"))
        t, origin = self._shared_by_title(*self.type_of(schema, pointer, where), schema)
        if self.input_side and is_file_name(name):
            marked = _mark_file(t)
            if marked != t:
                t = marked
                origin.setdefault("file", self.cite(pointer))
        facts: dict[str, Any] = {}
        description = clean_description(schema.get("description"))
        if description is not None:
            facts["description"] = description
        if isinstance(schema.get("title"), str):
            facts["title"] = schema["title"]
        if "default" in schema:
            facts["default"] = schema["default"]
        examples = self._examples(schema, pointer)
        if examples:
            facts["examples"] = examples
        origin.update({fact: self.cite(pointer) for fact in facts})
        if schema.get("deprecated") is True:
            self.notes.append(f"{where} is deprecated.")
        return Field(name=name, type=t, origin=origin, **facts)

    def _shared_by_title(
        self, t: TypeExpr, origin: Origin, schema: Mapping[str, Any]
    ) -> tuple[TypeExpr, Origin]:
        """`timings: {type: object, title: Timings, ...}` as the shared `Timings` it spells out."""
        title = schema.get("title")
        if not isinstance(title, str) or t.type != "object" or title in self.names.values():
            return t, origin
        shared = self.shared.get(title)
        if shared is None or not same_type(t.with_(nullable=False), shared.type):
            return t, origin
        kept = {k: v for k, v in origin.items() if k not in ("properties", "additional")}
        return TypeExpr(title, nullable=t.nullable), kept

    def _examples(self, schema: Mapping[str, Any], pointer: str) -> tuple[JSON, ...]:
        if "examples" in schema:
            examples = schema["examples"]
            if not isinstance(examples, list):
                self.report(f"{pointer}/examples", "'examples' must be a list")
                return ()
            return tuple(examples)
        if "example" in schema:
            return (schema["example"],)
        return ()

    # ------------------------------------------------------------------ types

    def type_of(
        self, schema: Mapping[str, Any], pointer: str, where: str
    ) -> tuple[TypeExpr, Origin]:
        """The type a schema node describes, and where each of its facts came from."""
        self.check_keys(schema, pointer, where)
        t, origin = self._shape(schema, pointer, where)
        t, origin = self._constrained(t, origin, schema, pointer, where)
        if schema.get("nullable") is True and not t.nullable:
            t = t.with_(nullable=True)
            origin["nullable"] = self.cite(pointer)
        return t, origin

    def check_keys(self, schema: Mapping[str, Any], pointer: str, where: str) -> None:
        for key in schema:
            if key not in KNOWN_KEYS and not key.startswith("x-"):
                self.report(f"{pointer}/{escape(key)}", f"unsupported schema keyword {key!r}")
        shapes = [k for k in _SHAPES if k in schema]
        if len(shapes) > 1:
            self.report(pointer, f"unsupported combination of {' and '.join(shapes)}")
        limits = {k: schema[k] for k in sorted(UPLOAD_LIMIT_KEYS) if k in schema}
        if limits:
            self.notes.append(f"{where}: upload limits: {_limits_text(limits)}.")

    def _shape(
        self, schema: Mapping[str, Any], pointer: str, where: str
    ) -> tuple[TypeExpr, Origin]:
        """The base type: a reference, an unwrapped `allOf`, a union, or a builtin type."""
        if "$ref" in schema:
            return self._ref(schema["$ref"], f"{pointer}/$ref"), {"type": self.cite(pointer)}
        if "allOf" in schema:
            members = schema["allOf"]
            if (
                not isinstance(members, list)
                or len(members) != 1
                or not isinstance(members[0], dict)
            ):
                self.report(f"{pointer}/allOf", "only a one-member 'allOf' wrapper is supported")
                return TypeExpr("any"), {}
            return self.type_of(members[0], f"{pointer}/allOf/0", where)
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                return self._union(schema[keyword], f"{pointer}/{keyword}", where)
        return self._builtin(schema, pointer)

    def _ref(self, ref: Any, pointer: str) -> TypeExpr:
        name = self.defs.target(ref) if isinstance(ref, str) else None
        if name is None:
            self.report(pointer, f"dangling $ref {ref!r}: the document defines no such schema")
            return TypeExpr("any")
        return TypeExpr(self.names.get(name, plain_name(name)))

    def _union(self, members: Any, pointer: str, where: str) -> tuple[TypeExpr, Origin]:
        if not isinstance(members, list) or not members:
            self.report(pointer, "a union needs a non-empty list of schemas")
            return TypeExpr("any"), {}
        converted: list[tuple[TypeExpr, Origin]] = []
        nullable = False
        for i, member in enumerate(members):
            if not isinstance(member, dict):
                self.report(f"{pointer}/{i}", "a union member must be a schema object")
                continue
            if member.get("type") == "null" and set(member) <= {"type", "title", "description"}:
                nullable = True
                continue
            converted.append(self.type_of(member, f"{pointer}/{i}", where))
        if not converted:
            return TypeExpr("null"), {"type": self.cite(pointer)}
        if len(converted) == 1:
            t, origin = converted[0]
        else:
            variants = tuple(v for v, _ in converted)
            t, origin = TypeExpr("union", variants=variants), {"variants": self.cite(pointer)}
            origin["type"] = self.cite(pointer)
        if nullable:
            t, origin = t.with_(nullable=True), {**origin, "nullable": self.cite(pointer)}
        return t, origin

    def _builtin(self, schema: Mapping[str, Any], pointer: str) -> tuple[TypeExpr, Origin]:
        declared = schema.get("type")
        origin = {"type": self.cite(pointer)}
        if declared is None:
            return TypeExpr(_inferred_type(schema)), origin
        names = declared if isinstance(declared, list) else [declared]
        if not names or not all(isinstance(n, str) and n in _JSON_TYPES for n in names):
            self.report(f"{pointer}/type", f"unsupported type {declared!r}")
            return TypeExpr("any"), {}
        nullable = "null" in names and len(names) > 1
        kinds = [n for n in names if n != "null"] or ["null"]
        if len(kinds) == 1:
            t = _builtin_type(kinds[0]).with_(nullable=nullable)
        else:
            variants = tuple(_builtin_type(k) for k in kinds)
            t = TypeExpr("union", nullable=nullable, variants=variants)
        if nullable:
            origin["nullable"] = self.cite(pointer)
        return t, origin

    def _constrained(
        self, t: TypeExpr, origin: Origin, schema: Mapping[str, Any], pointer: str, where: str
    ) -> tuple[TypeExpr, Origin]:
        """The sibling keywords of a node laid on its type (or on the union members they fit)."""
        changes: dict[str, Any] = {}
        cited: list[str] = []
        for keyword, value in schema.items():
            fact_changes = self._keyword(keyword, value, schema, pointer, where)
            if fact_changes is None:
                continue
            if t.type == "union" and keyword in _APPLIES:
                t = self._spread(t, keyword, fact_changes, pointer)
                continue
            changes.update(fact_changes)
            cited += list(fact_changes)
        t = t.with_(**changes) if changes else t
        if schema.get(FILE_MARKER) is True and self.input_side and _mark_file(t) != t:
            t = _mark_file(t)
            cited.append("file")
        return t, {**origin, **{fact: self.cite(pointer) for fact in cited}}

    def _spread(self, t: TypeExpr, keyword: str, changes: dict[str, Any], pointer: str) -> TypeExpr:
        kinds = _APPLIES[keyword]
        if not any(v.type in kinds for v in t.variants):
            self.report(f"{pointer}/{escape(keyword)}", f"{keyword!r} fits no member of the union")
            return t
        return t.with_(
            variants=tuple(v.with_(**changes) if v.type in kinds else v for v in t.variants)
        )

    def _keyword(
        self, keyword: str, value: Any, schema: Mapping[str, Any], pointer: str, where: str
    ) -> dict[str, Any] | None:
        """The TypeExpr facts one keyword sets, or None when it sets none."""
        at = f"{pointer}/{escape(keyword)}"
        if keyword in _NUMERIC:
            return self._numeric(keyword, value, schema, at)
        if keyword in _STRING:
            expected: type | tuple[type, ...] = str if keyword in ("pattern", "format") else int
            return self._checked(_STRING[keyword], value, expected, at)
        if keyword in ("minItems", "maxItems"):
            return self._checked(_ARRAY[keyword], value, int, at)
        if keyword == "uniqueItems":
            return {"unique_items": True} if value is True else None
        if keyword == "enum":
            if not isinstance(value, list) or not value:
                self.report(at, "'enum' must be a non-empty list")
                return None
            return {"enum": tuple(value)}
        if keyword == "const":
            return {"const": value}
        if keyword == "items":
            return self._items(value, at, where)
        if keyword == "properties":
            return {"properties": self.object_fields(schema, pointer, where)}
        if keyword == "additionalProperties":
            return self._additional(value, at, where)
        return None

    def _numeric(
        self, keyword: str, value: Any, schema: Mapping[str, Any], at: str
    ) -> dict[str, Any] | None:
        exclusive = {"minimum": "exclusiveMinimum", "maximum": "exclusiveMaximum"}
        if keyword in exclusive and schema.get(exclusive[keyword]) is True:
            return None  # OpenAPI 3.0: the bound is exclusive; its flag sets it
        if keyword in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = schema.get("minimum" if keyword == "exclusiveMinimum" else "maximum")
            if value and not _is_number(bound):
                self.report(at, f"'{keyword}: true' needs a numeric bound beside it")
            return {_NUMERIC[keyword]: bound} if value and _is_number(bound) else None
        return self._checked(_NUMERIC[keyword], value, (int, float), at)

    def _checked(
        self, fact: str, value: Any, expected: type | tuple[type, ...], at: str
    ) -> dict[str, Any] | None:
        valid = isinstance(value, expected) and not isinstance(value, bool)
        if valid and isinstance(value, int | float):
            too_small = value < 0 if fact in _COUNTS else fact == "multiple_of" and value <= 0
            valid = not too_small
        if not valid:
            self.report(at, f"{value!r} is not a valid {fact}")
            return None
        return {fact: value}

    def _items(self, value: Any, at: str, where: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.report(at, "only a single schema is supported for 'items'")
            return None
        return {"items": self.type_of(value, at, f"{where}[]")[0]}

    def _additional(self, value: Any, at: str, where: str) -> dict[str, Any] | None:
        if isinstance(value, bool):
            return {"additional": value}
        if isinstance(value, dict):
            return {"additional": self.type_of(value, at, f"{where}{{}}")[0]}
        self.report(at, "'additionalProperties' must be a boolean or a schema")
        return None

    # ------------------------------------------------------------------ named types

    def typedef(self, name: str) -> TypeDef:
        """The TypeDef of one named schema (under its spec type name)."""
        schema = self.defs.schemas[name]
        type_name = self.names.get(name, plain_name(name))
        pointer = self.defs.pointer_of(name)
        if not isinstance(schema, dict):
            self.report(pointer, "a named schema must be an object")
            return TypeDef(type_name, TypeExpr("any"))
        t, _ = self.type_of(schema, pointer, type_name)
        return TypeDef(type_name, t, clean_description(schema.get("description")))


_JSON_TYPES: Final = frozenset(
    {"string", "integer", "number", "boolean", "array", "object", "null"}
)


def _builtin_type(name: str) -> TypeExpr:
    """A builtin type; an array says nothing of its items until `items` does."""
    return TypeExpr(name, items=TypeExpr("any") if name == "array" else None)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _inferred_type(schema: Mapping[str, Any]) -> str:
    """The builtin type of a schema without `type`, from its enum/const values or keywords."""
    values = schema.get("enum") if isinstance(schema.get("enum"), list) else None
    if values is None and "const" in schema:
        values = [schema["const"]]
    if values:
        kinds = {_value_type(v) for v in values}
        if len(kinds) == 1:
            return kinds.pop()
        if kinds == {"integer", "number"}:
            return "number"
        return "any"
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return "any"


def _value_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "array" if isinstance(value, list) else "object"


def _mark_file(t: TypeExpr) -> TypeExpr:
    """The type with its string parts (directly, as list items, as union members) as files."""
    if t.type == "string":
        return t.with_(file=True)
    if t.type == "array" and t.items is not None:
        return t.with_(items=_mark_file(t.items))
    if t.type == "union":
        return t.with_(variants=tuple(_mark_file(v) for v in t.variants))
    return t


def _limits_text(limits: Mapping[str, Any]) -> str:
    """fal's own summary of upload limits when it has one, else the limits as `key value`."""
    if isinstance(limits.get("limit_description"), str):
        return str(limits["limit_description"])
    flat: dict[str, Any] = {}
    for key, value in limits.items():
        flat.update(value if key == "x-fal" and isinstance(value, dict) else {key: value})
    return ", ".join(f"{k} {v}" for k, v in sorted(flat.items()))


# ---------------------------------------------------------------------------- whole endpoints


def endpoint_types(
    readers: Sequence[tuple[SchemaReader, Sequence[str]]], shared: Mapping[str, TypeDef]
) -> dict[str, TypeDef]:
    """The local types of an endpoint: each reader's reachable named schemas as TypeDefs, one per
    spec type name, minus those identical to the shared type of the same name."""
    types: dict[str, TypeDef] = {}
    for reader, names in readers:
        for name in names:
            type_name = reader.names.get(name, plain_name(name))
            if type_name not in types:
                types[type_name] = reader.typedef(name)
    return {
        name: typedef
        for name, typedef in types.items()
        if name not in shared or not same_type(typedef.type, shared[name].type)
    }


def same_type(a: TypeExpr, b: TypeExpr) -> bool:
    """Equal as types: every fact the same, provenance and the order of properties aside."""
    return _without_origin(a) == _without_origin(b)


def _without_origin(t: TypeExpr) -> TypeExpr:
    changes: dict[str, Any] = {}
    if t.items is not None:
        changes["items"] = _without_origin(t.items)
    if isinstance(t.additional, TypeExpr):
        changes["additional"] = _without_origin(t.additional)
    if t.variants:
        changes["variants"] = tuple(_without_origin(v) for v in t.variants)
    if t.properties is not None:
        ordered = sorted(t.properties, key=lambda f: f.name)
        changes["properties"] = tuple(
            f.with_(type=_without_origin(f.type), origin={}) for f in ordered
        )
    return t.with_(**changes) if changes else t


def default_problems(
    doc: Document,
    fields: Sequence[Field],
    types: Mapping[str, TypeDef],
    shared: Mapping[str, TypeDef],
    problem_field: str | None = None,
) -> list[Problem]:
    """Every default (of a parameter, or of a property of an object type) that is not a valid
    value of its own type, located at the default's JSON pointer."""

    def resolve(name: str) -> TypeDef | None:
        return types.get(name) or shared.get(name)

    problems = []
    for f in _fields_with_defaults(fields, types):
        if f.default is None and f.type.nullable:
            continue
        schema: dict[str, Any] = field_schema(f.with_(default=MISSING, examples=()))
        defs = referenced_types([f.type], resolve)
        if defs:
            schema["$defs"] = {name: typedef_schema(d) for name, d in defs.items()}
        error = jsonschema.exceptions.best_match(
            jsonschema.Draft202012Validator(schema).iter_errors(f.default)
        )
        if error is not None:
            where = f.origin.get("default", doc.label).split("#", 1)[-1]
            message = f"at #{where}: default {f.default!r} is not a valid value: {error.message}"
            problems.append(Problem(doc.path, None, problem_field, message))
    return problems


def _fields_with_defaults(fields: Sequence[Field], types: Mapping[str, TypeDef]) -> Iterator[Field]:
    stack: list[Field] = list(fields)
    for typedef in types.values():
        stack.extend(typedef.type.properties or ())
    while stack:
        f = stack.pop(0)
        if f.default is not MISSING:
            yield f
        stack.extend(_nested_fields(f.type))


def _nested_fields(t: TypeExpr) -> Iterator[Field]:
    yield from t.properties or ()
    if t.items is not None:
        yield from _nested_fields(t.items)
    if isinstance(t.additional, TypeExpr):
        yield from _nested_fields(t.additional)
    for v in t.variants:
        yield from _nested_fields(v)


# ---------------------------------------------------------------------------- input and output


@dataclass(frozen=True)
class Root:
    """The object schema of an endpoint's input or output, and the named schemas it may use."""

    section: str
    """`input` or `output`."""
    schema: Any
    pointer: str
    defs: Definitions


@dataclass
class Sections:
    """An endpoint's input, output and local types as read from its schemas."""

    input: tuple[Field, ...] = ()
    output: tuple[Field, ...] = ()
    types: dict[str, TypeDef] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_sections(
    doc: Document,
    roots: Sequence[Root],
    vocabulary: Vocabulary,
    shared: Mapping[str, TypeDef],
    problem_field: str | None = None,
) -> Sections:
    """Fields of each root, plus every named schema they reach as a local type (named so that
    one endpoint never gives one name to two different schemas)."""
    groups: list[tuple[Definitions, list[str]]] = []
    reached: list[list[str]] = []
    for root in roots:
        names = reachable([root.schema], root.defs)
        reached.append(names)
        group = next((g for g in groups if g[0] is root.defs), None)
        if group is None:
            groups.append((root.defs, list(names)))
        else:
            group[1].extend(n for n in names if n not in group[1])
    maps = assign_type_names([{n: defs.schemas[n] for n in names} for defs, names in groups])
    out = Sections()
    readers: list[tuple[SchemaReader, Sequence[str]]] = []
    for root, names in zip(roots, reached, strict=True):
        group_index = next(i for i, g in enumerate(groups) if g[0] is root.defs)
        reader = SchemaReader(
            doc, root.defs, maps[group_index], root.section == "input", problem_field, shared
        )
        fields = _root_fields(reader, root, out.notes)
        if root.section == "input":
            out.input = tuple(with_canonical(f, vocabulary) for f in fields)
        else:
            out.output = fields
        readers.append((reader, names))
    out.types = endpoint_types(readers, shared)
    for reader, _ in readers:
        out.notes += [n for n in reader.notes if n not in out.notes]
        out.problems += reader.problems
    if not out.problems:
        out.problems += default_problems(
            doc, (*out.input, *out.output), out.types, shared, problem_field
        )
    return out


def _root_fields(reader: SchemaReader, root: Root, notes: list[str]) -> tuple[Field, ...]:
    schema = root.schema
    if not isinstance(schema, dict) or schema.get("type", "object") != "object":
        reader.report(root.pointer, f"the {root.section} schema must be an object schema")
        return ()
    reader.check_keys(schema, root.pointer, root.section)
    description = clean_description(schema.get("description"))
    if description is not None:
        notes.append(f"{root.section.capitalize()}: {description}")
    return reader.object_fields(schema, root.pointer, root.section)


def parse_json(doc: Document) -> Any:
    """The document's JSON, or a ProblemsError naming the line where it breaks."""
    return load_json(doc.text, doc.path)
