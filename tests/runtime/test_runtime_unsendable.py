"""Values JSON cannot carry (NaN, Infinity, lone surrogates, an integer too long to write as
text) and payloads nested past `MAX_DEPTH` are refused before anything is sent, by `Input`, by
`validate()` and by the runtime alike, as typed errors (never a ValueError from `json.dumps` or
a RecursionError); `multipleOf` is judged exactly however large
the quotient; the emulator, like a real JSON server, refuses a body holding `NaN`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import httpx
import pytest
from modelclients import InputValidationError
from modelclients._runtime._json_values import MAX_DEPTH, NOT_JSON, TOO_DEEP, first_unsendable
from modelclients.fal import kolors
from pydantic import ValidationError

from generator.emulator import Emulator, Scenario
from generator.multiple_of import is_multiple_of, multiple_beyond
from tests.runtime.fake_catalogue import catalogue
from tests.runtime.mock import Recorder, ok

NON_FINITE = [float("nan"), float("inf"), -float("inf")]


@pytest.mark.parametrize("value", NON_FINITE, ids=repr)
def test_input_and_validate_both_refuse_a_number_json_cannot_carry(value: float) -> None:
    with pytest.raises(ValidationError, match="JSON has no NaN or Infinity"):
        kolors.Input(prompt="x", guidance_scale=value)
    issues = kolors.validate({"prompt": "x", "guidance_scale": value})
    assert [(i.path, i.keyword) for i in issues][:1] == [("guidance_scale", "finite_number")]


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({"prompt": "x", "guidance_scale": float("nan")}, ["guidance_scale"]),
        (
            {"prompt": "x", "image_size": {"width": float("inf"), "height": 8}},
            ["image_size", "width"],
        ),
        ({"prompt": "x", "extra": [1.0, float("-inf")]}, ["extra", 1]),
        ({"prompt": "a\udc80b"}, ["prompt"]),
    ],
)
def test_the_client_refuses_before_sending(payload: dict[str, Any], where: list[Any]) -> None:
    recorder = Recorder(ok({"request_id": "r"}))
    client = kolors.Client(key="k", http_client=recorder.client())
    with pytest.raises(InputValidationError) as caught:
        client.submit(payload)
    assert caught.value.errors[0]["loc"] == where
    assert caught.value.errors[0]["type"] in ("finite_number", "string_unicode")
    assert recorder.requests == []


def _nested(levels: int) -> list[Any]:
    """A list `levels` lists deep, built without recursion."""
    outer: list[Any] = []
    inner = outer
    for _ in range(levels - 1):
        inner.append([])
        inner = inner[0]
    return outer


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        ({"prompt": "x", "seed": 10**5000}, "int_digits"),
        ({"prompt": "x", "seed": -(10**5000)}, "int_digits"),
        ({"prompt": 10**5000}, "int_digits"),
        ({"prompt": _nested(100_000)}, TOO_DEEP),
        ({"prompt": "x", "extra": {"a": _nested(MAX_DEPTH)}}, TOO_DEEP),
    ],
    ids=[
        "huge-int",
        "huge-negative-int",
        "huge-int-for-a-string",
        "100000-deep",
        "just-past-the-depth",
    ],
)
def test_a_huge_integer_or_a_too_deep_payload_is_a_typed_refusal(
    payload: dict[str, Any], kind: str
) -> None:
    recorder = Recorder(ok({"request_id": "r"}))
    client = kolors.Client(key="k", http_client=recorder.client())
    with pytest.raises(InputValidationError) as caught:
        client.submit(payload)
    assert caught.value.errors[0]["type"] == kind
    assert recorder.requests == []
    issues = kolors.validate(payload)
    assert issues and issues[0].keyword == kind, issues
    assert issues == issues[:1]  # jsonschema, which recurses and quotes values, is not asked


def test_payloads_within_the_limits_are_sent() -> None:
    """The limits refuse nothing a model takes: 64 levels (the payload object the first) and
    an integer of 1,000 digits pass `first_unsendable`."""
    assert first_unsendable({"extra": _nested(MAX_DEPTH - 1)}) is None
    assert first_unsendable({"seed": 10**1000, "flag": True}) is None
    assert first_unsendable({"extra": _nested(MAX_DEPTH)}) is not None
    recorder = Recorder(ok({"request_id": "r"}))
    client = kolors.Client(key="k", http_client=recorder.client())
    client.submit({"prompt": "x", "seed": 10**1000})
    assert len(recorder.requests) == 1


@pytest.mark.parametrize(
    "value",
    [1j, Decimal("5.5"), {1, 2}, object(), datetime(2026, 1, 1)],
    ids=["complex", "decimal", "set", "object", "datetime"],
)
def test_validate_reports_a_value_of_no_json_type_and_never_raises(value: object) -> None:
    """A plain payload holding a complex, a Decimal, a set or any object that is no JSON value
    is one `json_type` issue at its path (jsonschema's bounds would raise TypeError on a
    complex), and `Input` refuses it too."""
    for payload, where in (
        ({"prompt": "x", "guidance_scale": value}, "guidance_scale"),
        ({"prompt": "x", "image_size": {"width": value, "height": 8}}, "image_size.width"),
    ):
        issues = kolors.validate(payload)
        assert [(i.path, i.keyword) for i in issues] == [(where, NOT_JSON)], issues
        with pytest.raises(ValidationError):
            kolors.Input.model_validate(payload)


def test_a_tuple_is_an_array_for_validate_and_input_alike() -> None:
    from modelclients.fal import bytedance_seedream_v4_5_edit as seedream

    urls = ("https://example.com/a.png", "https://example.com/b.png")
    payload = {"prompt": "x", "image_urls": urls}
    assert seedream.validate(payload) == []
    assert seedream.Input.model_validate(payload).image_urls == list(urls)


def test_a_model_changed_after_it_was_built_is_checked_again() -> None:
    recorder = Recorder(ok({"request_id": "r"}))
    client = kolors.Client(key="k", http_client=recorder.client())
    built = kolors.Input(prompt="x")
    built.guidance_scale = float("nan")  # pydantic does not validate assignment
    with pytest.raises(InputValidationError, match="guidance_scale"):
        client.submit(built)
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("value", "step"),
    [(1e300, 0.01), (10**40, 8), (10**40 + 1, 8), (10**30 + 1, 0.01), (1e29, 0.05), (-1e300, 3)],
)
def test_multiple_of_is_exact_past_decimal_precision(value: float, step: float) -> None:
    exact = Fraction(str(value)) % Fraction(str(step)) == 0
    assert is_multiple_of(value, step) is exact
    if isinstance(value, int) and isinstance(step, int):  # ints: the multiple is exact too
        up = multiple_beyond(value, step, up=True)
        assert is_multiple_of(up, step) and value <= up < value + step


def test_validate_answers_for_a_huge_number_in_a_multiple_of_field() -> None:
    from modelclients.fal import chain_of_zoom  # scale: a number with multipleOf 1, at most 8

    image = "https://example.com/a.png"
    for value in (1e300, 10**40, -(10**30) - 1):
        issues = chain_of_zoom.validate({"image_url": image, "scale": value})
        assert [i.path for i in issues] == ["scale"]
        with pytest.raises(ValidationError):
            chain_of_zoom.Input(image_url=image, scale=value)


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(catalogue(), Scenario()) as emulator:
        yield emulator


@pytest.mark.parametrize("body", [b'{"prompt": NaN}', b'{"prompt": "x", "seed": 1e400}'])
def test_the_emulator_refuses_a_body_that_is_not_json(emu: Emulator, body: bytes) -> None:
    headers = {"Authorization": "Key emulator-fal-key", "Content-Type": "application/json"}
    with httpx.Client(timeout=5) as http:
        answer = http.post(f"{emu.fal_queue_url}/fal-ai/kolors", content=body, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["type"] == "json_invalid"
