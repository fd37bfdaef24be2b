"""What a JSON request body cannot carry, found before anything is sent.

JSON has no NaN or Infinity (Python's `json.dumps` writes them as bare `NaN`, which no JSON
parser reads, and pydantic's JSON mode turns them into `null`, silently changing the value), and
its text must be UTF-8 (a lone surrogate, as `os.fsdecode` makes of undecodable bytes, is not).
`first_unsendable` finds the first such value in a payload; the runtime's `prepare_input`
refuses it as an InputValidationError and `validate()` reports it as an issue, so the two agree.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["Unsendable", "first_unsendable"]


Unsendable = tuple[tuple[str | int, ...], str, str]
"""Where the value is (its path), an error type (`finite_number`, `string_unicode`), and why."""


def first_unsendable(value: Any, loc: tuple[str | int, ...] = ()) -> Unsendable | None:
    """The first value in `value` (keys included) that JSON cannot carry, or None."""
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
    for key, item in items:
        found = first_unsendable(key, (*loc, key)) or first_unsendable(item, (*loc, key))
        if found is not None:
            return found
    return None
