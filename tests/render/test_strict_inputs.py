"""Input models refuse what the provider's schema refuses (issue 9, items 2 and 3), on real
generated modules: bytes or a number for a string, explicit None on a non-nullable field, unknown keys at any depth, inexact
multiples (one decimal rule, shared with validate(), fixtures and the emulator), duplicates in a
`uniqueItems` list, containers JSON has no word for (a set for an array, a bytes key, a set in a
value of no declared type); and omitted fields are never sent."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import modelclients
import pydantic
import pytest
from modelclients._checked_input import MULTIPLE_OF, NUMBER_ENUM, UNIQUE_ITEMS, CheckedInputModel
from modelclients.fal import (
    bagel,
    bria_fibo_bbq_preview_generate,
    bria_fibo_generate,
    flux_pro_kontext_max_multi,
    fooocus,
    kolors,
    moondream3_preview_segment,
)

from generator.emulator.values import OutputContext, build_value
from generator.multiple_of import is_multiple_of, multiple_beyond, nth_multiple


def _body(model: pydantic.BaseModel) -> dict[str, object]:
    """What the runtime sends (templates/runtime/_base.py)."""
    return model.model_dump(mode="json", exclude_unset=True, by_alias=True)


def test_an_omitted_optional_field_is_not_sent() -> None:
    assert _body(bagel.Input(prompt="x")) == {"prompt": "x"}
    assert _body(kolors.Input(prompt="x")) == {"prompt": "x"}


def test_none_on_a_non_nullable_field_is_refused_before_sending() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        bagel.Input.model_validate({"prompt": "x", "seed": None})
    assert [e["loc"] for e in caught.value.errors()] == [("seed",)]
    assert bagel.validate({"prompt": "x", "seed": None})[0].path == "seed"


def test_none_on_a_nullable_field_is_sent_as_null() -> None:
    assert _body(kolors.Input(prompt="x", seed=None)) == {"prompt": "x", "seed": None}
    assert kolors.validate({"prompt": "x", "seed": None}) == []


def test_a_nested_unknown_key_is_refused_with_its_path() -> None:
    payload = {"prompt": "x", "image_size": {"widht": 640}}
    with pytest.raises(pydantic.ValidationError) as caught:
        kolors.Input.model_validate(payload)
    assert ("image_size", "ImageSize", "widht") in [e["loc"] for e in caught.value.errors()]
    assert kolors.validate(payload)
    assert kolors.validate({"prompt": "x", "image_size": {"width": 640}}) == []


def test_nested_integers_are_not_coerced() -> None:
    with pytest.raises(pydantic.ValidationError):
        kolors.Input.model_validate({"prompt": "x", "image_size": {"width": True}})


@pytest.mark.parametrize("value", [b"a red panda", bytearray(b"x"), 3, True, ["x"]], ids=repr)
def test_a_string_field_takes_only_a_string(value: object) -> None:
    """pydantic would decode bytes into a `str` field; `JsonString` refuses it as the schema
    and `validate()` do, at the top level and in a nested object's field."""
    with pytest.raises(pydantic.ValidationError) as caught:
        kolors.Input.model_validate({"prompt": value})
    assert [e["loc"] for e in caught.value.errors()] == [("prompt",)]
    assert [i.path for i in kolors.validate({"prompt": value})] == ["prompt"]


URLS = ["https://example.com/a.png", "https://example.com/b.png"]


@pytest.mark.parametrize(
    "make",
    [set, frozenset, iter, lambda urls: dict.fromkeys(urls).keys()],
    ids=["set", "frozenset", "iterator", "dict-keys"],
)
def test_an_array_field_takes_no_unordered_or_one_shot_container(
    make: Callable[[list[str]], object],
) -> None:
    """pydantic would make a list of a set (in no fixed order) or of an iterator; `JsonArray`
    refuses them, as `validate()` does."""
    model = flux_pro_kontext_max_multi
    value = make(URLS)
    with pytest.raises(pydantic.ValidationError, match="expected a JSON array") as caught:
        model.Input.model_validate({"prompt": "x", "image_urls": value})
    assert [e["loc"] for e in caught.value.errors()] == [("image_urls",)]
    assert [i.path for i in model.validate({"prompt": "x", "image_urls": value})] == ["image_urls"]


