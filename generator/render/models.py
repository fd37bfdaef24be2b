"""The `Input` and `Output` pydantic models of one endpoint, written by datamodel-code-generator.

datamodel-code-generator (pinned, called as a library) reads one JSON Schema document built from
the endpoint's two standalone schemas: the input object is the root (class `Input`), the output
object and every named type sit under `$defs`, so a type both sides use becomes one class.
Before the call the document is annotated for our runtime:

- a string marked `x-modelgen-file` gets `customTypePath: modelclients._runtime.FileInput`, so
  file parameters take URLs, data URIs, paths, bytes or binary files;
- an input `string`, `integer`, `number` or `boolean` gets the JSON type of
  `modelclients._validation` (`JsonString`, `JsonInteger`, ...), so `Input` refuses what the JSON
  type refuses (`b"x"` as a string, `True` as a number, `"3"`, `0` as a boolean) instead of
  coercing it; the `list`, `dict` and `Any` dcg writes in an input model become
  `JsonArray`, `JsonObject` and `JsonAny` afterwards (`model_source`), for the same reason;
- an output object with a required string `url` gets
  `customBasePath: modelclients._runtime.RemoteFile`, so results can be read and saved; the
  other output objects get `modelclients._runtime._output_model.OutputModel` (RemoteFile's base
  too), whose validator is built on first use, so importing a module to build an `Input` does
  not pay for its `Output`;
- an output string marked `x-modelgen-file` (a result that is the file's URL itself, such as
  Segmind v2's `output`) gets `customTypePath: modelclients._runtime.FileOutput`, a `RemoteFile`
  read from the string;
- every parameter whose wire name is not a safe Python name is renamed by `names.field_name`,
  the wire name staying as the field's alias.

The options are explicit and the output is unformatted (one `ruff format` over all generated
files runs at the end). The result is split into import lines and the body, so the endpoint
template can merge the imports with its own.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from datamodel_code_generator import InputFileType, LiteralType, PythonVersion
from datamodel_code_generator import generate as dcg_generate
from datamodel_code_generator.enums import DataModelType

from generator.spec.json_schema import FILE_KEYWORD
from generator.spec.model import JSON

from .model_source import TEMPLATE_NAMES, ModelCode, ModelError, module_code
from .names import NameCollisionError, field_names

FILE_INPUT_TYPE: Final = "modelclients._runtime.FileInput"
JSON_SCALAR_TYPES: Final = {
    "string": "modelclients._validation.JsonString",
    "integer": "modelclients._validation.JsonInteger",
    "number": "modelclients._validation.JsonNumber",
    "boolean": "modelclients._validation.JsonBoolean",
}
"""JSON Schema scalar type -> the model type that accepts exactly its values (no coercion)."""
JSON_CONTAINER_TYPES: Final = {
    "list": "modelclients._validation.JsonArray",
    "dict": "modelclients._validation.JsonObject",
    "Any": "modelclients._validation.JsonAny",
}
"""What datamodel-code-generator writes in an input annotation -> the type that takes only
what JSON (and `validate()`) takes: no set for an array, no bytes key, no complex in `Any`."""
REMOTE_FILE_BASE: Final = "modelclients._runtime.RemoteFile"
OUTPUT_BASE: Final = "modelclients._runtime._output_model.OutputModel"
"""The base of the other output objects (built on first use: `defer_build`)."""
FILE_OUTPUT_TYPE: Final = "modelclients._runtime.FileOutput"

INPUT_BASE: Final = "modelclients._validation.InputModel"
CHECKED_INPUT_BASE: Final = "modelclients._checked_input.CheckedInputModel"
"""The base of input objects with a field rule below (InputModel's checking subclass)."""
_INPUT_BASES: Final = frozenset(
    base.rpartition(".")[2] for base in (INPUT_BASE, CHECKED_INPUT_BASE)
)
MULTIPLE_OF_KEY: Final = "x-modelgen-multiple-of"
UNIQUE_ITEMS_KEY: Final = "x-modelgen-unique-items"
NUMBER_ENUM_KEY: Final = "x-modelgen-number-enum"
"""Field keys CheckedInputModel reads from `json_schema_extra` (names as in
`modelclients._checked_input`)."""
_FIELD_RULES: Final = {"multipleOf": MULTIPLE_OF_KEY, "uniqueItems": UNIQUE_ITEMS_KEY}
"""JSON Schema keywords the models check through CheckedInputModel, never through pydantic's
own."""
_RULE_KEYS: Final = frozenset({*_FIELD_RULES.values(), NUMBER_ENUM_KEY})
OPTIONS: Final[dict[str, Any]] = {
    "input_file_type": InputFileType.JsonSchema,
    "output_model_type": DataModelType.PydanticV2BaseModel,
    "target_python_version": PythonVersion.PY_311,
    "class_name": "Input",
    "field_constraints": True,  # Field(ge=..., le=...), not constr/conint
    "enum_field_as_literal": LiteralType.All,  # enums as Literal["1:1", ...]
    "strict_nullable": True,  # `X | None` only where the spec says nullable
    "use_missing_sentinel": True,  # optional, no default: `X | MISSING = MISSING`, never sent
    "field_extra_keys": set(_RULE_KEYS),  # json_schema_extra for CheckedInputModel
    "use_annotated": False,  # `x: T = Field(default=..., alias=...)`: type checkers see aliases
    "use_default_kwarg": True,  # `default=` by keyword: mypy (no plugin) sees optional fields
    "use_union_operator": True,
    "use_standard_collections": True,
    "use_schema_description": True,  # type descriptions become class docstrings
    "use_single_line_docstring": True,
    "collapse_root_models": True,  # map types (Timings) inline as dict[str, float]
    "disable_timestamp": True,
    "formatters": [],  # formatted once, at the end, by one ruff run
}


def model_code(
    input_schema: dict[str, JSON], output_schema: dict[str, JSON], memo: ModelMemo | None = None
) -> ModelCode:
    """The models of one endpoint from its input and output JSON Schemas. With a `memo`, a
    document the memo has seen (the same text as another endpoint's) is not generated again."""
    document = combined_schema(input_schema, output_schema)
    text = json.dumps(document)
    if memo is None:
        return _generated(text, document)
    return memo.code(text, lambda: _generated(text, document))


def _generated(text: str, document: dict[str, JSON]) -> ModelCode:
    aliases = _aliases(document)
    try:
        source = dcg_generate(text, aliases=aliases, **OPTIONS)
    except Exception as exc:  # the code generator raises its own error types
        raise ModelError(f"datamodel-code-generator failed: {exc}") from exc
    if not isinstance(source, str):
        raise ModelError("datamodel-code-generator returned no single module")
    return module_code(source, _INPUT_BASES, JSON_CONTAINER_TYPES)


class ModelMemo:
    """The models of every document generated so far, by the document's text (which is all
    datamodel-code-generator reads: the aliases are derived from it), so that endpoints with
    identical schemas cost one call. Held per process; with `shared`, a folder the processes of
    one run also leave their results in (one JSON file per document, written atomically), so a
    document another worker generated is read instead. A result is a function of the text
    alone, so where it came from never changes the output."""

    def __init__(self, shared: Path | None = None) -> None:
        self.shared = shared
        self._known: dict[str, ModelCode] = {}

    def code(self, text: str, generate: Callable[[], ModelCode]) -> ModelCode:
        key = hashlib.sha256(text.encode()).hexdigest()
        known = self._known.get(key)
        if known is None:
            known = self._read(key)
        if known is None:
            known = generate()
            self._write(key, known)
        self._known[key] = known
        return known

    def _read(self, key: str) -> ModelCode | None:
        if self.shared is None:
            return None
        try:
            data = json.loads((self.shared / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return ModelCode(tuple(data["imports"]), data["body"], tuple(data["classes"]))

    def _write(self, key: str, code: ModelCode) -> None:
        if self.shared is None:
            return
        data = {"imports": list(code.imports), "body": code.body, "classes": list(code.classes)}
        try:
            fd, tmp = tempfile.mkstemp(dir=self.shared, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out)
            os.replace(tmp, self.shared / f"{key}.json")
        except OSError:
            pass  # another process generates the document itself: only time is lost


def combined_schema(
    input_schema: dict[str, JSON], output_schema: dict[str, JSON]
) -> dict[str, JSON]:
    """One document: the input object at the root, `Output` and the named types in `$defs`."""
    defs: dict[str, JSON] = {}
    for schema in (input_schema, output_schema):
        defs.update(copy.deepcopy(schema.get("$defs", {})))
    clash = sorted(set(defs) & ({"Input", "Output"} | TEMPLATE_NAMES))
    if clash:
        raise ModelError(f"type name(s) {', '.join(clash)} clash with names the module defines")
    # a type both sides use is one class, the input's (it refuses unknown keys)
    defs.update(copy.deepcopy(input_schema.get("$defs", {})))
    output = _object_part(output_schema)
    _mark_output_models(output, defs)
    _mark_file_outputs(output)
    defs["Output"] = output
    root = _object_part(input_schema)
    for part in (root, *(defs[name] for name in _reachable(root, defs))):
        _mark_file_inputs(part)
        _mark_json_scalars(part)
        _mark_input_models(part)
    return {**root, "$defs": defs}


def _reachable(root: JSON, defs: Mapping[str, JSON]) -> list[str]:
    """The names of `defs` that `root` refers to, directly or through other named types."""
    seen: list[str] = []
    stack: list[JSON] = [root]
    while stack:
        for schema in _nodes(stack.pop()):
            ref = schema.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if name not in seen and name in defs:
                    seen.append(name)
                    stack.append(defs[name])
    return seen


def _mark_input_models(node: JSON) -> None:
    """Input objects get the InputModel base (CheckedInputModel where a field has a rule), and
    the field rules it checks move from the field's schema (or a variant of it, as in
    `X | None`) to `json_schema_extra`: `multipleOf` and `uniqueItems` (so pydantic's own float
    remainder never judges a multiple) and a mark on numeric enums holding 0 or 1 (which
    `Literal` would let `False`/`True` match). The rules are checked per field, so one nested
    deeper (in list items, say) is refused here, by name."""
    places: list[dict[str, JSON]] = []
    for schema in _nodes(node):
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            if schema.get("type") == "object":  # free-form: a class when named (its extras)
                schema["customBasePath"] = INPUT_BASE
            continue
        ruled = False
        for name, field in properties.items():
            if isinstance(field, dict):
                places += _hoist_field_rules(name, field)
                ruled = ruled or any(key in field for key in _RULE_KEYS)
        schema["customBasePath"] = CHECKED_INPUT_BASE if ruled else INPUT_BASE
    checked = {id(place) for place in places}
    for schema in _nodes(node):
        nested = [k for k in _FIELD_RULES if k in schema]
        if _number_enum(schema) and id(schema) not in checked:
            nested.append("enum with 0 or 1")
        if nested:
            raise ModelError(
                f"{', '.join(nested)}: supported on an input field or its variants only, "
                f"not nested in a list or map (schema {json.dumps(schema)[:120]})"
            )


def _hoist_field_rules(name: str, field: dict[str, JSON]) -> list[dict[str, JSON]]:
    """Moves the field's rules to its `json_schema_extra` keys; answers the schemas read."""
    variants = field.get("anyOf")
    places = [field]
    if isinstance(variants, list):
        places += [v for v in variants if isinstance(v, dict)]
    for keyword, key in _FIELD_RULES.items():
        values = [place.pop(keyword) for place in places if keyword in place]
        if len({json.dumps(v) for v in values}) > 1:
            raise ModelError(f"field {name!r}: its variants state different {keyword} values")
        if values:
            field[key] = values[0]
    if any(_number_enum(place) for place in places):
        field[NUMBER_ENUM_KEY] = True
    return places


def _number_enum(schema: dict[str, JSON]) -> bool:
    """An enum with a number Python equates with a boolean (0 or 1)."""
    values = schema.get("enum")
    return isinstance(values, list) and any(type(v) in (int, float) and v in (0, 1) for v in values)


def _object_part(schema: dict[str, JSON]) -> dict[str, JSON]:
    """The schema without its document-level keywords."""
    drop = {"$schema", "$id", "$defs", "$comment", "title"}
    return {k: copy.deepcopy(v) for k, v in schema.items() if k not in drop}


def _nodes(node: JSON) -> Iterator[dict[str, JSON]]:
    """Every subschema of the schema `node` (itself included), depth first, in schema positions
    only: a parameter named `type` or `properties` is never mistaken for a keyword."""
    if not isinstance(node, dict):
        return
    yield node
    for key in ("properties", "$defs"):
        children = node.get(key)
        if isinstance(children, dict):
            for child in children.values():
                yield from _nodes(child)
    for key in ("items", "additionalProperties"):
        yield from _nodes(node.get(key))
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        children = node.get(key)
        if isinstance(children, list):
            for child in children:
                yield from _nodes(child)


def _mark_file_inputs(node: JSON) -> None:
    for schema in _nodes(node):
        if schema.get(FILE_KEYWORD) is True:
            schema["customTypePath"] = FILE_INPUT_TYPE


def _mark_json_scalars(node: JSON) -> None:
    """Input scalars get the JSON type that refuses what JSON Schema refuses; not an enum (a
    `Literal` already matches only its values), a file (`FileInput`) or a string with a `format`
    (`uuid4`: datamodel-code-generator's `UUID4` checks it)."""
    for schema in _nodes(node):
        kind = schema.get("type")
        if (
            isinstance(kind, str)
            and kind in JSON_SCALAR_TYPES
            and not {"enum", "customTypePath", "format"} & schema.keys()
        ):
            schema["customTypePath"] = JSON_SCALAR_TYPES[kind]


def _mark_file_outputs(output: dict[str, JSON]) -> None:
    """Strings marked as files inside the output's own schema (named types are shared with the
    input and keep their input typing)."""
    for schema in _nodes(output):
        if schema.get(FILE_KEYWORD) is True and schema.get("type") == "string":
            schema["customTypePath"] = FILE_OUTPUT_TYPE


def _has_url(schema: dict[str, JSON]) -> bool:
    """An object with a required string `url` (what RemoteFile declares: `url: str`). An
    optional or nullable `url` would contradict the base class, so such objects stay plain."""
    properties = schema.get("properties")
    required = schema.get("required")
    if schema.get("type") != "object" or not isinstance(properties, dict):
        return False
    url = properties.get("url")
    return (
        isinstance(url, dict)
        and url.get("type") == "string"
        and isinstance(required, list)
        and "url" in required
    )


def _mark_output_models(output: dict[str, JSON], defs: dict[str, JSON]) -> None:
    """Objects reachable from the output (inline or named) get RemoteFile when they have a
    `url`, OutputModel otherwise (a type the input shares gets the input's base afterwards)."""
    for part in (output, *(defs[name] for name in _reachable(output, defs))):
        for schema in _nodes(part):
            if schema is not output and _has_url(schema):
                schema["customBasePath"] = REMOTE_FILE_BASE
            elif isinstance(schema.get("properties"), dict) or schema.get("type") == "object":
                schema["customBasePath"] = OUTPUT_BASE


def _aliases(document: dict[str, JSON]) -> dict[str, str]:
    """wire name -> Python field name, for every parameter that needs renaming."""
    renames: dict[str, str] = {}
    for schema in _nodes(document):
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            continue
        try:
            mapping = field_names(properties, "object")
        except NameCollisionError as exc:
            raise ModelError(str(exc)) from exc
        renames.update({wire: py for wire, py in mapping.items() if wire != py})
    return renames
