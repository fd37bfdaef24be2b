# Copied by modelgen from templates/runtime/_json_values.py (sha256:7c23b9583fbcba3687d97b382989866da953eb386222c3212f637521184d689a); do not edit; run `make generate`.
"""What a JSON request body cannot carry, found before anything is sent.

JSON has no NaN or Infinity (Python's `json.dumps` writes them as bare `NaN`, which no JSON
parser reads, and pydantic's JSON mode turns them into `null`, silently changing the value), and
its text must be UTF-8 (a lone surrogate, as `os.fsdecode` makes of undecodable bytes, is not).
Nor can it carry an integer Python will not write as text (more than
`sys.get_int_max_str_digits()` digits, 4,300 by default: `json.dumps` raises ValueError), and
a payload nested deeper than `MAX_DEPTH` is refused before anything walks it (`json.dumps`,
pydantic and jsonschema all recurse, so a hostile payload would end in RecursionError).
`first_unsendable` finds the first such value in a payload; the runtime's `prepare_input`
refuses it as an InputValidationError and `validate()` reports it as an issue, so the two agree.
"""

from __future__ import annotations

import math
from typing import Any, Final

__all__ = [
    "MAX_DEPTH",
    "NOT_JSON",
    "TOO_DEEP",
    "TOO_LONG",
    "UNCHECKABLE",
    "Unsendable",
    "first_unsendable",
    "sendable",
]

MAX_DEPTH: Final = 64
"""The deepest nesting of lists and objects a payload may have (a model's inputs use a few)."""
TOO_DEEP: Final = "json_depth"
"""The error type of a payload nested deeper than `MAX_DEPTH`."""
NOT_JSON: Final = "json_type"
"""The error type, with `only_json`, of a value of no JSON type (a complex, a Decimal, a set)
or an object key that is not a string."""
TOO_LONG: Final = "int_digits"
"""The error type of an integer too long to write as text (nor to `repr`, so no message can
quote it)."""
UNCHECKABLE: Final = frozenset({TOO_DEEP, NOT_JSON, TOO_LONG})
"""The error types past which a payload cannot be walked or quoted (by jsonschema, say): the
value is the payload's one problem."""
_JSON_TYPES: Final = (str, int, float, dict, list, tuple, type(None))
_BITS_ALWAYS_WRITTEN: Final = 14_000
"""An integer of at most this many bits has fewer than 4,300 digits: always written as text."""

Unsendable = tuple[tuple[str | int, ...], str, str]
"""Where the value is (its path), an error type (`finite_number`, `string_unicode`,
`int_digits`, `json_depth`, `json_type`), and why."""


def first_unsendable(
    value: Any, loc: tuple[str | int, ...] = (), *, only_json: bool = False
) -> Unsendable | None:
    """The first value in `value` (keys included) that JSON cannot carry, or None. With
    `only_json` (a plain payload for `validate()`), a value of no JSON type is one too; without
    it (the runtime's check, before the model turns paths, bytes and files into data URIs),
    such values are left to the model."""
    if isinstance(value, int):
        if value.bit_length() <= _BITS_ALWAYS_WRITTEN or isinstance(value, bool):
            return None
        try:
            str(value)
        except ValueError:  # past sys.get_int_max_str_digits()
            why = f"an integer of {value.bit_length():,} bits is too long to write as JSON text"
            return loc, TOO_LONG, why
        return None
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        return loc, "finite_number", f"{value} is not a JSON number (JSON has no NaN or Infinity)"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            why = f"text cannot be encoded as UTF-8 (a lone surrogate at position {exc.start})"
            return loc, "string_unicode", why
        return None
    items: Any = ()
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    elif only_json and not isinstance(value, _JSON_TYPES):
        return loc, NOT_JSON, f"a {type(value).__name__} is not a JSON value"
    else:
        return None
    if len(loc) >= MAX_DEPTH:
        return loc, TOO_DEEP, f"nested deeper than {MAX_DEPTH} levels"
    for key, item in items:
        if only_json and isinstance(value, dict) and not isinstance(key, str):
            return loc, NOT_JSON, f"a JSON object's keys are strings, not {type(key).__name__}"
        found = first_unsendable(key, (*loc, key), only_json=only_json) or first_unsendable(
            item, (*loc, key), only_json=only_json
        )
        if found is not None:
            return found
    return None


def sendable(value: Any) -> Any:
    """`value` unchanged if JSON can carry it (`first_unsendable` with `only_json`), else a
    ValueError saying why and where: what the pydantic validators of the input types raise."""
    found = first_unsendable(value, only_json=True)
    if found is not None:
        path, _, why = found
        raise ValueError(f"{why} (at {'/'.join(map(str, path))})" if path else why)
    return value
