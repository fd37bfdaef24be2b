"""Differential validation: our three validators against the provider's own input JSON Schema.

For every endpoint of `generated/index.json` whose spec was built from an OpenAPI-like source
(layout `openapi` or `fal-js-corpus`), the provider's schema is read from that document under
`sources/` (see `provider_schemas`: fal's dialect is spelled in JSON Schema first, and parameters
the merge took from a lower-ranked OpenAPI-like source are judged by that source) and checked
with `jsonschema.Draft202012Validator` beside:

- `validate(payload)` of the generated endpoint module (an empty list = valid),
- `Input.model_validate(payload)` of the same module (pydantic),
- the exported schema `generated/modelclients/_schemas/<provider>/<module>.input.json`
  (jsonschema), the file `index.json` names.

Here the provider's schema is read as fal means it (dialect translated) and every jsonschema
validator uses the one decimal `multipleOf` rule (`generator.multiple_of`); `test_probes` and the
random payloads below also judge the ORIGINAL schema, up to `exceptions.DOCUMENTED_EXCEPTIONS`.

Two properties, one test id per endpoint each:

1. The generated fixtures: every valid one is valid for all four; every invalid one is invalid
   for all four, except where `KNOWN_DIFFERENCES` says the provider means to accept it.
2. `MODELGEN_DIFF_EXAMPLES` (default `DEFAULT_EXAMPLES`) random valid payloads per endpoint,
   drawn from the spec by `payload_strategy` (derandomised, so a run is reproducible): every one
   is accepted by all four.

A disagreement is a bug in ingestion or rendering: the spec says something the provider does not
(or the rendering lost a fact). The failure names the endpoint, the payload (hypothesis shrinks
random ones to a minimal example), the provider document used and every validator's verdict.
No network: everything is read from `sources/`, `specs/` and `generated/`.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, Final

import jsonschema
import pydantic
import pytest
from hypothesis import HealthCheck, given, settings

from generator.multiple_of import decimal_validator
from generator.spec.loader import load_specs
from generator.spec.model import Endpoint, SpecSet
from tests.payloads import payload_strategy

from .exceptions import ProviderJudge, judge
from .provider_schemas import (
    ProviderSchema,
    Supplement,
    parameters_of,
    provider_schema,
    provider_source,
    supplements,
)

ROOT: Final = Path(__file__).resolve().parents[2]
GENERATED: Final = ROOT / "generated"

DEFAULT_EXAMPLES: Final = 30
"""Random payloads per endpoint. Each costs four jsonschema validations (provider as fal means it,
the original provider schema, validate(), the exported schema) and one pydantic one, which is
most of the time (profiled). With 30, the folder (probes of `test_probes` included) takes about
two minutes on 2 cores; raise it with MODELGEN_DIFF_EXAMPLES for a deeper run."""

EXAMPLES: Final = max(1, int(os.environ.get("MODELGEN_DIFF_EXAMPLES", DEFAULT_EXAMPLES)))

KNOWN_DIFFERENCES: Final[Mapping[str, str]] = {
    "additional": (
        "An unknown extra key: our Input (extra='forbid'), validate() and exported schema "
        "(additionalProperties: false) refuse it on purpose, to catch misspelt parameters "
        "before a request is paid for; fal's schemas leave additionalProperties open and its "
        "API ignores such keys."
    ),
}
"""Fixture rules whose invalid fixtures the provider's schema is expected to ACCEPT, each with
its reason. Only intentional differences of design belong here, never a disagreement found by
this test. (OpenAPI 3.0's `nullable` is not a difference: `provider_schemas` spells it in JSON
Schema before validating.)"""

VALIDATORS: Final = ("provider", "validate", "pydantic", "exported")


# ---------------------------------------------------------------------------- the endpoints


@cache
def _specs() -> SpecSet:
    return load_specs(ROOT / "specs")


@cache
def _index() -> Mapping[str, Mapping[str, Any]]:
    data = json.loads((GENERATED / "index.json").read_text(encoding="utf-8"))
    endpoints: Mapping[str, Mapping[str, Any]] = data["endpoints"]
    return endpoints


def _endpoint_ids() -> list[str]:
    """Every catalogued endpoint whose spec has an OpenAPI-like origin."""
    specs = _specs().endpoints
    return sorted(
        endpoint_id
        for endpoint_id in _index()
        if endpoint_id in specs and provider_source(specs[endpoint_id]) is not None
    )


ENDPOINT_IDS: Final = _endpoint_ids()


@dataclass(frozen=True)
class Subject:
    """One endpoint and the four validators compared on it."""

    endpoint: Endpoint
    module: ModuleType
    provider: ProviderSchema
    provider_check: jsonschema.Draft202012Validator
    supplements: tuple[tuple[Supplement, jsonschema.Draft202012Validator], ...]
    exported_check: jsonschema.Draft202012Validator
    fixtures_path: Path

    def verdicts(self, payload: Any) -> dict[str, list[str]]:
        """Each validator's complaints about `payload` (an empty list: accepted)."""
        return {
            "provider": self._provider_errors(payload),
            "validate": [str(issue) for issue in self.module.validate(payload)],
            "pydantic": _pydantic_errors(self.module, payload),
            "exported": _errors(self.exported_check, payload),
        }

    def _provider_errors(self, payload: Any) -> list[str]:
        """The primary provider schema's complaints, plus each supplement's about the
        parameters it alone describes (its root `required` list does not apply)."""
        errors = _errors(self.provider_check, payload)
        if not isinstance(payload, dict):
            return errors
        for supplement, check in self.supplements:
            part = {k: v for k, v in payload.items() if k in supplement.parameters}
            errors += _errors(check, part, skip_root_required=True)
        return errors

    def undescribed_note(self, field: str) -> str:
        """Why the provider cannot judge `field`, when no provider schema describes it."""
        name = field.split(".")[0]
        described = parameters_of(self.provider).union(*(s.parameters for s, _ in self.supplements))
        if name in described:
            return ""
        spec_field = next((f for f in self.endpoint.input if f.name == name), None)
        origin = sorted(set(spec_field.origin.values())) if spec_field else []
        return (
            f" (no OpenAPI-like source describes parameter {name!r}; the spec took it from "
            f"{', '.join(origin) or 'nowhere'})"
        )

    def describe(self) -> str:
        lines = [
            f"endpoint {self.endpoint.id} (module {self.module.__name__}); provider schema: "
            f"{_where(self.provider)}"
        ]
        lines += [
            f"  and for {sorted(s.parameters)}: {_where(s.schema)}" for s, _ in self.supplements
        ]
        return "\n".join(lines)


