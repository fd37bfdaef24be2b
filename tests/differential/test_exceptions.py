"""The judge of `exceptions`: an exception explains a difference only when its translation does."""

from __future__ import annotations

from modelclients.fal import kolors

from .exceptions import DOCUMENTED_EXCEPTIONS, ProviderJudge, judge
from .provider_schemas import UNKNOWN_KEYS, as_json_schema
from .test_differential import ROOT, _specs

NESTED_TYPO = {"prompt": "x", "image_size": {"widht": 640}}


def _judge() -> ProviderJudge:
    return ProviderJudge(_specs().endpoints["fal-ai/kolors"], ROOT)


def test_agreement_needs_no_exception() -> None:
    for payload in ({"prompt": "x"}, {"prompt": "x", "seed": True}, {"prompt": "x", "seed": "3"}):
        verdict = judge(_judge(), kolors, payload)
        assert verdict.agree and verdict.exception is None, (payload, verdict)


def test_a_nested_unknown_key_is_explained_only_for_a_probe_that_adds_it() -> None:
    probe = judge(_judge(), kolors, NESTED_TYPO, adds_key=True)
    assert (probe.provider, probe.validate, probe.input) == (True, False, False)
    assert probe.exception == UNKNOWN_KEYS and not probe.unexplained
    other = judge(_judge(), kolors, NESTED_TYPO, adds_key=False)
    assert other.exception is None and other.unexplained


def test_unknown_keys_translation_closes_objects_that_list_properties() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "object", "properties": {}}}}
    closed = as_json_schema(schema, frozenset({UNKNOWN_KEYS}))
    assert closed["additionalProperties"] is False
    assert closed["properties"]["a"]["additionalProperties"] is False
    assert "additionalProperties" not in as_json_schema(schema)


def test_every_exception_has_a_reason() -> None:
    assert all(len(reason) > 40 for reason in DOCUMENTED_EXCEPTIONS.values())
