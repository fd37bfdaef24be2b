"""The cache on disk: the last run only, in one file; a damaged or foreign file is ignored, and
the files earlier versions left (one per endpoint and run) are removed, and so are the scratch
files of writes that failed or never finished."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.render import cache as cache_mod
from generator.render.writer import read_tree

from .conftest import render
from .test_output import KOLORS, SEGMIND

SpecsTree = Callable[[dict[str, str]], Path]


@pytest.fixture
def specs(specs_tree: SpecsTree) -> Path:
    return specs_tree({"fal/fal-ai/kolors.yaml": KOLORS, "segmind/kolors.yaml": SEGMIND})


def test_the_cache_holds_one_file_the_size_of_the_last_output(specs: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "generated", tmp_path / "cache"
    for protocols in ("[v1, v2]", "[v1]", "[v2]"):
        spec = specs / "segmind/kolors.yaml"
        text = spec.read_text()
        spec.write_text(text.replace(text.split("protocols: ")[1].split("\n")[0], protocols))
        render(specs, out, cache_dir=cache)
    (stored,) = cache.iterdir()
    assert stored.name.startswith("run-") and stored.suffix == ".json"
    data = json.loads(stored.read_text())
    assert data["tree"] == {p: t.decode() for p, t in read_tree(out).items()}
    assert sorted(data["endpoints"]) == ["fal-ai/kolors", "segmind/kolors"]
    entries = data["entries"]
    assert len(entries) == 2 and all(set(paths) <= set(data["tree"]) for paths in entries.values())
    assert any("modelclients/fal/kolors.py" in paths for paths in entries.values())


def test_files_earlier_versions_left_are_removed(specs: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "generated", tmp_path / "cache"
    cache.mkdir()
    legacy = cache / f"{'ab' * 32}.json"
    legacy.write_text("{}")
    unrelated = cache / "notes.txt"
    unrelated.write_text("mine")
    render(specs, out, cache_dir=cache)
    assert not legacy.exists()
    assert unrelated.read_text() == "mine"  # only the cache's own kinds of file go


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        "[]",
        '{"endpoints": [], "tree": {}, "entries": {"k": "a"}}',
        '{"endpoints": [], "tree": {"a": 1}, "entries": {}}',
    ],
)
def test_a_damaged_cache_file_is_ignored(specs: Path, tmp_path: Path, damage: str) -> None:
    out, cache = tmp_path / "generated", tmp_path / "cache"
    render(specs, out, cache_dir=cache)
    fresh = read_tree(out)
    (stored,) = cache.iterdir()
    stored.write_text(damage)
    (specs / "fal/fal-ai/kolors.yaml").write_text(KOLORS + "\n")  # a different run key
    again = render(specs, out, cache_dir=cache)
    assert again.reused == () and len(again.rendered) == 2
    assert read_tree(out).keys() == fresh.keys()
    assert render(specs, out, check=True).ok


def test_an_entry_whose_files_are_missing_from_the_tree_is_rendered_again(
    specs: Path, tmp_path: Path
) -> None:
    out, cache = tmp_path / "generated", tmp_path / "cache"
    render(specs, out, cache_dir=cache)
    (stored,) = cache.iterdir()
    data = json.loads(stored.read_text())
    del data["tree"]["modelclients/fal/kolors.py"]
    stored.write_text(json.dumps(data))
    (specs / "segmind/kolors.yaml").write_text(SEGMIND + "\n")
    again = render(specs, out, cache_dir=cache)
    assert again.rendered == ("fal-ai/kolors", "segmind/kolors") and again.reused == ()
    assert render(specs, out, check=True).ok


def test_a_failed_write_leaves_no_scratch_file(
    specs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache = tmp_path / "generated", tmp_path / "cache"

    def disk_full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json, "dump", disk_full)
    report = render(specs, out, cache_dir=cache)
    assert len(report.rendered) == 2 and read_tree(out)  # the output does not need the cache
    assert list(cache.iterdir()) == []


def test_scratch_files_a_killed_run_left_are_removed_once_old(specs: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "generated", tmp_path / "cache"
    cache.mkdir()
    old, young = cache / "tmpold.tmp", cache / "tmpyoung.tmp"
    old.write_text("{")
    young.write_text("{")
    long_ago = time.time() - cache_mod.ABANDONED_AFTER - 60
    os.utime(old, (long_ago, long_ago))
    render(specs, out, cache_dir=cache)
    assert not old.exists()
    assert young.exists()  # perhaps another run's write in progress
