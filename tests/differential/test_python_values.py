"""Python values that are no JSON value, put in every input field of every endpoint: `Input`
and `validate()` agree on each, and neither raises anything but a validation error.

The provider-schema probes (`test_probes`) use JSON values only, since jsonschema on the
provider's document judges them; a Python caller can also pass bytes, a complex, a `Decimal`
or a tuple. A tuple is an array to both (it is sent as one); bytes are a file to `Input`
(`FileInput` takes them) and a string to neither, so in a file field only `Input` takes them.
Not probed: a set in a list field, which pydantic takes (in no set order) and `validate()`
refuses; the generated models do not yet refuse it.
"""

from __future__ import annotations

import importlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pydantic
import pytest

GENERATED = Path(__file__).resolve().parents[2] / "generated"
INDEX: dict[str, Any] = json.loads((GENERATED / "index.json").read_text("utf-8"))["endpoints"]
FILE_MARK = '"x-modelgen-file": true'
VALUES: dict[str, object] = {
    "bytes": b"x",
    "complex": 1j,
    "decimal": Decimal("1"),
    "tuple": ("a",),
}


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
        for label, value in VALUES.items():
            payload = {**base, wire: value}
            try:
                module.Input.model_validate(payload)
                model_ok = True
            except pydantic.ValidationError:
                model_ok = False
            validate_ok = module.validate(payload) == []
            if model_ok != validate_ok and not (label == "bytes" and wire in files):
                disagreements.append(f"{wire} = {label}: Input {model_ok}, validate {validate_ok}")
    assert not disagreements, disagreements