def _where(provider: ProviderSchema) -> str:
    return f"{provider.source.path}{provider.pointer} [{provider.source.layout}]"


@cache
def _subject(endpoint_id: str) -> Subject:
    endpoint = _specs().endpoints[endpoint_id]
    entry = _index()[endpoint_id]
    module = importlib.import_module(entry["module"])
    provider = provider_schema(endpoint, ROOT)
    extra = supplements(endpoint, ROOT, provider)
    for schema in (provider, *(s.schema for s in extra)):
        jsonschema.Draft202012Validator.check_schema(schema.schema)
    exported = json.loads((GENERATED / entry["input_schema"]).read_text(encoding="utf-8"))
    provider_name, module_name = entry["module"].split(".")[-2:]
    return Subject(
        endpoint=endpoint,
        module=module,
        provider=provider,
        provider_check=decimal_validator(provider.schema),
        supplements=tuple((s, decimal_validator(s.schema.schema)) for s in extra),
        exported_check=decimal_validator(exported),
        fixtures_path=GENERATED / "fixtures" / provider_name / f"{module_name}.json",
    )


def _errors(
    check: jsonschema.Draft202012Validator, payload: Any, *, skip_root_required: bool = False
) -> list[str]:
    return [
        f"{'.'.join(map(str, error.absolute_path)) or '(payload)'}: {error.message}"
        for error in check.iter_errors(payload)
        if not (skip_root_required and error.validator == "required" and not error.absolute_path)
    ]


