"""Source faults repaired by a maintainer's overrides (generator/ingest/repairs.py), the
known_failures list for the faults nobody repaired, and the contract still showing the edit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.contract.diff import compare
from generator.contract.snapshot import ProviderDocuments
from generator.ingest.pipeline import Entry, ingest_documents
from generator.spec.files import write_specs
from generator.spec.loader import load_specs, load_support

ROOT = Path(__file__).resolve().parents[2]
SUPPORT, _ = load_support(ROOT / "specs")
CORPUS = "faulty/corpus.json"
DEMO = "fal-ai/demo"
SPEC = Path("specs/fal/fal-ai/demo.yaml")

LORA_EDIT = """overrides:
  # Why: the items name a schema the document lacks. Assumes: the shared LoRAInput.
  input:
    loras: {items: LoRAInput}
    cfg: {type: number}
"""


def _faulty_corpus() -> str:
    properties: dict[str, Any] = {
        "loras": {"type": "array", "items": {"$ref": "#/$defs/Missing_LoRAInput"}, "default": []},
        "cfg": {"type": "integer", "minimum": 0, "maximum": 30, "default": 1.5},
        "prompt": {"type": "string"},
    }
    entry = {
        "input": {"type": "object", "properties": properties, "required": ["prompt"]},
        "output": {"type": "object", "properties": {"seed": {"type": "integer"}}},
    }
    return json.dumps({DEMO: entry}, indent=2)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path(CORPUS).parent.mkdir()
    Path(CORPUS).write_text(_faulty_corpus(), encoding="utf-8")
    SPEC.parent.mkdir(parents=True)
    return tmp_path


def _ingest(known: dict[str, str] | None = None) -> Any:
    entry = Entry(CORPUS, known_failures=known or {}, taken="2026-05-12")
    return ingest_documents([entry], SUPPORT.vocabulary, SUPPORT.types, Path("specs"))


@pytest.mark.usefixtures("project")
def test_without_hand_edits_a_faulty_endpoint_is_refused_or_left_out_as_listed() -> None:
    refused = _ingest()
    assert DEMO not in refused.endpoints
    (problem,) = refused.problems  # the first fault found keeps it out
    assert problem.field == DEMO and problem.file == CORPUS
    assert "#/fal-ai~1demo/input/properties/loras/items/$ref: dangling $ref" in problem.message
    listed = _ingest({DEMO: "faults of the source"})
    assert listed.problems == [] and DEMO not in listed.endpoints
    assert [(s.id, s.reason) for s in listed.skipped] == [(DEMO, "faults of the source")]


@pytest.mark.usefixtures("project")
def test_an_override_that_misses_a_fault_repairs_nothing() -> None:
    SPEC.write_text("overrides:\n  input:\n    loras: {items: LoRAInput}\n", encoding="utf-8")
    result = _ingest()
    assert DEMO not in result.endpoints and result.repaired == []
    assert [p.field for p in result.problems] == [DEMO]  # still refused


@pytest.mark.usefixtures("project")
def test_overrides_that_repair_every_fault_import_the_endpoint() -> None:
    SPEC.write_text(LORA_EDIT, encoding="utf-8")
    result = _ingest()
    assert result.problems == []
    assert [(r.id, len(r.faults)) for r in result.repaired] == [(DEMO, 2)]
    demo = result.endpoints[DEMO]
    assert "LoRAInput" in demo.types  # taken from the documents under sources/ that define it
    assert sum(n.startswith("Source fault, repaired by overrides:") for n in demo.notes) == 2
    assert any("type `LoRAInput` is named by overrides" in n for n in demo.notes)

    write_specs(result.endpoints.values(), Path("specs"), ROOT / "specs")
    text = SPEC.read_text(encoding="utf-8")
    assert text.endswith(LORA_EDIT)  # the hand edit and its comment, as written
    loaded = load_specs(ROOT / "specs", endpoints_from=[Path("specs")]).endpoints[DEMO]
    loras, cfg = loaded.field_named("input", "loras"), loaded.field_named("input", "cfg")
    assert loras is not None and loras.type.items is not None
    assert loras.type.items.type == "LoRAInput" and loras.origin["items"] == "override"
    assert cfg is not None and (cfg.type.type, cfg.default) == ("number", 1.5)

    # the contract compares with the document as it is: the edit shows, marked as a hand edit
    provider = ProviderDocuments(SUPPORT.vocabulary, None, SUPPORT.types).view(loaded)
    drift = {(d.field, d.fact): d for d in compare(loaded, provider.endpoint, SUPPORT.types.get)}
    assert all(d.origin == "override" for d in drift.values()), drift  # check.py: not breaking
    assert set(drift) == {("input.loras[]", "type"), ("input.cfg", "type")}
    assert (
        drift[("input.cfg", "type")].provider_value,
        drift[("input.cfg", "type")].spec_value,
    ) == (
        "integer",
        "number",
    )
    assert any("faults" in w for w in provider.warnings)


@pytest.mark.usefixtures("project")
def test_a_listed_failure_that_imports_now_must_leave_the_list() -> None:
    SPEC.write_text(LORA_EDIT, encoding="utf-8")
    result = _ingest({DEMO: "stale reason"})
    (problem,) = result.problems
    assert problem.field == DEMO and "imports now: remove it from there" in problem.message


def test_the_project_lists_no_known_failure_and_imports_the_nine() -> None:
    manifest = (ROOT / "sources" / "manifest.yaml").read_text(encoding="utf-8")
    assert "    known_failures: {}\n" in manifest
    specs = load_specs(ROOT / "specs").endpoints
    klein = [
        f"fal-ai/flux-2/klein/{s}/{m}lora"
        for s in ("4b", "9b")
        for m in ("", "edit/", "base/", "base/edit/")
    ]
    for endpoint_id in [*klein, "fal-ai/flowedit"]:
        spec = specs[endpoint_id]
        assert spec.overrides, endpoint_id
        assert any(n.startswith("Source fault, repaired by overrides:") for n in spec.notes)
    for endpoint_id in klein:
        loras = specs[endpoint_id].field_named("input", "loras")
        assert loras is not None and loras.type.items is not None
        assert loras.type.items.type == "LoRAInput"
        assert (
            specs[endpoint_id].types["LoRAInput"] == specs["fal-ai/flux-2/lora"].types["LoRAInput"]
        )
    for name in ("src_guidance_scale", "tar_guidance_scale"):
        f = specs["fal-ai/flowedit"].field_named("input", name)
        assert f is not None and f.type.type == "number" and f.type.nullable
