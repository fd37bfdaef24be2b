"""Live mode: on loopback, served by the test itself; and, opted in, against fal itself."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

from .conftest import FalServer

IDEOGRAM = "fal-ai/ideogram/v2"
IDEOGRAM_RAW = Path("sources/fal/openapi/raw/nodetool-fal/fal-ai__ideogram__v2.json")
FLUX_RAW = Path("sources/fal/openapi/raw/nodetool-fal/fal-ai__flux__schnell.json")
SCHNELL = "fal-ai/flux-1/schnell"


def go_live(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("MODELGEN_LIVE", "1")
    monkeypatch.setenv("MODELGEN_FAL_OPENAPI_URL", url)


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    status = main(["contract", "--format", "json", *args])
    return status, json.loads(capsys.readouterr().out)


def ideogram_input(doc: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = doc["components"]["schemas"]["IdeogramV2Input"]
    return schema


def schnell_doc() -> bytes:
    """fal-ai/flux/schnell's raw document, renamed to fal-ai/flux-1/schnell (the same model)."""
    text = FLUX_RAW.read_text(encoding="utf-8").replace("fal-ai/flux/schnell", SCHNELL)
    return text.encode("utf-8")


def test_live_document_is_fetched_and_compared(
    project: Path,
    fal_server: FalServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    doc = json.loads(IDEOGRAM_RAW.read_text(encoding="utf-8"))
    assert "expand_prompt" in ideogram_input(doc)["properties"]
    del ideogram_input(doc)["properties"]["expand_prompt"]
    fal_server.docs[IDEOGRAM] = json.dumps(doc).encode("utf-8")
    go_live(monkeypatch, fal_server.url)

    status, report = run_json(capsys, IDEOGRAM)
    assert fal_server.asked == [IDEOGRAM]
    assert status == 1
    assert report["mode"] == "live"
    [found] = report["endpoints"]
    assert found["mode"] == "live"
    assert found["documents"] == [f"{fal_server.url}?endpoint_id={IDEOGRAM}"]
    assert [(d["kind"], d["field"], d["breaking"]) for d in found["drift"]] == [
        ("removed", "input.expand_prompt", True)
    ]


def test_unchanged_live_document_holds(
    project: Path,
    fal_server: FalServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fal_server.docs[IDEOGRAM] = IDEOGRAM_RAW.read_bytes()
    go_live(monkeypatch, fal_server.url)
    status, report = run_json(capsys, IDEOGRAM)
    assert status == 0
    assert report["endpoints"][0]["drift"] == []
    assert report["endpoints"][0]["warnings"] == []


def test_unreachable_provider_falls_back_to_the_snapshot_with_a_warning(
    project: Path,
    closed_port_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    go_live(monkeypatch, closed_port_url)
    status = main(["contract", IDEOGRAM, SCHNELL])
    table = capsys.readouterr().out
    assert status == 0
    assert table.count("warning: live OpenAPI unavailable (ConnectError") == 2
    assert "snapshot: sources/fal/openapi/raw/nodetool-fal/fal-ai__ideogram__v2.json" in table


def test_an_error_status_falls_back_too(
    project: Path,
    fal_server: FalServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    go_live(monkeypatch, fal_server.url)
    status, report = run_json(capsys, SCHNELL)
    assert status == 0
    [found] = report["endpoints"]
    assert found["mode"] == "snapshot"
    assert "HTTP 404" in found["warnings"][0]


# ---------------------------------------------------------------------------- --update


def test_update_without_live_changes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: p.read_bytes() for p in Path(".").rglob("*") if p.is_file()}
    assert main(["contract", "--update"]) == 0
    assert "set MODELGEN_LIVE=1" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in Path(".").rglob("*") if p.is_file()} == before


def test_update_with_the_network_down_changes_nothing(
    project: Path,
    closed_port_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = {p: p.read_bytes() for p in Path(".").rglob("*") if p.is_file()}
    go_live(monkeypatch, closed_port_url)
    assert main(["contract", "--update", IDEOGRAM]) == 1
    out = capsys.readouterr().out
    assert f"cannot fetch {IDEOGRAM}: ConnectError" in out
    assert "nothing was changed" in out
    assert {p: p.read_bytes() for p in Path(".").rglob("*") if p.is_file()} == before


def test_update_refreshes_snapshots_and_remerges_keeping_overrides(
    project: Path,
    fal_server: FalServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec_path = Path("specs/fal/fal-ai/flux-1/schnell.yaml")
    hand_edit = "overrides:\n  input:\n    num_images:\n      maximum: 3\n"
    spec_path.write_text(spec_path.read_text(encoding="utf-8") + hand_edit, encoding="utf-8")
    doc = json.loads(IDEOGRAM_RAW.read_text(encoding="utf-8"))
    ideogram_input(doc)["properties"]["style"]["enum"].append("watercolor")
    fal_server.docs[IDEOGRAM] = json.dumps(doc).encode("utf-8")
    fal_server.docs[SCHNELL] = schnell_doc()
    go_live(monkeypatch, fal_server.url)

    status = main(["contract", "--update", IDEOGRAM, SCHNELL])
    out, err = capsys.readouterr()
    assert status == 0, out + err
    assert "2 snapshot(s) refreshed, 1 new one(s) added to sources/manifest.yaml" in out

    assert json.loads(IDEOGRAM_RAW.read_text(encoding="utf-8")) == doc
    new_raw = Path("sources/fal/openapi/raw/live/fal-ai__flux-1__schnell.json")
    assert new_raw.read_bytes() == fal_server.docs[SCHNELL]
    manifest = yaml.safe_load(Path("sources/manifest.yaml").read_text(encoding="utf-8"))
    day = datetime.datetime.now(datetime.UTC).date()
    today = day.isoformat()
    assert {"path": new_raw.as_posix(), "taken": day} in manifest["documents"]
    raw_entry = {"path": IDEOGRAM_RAW.as_posix(), "taken": day}
    assert raw_entry in manifest["documents"]  # a refreshed snapshot is taken today

    ideogram = yaml.safe_load(Path("specs/fal/fal-ai/ideogram/v2.yaml").read_text(encoding="utf-8"))
    assert "watercolor" in ideogram["input"]["style"]["enum"]
    schnell = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    assert schnell["overrides"] == {"input": {"num_images": {"maximum": 3}}}
    assert schnell["sources"][new_raw.as_posix()]["layout"] == "openapi"
    assert schnell["sources"][new_raw.as_posix()]["taken"] == today
    # the check that follows the update: the hand edit shows, marked, and does not fail
    assert "override  range-widened  input.num_images  maximum  3 -> 4" in out
    assert "contract holds" in out


def test_update_puts_everything_back_when_the_new_specs_do_not_load(
    project: Path,
    fal_server: FalServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = {p: p.read_bytes() for p in Path(".").rglob("*") if p.is_file()}
    doc = json.loads(IDEOGRAM_RAW.read_text(encoding="utf-8"))
    ideogram_input(doc)["properties"]["style"]["enum"].append("anime")
    fal_server.docs[IDEOGRAM] = json.dumps(doc).encode("utf-8")
    fal_server.docs[SCHNELL] = schnell_doc()
    go_live(monkeypatch, fal_server.url)

    assert main(["contract", "--update", IDEOGRAM, SCHNELL]) == 1
    err = capsys.readouterr().err
    assert "input.style.enum: enum lists a value twice" in err
    assert {p: p.read_bytes() for p in Path(".").rglob("*") if p.is_file()} == before


# ---------------------------------------------------------------------------- the real thing


@pytest.mark.live
@pytest.mark.skipif(
    os.environ.get("MODELGEN_LIVE") != "1",
    reason="talks to fal.ai; opt in with MODELGEN_LIVE=1",
)
def test_live_against_fal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    monkeypatch.delenv("MODELGEN_FAL_OPENAPI_URL", raising=False)
    main(["contract", "--format", "json", SCHNELL])
    report = json.loads(capsys.readouterr().out)
    [found] = report["endpoints"]
    assert found["warnings"] == [], "fal's OpenAPI could not be had"
    assert found["mode"] == "live"
    assert found["errors"] == []