def test_an_array_field_takes_a_list_or_a_tuple_in_its_order() -> None:
    model = flux_pro_kontext_max_multi
    for value in (URLS, tuple(URLS)):
        assert _body(model.Input(prompt="x", image_urls=value))["image_urls"] == URLS
        assert model.validate({"prompt": "x", "image_urls": value}) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([{"a"}], "a set is not a JSON value"),
        ([{"k": 1j}], "a complex is not a JSON value"),
        ([{b"k": 1}], "keys are strings, not bytes"),
        ([float("nan")], "JSON has no NaN"),
    ],
    ids=["set", "complex", "bytes-key", "nan"],
)
def test_a_value_of_no_declared_type_must_be_json(value: object, message: str) -> None:
    """`JsonAny` (dcg's `Any`) asks `validate()`'s own question of the value."""
    payload = {"prompt": "x", "structured_prompt": {"text_render": value}}
    with pytest.raises(pydantic.ValidationError, match=message) as caught:
        bria_fibo_generate.Input.model_validate(payload)
    assert caught.value.errors()[0]["loc"][:2] == ("structured_prompt", "text_render")
    assert bria_fibo_generate.validate(payload)
    ok = {"prompt": "x", "structured_prompt": {"text_render": [{"k": [1, None]}, ("t",)]}}
    assert bria_fibo_generate.Input.model_validate(ok)
    assert bria_fibo_generate.validate(ok) == []


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"prompt": "caf\udce9"}, "lone surrogate at position 3"),
        ({"prompt": "x", "seed": 10**5000}, "too long to write as JSON text"),
        ({"prompt": "x", "guidance_scale": -(10**5000)}, "too long to write as JSON text"),
        ({"prompt": "x", "image_size": {"width": 10**5000, "height": 8}}, "too long"),
    ],
    ids=["lone-surrogate", "huge-integer", "huge-number", "nested-huge-integer"],
)
def test_input_refuses_what_json_text_cannot_carry(
    payload: dict[str, object], message: str
) -> None:
    """What the client refuses before sending (and `validate()` reports), `Input` refuses
    itself: a model never holds a value that cannot be sent."""
    with pytest.raises(pydantic.ValidationError, match=message):
        kolors.Input.model_validate(payload)
    assert kolors.validate(payload)
    assert kolors.Input(prompt="café", seed=2**63).seed == 2**63  # text and long ints JSON takes


def test_a_lone_surrogate_in_a_file_url_is_refused() -> None:
    model = flux_pro_kontext_max_multi
    with pytest.raises(pydantic.ValidationError, match="lone surrogate"):
        model.Input(prompt="x", image_urls=["https://example.com/\udc80.png"])
    assert model.Input(prompt="x", image_urls=["https://example.com/é.png"])


def test_an_object_open_to_more_keys_takes_only_json_values_as_them() -> None:
    """`additionalProperties: true`: a new key is kept and sent, but its value must be JSON
    (pydantic's `extra="allow"` would keep a set as it is)."""
    module = bria_fibo_bbq_preview_generate
    for extra, ok in (([1, {"a": None}], True), ({1, 2}, False), (1j, False), (b"x", False)):
        payload = {"prompt": "x", "structured_prompt": {"aesthetics": {"new_key": extra}}}
        assert (module.validate(payload) == []) is ok
        if ok:
            sent = module.Input.model_validate(payload).model_dump(mode="json", exclude_unset=True)
            assert sent["structured_prompt"]["aesthetics"] == {"new_key": extra}
        else:
            with pytest.raises(pydantic.ValidationError, match="is not a JSON value"):
                module.Input.model_validate(payload)


def test_a_free_form_named_object_is_an_input_model() -> None:
    """A named object with no properties (fal's placeholder `Point`) derives from InputModel:
    built on first use, its keys' values checked."""
    from modelclients._validation import InputModel

    point = moondream3_preview_segment.Point
    assert issubclass(point, InputModel)
    assert point(x=1, y=2).model_dump() == {"x": 1, "y": 2}
    with pytest.raises(pydantic.ValidationError):
        point(x={1})


