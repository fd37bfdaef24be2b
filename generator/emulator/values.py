"""Build a value that satisfies an output JSON Schema (draft 2020-12 with `$defs`).

Required properties are always built; objects with a `url` property, and strings that are a
file's URL (named `url`/`*_url`, `format: uri`, or marked as a file by the spec), are files the
emulator serves (a real image per the request's format and size); scalars take the input's value when the
input has a field of that name (`seed`, `prompt`), else the default, an example, or the smallest
valid value.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.spec.bounds import (
    clamp_count,
    clamp_length,
    schema_bounds,
    upper_bound,
    value_inside,
)
from generator.spec.json_schema import FILE_KEYWORD

__all__ = ["FileRef", "OutputContext", "SchemaError", "build_value"]

_MAX_DEPTH = 24
_COUNTED_ARRAYS = ("images", "has_nsfw_concepts", "nsfw_content_detected", "outputs")


class SchemaError(ValueError):
    """The schema cannot be instantiated (dangling `$ref`, unsupported construct)."""


@dataclass(frozen=True)
class FileRef:
    url: str
    content_type: str
    width: int
    height: int
    file_name: str
    file_size: int


@dataclass
class OutputContext:
    """What the builder needs from the request: its input and a way to make files."""

    input: Mapping[str, Any]
    make_file: Callable[[int], FileRef]
    count: int = 1

    def __post_init__(self) -> None:
        self._files = 0

    def next_file(self) -> FileRef:
        self._files += 1
        return self.make_file(self._files - 1)


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    seen = 0
    while "$ref" in schema:
        ref = str(schema["$ref"])
        if not ref.startswith("#/"):
            raise SchemaError(f"only local $ref are supported, got {ref!r}")
        target: Any = root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or part not in target:
                raise SchemaError(f"dangling $ref {ref!r}")
            target = target[part]
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**target, **siblings}
        seen += 1
        if seen > _MAX_DEPTH:
            raise SchemaError(f"$ref cycle at {ref!r}")
    return schema


def _merge_all_of(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    if "allOf" not in schema:
        return schema
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = dict(merged.get("properties", {}))
    required: list[str] = list(merged.get("required", []))
    for part in schema["allOf"]:
        part = _merge_all_of(_resolve(part, root), root)
        properties.update(part.get("properties", {}))
        required.extend(r for r in part.get("required", []) if r not in required)
        for key, value in part.items():
            if key not in ("properties", "required"):
                merged.setdefault(key, value)
    if properties:
        merged["properties"] = properties
    if required:
        merged["required"] = required
    return merged


def _is_null(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") == "null"


def _type_of(schema: Mapping[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        if "properties" in schema:
            return "object"
        if "items" in schema:
            return "array"
    return kind if isinstance(kind, str) else None


def _is_file_object(schema: Mapping[str, Any], root: Mapping[str, Any]) -> bool:
    schema = _merge_all_of(_resolve(schema, root), root)
    props = schema.get("properties", {})
    return isinstance(props, Mapping) and "url" in props


def _matches_type(value: Any, kind: str | None) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    return False


def _number(schema: Mapping[str, Any], integer: bool) -> int | float:
    value = value_inside(schema_bounds(schema), integer)
    return int(value) if integer else float(value)


def _seed(schema: Mapping[str, Any]) -> int:
    """A random seed, inside the schema's bounds when it has any (the first fitting value when
    it must be a multiple of something)."""
    if "multipleOf" in schema:
        return int(_number(schema, integer=True))
    low, high = int(_number(schema, integer=True)), upper_bound(schema_bounds(schema))
    top = 2**31 - 1 if high is None else math.ceil(high[0]) - 1 if high[1] else int(high[0])
    return random.randint(low, top) if top >= low else low


def _file_object(
    schema: Mapping[str, Any], root: Mapping[str, Any], ctx: OutputContext, depth: int
) -> dict[str, Any]:
    ref = ctx.next_file()
    known = {
        "url": ref.url,
        "content_type": ref.content_type,
        "width": ref.width,
        "height": ref.height,
        "file_name": ref.file_name,
        "file_size": ref.file_size,
    }
    props = schema.get("properties", {})
    out: dict[str, Any] = {}
    for name, sub in props.items():
        if name in known:
            out[name] = known[name]
        elif name in schema.get("required", ()):
            out[name] = build_value(sub, root, ctx, name, depth + 1)
    return out


def build_value(
    schema: Mapping[str, Any] | bool,
    root: Mapping[str, Any],
    ctx: OutputContext,
    name: str = "",
    depth: int = 0,
) -> Any:
    """A value valid against `schema` (whose `$ref`s resolve in `root`)."""
    if depth > _MAX_DEPTH:
        raise SchemaError(f"schema nested too deeply at {name!r}")
    if schema is True or schema == {}:
        return ctx.input.get(name, None) if name in ctx.input else None
    if schema is False:
        raise SchemaError(f"{name!r} admits no value")
    assert isinstance(schema, Mapping)
    schema = _merge_all_of(_resolve(schema, root), root)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [_resolve(o, root) for o in schema[key]]
            chosen = next((o for o in options if not _is_null(o)), options[0])
            return build_value(chosen, root, ctx, name, depth + 1)
    if "const" in schema:
        return schema["const"]
    kind = _type_of(schema)
    echo = ctx.input.get(name)
    if "enum" in schema:
        return echo if echo in schema["enum"] else schema["enum"][0]
    if kind == "object":
        if _is_file_object(schema, root):
            return _file_object(schema, root, ctx, depth)
        props: Mapping[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", ()))
        return {
            prop: build_value(sub, root, ctx, prop, depth + 1)
            for prop, sub in props.items()
            if prop in required
        }
    if kind == "array":
        items = schema.get("items", {})
        count = 1
        if name in _COUNTED_ARRAYS or (isinstance(items, Mapping) and _is_file_object(items, root)):
            count = max(count, ctx.count)
        count = clamp_count(count, schema)
        return [build_value(items, root, ctx, name, depth + 1) for _ in range(count)]
    if _matches_type(echo, kind) and name not in ("url",):
        return echo
    if "default" in schema and _matches_type(schema["default"], kind):
        return schema["default"]
    if kind == "string":
        if (
            name == "url"
            or name.endswith("_url")
            or schema.get(FILE_KEYWORD) is True
            or schema.get("format") in ("uri", "url")
        ):
            return ctx.next_file().url
        examples = schema.get("examples")
        if isinstance(examples, list) and examples and isinstance(examples[0], str):
            return clamp_length(examples[0], schema)
        return clamp_length("emulated" if not schema.get("minLength") else "", schema)
    if kind == "integer":
        if name == "seed":
            return _seed(schema)
        return _number(schema, integer=True)
    if kind == "number":
        return _number(schema, integer=False)
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return None
