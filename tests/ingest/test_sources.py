"""Which source wins: machine sources carry the date they were taken, the newer one wins every
fact two of them disagree on, the conflict is recorded, and sources are named by their path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.ingest.pipeline import Entry, ingest_documents, read_manifest
from generator.spec.errors import ProblemsError
from generator.spec.loader import load_specs, load_support
from generator.spec.model import Endpoint

ROOT = Path(__file__).resolve().parents[2]
SUPPORT, _ = load_support(ROOT / "specs")
OLD = "snapshots/2025/corpus.json"
NEW = "snapshots/2026/corpus.json"
"""Two documents of one file name, in two folders."""


def _corpus(steps_maximum: int, seed_nullable: bool, extra: str) -> str:
    seed: dict[str, Any] = {"type": "integer"}
    if seed_nullable:
        seed = {"anyOf": [seed, {"type": "null"}]}
    properties = {
        "steps": {"type": "integer", "minimum": 1, "maximum": steps_maximum, "default": 4},
        "seed": seed,
        extra: {"type": "boolean", "default": False},
    }
    entry = {
        "input": {"type": "object", "properties": properties, "required": []},
        "output": {
            "type": "object",
            "properties": {"images": {"type": "array", "items": {"type": "string"}}},
        },
    }
    return json.dumps({"fal-ai/demo": entry}, indent=2)


@pytest.fixture
def snapshots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An older and a newer snapshot of one endpoint that disagree on three facts."""
    monkeypatch.chdir(tmp_path)
    for path, text in ((OLD, _corpus(10, False, "legacy")), (NEW, _corpus(20, True, "turbo"))):
        Path(path).parent.mkdir(parents=True)
        Path(path).write_text(text, encoding="utf-8")
    return tmp_path


def _merged(old_taken: str | None, new_taken: str | None) -> Endpoint:
    entries = [Entry(OLD, taken=old_taken), Entry(NEW, taken=new_taken)]
    result = ingest_documents(entries, SUPPORT.vocabulary, SUPPORT.types)
    assert result.problems == []
    return result.endpoints["fal-ai/demo"]


def _conflicts(endpoint: Endpoint) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    return {(c.field, c.fact): (dict(c.values), c.chosen) for c in endpoint.conflicts}


@pytest.mark.usefixtures("snapshots")
def test_the_newer_snapshot_wins_and_the_conflicts_are_recorded() -> None:
    demo = _merged("2025-09-03", "2026-02-07")
    steps, seed = demo.field_named("input", "steps"), demo.field_named("input", "seed")
    assert steps is not None and steps.type.maximum == 20
    assert steps.origin["maximum"].startswith(f"{NEW}#/fal-ai~1demo/input/properties/steps")
    assert seed is not None and seed.type.nullable
    assert [f.name for f in demo.input] == ["steps", "seed", "turbo"]
    assert _conflicts(demo) == {
        ("input.steps", "maximum"): ({NEW: 20, OLD: 10}, NEW),
        ("input.seed", "nullable"): ({NEW: True, OLD: None}, NEW),
        ("input.legacy", "present"): ({NEW: False, OLD: True}, NEW),
        ("input.turbo", "present"): ({NEW: True, OLD: False}, NEW),
    }
    # one file name, two paths: two sources, each with its own date
    assert {label: (ref.path, ref.taken) for label, ref in demo.sources.items()} == {
        OLD: (OLD, "2025-09-03"),
        NEW: (NEW, "2026-02-07"),
    }


@pytest.mark.usefixtures("snapshots")
def test_swapping_the_dates_swaps_the_winner() -> None:
    demo = _merged("2026-02-07", "2025-09-03")
    steps, seed = demo.field_named("input", "steps"), demo.field_named("input", "seed")
    assert steps is not None and steps.type.maximum == 10
    assert seed is not None and not seed.type.nullable
    assert [f.name for f in demo.input] == ["steps", "seed", "legacy"]
    assert _conflicts(demo)[("input.steps", "maximum")] == ({OLD: 10, NEW: 20}, OLD)


@pytest.mark.usefixtures("snapshots")
def test_an_unknown_date_loses_to_any_date_and_the_order_of_listing_never_matters() -> None:
    assert _merged("unknown", "2020-01-01").field_named("input", "turbo") is not None
    assert _merged("2020-01-01", "unknown").field_named("input", "legacy") is not None
    # two undated documents of one layout: the path decides (alphabetical), whatever the order
    for entries in ([Entry(OLD), Entry(NEW)], [Entry(NEW), Entry(OLD)]):
        result = ingest_documents(entries, SUPPORT.vocabulary, SUPPORT.types)
        assert result.endpoints["fal-ai/demo"].field_named("input", "legacy") is not None


def _manifest(tmp_path: Path, entry: str) -> Path:
    path = tmp_path / "manifest.yaml"
    path.write_text(f"documents:\n  - {entry}\n", encoding="utf-8")
    return path


