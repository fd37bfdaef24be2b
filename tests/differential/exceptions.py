"""Three verdicts on one payload, and the one list of documented reasons they may differ.

The provider's verdict is jsonschema Draft 2020-12 on the provider's ORIGINAL input schema (the
document under `sources/`, no translation, no format checks; see `provider_schemas`), ours are
the generated `validate()` and `Input.model_validate()`. Ours must always agree with each other.
Where the provider's verdict differs from ours, the difference is explained only if one entry of
`DOCUMENTED_EXCEPTIONS` accounts for it, and "accounts for" is checked, not assumed: each entry is
a translation of the provider's schema (or of its validator) to what fal's server, or our design,
really does, and the entry explains the payload only when the provider's verdict under that one
translation equals ours. Anything else is an unexplained disagreement, and a test failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Final

import jsonschema
import pydantic

from generator.multiple_of import decimal_validator
from generator.spec.model import Endpoint

from .provider_schemas import (
    OPENAPI_NULLABLE,
    PYDANTIC_BOUNDS,
    UNKNOWN_KEYS,
    provider_schema,
    supplements,
)

UUID_FORMATS: Final = "uuid-formats"
DECIMAL_MULTIPLE_OF: Final = "decimal-multiple-of"

DOCUMENTED_EXCEPTIONS: Final[Mapping[str, str]] = {
    UNKNOWN_KEYS: (
        "A key the schema does not list, at the top level or inside a nested object "
        "(`image_size={'widht': 640}`): Input (extra='forbid' on every model) and validate() "
        "(additionalProperties: false on every input object) refuse it on purpose, so a misspelt "
        "parameter fails before a request is paid for; fal's schemas leave additionalProperties "
        "open and its API drops such keys silently. Tried only on payloads whose probe adds a key."
    ),
    PYDANTIC_BOUNDS: (
        "`ge`/`le`/`gt`/`lt` in fal's schema: bounds of fal's server-side pydantic models that "
        "leaked into the published schema. They are not JSON Schema keywords, so Draft 2020-12 "
        "ignores them; fal's server enforces them, and so do we (as minimum/maximum)."
    ),
    OPENAPI_NULLABLE: (
        "OpenAPI 3.0 `nullable: true`: not a JSON Schema keyword (Draft 2020-12 ignores it and "
        "refuses null), but fal's server accepts null there; ours read it as a null branch."
    ),
    UUID_FORMATS: (
        "`format: uuid`/`uuid4`: an annotation to Draft 2020-12, a check for fal's server "
        "(pydantic UUID fields) and for ours (validate() asserts the two formats Input enforces)."
    ),
    DECIMAL_MULTIPLE_OF: (
        "`multipleOf` with a fractional step: jsonschema divides binary floats (0.3 is no multiple "
        "of 0.1 for it); ours use the runtime's one exact decimal rule "
        "(templates/runtime/_multiple_of.py)."
    ),
}
"""Every reason the provider's verdict may differ from ours, with why. The README lists them.
Only reasons some payload needs belong here (`test_probe_counts` fails on an unused one): the
OpenAPI 3.0 boolean `exclusiveMinimum` that `provider_schemas` can translate occurs in no
catalogued schema, so it is no exception."""

_SCHEMA_KINDS: Final = (PYDANTIC_BOUNDS, OPENAPI_NULLABLE, UNKNOWN_KEYS)
"""Exceptions that are translations of the schema; the other two change the validator."""


def _format_checker() -> jsonschema.FormatChecker:
    import uuid

    checker = jsonschema.FormatChecker(formats=())

    def version(value: object, wanted: int | None) -> bool:
        return not isinstance(value, str) or wanted in (None, uuid.UUID(value).version)

    checker.checks("uuid", raises=ValueError)(lambda value: version(value, None))
    checker.checks("uuid4", raises=ValueError)(lambda value: version(value, 4))
    return checker


def _validator(schema: dict[str, Any], kind: str | None) -> jsonschema.protocols.Validator:
    if kind == DECIMAL_MULTIPLE_OF:
        check: jsonschema.protocols.Validator = decimal_validator(schema)
        return check
    if kind == UUID_FORMATS:
        return jsonschema.Draft202012Validator(schema, format_checker=_format_checker())
    return jsonschema.Draft202012Validator(schema)


@dataclass
class ProviderJudge:
    """The provider's verdict on payloads of one endpoint, under no or one exception."""

    endpoint: Endpoint
    root: Path
    _checks: dict[str | None, list[tuple[frozenset[str] | None, Any]]] = field(default_factory=dict)

    def _built(self, kind: str | None) -> list[tuple[frozenset[str] | None, Any]]:
        """(parameters it judges, None: all but the supplements'; validator) per source."""
        if kind not in self._checks:
            kinds = frozenset({kind}) if kind in _SCHEMA_KINDS else frozenset()
            primary = provider_schema(self.endpoint, self.root, kinds=kinds)
            extra = supplements(self.endpoint, self.root, primary, kinds)
            self._checks[kind] = [(None, _validator(primary.schema, kind))] + [
                (s.parameters, _validator(s.schema.schema, kind)) for s in extra
            ]
        return self._checks[kind]

    def accepts(self, payload: Any, kind: str | None = None) -> bool:
        """The provider's verdict; with `kind`, under that one documented exception. A
        supplement judges only its own parameters (its root `required` does not apply)."""
        checks = self._built(kind)
        supplemented = set().union(*(p for p, _ in checks if p is not None))
        for parameters, check in checks:
            if parameters is None:
                part = payload
                if isinstance(payload, dict) and supplemented:
                    part = {k: v for k, v in payload.items() if k not in supplemented}
                if not check.is_valid(part):
                    return False
                continue
            part = {k: v for k, v in payload.items() if k in parameters}
            for error in check.iter_errors(part):
                if not (error.validator == "required" and not error.absolute_path):
                    return False
        return True


def input_accepts(module: ModuleType, payload: Any) -> bool:
    try:
        module.Input.model_validate(payload)
    except pydantic.ValidationError:
        return False
    return True


def validate_accepts(module: ModuleType, payload: Any) -> bool:
    return not module.validate(payload)


@dataclass(frozen=True)
class Verdict:
    """The three verdicts on one payload, and which documented exception (if any) explains a
    difference between the provider's and ours. `unexplained` is what the test fails on."""

    provider: bool
    validate: bool
    input: bool
    exception: str | None

    @property
    def agree(self) -> bool:
        return self.provider == self.validate == self.input

    @property
    def unexplained(self) -> bool:
        return not self.agree and self.exception is None


def judge(
    provider: ProviderJudge,
    module: ModuleType,
    payload: Any,
    *,
    adds_key: bool = False,
    ours: tuple[bool, bool] | None = None,
) -> Verdict:
    """The verdicts on `payload`; `adds_key` says the probe added a key (so `UNKNOWN_KEYS` may
    explain a difference; for any other payload it may not). `ours` passes the verdicts of
    validate() and Input when the caller has them already."""
    if ours is None:
        ours = (validate_accepts(module, payload), input_accepts(module, payload))
    ours_validate, ours_input = ours
    theirs = provider.accepts(payload)
    exception = None
    if ours_validate == ours_input != theirs:
        for kind in DOCUMENTED_EXCEPTIONS:
            if kind == UNKNOWN_KEYS and not adds_key:
                continue
            if provider.accepts(payload, kind) == ours_input:
                exception = kind
                break
    return Verdict(theirs, ours_validate, ours_input, exception)
