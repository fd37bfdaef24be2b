"""The workers write the tree into a staging folder that is swapped in whole: a failed run
leaves the output as it was and no folder behind; identical model documents cost one
datamodel-code-generator call, in one process or across several."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import generator.render as render_mod
from generator import parallel
from generator.render import GenerationError, generate, models
from generator.render.model_source import ModelCode
from generator.render.models import ModelMemo
from generator.render.writer import Staging, read_tree
from generator.spec.identifiers import OutsideFolderError

from .test_output import KOLORS, SEGMIND

SpecsTree = Callable[[dict[str, str]], Path]

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="no fork on this platform")

# A multipleOf inside list items: the spec loads, the models refuse it (a GenerationError in
# the worker that renders it).
UNRENDERABLE = KOLORS.replace(
    "  guidance_scale:",
    "  steps: {type: array, items: {type: number, multiple_of: 0.5}}\n  guidance_scale:",
)


def _many(count: int) -> dict[str, str]:
    return {
        f"fal/fal-ai/kolors-{i:02}.yaml": KOLORS.replace("kolors", f"kolors-{i:02}")
        for i in range(count)
    }


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the run's scratch files go to (formatter input, shared models), watched."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(render_mod, "scratch_parent", lambda: str(folder))
    return folder


@needs_fork
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_endpoint_leaves_no_folder_behind(
    specs_tree: SpecsTree, tmp_path: Path, scratch: Path, jobs: int
) -> None:
    # the bad spec sorts last: with 2 jobs it is in a later batch than the first endpoints
    specs = specs_tree({**_many(9), "fal/fal-ai/zz-bad.yaml": UNRENDERABLE})
    out = tmp_path / "not" / "yet" / "generated"
    with pytest.raises(GenerationError, match=r"zz-bad\.yaml: multipleOf"):
        generate(specs, out, use_cache=False, jobs=jobs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scratch", "specs"]
    assert list(scratch.iterdir()) == []


@needs_fork
def test_a_failing_run_leaves_the_output_and_its_folder_as_they_were(
    specs_tree: SpecsTree, tmp_path: Path, scratch: Path
) -> None:
    specs = specs_tree({**_many(9), "segmind/kolors.yaml": SEGMIND})
    out = tmp_path / "generated"
    generate(specs, out, use_cache=False, jobs=2)
    before = read_tree(out)
    (specs / "fal/fal-ai/zz-bad.yaml").write_text(UNRENDERABLE)
    with pytest.raises(GenerationError, match="zz-bad"):
        generate(specs, out, use_cache=False, jobs=2)
    assert read_tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "scratch", "specs"]
    assert list(scratch.iterdir()) == []


def test_check_and_unchanged_runs_leave_nothing_behind(
    specs_tree: SpecsTree, tmp_path: Path, scratch: Path
) -> None:
    specs = specs_tree({"segmind/kolors.yaml": SEGMIND})
    out = tmp_path / "generated"
    assert generate(specs, out, use_cache=False).written
    assert not generate(specs, out, use_cache=False).written  # staged, same bytes: not swapped
    assert generate(specs, out, check=True, use_cache=False).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "scratch", "specs"]
    assert list(scratch.iterdir()) == []


def test_identical_model_documents_cost_one_call(
    specs_tree: SpecsTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = models.dcg_generate

    def counted(text: str, **options: object) -> object:
        calls.append(text)
        return real(text, **options)

    monkeypatch.setattr(models, "dcg_generate", counted)
    specs = specs_tree({**_many(5), "segmind/kolors.yaml": SEGMIND})
    report = generate(specs, tmp_path / "out", use_cache=False, jobs=1)
    assert len(report.rendered) == 6
    assert len(calls) == len(set(calls)) == 2  # five kolors copies share one document
    first = (tmp_path / "out/modelclients/fal/kolors_00.py").read_text()
    last = (tmp_path / "out/modelclients/fal/kolors_04.py").read_text()
    assert (
        first.split("class Input", 1)[1].split("ENDPOINT")[0]
        == (last.split("class Input", 1)[1].split("ENDPOINT")[0])
    )


def test_a_shared_memo_gives_other_processes_the_result(tmp_path: Path) -> None:
    code = ModelCode(("from pydantic import BaseModel",), "class Input(BaseModel):\n    pass\n", ())
    made: list[int] = []

    def make() -> ModelCode:
        made.append(1)
        return code

    assert ModelMemo(tmp_path).code("{}", make) == code
    assert ModelMemo(tmp_path).code("{}", make) == code  # another process's memo, same folder
    assert ModelMemo(None).code("{}", make) == code  # nothing shared: generated again
    assert len(made) == 2


@pytest.mark.parametrize("rel", ["../x.py", "a/../../x.py", "/etc/x.py", "a//x.py", "./x.py"])
def test_the_staging_folder_refuses_paths_that_leave_it(tmp_path: Path, rel: str) -> None:
    staging = Staging.scratch(str(tmp_path))
    with pytest.raises(OutsideFolderError):
        staging.write({rel: b"x"})
    staging.write({"a/b/c.py": b"c", "a/d.py": b"d"})
    assert read_tree(staging.root) == {"a/b/c.py": b"c", "a/d.py": b"d"}
    staging.discard()
    assert list(tmp_path.iterdir()) == []
