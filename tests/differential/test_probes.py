"""The independent differential test: probes on every top-level property of every endpoint with
a provider schema, three verdicts each (issue 9, item 4).

For each endpoint of `test_differential.ENDPOINT_IDS` (a spec built from an OpenAPI-like source),
every top-level property the provider's schema or our spec describes gets each value of
`probes.probes` in the endpoint's minimal valid fixture, plus one payload with an unknown
top-level key. On each payload jsonschema Draft 2020-12 on the provider's original schema, the
generated `validate()` and the generated `Input` give a verdict (`exceptions.judge`); they must
agree, or differ for one of `exceptions.DOCUMENTED_EXCEPTIONS`, verified by translation. Our two
verdicts must agree always. The hypothesis payloads of `test_differential` are judged the same way
there. Counts are kept in `tally.COUNTS` and printed by the last test (run with `-s` to see them).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from .exceptions import DOCUMENTED_EXCEPTIONS, ProviderJudge, judge
from .probes import UNKNOWN_KEY, Probe, constraint_nodes, probes
from .provider_schemas import parameters_of, provider_schema, supplements
from .tally import COUNTS, covers_catalogue, unneeded_exceptions
from .test_differential import ENDPOINT_IDS, ROOT, _specs, _subject


def _property_schemas(judge_: ProviderJudge) -> dict[str, tuple[Any, Any]]:
    """property -> (document, its provider schema), from the primary source and supplements,
    with fal's dialect translated (so bounds written `ge`/`le` give probes too)."""
    primary = provider_schema(judge_.endpoint, ROOT)
    found: dict[str, tuple[Any, Any]] = {}
    for source, names in [(primary, None)] + [
        (s.schema, s.parameters) for s in supplements(judge_.endpoint, ROOT, primary)
    ]:
        document = source.schema
        for node in constraint_nodes(document, document):
            properties = node.get("properties")
            if isinstance(properties, dict):
                for name, schema in properties.items():
                    if names is None or name in names:
                        found.setdefault(name, (document, schema))
        assert names is not None or parameters_of(source) <= set(found)
    return found


def _payloads(endpoint_id: str) -> list[tuple[str, Any, Probe]]:
    subject = _subject(endpoint_id)
    fixtures = json.loads(subject.fixtures_path.read_text(encoding="utf-8"))
    valid = {case["name"]: case["payload"] for case in fixtures["valid"]}
    base, full = valid["minimal"], valid.get("full", valid["minimal"])
    schemas = _property_schemas(ProviderJudge(subject.endpoint, ROOT))
    names = sorted(set(schemas) | {f.name for f in subject.endpoint.input})
    cases = [("(top level)", {**base, UNKNOWN_KEY: 1}, Probe("unknown top-level key", 1, True))]
    for name in names:
        document, schema = schemas.get(name, (None, {}))
        for probe in probes(document, schema, full.get(name)):
            cases.append((name, {**base, name: probe.value}, probe))
    return cases


@pytest.mark.parametrize("endpoint_id", ENDPOINT_IDS)
def test_probes_agree_with_provider_schema(endpoint_id: str) -> None:
    subject = _subject(endpoint_id)
    provider = ProviderJudge(subject.endpoint, ROOT)
    COUNTS["endpoints"] += 1
    COUNTS["catalogue"] = len(ENDPOINT_IDS)
    problems = []
    for name, payload, probe in _payloads(endpoint_id):
        verdict = judge(provider, subject.module, payload, adds_key=probe.adds_key)
        COUNTS["payloads"] += 1
        if verdict.agree:
            COUNTS["agreements"] += 1
        elif verdict.exception is not None:
            COUNTS[f"exception {verdict.exception}"] += 1
        else:
            problems.append(
                f"{name} = {probe.name}: provider {'accepts' if verdict.provider else 'rejects'},"
                f" validate() {'accepts' if verdict.validate else 'rejects'},"
                f" Input {'accepts' if verdict.input else 'rejects'}:"
                f" {json.dumps(payload, sort_keys=True)[:300]}"
            )
    assert not problems, f"{subject.describe()}\n" + "\n".join(problems)


def test_probe_counts() -> None:
    """The tally (printed with -s); every documented exception is one the catalogue needs.
    Under pytest-xdist this process saw only its share; the controller judges the sum
    (`tests/conftest.py`)."""
    if not COUNTS:
        pytest.skip("no probe test ran in this session")
    print("\nprobe payloads:", dict(sorted(COUNTS.items())))
    assert COUNTS["payloads"] == COUNTS["agreements"] + sum(
        v for k, v in COUNTS.items() if k.startswith("exception ")
    )
    if covers_catalogue(COUNTS):  # every probe test ran in this process
        unused = unneeded_exceptions(COUNTS, DOCUMENTED_EXCEPTIONS)
        assert not unused, f"documented exceptions no payload needs: {unused}"


def test_catalogue_is_probed() -> None:
    assert len(ENDPOINT_IDS) > 500, len(ENDPOINT_IDS)
    assert _specs().endpoints
