"""The generator's door to the `multipleOf` rule, which lives in the shipped runtime.

`templates/runtime/_multiple_of.py` is the only copy of the rule (exact decimal arithmetic); the
generated package ships it as `modelclients._runtime._multiple_of`. The fixtures and the emulator
load that same file from here, so the generator, the generated models, `validate()` and the
emulator cannot drift apart.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, Final

RULE_FILE: Final = Path(__file__).resolve().parents[1] / "templates" / "runtime" / "_multiple_of.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("modelgen_multiple_of", RULE_FILE)
    if spec is None or spec.loader is None:  # pragma: no cover - the file is part of the repo
        raise ImportError(f"{RULE_FILE}: cannot load the multipleOf rule")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_RULE: Final = _load()

is_multiple_of: Final[Callable[[float, float], bool]] = _RULE.is_multiple_of
"""Whether a value is an exact (decimal) multiple of a step."""
multiple_beyond: Final[Callable[..., int | float]] = _RULE.multiple_beyond
"""`multiple_beyond(value, step, *, up, strict=False)`: the nearest multiple in one direction."""

nth_multiple: Final[Callable[[int, float], int | float]] = _RULE.nth_multiple
"""`nth_multiple(count, step)`: `count` times `step`, computed exactly."""

jsonschema_keyword: Final[Callable[..., Iterator[Any]]] = _RULE.jsonschema_keyword
"""The rule as jsonschema's `multipleOf` keyword (see `decimal_validator`)."""


@functools.cache
def _decimal_class() -> Any:
    import jsonschema

    validators: Any = jsonschema.validators  # `extend` is untyped in types-jsonschema
    return validators.extend(jsonschema.Draft202012Validator, {"multipleOf": jsonschema_keyword})


def decimal_validator(schema: Mapping[str, Any]) -> Any:
    """A Draft 2020-12 validator of `schema` whose `multipleOf` is the decimal rule."""
    return _decimal_class()(dict(schema))


__all__ = ["decimal_validator", "is_multiple_of", "multiple_beyond", "nth_multiple"]
