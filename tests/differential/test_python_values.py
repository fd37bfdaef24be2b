"""Python values that are no JSON value, put in every input field of every endpoint: `Input`
and `validate()` agree on each, and neither raises anything but a validation error.

The provider-schema probes (`test_probes`) use JSON values only, since jsonschema on the
provider's document judges them; a Python caller can also pass bytes, a complex, a `Decimal`,
a tuple, containers JSON has no word for (a set, a frozenset, a generator, dict keys), an object
keyed by bytes or by a number, or any of these inside a list or an object. A tuple is an array
to both (it is sent as one); bytes are a file to `Input` (`FileInput` takes them) and a string
to neither, so in a file field only `Input` takes them.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pydantic
import pytest

GENERATED = Path(__file__).resolve().parents[2] / "generated"
INDEX: dict[str, Any] = json.loads((GENERATED / "index.json").read_text("utf-8"))["endpoints"]
FILE_MARK = '"x-modelgen-file": true'
VALUES: dict[str, Callable[[], object]] = {  # made afresh per use: a generator is used up
    "bytes": lambda: b"x",
    "complex": lambda: 1j,
    "decimal": lambda: Decimal("1"),
    "tuple": lambda: ("a",),
    "set": lambda: {"a"},
    "frozenset": lambda: frozenset({1}),
    "generator": lambda: (x for x in ["a"]),
    "dict keys": lambda: {"a": 1}.keys(),
    "bytes key": lambda: {b"k": "a"},
    "number key": lambda: {1: "a"},
    "set in a list": lambda: [{"a"}],
    "set in an object": lambda: {"k": {"a"}},
    "bytes in an object": lambda: {"k": b"x"},
}
FILE_LABELS = {"bytes", "bytes in an object"}
"""Probes `FileInput` may take as file data (bytes), where `validate()` wants a string."""


def _file_fields(endpoint_id: str) -> set[str]:
    """The top-level properties the packaged input schema marks as files (`x-modelgen-file`,
    alone or in a variant): `Input` types them `FileInput`."""
    schema = json.loads((GENERATED / INDEX[endpoint_id]["input_schema"]).read_text("utf-8"))
    return {
        name for name, prop in schema.get("properties", {}).items() if FILE_MARK in json.dumps(prop)
    }


@pytest.mark.parametrize("endpoint_id", sorted(INDEX))
def test_input_and_validate_agree_on_python_values(endpoint_id: str) -> None:
    module = importlib.import_module(INDEX[endpoint_id]["module"])
    stem = INDEX[endpoint_id]["module"].removeprefix("modelclients.").replace(".", "/")
    fixtures = json.loads((GENERATED / "fixtures" / f"{stem}.json").read_text("utf-8"))
    base = fixtures["valid"][0]["payload"]
    files = _file_fields(endpoint_id)
    disagreements = []
    for name, info in module.Input.model_fields.items():
        wire = info.alias or name
        for label, make in VALUES.items():
            try:
                module.Input.model_validate({**base, wire: make()})
                model_ok = True
            except pydantic.ValidationError:
                model_ok = False
            validate_ok = module.validate({**base, wire: make()}) == []
            if model_ok != validate_ok and not (label in FILE_LABELS and wire in files):
                disagreements.append(f"{wire} = {label}: Input {model_ok}, validate {validate_ok}")
    assert not disagreements, disagreements
