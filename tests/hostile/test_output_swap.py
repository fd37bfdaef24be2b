"""generated/ exists at every instant of a swap, and a killed run's leftovers are repaired by the
next run, which says so (issue: hostile input, item 6)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from generator.render import generate, writer
from generator.render.writer import read_tree, recover_leftovers, replace_tree

from .conftest import SPEC, make_specs

OLD = {"a.txt": b"old", "pkg/b.txt": b"old b"}
NEW = {"a.txt": b"new", "pkg/c.txt": b"new c"}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".gen."))


def test_swap_never_leaves_the_folder_missing(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    replace_tree(out, OLD)
    missing: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if not (out / "a.txt").exists():
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for i in range(30):
            replace_tree(out, NEW if i % 2 == 0 else OLD)
    finally:
        stop.set()
        watcher.join()
    assert missing == []
    assert read_tree(out) == OLD and leftovers(tmp_path) == []


def test_killed_between_the_two_renames_is_restored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the atomic exchange, a kill after the first rename leaves no generated/; the next
    run puts the previous tree back before anything else."""
    out = tmp_path / "gen"
    replace_tree(out, OLD)
    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    real_replace = os.replace
    calls: list[str] = []

    def killed(src: str | Path, dst: str | Path) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process dies between the renames
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        replace_tree(out, NEW)
    monkeypatch.setattr(os, "replace", real_replace)
    assert not out.exists() and any(n.startswith(".gen.old-") for n in leftovers(tmp_path))

    said = recover_leftovers(out)
    assert read_tree(out) == OLD
    assert leftovers(tmp_path) == []
    assert said[0].startswith(f"restored {out} from .gen.old-")


def test_staging_trees_of_killed_runs_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    replace_tree(out, OLD)
    (tmp_path / ".gen.new-abc123" / "half").mkdir(parents=True)
    (tmp_path / ".gen.old-def456" / "gen").mkdir(parents=True)
    (tmp_path / ".other.new-1").mkdir()
    said = recover_leftovers(out)
    assert sorted(said) == [
        "removed .gen.new-abc123, left by a killed run",
        "removed .gen.old-def456, left by a killed run",
    ]
    assert read_tree(out) == OLD
    assert leftovers(tmp_path) == [] and (tmp_path / ".other.new-1").is_dir()
    assert recover_leftovers(out) == []


def test_generate_reports_the_repair(tmp_path: Path) -> None:
    cli_specs = make_specs(tmp_path / "specs", {"fal/demo.yaml": SPEC})
    out = tmp_path / "generated"
    generate(cli_specs, out, use_cache=False)
    (tmp_path / ".generated.new-zzz").mkdir()
    report = generate(cli_specs, out, use_cache=False)
    assert report.repairs == ("removed .generated.new-zzz, left by a killed run",)
    assert not report.written
