"""Request fixtures: valid ones pass the endpoint's JSON Schema, invalid ones fail it for exactly
their stated reason, every edge of the spec is covered, and the output never changes.

Checked on small inline spec fragments (one per kind of constraint) and on every real spec under
specs/. The pydantic side is checked by the generated tests (generated/tests/), which run the
same fixtures through each endpoint's `Input` model.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.multiple_of import decimal_validator
from generator.render.fixtures import RULES, FixtureError, build_fixtures
from generator.render.fixtures_values import FILE_URL
from generator.spec import checks
from generator.spec.codec import endpoint_from_raw
from generator.spec.json_schema import endpoint_schema
from generator.spec.loader import endpoint_files, load_specs, load_support
from generator.spec.model import MISSING, Endpoint, SpecSet, TypeExpr

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"

FRAGMENTS = {
    "number": """
        prompt: {type: string, required: true, examples: [a red panda]}
        guidance_scale: {type: number, default: 5, minimum: 1, maximum: 10}
        """,
    "exclusive": """
        strength: {type: number, exclusive_minimum: 0, exclusive_maximum: 1, required: true}
        eta: {type: number, exclusive_minimum: 0.1, maximum: 0.5}
        steps: {type: integer, exclusive_minimum: 0, exclusive_maximum: 100}
        """,
    "integer": """
        num_images: {type: integer, default: 1, minimum: 1, maximum: 4}
        seed: {type: integer}
        """,
    "enum": """
        output_format: {type: string, enum: [jpeg, png], default: png}
        quality: {type: integer, enum: [1, 2, 4], required: true}
        """,
    "union": """
        image_size:
          type: union
          variants: [ImageSize, {type: string, enum: [square_hd, square]}]
          default: square_hd
        """,
    "list": """
        loras:
          type: array
          min_items: 1
          max_items: 3
          required: true
          items: LoraWeight
        tags: {type: array, items: {type: string, enum: [a, b, c]}, max_items: 2}
        """,
    "nested": """
        controlnet:
          type: object
          properties:
            path: {type: string, required: true, examples: [org/model]}
            conditioning_scale: {type: number, minimum: 0, maximum: 2, default: 1}
            control_image: {type: File, required: true}
        """,
    "nullable": """
        seed: {type: integer, nullable: true, minimum: 0}
        mask_url: {type: string, file: true, nullable: true}
        style: {type: string, enum: [any, realistic], nullable: true, default: null}
        """,
    "file": """
        image_url: {type: string, file: true, required: true}
        image_urls: {type: array, items: {type: string, file: true}, max_items: 3}
        """,
    "strings": """
        prompt: {type: string, min_length: 3, max_length: 8, required: true}
        code: {type: string, pattern: '^[0-9]+:[0-9]+$', examples: ['16:9']}
        """,
    "misc": """
        weights: {type: object, additional: {type: number, minimum: 0}}
        extra: {type: any}
        mode: {type: string, const: fast, required: true}
        ids: {type: array, items: {type: integer, minimum: 0}, min_items: 2, unique_items: true}
        """,
}
"""Input sections of small specs, each exercising one kind of constraint."""

LOCAL_TYPES = {
    "LoraWeight": {
        "type": "object",
        "properties": {
            "path": {"type": "string", "required": True},
            "scale": {"type": "number", "minimum": 0, "maximum": 4, "default": 1},
        },
    }
}


def fragment(name: str) -> tuple[SpecSet, Endpoint]:
    """The spec set (project types and vocabulary) holding the endpoint of one fragment."""
    raw = {
        "id": f"fal-ai/test-{name}",
        "provider": "fal",
        "input": yaml.safe_load(textwrap.dedent(FRAGMENTS[name])),
        "output": {},
        "types": LOCAL_TYPES,
    }
    endpoint = endpoint_from_raw(raw)
    support = load_support(SPECS)[0]
    specs = replace(support, endpoints={endpoint.id: endpoint})
    assert checks.local_rules(endpoint) == [] and checks.set_rules(specs, endpoint) == []
    return specs, endpoint


@cache
def real_specs() -> SpecSet:
    return load_specs(SPECS)


@cache
def _ids_by_path() -> dict[Path, str]:
    return {Path(p).resolve(): i for i, p in real_specs().paths.items()}


def real(path: Path) -> tuple[SpecSet, Endpoint]:
    specs = real_specs()
    return specs, specs.endpoints[_ids_by_path()[path.resolve()]]


REAL_FILES = endpoint_files(SPECS) if SPECS.is_dir() else []


def cases() -> list[Any]:
    """Every fragment, then every real spec file there is."""
    params = [pytest.param(lambda name=name: fragment(name), id=name) for name in FRAGMENTS]
    for path in REAL_FILES:
        params.append(
            pytest.param(lambda path=path: real(path), id=path.relative_to(SPECS).as_posix())
        )
    return params


# ---------------------------------------------------------------------------- an independent
# reading of the schema's verdict


KEYWORDS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusive_minimum": "exclusiveMinimum",
    "exclusive_maximum": "exclusiveMaximum",
    "enum": "enum",
    "required": "required",
    "type": "type",
    "max_items": "maxItems",
    "min_items": "minItems",
    "min_length": "minLength",
    "max_length": "maxLength",
    "additional": "additionalProperties",
    "multiple_of": "multipleOf",
}


def all_errors(error: jsonschema.ValidationError) -> Iterator[jsonschema.ValidationError]:
    yield error
    for sub in error.context or ():
        yield from all_errors(sub)


def reports(error: jsonschema.ValidationError, field: str, rule: str) -> bool:
    """`error` reports `rule` at `field` (missing and unknown keys: at the parent, by name)."""
    path = [str(p) for p in error.absolute_path]
    parts = field.split(".")
    if error.validator != KEYWORDS[rule]:
        return False
    if rule in ("required", "additional"):
        return path == parts[:-1] and f"'{parts[-1]}'" in error.message
    return path == parts


def validator(specs: SpecSet, endpoint: Endpoint) -> jsonschema.Draft202012Validator:
    """The input schema's validator, with the one decimal `multipleOf` rule."""
    check: jsonschema.Draft202012Validator = decimal_validator(
        endpoint_schema(specs, endpoint, "input")
    )
    return check


