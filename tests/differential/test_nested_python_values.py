"""Odd Python values at every place of a real payload, nested ones and new keys included:
`Input` and `validate()` agree on each, and neither raises anything but a validation error.

`test_python_values` puts its probes in the top-level fields; this one walks the endpoint's
`full` fixture (every field set) and puts each probe at every path in it, and as a new key in
every object (an object open to more keys takes it, a closed one refuses it). The probes are
values JSON has no word for, values JSON text cannot carry (a lone surrogate, an integer of
5,000 digits, NaN), and JSON values of the wrong kind. The one difference allowed is by design:
bytes in a file field, which `Input` sends as a data URI and `validate()` (a plain payload:
strings only) refuses.
"""

from __future__ import annotations

import importlib
import json
from collections import deque
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pydantic
import pytest

GENERATED = Path(__file__).resolve().parents[2] / "generated"
INDEX: dict[str, Any] = json.loads((GENERATED / "index.json").read_text("utf-8"))["endpoints"]
NEW_KEY = "zz_not_a_field"
PROBES: dict[str, Callable[[], object]] = {  # made afresh per use: a generator is used up
    "bytes": lambda: b"x",
    "bytearray": lambda: bytearray(b"x"),
    "complex": lambda: 1j,
    "decimal": lambda: Decimal("1.5"),
    "set": lambda: {"a"},
    "generator": lambda: (x for x in ["a"]),
    "deque": lambda: deque([1]),
    "bytes key": lambda: {b"k": 1},
    "number key": lambda: {1: 1},
    "lone surrogate": lambda: "\udc80",
    "5,000 digits": lambda: 10**5000,
    "nan": lambda: float("nan"),
    "none": lambda: None,
    "true": lambda: True,
    "text number": lambda: "3",
    "tuple": lambda: ("a",),
}
BYTES_LIKE = {"bytes", "bytearray"}

Path_ = tuple[str | int, ...]


def _places(value: Any, at: Path_ = ()) -> Iterator[Path_]:
    """Every path below the payload's root, and a new key in each object."""
    if isinstance(value, dict):
        yield (*at, NEW_KEY)
        for key, item in value.items():
            yield (*at, key)
            yield from _places(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*at, index)
            yield from _places(item, (*at, index))


def _with(payload: Any, at: Path_, value: object) -> Any:
    """A copy of `payload` with `value` at `at`."""
    copied = json.loads(json.dumps(payload))
    parent = copied
    for step in at[:-1]:
        parent = parent[step]
    parent[at[-1]] = value
    return copied


def _sent_as_file(model: pydantic.BaseModel, at: Path_) -> bool:
    """Whether `Input` holds a data URI at `at` (it took the bytes as a file's content)."""
    value: Any = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    for step in at:
        value = value[step]
    return isinstance(value, str) and value.startswith("data:")


@pytest.mark.parametrize("endpoint_id", sorted(INDEX))
def test_input_and_validate_agree_at_every_place(endpoint_id: str) -> None:
    module = importlib.import_module(INDEX[endpoint_id]["module"])
    stem = INDEX[endpoint_id]["module"].removeprefix("modelclients.").replace(".", "/")
    fixtures = json.loads((GENERATED / "fixtures" / f"{stem}.json").read_text("utf-8"))
    full = next(case["payload"] for case in fixtures["valid"] if case["name"] == "full")
    disagreements = []
    for at in _places(full):
        for label, make in PROBES.items():
            try:
                model = module.Input.model_validate(_with(full, at, make()))
            except pydantic.ValidationError:
                model = None
            validate_ok = module.validate(_with(full, at, make())) == []
            if (model is not None) == validate_ok:
                continue
            if model is not None and label in BYTES_LIKE and _sent_as_file(model, at):
                continue
            disagreements.append(
                f"{at} = {label}: Input {model is not None}, validate {validate_ok}"
            )
    assert not disagreements, disagreements