def test_a_string_with_a_format_keeps_its_own_check() -> None:
    """`JsonString` goes to plain strings only: a `uuid4` string stays datamodel-code-generator's
    `UUID4`, and an enum stays a `Literal`."""
    package = Path(modelclients.__file__).parent
    sources = {
        p.relative_to(package).as_posix(): p.read_text("utf-8") for p in package.glob("*/*.py")
    }
    uuid_modules = [text for text in sources.values() if ": UUID4" in text]
    assert uuid_modules and all("JsonString | UUID4" not in text for text in uuid_modules)
    kolors_text = sources["fal/kolors.py"]
    assert (
        "prompt: JsonString" in kolors_text
        and 'output_format: Literal["jpeg", "png"]' in kolors_text
    )


@pytest.mark.parametrize(
    ("value", "ok"), [(0.3, True), (0.8, True), (0.30000000000000004, False), (0.80005, False)]
)
def test_multiple_of_is_decimal_in_input_and_validate(value: float, ok: bool) -> None:
    payload = {"refiner_switch": value}
    accepted = True
    try:
        fooocus.Input.model_validate(payload)
    except pydantic.ValidationError as exc:
        accepted = False
        assert [e["type"] for e in exc.errors()] == ["multiple_of"]
    assert accepted is ok
    assert (fooocus.validate(payload) == []) is ok


def test_unique_items_is_enforced_by_input() -> None:
    payload = {"styles": ["Fooocus V2", "Fooocus V2"]}
    with pytest.raises(pydantic.ValidationError) as caught:
        fooocus.Input.model_validate(payload)
    assert [e["type"] for e in caught.value.errors()] == ["unique_items"]
    assert [i.keyword for i in fooocus.validate(payload)] == ["uniqueItems"]
    fooocus.Input.model_validate({"styles": ["Fooocus V2", "Fooocus Sharp"]})


def test_the_one_multiple_of_rule() -> None:
    assert is_multiple_of(0.3, 0.1) and is_multiple_of(6, 2) and is_multiple_of(-0.2, 0.1)
    assert not is_multiple_of(0.30000000000000004, 0.1) and not is_multiple_of(7, 2)
    assert not is_multiple_of(float("inf"), 0.1)
    assert multiple_beyond(0.25, 0.1, up=True) == 0.3
    assert multiple_beyond(0.3, 0.1, up=True, strict=True) == 0.4
    assert multiple_beyond(33, 2, up=False) == 32 and isinstance(
        multiple_beyond(33, 2, up=False), int
    )
    assert nth_multiple(3, 0.1) == 0.3


def test_the_emulator_builds_multiples() -> None:
    schema = {"type": "number", "minimum": 0.05, "maximum": 1, "multipleOf": 0.1}
    value = build_value(schema, schema, OutputContext(input={}, make_file=lambda n: None))  # type: ignore[arg-type,return-value]
    assert is_multiple_of(value, 0.1) and 0.05 <= value <= 1


def test_unique_items_compares_numbers_exactly_as_json_does() -> None:
    from modelclients._checked_input import _json_key

    assert _json_key(1) == _json_key(1.0)
    assert _json_key(2**60) != _json_key(2**60 + 1)
    assert _json_key(10**400) != _json_key(10**400 + 1)  # no float overflow
    assert _json_key(True) != _json_key(1)
    assert _json_key({"a": [1, 2.5]}) == _json_key({"a": [1.0, 2.5]})


def test_only_models_with_a_field_rule_pay_for_its_validators() -> None:
    """`CheckedInputModel` (validators on every field) is the base of exactly the generated input
    models with a field carrying one of its rule keys; the rest are plain `InputModel`s, which
    pydantic alone validates."""
    package = Path(modelclients.__file__).parent
    bases: dict[str, int] = {"InputModel": 0, "CheckedInputModel": 0}
    for path in sorted(package.glob("*/*.py")):
        classes = ast.parse(path.read_text(encoding="utf-8")).body
        for node in (c for c in classes if isinstance(c, ast.ClassDef)):
            named = [b.id for b in node.bases if isinstance(b, ast.Name) and b.id in bases]
            if not named:
                continue
            text = ast.unparse(node)
            ruled = any(key in text for key in (MULTIPLE_OF, UNIQUE_ITEMS, NUMBER_ENUM))
            assert (named[0] == "CheckedInputModel") == ruled, f"{path.name}: class {node.name}"
            bases[named[0]] += 1
    assert bases["InputModel"] > 500 and bases["CheckedInputModel"] > 0
    assert not kolors.Input.__pydantic_decorators__.field_validators
    assert issubclass(fooocus.Input, CheckedInputModel)
    assert fooocus.Input.__pydantic_decorators__.field_validators
