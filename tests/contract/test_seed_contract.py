"""The contract on the real specs and snapshots, and on a snapshot made to drift in a copy.

With the committed snapshots the specs were merged from, there is no contract drift and the
check passes (this is what `make contract` runs in CI), while the report still lists the
drift between the pages and the OpenAPI that the specs record.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main

from .conftest import ROOT

CORPUS = Path("sources/fal/openapi/fal-js-image-endpoints.json")


def contract(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    status = main(["contract", "--format", "json", *args])
    return status, json.loads(capsys.readouterr().out)


def endpoint(report: dict[str, Any], endpoint_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(e for e in report["endpoints"] if e["id"] == endpoint_id)
    return found


def documented(report: dict[str, Any], endpoint_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (d["field"], d["fact"]): d["values"] for d in endpoint(report, endpoint_id)["documented"]
    }


@pytest.fixture
def committed(monkeypatch: pytest.MonkeyPatch) -> None:
    if not (ROOT / "specs" / "fal").is_dir():
        pytest.skip("no committed specs under specs/fal (run `make specs`)")
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("committed")
def test_committed_specs_hold_the_contract_and_list_page_drift(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["contract"])
    table = capsys.readouterr().out
    assert status == 0, table
    assert "contract holds" in table
    assert "documented drift between sources" in table
    schnell = table.split("fal-ai/flux-1/schnell  (", 1)[1].split("\n\n", 1)[0]
    assert (
        'input.acceleration default: sources/fal/openapi/fal-js-image-endpoints.json: "none"; '
        in schnell
    )
    assert 'sources/fal/pages/playground-ten-models.txt: "regular"' in schnell
    assert (
        'input.output_format default: sources/fal/openapi/fal-js-image-endpoints.json: "jpeg"; '
        in schnell
    )
    assert 'sources/fal/pages/playground-ten-models.txt: "png"' in schnell
    assert "segmind/kolors  (specs/segmind/kolors.yaml)\n  no OpenAPI source: not checked" in table


def test_fresh_specs_report_the_known_drift_between_sources(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report = contract(capsys)
    assert status == 0
    assert report["ok"] is True and report["mode"] == "snapshot"
    assert report["summary"]["breaking"] == 0
    assert all(e["drift"] == [] for e in report["endpoints"])

    schnell = documented(report, "fal-ai/flux-1/schnell")
    page = "sources/fal/pages/playground-ten-models.txt"
    corpus = "sources/fal/openapi/fal-js-image-endpoints.json"
    assert schnell[("input.acceleration", "default")] == {corpus: "none", page: "regular"}
    assert schnell[("input.output_format", "default")] == {corpus: "jpeg", page: "png"}

    omnigen = documented(report, "fal-ai/omnigen-v2")
    assert omnigen[("input.input_image_urls", "max_items")] == {corpus: None, page: 3}

    imagen = documented(report, "fal-ai/imagen4/preview")
    assert ("input.aspect_ratio", "enum") not in imagen  # same values, another order
    assert imagen[("input.negative_prompt", "present")] == {page: True, corpus: False}

    sd35 = documented(report, "fal-ai/stable-diffusion-v35-large")
    raw = "sources/fal/openapi/raw/nodetool-fal/fal-ai__stable-diffusion-v35-large.json"
    assert sd35[("input.seed", "nullable")] == {raw: None, corpus: True}

    kolors = documented(report, "fal-ai/kolors")
    assert kolors[("input.image_size", "variants")]["sources/fal/pages/kolors.md"] == [
        {"type": "ImageSize"},
        {"type": "string"},
    ]
    assert endpoint(report, "segmind/kolors")["checked"] is False


def _drift_schnell(corpus: dict[str, Any]) -> None:
    """Five changes to fal-ai/flux-1/schnell, one of each breaking kind."""
    entry = corpus["fal-ai/flux-1/schnell"]
    inputs = entry["input"]
    del inputs["properties"]["sync_mode"]
    inputs["properties"]["num_images"]["maximum"] = 2
    inputs["properties"]["output_format"]["enum"] = ["jpeg"]
    inputs["required"] = [*inputs["required"], "seed"]
    del entry["output"]["properties"]["seed"]
    entry["output"]["required"].remove("seed")


def test_a_drifted_snapshot_fails_and_names_each_change(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    _drift_schnell(corpus)
    CORPUS.write_text(json.dumps(corpus), encoding="utf-8")
    out = tmp_path / "report" / "contract.json"

    status = main(["contract", "--json", str(out)])
    table = capsys.readouterr().out
    assert status == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["ok"] is False

    drift = {
        (d["kind"], d["field"], d["fact"]): d
        for d in endpoint(report, "fal-ai/flux-1/schnell")["drift"]
    }
    assert set(drift) == {
        ("removed", "input.sync_mode", "field"),
        ("range-narrowed", "input.num_images", "maximum"),
        ("enum-values-removed", "input.output_format", "enum"),
        ("newly-required", "input.seed", "required"),
        ("removed", "output.seed", "field"),
    }
    assert all(d["breaking"] and d["severity"] == "BREAKING" for d in drift.values())
    narrowed = drift[("range-narrowed", "input.num_images", "maximum")]
    assert (narrowed["spec_value"], narrowed["provider_value"]) == (4, 2)
    assert (
        drift[("enum-values-removed", "input.output_format", "enum")]["detail"] == "removed: 'png'"
    )
    for kind, field, _fact in drift:
        assert f"BREAKING  {kind}" in table
        assert field in table
    assert "contract broken" in table
    others = [e for e in report["endpoints"] if e["id"] != "fal-ai/flux-1/schnell"]
    assert all(not e["drift"] for e in others)


def test_additive_drift_is_listed_and_passes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    props = corpus["fal-ai/kolors"]["input"]["properties"]
    props["guidance_scale"]["maximum"] = 15
    props["scheduler"]["enum"].append("DDIM")
    props["brand_new"] = {"type": "boolean", "default": False, "title": "Brand New"}
    CORPUS.write_text(json.dumps(corpus), encoding="utf-8")

    status, report = contract(capsys, "fal-ai/kolors")
    assert status == 0
    kinds = {
        (d["kind"], d["field"], d["severity"]) for d in endpoint(report, "fal-ai/kolors")["drift"]
    }
    assert kinds == {
        ("range-widened", "input.guidance_scale", "additive"),
        ("enum-values-added", "input.scheduler", "additive"),
        ("added", "input.brand_new", "additive"),
    }
    assert [e["id"] for e in report["endpoints"]] == ["fal-ai/kolors"]


def test_an_unreadable_snapshot_is_an_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = Path("sources/fal/openapi/raw/nodetool-fal/fal-ai__ideogram__v2.json")
    raw.write_text('{"openapi": "3.0.4", "paths": {', encoding="utf-8")
    status, report = contract(capsys, "fal-ai/ideogram/v2")
    assert status == 1
    errors = endpoint(report, "fal-ai/ideogram/v2")["errors"]
    assert errors and str(raw) in errors[0]