# ---------------------------------------------------------------------------- the contract


Load = Any  # a zero-argument callable returning (SpecSet, Endpoint)


@pytest.mark.parametrize("load", cases())
def test_valid_fixtures_pass_the_schema(load: Load) -> None:
    specs, endpoint = load()
    fixtures = build_fixtures(specs, endpoint)
    check = validator(specs, endpoint)
    assert [v["name"] for v in fixtures["valid"][:2]] == ["minimal", "full"]
    for case in fixtures["valid"]:
        errors = [e.message for e in check.iter_errors(case["payload"])]
        assert errors == [], case["name"]


@pytest.mark.parametrize("load", cases())
def test_invalid_fixtures_fail_for_their_reason_only(load: Load) -> None:
    specs, endpoint = load()
    fixtures = build_fixtures(specs, endpoint)
    check = validator(specs, endpoint)
    assert fixtures["invalid"]
    for case in fixtures["invalid"]:
        assert case["rule"] in RULES
        errors = list(check.iter_errors(case["payload"]))
        messages = [e.message for e in errors]
        assert len({tuple(e.absolute_path) for e in errors}) == 1, (case["name"], messages)
        found = [
            e
            for error in errors
            for e in all_errors(error)
            if reports(e, case["field"], case["rule"])
        ]
        assert found, (case["name"], messages)


@pytest.mark.parametrize("load", cases())
def test_fixtures_are_deterministic_json(load: Load) -> None:
    specs, endpoint = load()
    first = build_fixtures(specs, endpoint)
    again = build_fixtures(*load())
    assert json.dumps(first) == json.dumps(again)
    assert json.loads(json.dumps(first)) == first
    assert first["endpoint"] == endpoint.id
    names = [c["name"] for c in first["valid"] + first["invalid"]]
    assert len(names) == len(set(names))


# ---------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class Site:
    """A place in the input where a value of type `t` goes; `path` as a fixture field."""

    path: str
    t: TypeExpr
    required: bool


def sites(specs: SpecSet, endpoint: Endpoint) -> Iterator[Site]:
    """Every parameter, nested property and first list item of the input, through named
    types, unions and nullable wrappers (each named type entered once per branch)."""

    def walk(t: TypeExpr, path: str, required: bool, seen: frozenset[str]) -> Iterator[Site]:
        if t.is_ref:
            definition = specs.resolve(endpoint, t.type)
            if definition is not None and t.type not in seen:
                yield from walk(definition.type, path, required, seen | {t.type})
            return
        yield Site(path, t, required)
        for variant in t.variants:
            if _absorbed(variant, t.variants):
                continue  # a value breaking this variant is still valid through a looser one
            yield from walk(variant, path, required, seen)
        if t.items is not None:
            yield from walk(t.items, f"{path}.0", False, seen)
        for f in t.properties or ():
            yield from walk(f.type, f"{path}.{f.name}", f.required, seen)

    for f in endpoint.input:
        yield from walk(f.type, f.name, f.required, frozenset())


def _absorbed(variant: TypeExpr, variants: tuple[TypeExpr, ...]) -> bool:
    """Whether another variant takes every value of `variant`'s JSON type: a free string
    absorbs an enum, a free object (no properties) absorbs every object type."""
    kind = "object" if variant.is_ref or variant.type == "object" else variant.type
    return any(
        other is not variant
        and other.type == kind
        and other.enum is None
        and other.const is MISSING
        and other.pattern is None
        and other.properties is None
        and other.additional in (None, True)
        for other in variants
    )


