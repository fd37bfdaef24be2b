"""Rendering over several processes (`--jobs`, `$MODELGEN_JOBS`) and required templates."""

from __future__ import annotations

import argparse
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import parallel
from generator.render import TEMPLATES_DIR, GenerationError, generate
from generator.render.cli import register
from generator.render.writer import read_tree
from generator.spec.errors import ProblemsError

from .test_output import KOLORS, SEGMIND

SpecsTree = Callable[[dict[str, str]], Path]

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="no fork on this platform")


def _square(n: int) -> int:
    if n == 13:
        raise ValueError(f"unlucky {n} in process {os.getpid()}")
    return n * n


@needs_fork
def test_ordered_map_keeps_the_order_and_uses_other_processes() -> None:
    items = [n for n in range(40) if n != 13]
    assert parallel.ordered_map(_square, items, 3) == [n * n for n in items]
    pids = set(parallel.ordered_map(lambda _: os.getpid(), items, 2))
    assert os.getpid() not in pids and len(pids) >= 1


def test_ordered_map_serial_runs_here() -> None:
    assert parallel.ordered_map(lambda _: os.getpid(), [1, 2, 3], 1) == [os.getpid()] * 3


@needs_fork
def test_a_worker_error_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="unlucky 13"):
        parallel.ordered_map(_square, list(range(20)), 2)


@needs_fork
def test_batches_cover_the_items_in_order_and_shrink() -> None:
    items = list(range(582))
    cut = parallel.batches(items, 2)
    assert [i for batch in cut for i in batch] == items
    sizes = [len(batch) for batch in cut]
    assert sizes == sorted(sizes, reverse=True)  # long first, short last: workers end together
    assert sizes[0] == 582 // 4 and min(sizes[:-1]) >= 4 and len(cut) > 2 * 2
    assert parallel.batches(items, 1) == [items]  # serial: one batch, one formatter run
    assert parallel.batches([], 2) == [] == parallel.batches([], 1)


def test_job_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.JOBS_ENV, raising=False)
    assert parallel.jobs() >= 1
    assert parallel.jobs(3) == 3
    monkeypatch.setenv(parallel.JOBS_ENV, "1")
    assert parallel.jobs() == 1
    assert parallel.jobs(2) == 2  # an explicit count wins over the environment
    for bad, said in (("two", "whole number"), ("0", "at least 1")):
        monkeypatch.setenv(parallel.JOBS_ENV, bad)
        with pytest.raises(parallel.JobsError, match=f"MODELGEN_JOBS.*{said}"):
            parallel.jobs()
    with pytest.raises(parallel.JobsError, match="--jobs=-1"):
        parallel.jobs(-1)


@needs_fork
def test_output_is_the_same_for_any_number_of_jobs(specs_tree: SpecsTree, tmp_path: Path) -> None:
    many = {
        f"fal/fal-ai/kolors-{i}.yaml": KOLORS.replace("kolors", f"kolors-{i}") for i in range(6)
    }
    specs = specs_tree({**many, "segmind/kolors.yaml": SEGMIND})
    trees = []
    for jobs in (1, 2, 4):
        out = tmp_path / f"out-{jobs}"
        report = generate(specs, out, use_cache=False, jobs=jobs)
        assert report.endpoints == 7 and len(report.rendered) == 7
        trees.append(read_tree(out))
    assert trees[0] == trees[1] == trees[2]


@needs_fork
def test_problems_found_after_parsing_keep_their_lines(
    specs_tree: SpecsTree, tmp_path: Path
) -> None:
    clash = KOLORS.replace("id: fal-ai/kolors", "id: fal-ai/Kolors")
    later = "# a comment\n\n" + KOLORS  # the id on line 3: the worker that read the file located it
    specs = specs_tree({"fal/fal-ai/kolors.yaml": later, "fal/fal-ai/Kolors-again.yaml": clash})
    with pytest.raises(ProblemsError) as caught:
        generate(specs, tmp_path / "out", use_cache=False, jobs=2)
    (problem,) = caught.value.problems
    assert problem.file.endswith("/kolors.yaml")
    assert (problem.line, problem.field) == (3, "id")


def test_a_missing_template_is_an_error_naming_it(specs_tree: SpecsTree, tmp_path: Path) -> None:
    specs = specs_tree({"segmind/kolors.yaml": SEGMIND})
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    (templates / "test_endpoint.py.jinja").unlink()
    out = tmp_path / "out"
    with pytest.raises(GenerationError, match=r"templates/test_endpoint\.py\.jinja") as caught:
        generate(specs, out, use_cache=False, templates_dir=templates, jobs=1)
    assert "required template" in str(caught.value)
    assert not out.exists()


def test_cli_refuses_a_bad_job_count(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="modelgen")
    register(parser.add_subparsers())
    assert parser.parse_args(["generate", "--jobs", "2"]).jobs == 2
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["generate", "--jobs", "0"])
    assert exited.value.code == 2
    assert "--jobs=0: expected at least 1" in capsys.readouterr().err