def _pydantic_errors(module: ModuleType, payload: Any) -> list[str]:
    try:
        module.Input.model_validate(payload)
    except pydantic.ValidationError as exc:
        return [
            f"{'.'.join(map(str, error['loc'])) or '(payload)'}: {error['msg']}"
            for error in exc.errors()
        ]
    return []


def _report(subject: Subject, what: str, payload: Any, verdicts: Mapping[str, list[str]]) -> str:
    lines = [subject.describe(), f"{what}: {json.dumps(payload, sort_keys=True)}"]
    for name in VALIDATORS:
        complaints = verdicts[name]
        lines.append(
            f"  {name:9} {'REJECTS: ' + '; '.join(complaints) if complaints else 'accepts'}"
        )
    return "\n".join(lines)


def _without(payload: Any, path: Sequence[str]) -> Any:
    """A copy of `payload` without the key at the dotted `path` (list indices as digits)."""
    if not path:
        return payload
    head, rest = path[0], path[1:]
    if isinstance(payload, list):
        index = int(head)
        return [_without(item, rest) if i == index else item for i, item in enumerate(payload)]
    if isinstance(payload, dict):
        if not rest:
            return {k: v for k, v in payload.items() if k != head}
        return {k: _without(v, rest) if k == head else v for k, v in payload.items()}
    return payload


# ---------------------------------------------------------------------------- the tests


def test_there_are_endpoints_to_compare() -> None:
    assert ENDPOINT_IDS, "no catalogued endpoint has an OpenAPI-like source"


@pytest.mark.parametrize("endpoint_id", ENDPOINT_IDS)
def test_fixtures_agree_with_provider_schema(endpoint_id: str) -> None:
    subject = _subject(endpoint_id)
    fixtures = json.loads(subject.fixtures_path.read_text(encoding="utf-8"))
    problems: list[str] = []
    for case in fixtures["valid"]:
        verdicts = subject.verdicts(case["payload"])
        if any(verdicts.values()):
            problems.append(
                _report(subject, f"valid fixture {case['name']!r}", case["payload"], verdicts)
            )
    for case in fixtures["invalid"]:
        payload, rule = case["payload"], case["rule"]
        verdicts = subject.verdicts(payload)
        what = f"invalid fixture {case['name']!r} (rule {rule}, field {case['field']})"
        ours_accept = [name for name in VALIDATORS[1:] if not verdicts[name]]
        if ours_accept:
            problems.append(
                _report(subject, f"{what}, accepted by {ours_accept}", payload, verdicts)
            )
        if rule not in KNOWN_DIFFERENCES:
            if not verdicts["provider"]:
                what += f", provider accepts{subject.undescribed_note(case['field'])}"
                problems.append(_report(subject, what, payload, verdicts))
            continue
        # The known difference, asserted: the provider accepts the payload, and the extra key
        # is the only thing wrong with it (without it, all four accept).
        if verdicts["provider"]:
            problems.append(
                _report(
                    subject,
                    f"{what}, provider rejects (known difference expected it to accept)",
                    payload,
                    verdicts,
                )
            )
        stripped = _without(payload, case["field"].split("."))
        stripped_verdicts = subject.verdicts(stripped)
        if any(stripped_verdicts.values()):
            problems.append(
                _report(subject, f"{what}, without the key", stripped, stripped_verdicts)
            )
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("endpoint_id", ENDPOINT_IDS)
def test_random_valid_payloads_agree_with_provider_schema(endpoint_id: str) -> None:
    subject = _subject(endpoint_id)
    provider = ProviderJudge(subject.endpoint, ROOT)

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(payload_strategy(_specs(), subject.endpoint))
    def every_validator_accepts(payload: dict[str, Any]) -> None:
        verdicts = subject.verdicts(payload)
        assert not any(verdicts.values()), _report(
            subject, "random valid payload", payload, verdicts
        )
        # and on the provider's original schema, up to the documented exceptions
        verdict = judge(provider, subject.module, payload, ours=(True, True))
        assert verdict.agree or verdict.exception, _report(
            subject, f"random valid payload, original schema: {verdict}", payload, verdicts
        )

    every_validator_accepts()