def value_at(payload: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(payload, list) and part.isdigit() and int(part) < len(payload):
            payload = payload[int(part)]
        elif isinstance(payload, dict) and part in payload:
            payload = payload[part]
        else:
            return MISSING
    return payload


def has_valid(fixtures: dict[str, Any], path: str, test: Any) -> bool:
    values = (value_at(c["payload"], path) for c in fixtures["valid"])
    return any(v is not MISSING and test(v) for v in values)


def has_invalid(fixtures: dict[str, Any], path: str, rule: str) -> bool:
    return any(c["field"] == path and c["rule"] == rule for c in fixtures["invalid"])


def number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def near_above(bound: float, integer: bool) -> Any:
    if integer:
        return lambda v: v == math.floor(bound) + 1
    return lambda v: number(v) and bound < v <= bound + 1e-6 * max(1.0, abs(bound))


def near_below(bound: float, integer: bool) -> Any:
    if integer:
        return lambda v: v == math.ceil(bound) - 1
    return lambda v: number(v) and bound - 1e-6 * max(1.0, abs(bound)) <= v < bound


@pytest.mark.parametrize("load", cases())
def test_every_edge_is_covered(load: Load) -> None:
    specs, endpoint = load()
    fx = build_fixtures(specs, endpoint)
    for site in sites(specs, endpoint):
        t, at = site.t, site.path
        integer = t.type == "integer"
        bounded = t.type in ("integer", "number") and t.enum is None
        if site.required:
            assert has_invalid(fx, at, "required"), at
        if t.enum:
            assert has_invalid(fx, at, "enum"), at
        if bounded and t.minimum is not None:
            assert has_valid(fx, at, lambda v, b=t.minimum: v == b), at
            assert has_invalid(fx, at, "minimum"), at
        if bounded and t.maximum is not None:
            assert has_valid(fx, at, lambda v, b=t.maximum: v == b), at
            assert has_invalid(fx, at, "maximum"), at
        if bounded and t.exclusive_minimum is not None and t.multiple_of:
            first = (math.floor(t.exclusive_minimum / t.multiple_of) + 1) * t.multiple_of
            assert has_valid(fx, at, lambda v, b=first: math.isclose(v, b)), at
            assert has_invalid(fx, at, "exclusive_minimum"), at
        elif bounded and t.exclusive_minimum is not None:
            assert has_valid(fx, at, near_above(t.exclusive_minimum, integer)), at
            assert has_invalid(fx, at, "exclusive_minimum"), at
        if bounded and t.exclusive_maximum is not None:
            assert has_valid(fx, at, near_below(t.exclusive_maximum, integer)), at
            assert has_invalid(fx, at, "exclusive_maximum"), at
        if t.type == "array" and t.max_items is not None:
            assert has_valid(fx, at, lambda v, n=t.max_items: len(v) == n), at
            assert has_invalid(fx, at, "max_items"), at
        if t.type == "array" and t.min_items is not None:
            assert has_valid(fx, at, lambda v, n=t.min_items: len(v) == n), at
            if t.min_items > 0:
                assert has_invalid(fx, at, "min_items"), at
        if t.nullable:
            assert has_valid(fx, at, lambda v: v is None), at
    for f in endpoint.input:
        assert has_valid(fx, f.name, lambda v: True), f"{f.name} is never set"
        if f.type.type != "any":
            assert has_invalid(fx, f.name, "type"), f.name
    assert any(c["rule"] == "additional" for c in fx["invalid"])


# ---------------------------------------------------------------------------- chosen values


def by_name(fixtures: dict[str, Any], kind: str) -> dict[str, Any]:
    return {c["name"]: c for c in fixtures[kind]}


def test_minimal_and_full_payloads() -> None:
    fx = build_fixtures(*fragment("number"))
    valid = by_name(fx, "valid")
    assert valid["minimal"]["payload"] == {"prompt": "a red panda"}
    assert valid["full"]["payload"] == {"prompt": "a red panda", "guidance_scale": 5}
    assert valid["guidance_scale at minimum"]["payload"]["guidance_scale"] == 1
    invalid = by_name(fx, "invalid")
    assert invalid["guidance_scale below minimum"] == {
        "name": "guidance_scale below minimum",
        "payload": {"prompt": "a red panda", "guidance_scale": 0},
        "field": "guidance_scale",
        "rule": "minimum",
    }
    assert invalid["prompt missing"]["payload"] == {}
    assert invalid["guidance_scale wrong type"]["payload"]["guidance_scale"] == "not a valid value"
    assert invalid["prompt wrong type"]["payload"]["prompt"] == 12345


def test_exclusive_bounds_step_just_inside() -> None:
    fx = build_fixtures(*fragment("exclusive"))
    valid = by_name(fx, "valid")
    assert valid["strength just above exclusive minimum"]["payload"]["strength"] == 1e-06
    assert valid["strength just below exclusive maximum"]["payload"]["strength"] == 0.999999
    assert valid["eta just above exclusive minimum"]["payload"]["eta"] == 0.100001
    assert valid["steps just above exclusive minimum"]["payload"]["steps"] == 1
    assert valid["steps just below exclusive maximum"]["payload"]["steps"] == 99
    invalid = by_name(fx, "invalid")
    assert invalid["strength at exclusive minimum"]["payload"]["strength"] == 0
    assert invalid["steps at exclusive maximum"]["payload"]["steps"] == 100


def test_enum_union_and_nested_values() -> None:
    fx = build_fixtures(*fragment("enum"))
    assert by_name(fx, "valid")["minimal"]["payload"] == {"quality": 1}
    assert by_name(fx, "invalid")["quality not in enum"]["payload"] == {"quality": 5}

    fx = build_fixtures(*fragment("union"))
    valid = by_name(fx, "valid")
    assert valid["full"]["payload"] == {"image_size": "square_hd"}
    assert valid["image_size.width just above exclusive minimum"]["payload"] == {
        "image_size": {"width": 1}
    }
    invalid = by_name(fx, "invalid")
    assert invalid["image_size.width at exclusive minimum"]["field"] == "image_size.width"
    assert invalid["image_size not in enum"]["payload"] == {"image_size": "not-a-valid-option"}

    fx = build_fixtures(*fragment("nested"))
    invalid = by_name(fx, "invalid")
    assert invalid["controlnet.path missing"]["payload"] == {
        "controlnet": {"control_image": {"url": "example"}}
    }
    assert invalid["controlnet.control_image.url missing"]["payload"] == {
        "controlnet": {"path": "org/model", "control_image": {}}
    }


def test_lists_files_and_strings() -> None:
    fx = build_fixtures(*fragment("list"))
    valid = by_name(fx, "valid")
    assert valid["minimal"]["payload"] == {"loras": [{"path": "example"}]}
    assert len(valid["loras at max items (3)"]["payload"]["loras"]) == 3
    invalid = by_name(fx, "invalid")
    assert len(invalid["loras too many items"]["payload"]["loras"]) == 4
    assert invalid["loras too few items"]["payload"] == {"loras": []}
    assert invalid["loras.0.scale above maximum"]["field"] == "loras.0.scale"
    assert invalid["tags.0 not in enum"]["payload"]["tags"] == ["not-a-valid-option"]

    fx = build_fixtures(*fragment("file"))
    assert by_name(fx, "valid")["minimal"]["payload"] == {"image_url": FILE_URL}
    full = by_name(fx, "valid")["full"]["payload"]
    assert full == {"image_url": FILE_URL, "image_urls": [FILE_URL]}

    fx = build_fixtures(*fragment("strings"))
    valid = by_name(fx, "valid")
    assert valid["full"]["payload"] == {"prompt": "example", "code": "16:9"}
    assert valid["prompt at min length (3)"]["payload"]["prompt"] == "exa"
    assert by_name(fx, "invalid")["prompt too long"]["payload"]["prompt"] == "examplexx"


def test_maps_any_const_and_unique_items() -> None:
    fx = build_fixtures(*fragment("misc"))
    valid = by_name(fx, "valid")
    assert valid["minimal"]["payload"] == {"mode": "fast"}
    assert valid["full"]["payload"] == {
        "weights": {"key": 1},
        "extra": "any value",
        "mode": "fast",
        "ids": [1, 2],
    }
    assert valid["ids at min items (2)"]["payload"]["ids"] == [1, 2]
    invalid = by_name(fx, "invalid")
    assert "extra wrong type" not in invalid
    assert invalid["ids too few items"]["payload"]["ids"] == [1]


def test_nullable_values() -> None:
    fx = build_fixtures(*fragment("nullable"))
    valid = by_name(fx, "valid")
    assert valid["full"]["payload"] == {"seed": 1, "mask_url": FILE_URL, "style": "any"}
    assert valid["seed is null"]["payload"] == {"seed": None}
    assert by_name(fx, "invalid")["seed below minimum"]["payload"] == {"seed": -1}


def test_unbuildable_value_is_a_clear_error() -> None:
    specs, endpoint = fragment("strings")
    code = endpoint.input[1]
    odd = code.with_(type=code.type.with_(pattern="^(?=a)b$"), examples=(), required=True)
    endpoint = endpoint.with_(input=(endpoint.input[0], odd))
    with pytest.raises(FixtureError, match=r"fal-ai/test-strings: code: cannot build a string"):
        build_fixtures(specs, endpoint)
