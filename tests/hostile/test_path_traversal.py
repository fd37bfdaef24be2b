"""Ids that would escape a folder or reach another URL are refused where they enter, with a
located error, and nothing is written anywhere (issue: hostile input, item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec.errors import ProblemsError
from generator.spec.files import write_specs
from generator.spec.identifiers import OutsideFolderError, endpoint_id_problem, inside
from generator.spec.loader import load_specs

from .conftest import ROOT, SPEC, Run, make_specs, snapshot

SCHNELL = ROOT / "sources/fal/openapi/raw/nodetool-fal/fal-ai__flux__schnell.json"
KOLORS_PAGE = ROOT / "sources/fal/pages/kolors.md"

HOSTILE_IDS = [
    "fal-ai/../../../escaped",
    "fal-ai/../x",
    "fal-ai/./x",
    "/etc/passwd",
    "fal-ai//x",
    "fal-ai/x/",
    "fal-ai",
    "",
    "fal-ai/x\\..\\..\\y",
    "fal-ai/%2e%2e/x",
    "fal-ai/ünïcode",
    "fal-ai/x y",
    "fal-ai/x?y=1",
    "fal-ai/x#frag",
    "fal-ai/.hidden",
    "fal-ai/-dash",
    "fal-ai/x\x00y",
    "fal-ai/" + "a" * 300,
]


@pytest.mark.parametrize("endpoint_id", HOSTILE_IDS)
def test_hostile_ids_are_refused_by_the_one_rule(endpoint_id: str) -> None:
    assert endpoint_id_problem(endpoint_id) is not None


@pytest.mark.parametrize(
    "endpoint_id", ["fal-ai/kolors", "fal-ai/flux-pro/v1.1-ultra", "bria/fibo/generate", "a/b_c"]
)
def test_real_ids_pass(endpoint_id: str) -> None:
    assert endpoint_id_problem(endpoint_id) is None


@pytest.mark.parametrize(
    "endpoint_id", ["fal-ai/../../../escaped", "fal-ai/../x", "fal-ai/ünïcode", "fal-ai//x"]
)
def test_openapi_document_with_hostile_id_writes_nothing(
    endpoint_id: str, tmp_path: Path, cli: Run
) -> None:
    work = tmp_path / "work"
    doc = work / "doc.json"
    doc.parent.mkdir()
    doc.write_text(SCHNELL.read_text(encoding="utf-8").replace("fal-ai/flux/schnell", endpoint_id))
    before = snapshot(tmp_path)
    status, out, err = cli("ingest", str(doc), "--out", str(work / "deep"))
    assert status == 1
    assert f"{doc}: id: endpoint id {endpoint_id!r}" in err
    assert "nothing was written" in err
    assert "written under" not in out
    assert snapshot(tmp_path) == before
    assert not (work / "deep").exists()


def test_markdown_page_with_hostile_model_id_writes_nothing(tmp_path: Path, cli: Run) -> None:
    page = tmp_path / "kolors.md"
    page.write_text(
        KOLORS_PAGE.read_text(encoding="utf-8").replace("fal-ai/kolors", "fal-ai/../../x")
    )
    before = snapshot(tmp_path)
    status, _, err = cli("ingest", str(page), "--out", str(tmp_path / "out"))
    assert status == 1 and "'..' segment" in err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("endpoint_id", "provider", "expected"),
    [
        ("fal-ai/../../../escaped", "fal", "has a '..' segment"),
        ("fal-ai/x\\y", "fal", "must start with a letter or digit"),
        ("segmind/../v2/x", "segmind", "has a '..' segment"),
        ("segmind/v2/x", "segmind", "does not match segmind's ids"),
        ("other/kolors", "segmind", "does not match segmind's ids"),
    ],
)
def test_hostile_id_in_a_spec_is_a_located_error(
    endpoint_id: str, provider: str, expected: str, tmp_path: Path
) -> None:
    spec = SPEC.replace("id: fal-ai/demo", f"id: {endpoint_id!r}").replace(
        "provider: fal\nprotocols: [run, queue]", f"provider: {provider}\nprotocols: []"
    )
    root = make_specs(tmp_path / "specs", {f"{provider}/demo.yaml": spec})
    with pytest.raises(ProblemsError) as info:
        load_specs(root)
    (problem,) = info.value.problems
    assert problem.file.endswith("demo.yaml") and problem.line == 1 and problem.field == "id"
    assert expected in problem.message


def test_inside_refuses_escapes_and_symlinks(tmp_path: Path) -> None:
    root = tmp_path / "out"
    (root / "fal").mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "link").symlink_to(outside)
    assert inside(root, "fal/x.yaml") == root / "fal/x.yaml"
    for rel in ("../x", "/etc/passwd", "fal/../../x", "link/x.yaml"):
        with pytest.raises(OutsideFolderError):
            inside(root, rel)


def test_spec_writes_never_follow_a_symlink_out(tmp_path: Path) -> None:
    """An --out folder whose provider folder links elsewhere: refused, nothing written there."""
    specs = make_specs(tmp_path / "specs", {})
    endpoint = load_specs(make_specs(tmp_path / "src", {"fal/demo.yaml": SPEC})).endpoints[
        "fal-ai/demo"
    ]
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "fal").symlink_to(elsewhere)
    with pytest.raises(ProblemsError) as info:
        write_specs([endpoint], out, specs)
    assert "outside" in str(info.value)
    assert list(elsewhere.iterdir()) == []
