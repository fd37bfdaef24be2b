"""Pages whose structure says one thing twice: a parameter listed twice (every text layout, on
every page in sources/), two Model IDs, a second Input Schema section, a JSON object with a key
twice, an id whose spec folder could collide with another spec's file, a playground page cut
right after its Output heading. Each is a located error, never a silently kept last (or first)
value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.ingest import registry
from generator.ingest.base import Document
from generator.ingest.pipeline import layout_module
from generator.spec.errors import ProblemsError
from generator.spec.identifiers import endpoint_id_problem
from generator.spec.input_files import load_json
from tests.ingest.test_hostile_values import PAGES, ROOT, SUPPORT, TEXT_LAYOUTS, read

KOLORS_MD = ROOT / "sources/fal/pages/kolors.md"
PLAYGROUND = ROOT / "sources/fal/pages/playground-ten-models.txt"


def layout_of(text: str) -> str:
    (layout,) = [n for n in TEXT_LAYOUTS if layout_module(n).detect(text)]
    return layout


def line_of(where: str) -> int:
    return int(where.rsplit(":", 1)[1])


def with_first_parameter_twice(path: Path) -> tuple[str, str, int]:
    """The page with the lines of its first input parameter (from its type line up to the
    next parameter's) written again right after them; its name and the copy's first line."""
    endpoints, _ = read(path, path.read_text(encoding="utf-8"))
    first, second = endpoints[0].input[0], endpoints[0].input[1]
    start, end = line_of(first.origin["type"]), line_of(second.origin["type"])
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    block = lines[start - 1 : end - 1]
    return "".join(lines[: end - 1] + block + lines[end - 1 :]), first.name, end


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_parameter_listed_twice_is_a_located_error(path: Path) -> None:
    text, name, copy_at = with_first_parameter_twice(path)
    doc = Document(str(path.relative_to(ROOT)), text)
    layout = layout_of(text)
    context = registry.Context(SUPPORT.vocabulary, SUPPORT.types)
    try:
        found = registry.read(doc, layout, context)
    except ProblemsError as error:
        problems = error.problems
    else:
        whole, _ = read(path, path.read_text(encoding="utf-8"))
        assert whole[0].id not in [e.id for e in found.endpoints]
        problems = found.errors
    twice = [p for p in problems if "is given twice" in p.message]
    assert twice, (name, problems)
    for problem in twice:
        assert problem.line is not None and problem.line >= copy_at - 1


def test_every_text_layout_is_probed_with_a_doubled_parameter() -> None:
    assert {layout_of(p.read_text(encoding="utf-8")) for p in PAGES} == set(TEXT_LAYOUTS)


def fal_markdown(text: str) -> Any:
    module = layout_module("fal-markdown")
    return module.ingest(Document("page.md", text), SUPPORT.vocabulary, shared=SUPPORT.types)


def test_two_model_ids_are_an_error_at_the_second() -> None:
    lines = KOLORS_MD.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("- **Model ID**"))
    lines.insert(at + 1, "- **Model ID**: `fal-ai/other`\n")
    with pytest.raises(ProblemsError, match=r"\*\*Model ID\*\* is given twice") as caught:
        fal_markdown("".join(lines))
    assert caught.value.problems[0].line == at + 2


def test_a_second_input_schema_section_is_an_error() -> None:
    text = KOLORS_MD.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    output = next(i for i, line in enumerate(lines) if line.strip() == "### Output Schema")
    extra = ["### Input Schema\n", "\n", "- **`extra_param`** (`string`, _optional_):\n", "\n"]
    lines[output:output] = extra
    with pytest.raises(ProblemsError, match="a second '### Input Schema' section") as caught:
        fal_markdown("".join(lines))
    assert caught.value.problems[0].line == output + 1


def test_a_json_key_given_twice_is_refused_by_name() -> None:
    with pytest.raises(ProblemsError, match="'num_images' appears twice"):
        load_json('{"a": {"num_images": 1, "b": 2, "num_images": 3}}', "doc.json")
    assert load_json('{"a": {"b": 1}, "b": 2}', "doc.json") == {"a": {"b": 1}, "b": 2}


@pytest.mark.parametrize("endpoint_id", ["fal-ai/x.yaml/y", "fal-ai/X.YAML", "owner/a.yaml"])
def test_an_id_segment_that_could_collide_with_a_spec_file_is_refused(endpoint_id: str) -> None:
    problem = endpoint_id_problem(endpoint_id)
    assert problem is not None and ".yaml" in problem
    assert endpoint_id_problem("fal-ai/x.yml-ish/y") is None


def test_a_playground_page_cut_after_its_output_heading_is_an_error() -> None:
    lines = PLAYGROUND.read_text(encoding="utf-8").splitlines(keepends=True)
    heading = next(
        i
        for i, line in enumerate(lines)
        if line.strip() == "Output" and i + 1 < len(lines) and lines[i + 1].strip() == "#"
    )
    cut = "".join(lines[: heading + 2])
    module = layout_module("fal-playground")
    doc = Document("page.txt", cut)
    try:
        endpoints, errors = module.ingest_all(doc, SUPPORT.vocabulary, shared=SUPPORT.types)
    except ProblemsError as error:
        errors = error.problems
        endpoints = []
    assert any("truncated" in p.message and p.line is not None for p in errors), errors
    assert all(e.output for e in endpoints)
