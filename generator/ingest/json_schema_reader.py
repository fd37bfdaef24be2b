"""The reader of fal's JSON Schema dialect (see `json_schema_types` for the rules): one schema
node at a time into spec fields, types and named type definitions, each fact citing its JSON
pointer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..spec.errors import Problem
from ..spec.model import JSON, Field, TypeDef, TypeExpr
from .base import Document, is_file_name
from .json_schema_keywords import (
    APPLIES,
    ARRAY,
    COUNTS,
    FILE_MARKER,
    JSON_TYPES,
    KNOWN_KEYS,
    NUMERIC,
    SHAPES,
    STRING,
    UPLOAD_LIMIT_KEYS,
    builtin_type,
    clean_description,
    inferred_type,
    is_number,
    limits_text,
    mark_file,
)
from .json_schema_refs import Definitions, escape, plain_name

Origin = dict[str, str]


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
        names = order if isinstance(order, list) else []
        listed = [n for n in names if isinstance(n, str) and n in properties]
        return list(dict.fromkeys(listed)) + [n for n in properties if n not in listed]

    def field(self, name: str, schema: Any, pointer: str, where: str) -> Field:
        if not isinstance(schema, dict):
            self.report(pointer, "a property schema must be an object")
            return Field(name, TypeExpr("any"))
        t, origin = self._shared_by_title(*self.type_of(schema, pointer, where), schema)
        if self.input_side and is_file_name(name):
            marked = mark_file(t)
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
        shapes = [k for k in SHAPES if k in schema]
        if len(shapes) > 1:
            self.report(pointer, f"unsupported combination of {' and '.join(shapes)}")
        limits = {k: schema[k] for k in sorted(UPLOAD_LIMIT_KEYS) if k in schema}
        if limits:
            self.notes.append(f"{where}: upload limits: {limits_text(limits)}.")

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
        name = self.defs.target(ref)
        if name is None:
            self.report(pointer, self.defs.unresolved(ref))
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
            return TypeExpr(inferred_type(schema)), origin
        names = declared if isinstance(declared, list) else [declared]
        if not names or not all(isinstance(n, str) and n in JSON_TYPES for n in names):
            self.report(f"{pointer}/type", f"unsupported type {declared!r}")
            return TypeExpr("any"), {}
        nullable = "null" in names and len(names) > 1
        kinds = [n for n in names if n != "null"] or ["null"]
        if len(kinds) == 1:
            t = builtin_type(kinds[0]).with_(nullable=nullable)
        else:
            variants = tuple(builtin_type(k) for k in kinds)
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
            if t.type == "union" and keyword in APPLIES:
                t = self._spread(t, keyword, fact_changes, pointer)
                continue
            changes.update(fact_changes)
            cited += list(fact_changes)
        t = t.with_(**changes) if changes else t
        if schema.get(FILE_MARKER) is True and self.input_side and mark_file(t) != t:
            t = mark_file(t)
            cited.append("file")
        return t, {**origin, **{fact: self.cite(pointer) for fact in cited}}

    def _spread(self, t: TypeExpr, keyword: str, changes: dict[str, Any], pointer: str) -> TypeExpr:
        kinds = APPLIES[keyword]
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
        if keyword in NUMERIC:
            return self._numeric(keyword, value, schema, at)
        if keyword in STRING:
            expected: type | tuple[type, ...] = str if keyword in ("pattern", "format") else int
            return self._checked(STRING[keyword], value, expected, at)
        if keyword in ("minItems", "maxItems"):
            return self._checked(ARRAY[keyword], value, int, at)
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
            if value and not is_number(bound):
                self.report(at, f"'{keyword}: true' needs a numeric bound beside it")
            return {NUMERIC[keyword]: bound} if value and is_number(bound) else None
        return self._checked(NUMERIC[keyword], value, (int, float), at)

    def _checked(
        self, fact: str, value: Any, expected: type | tuple[type, ...], at: str
    ) -> dict[str, Any] | None:
        valid = isinstance(value, expected) and not isinstance(value, bool)
        if valid and isinstance(value, int | float):
            too_small = value < 0 if fact in COUNTS else fact == "multiple_of" and value <= 0
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