def test_the_manifest_reads_dates_and_refuses_a_malformed_one(tmp_path: Path) -> None:
    (dated,) = read_manifest(_manifest(tmp_path, f"{{path: {NEW}, taken: 2026-02-07}}"))
    assert (dated.path, dated.taken) == (NEW, "2026-02-07")
    (unknown,) = read_manifest(_manifest(tmp_path, f"{{path: {NEW}, taken: unknown}}"))
    assert unknown.taken == "unknown"
    with pytest.raises(ProblemsError) as caught:
        read_manifest(_manifest(tmp_path, f"{{path: {NEW}, taken: last spring}}"))
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (2, "documents.0.taken")
    assert "neither a date (YYYY-MM-DD) nor unknown" in problem.message


def test_a_machine_source_the_manifest_does_not_date_is_refused(snapshots: Path) -> None:
    entries = read_manifest(_manifest(snapshots, NEW))
    result = ingest_documents(entries, SUPPORT.vocabulary, SUPPORT.types)
    (problem,) = result.problems
    assert (problem.line, problem.field) == (2, "taken")
    assert "machine source (fal-js-corpus): say when it was taken" in problem.message


def test_the_project_manifest_dates_every_machine_source() -> None:
    entries = read_manifest(ROOT / "sources" / "manifest.yaml")
    machine = [e for e in entries if e.path.endswith(".json")]
    assert len(machine) == 19
    assert all(e.taken is not None for e in machine)
    dates = {
        e.path.rsplit("/", 1)[-1] if "raw/" not in e.path else e.path: e.taken for e in machine
    }
    assert dates["fal-js-image-endpoints.json"] == "2026-05-12"
    assert dates["sources/fal/openapi/raw/falai-paw/fal-ai__flux-lora.json"] == "2025-09-03"
    assert dates["sources/fal/openapi/raw/nodetool-fal/fal-ai__flux-lora.json"] == "2026-02-07"


# ---------------------------------------------------------------------------- the catalogue

CORPUS = "sources/fal/openapi/fal-js-image-endpoints.json"
PAW = "sources/fal/openapi/raw/falai-paw/"
NODETOOL = "sources/fal/openapi/raw/nodetool-fal/"

NEWLY_NULLABLE = {
    "fal-ai/flux-2": ["seed"],
    "fal-ai/flux-2/edit": ["seed", "image_size"],
    "fal-ai/flux-krea-lora": ["seed"],
    "fal-ai/flux-lora": ["seed"],
    "fal-ai/flux-pro/kontext": ["seed", "aspect_ratio"],
    "fal-ai/flux-pro/v1.1": ["seed"],
    "fal-ai/flux-pro/v1.1-ultra": ["seed", "image_url"],
    "fal-ai/stable-diffusion-v35-large": ["seed", "image_size", "ip_adapter"],
}
"""The 13 fields of 8 endpoints the older raw OpenAPI documents give without null."""


@pytest.fixture(scope="module")
def catalogue() -> dict[str, Endpoint]:
    return dict(load_specs(ROOT / "specs").endpoints)


def test_the_newer_corpus_gives_nullability(catalogue: dict[str, Endpoint]) -> None:
    assert sum(map(len, NEWLY_NULLABLE.values())) == 13
    for endpoint_id, names in NEWLY_NULLABLE.items():
        spec = catalogue[endpoint_id]
        for name in names:
            f = spec.field_named("input", name)
            assert f is not None and f.type.nullable, (endpoint_id, name)
            conflict = next(c for c in spec.conflicts if c.field == f"input.{name}")
            assert (conflict.fact, conflict.chosen) == ("nullable", CORPUS)
            assert conflict.values[CORPUS] is True and len(conflict.values) >= 2


def test_nano_banana_edit_and_kontext_facts_come_from_the_corpus(
    catalogue: dict[str, Endpoint],
) -> None:
    edit = catalogue["fal-ai/nano-banana/edit"]
    output_format = edit.field_named("input", "output_format")
    assert output_format is not None and output_format.type.enum == ("jpeg", "png", "webp")
    images = edit.field_named("input", "image_urls")
    # the corpus states no list bounds; the older raw document's 1..10 is a recorded conflict
    assert images is not None and (images.type.min_items, images.type.max_items) == (None, None)
    bounds = {c.fact: dict(c.values) for c in edit.conflicts if c.field == "input.image_urls"}
    raw = f"{PAW}fal-ai__nano-banana__edit.json"
    assert bounds == {"min_items": {CORPUS: None, raw: 1}, "max_items": {CORPUS: None, raw: 10}}
    kontext = catalogue["fal-ai/flux-pro/kontext"].field_named("input", "image_url")
    assert kontext is not None and kontext.type.min_length == 1
    assert kontext.origin["min_length"].startswith(CORPUS + "#")


def test_two_raw_documents_of_one_name_are_two_sources(catalogue: dict[str, Endpoint]) -> None:
    sources = catalogue["fal-ai/flux-lora"].sources
    assert {label: (ref.path, ref.taken) for label, ref in sources.items()} == {
        CORPUS: (CORPUS, "2026-05-12"),
        f"{NODETOOL}fal-ai__flux-lora.json": (f"{NODETOOL}fal-ai__flux-lora.json", "2026-02-07"),
        f"{PAW}fal-ai__flux-lora.json": (f"{PAW}fal-ai__flux-lora.json", "2025-09-03"),
    }
