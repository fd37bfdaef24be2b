"""Values no JSON can carry, written where a page gives a number: NaN, `1e400`, an integer of
5,000 digits, a list nested 1,000 deep. On every text page of every layout in sources/, the
first numeric default and the first number of a range are replaced by each of them in turn: the
page is read with a warning at that line and keeps every parameter, or is refused with a located
error; never a Python exception. The shared readers (`json_value`, `checked_value`,
`parse_number`, `read_text`) are tested on their own below."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.ingest import prose
from generator.ingest.base import Document
from generator.ingest.page_text import parse_json, parse_number, python_literal
from generator.ingest.pipeline import LAYOUTS, layout_module
from generator.spec.errors import ProblemsError
from generator.spec.input_files import MAX_JSON_DEPTH, checked_value, json_value, read_text
from generator.spec.loader import load_support
from generator.spec.model import MISSING

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    [
        *(ROOT / "sources/fal/pages").glob("*.md"),
        ROOT / "sources/fal/pages/playground-ten-models.txt",
        *(ROOT / "sources/segmind/pages").glob("*.txt"),
        *(ROOT / "sources/fal/pages/real").glob("*.md"),
    ]
)
TEXT_LAYOUTS = [name for name in LAYOUTS if name not in ("openapi", "fal-js-corpus")]
SUPPORT, _ = load_support(ROOT / "specs")
HOSTILE = {
    "nan": "NaN",
    "overflow": "1e400",
    "long-int": "9" * 5000,
    "deep-list": "[" * 1000 + "]" * 1000,
}
NUMBER = re.compile(r"(?<!\d)-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def read(path: Path, text: str) -> tuple[list[Any], Document]:
    (layout,) = [n for n in TEXT_LAYOUTS if layout_module(n).detect(text)]
    module = layout_module(layout)
    doc = Document(str(path.relative_to(ROOT)), text)
    extra: dict[str, Any] = {"shared": SUPPORT.types} if layout.startswith("fal-") else {}
    return module.ingest(doc, SUPPORT.vocabulary, **extra), doc


def names(endpoints: list[Any]) -> list[tuple[str, list[str], list[str]]]:
    return [(e.id, [f.name for f in e.input], [f.name for f in e.output]) for e in endpoints]


def number_fact(path: Path, fact: str) -> tuple[int, float] | None:
    """The line and value of the first numeric `default` or `maximum` the page gives, found by
    the provenance the ingester records (so the mutation hits the line the fact is read from)."""
    endpoints, _ = read(path, path.read_text(encoding="utf-8"))
    for endpoint in endpoints:
        for field in endpoint.input:
            value = field.default if fact == "default" else field.type.maximum
            where = field.origin.get(fact, "")
            if isinstance(value, int | float) and not isinstance(value, bool) and ":" in where:
                return int(where.rsplit(":", 1)[1]), value
    return None


def mutated(path: Path, fact: str, hostile: str) -> tuple[str, int]:
    """The page with that number replaced (the first token of its value on the line for a
    default, the last for a maximum), and the line."""
    found = number_fact(path, fact)
    assert found is not None
    line, value = found
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text = lines[line - 1]
    tokens = [m for m in NUMBER.finditer(text) if float(m.group()) == value]
    token = tokens[0] if fact == "default" else tokens[-1]
    lines[line - 1] = text[: token.start()] + HOSTILE[hostile] + text[token.end() :]
    return "".join(lines), line


def mutations() -> list[Any]:
    return [
        pytest.param(path, fact, name, id=f"{path.name}-{fact}-{name}")
        for path in PAGES
        for fact in ("default", "maximum")
        if number_fact(path, fact) is not None
        for name in HOSTILE
    ]


@pytest.mark.parametrize(("path", "fact", "hostile"), mutations())
def test_a_value_json_cannot_carry_is_a_located_warning_or_error(
    path: Path, fact: str, hostile: str
) -> None:
    whole, _ = read(path, path.read_text(encoding="utf-8"))
    text, line = mutated(path, fact, hostile)
    try:
        endpoints, doc = read(path, text)
    except ProblemsError as error:  # refused: every problem located in this page
        assert all(p.line is not None for p in error.problems), error.problems
        return
    original = path.read_text(encoding="utf-8").splitlines()[line - 1]
    if prose.value_range(original) is None:  # a range in a description's prose, when it is
        # unreadable, is prose like any other; every other fact is warned about where it stood
        assert [w for w in doc.warnings if w.line == line], f"no warning at line {line}"
    assert names(endpoints) == names(whole)
    for endpoint in endpoints:
        for field in (*endpoint.input, *endpoint.output):
            if field.default is not MISSING:
                checked_value(field.default)


def test_the_mutations_reach_every_text_layout() -> None:
    reached: dict[str, set[str]] = {}
    for case in mutations():
        path, fact = case.values[0], case.values[1]
        text = path.read_text(encoding="utf-8")
        (layout,) = [n for n in TEXT_LAYOUTS if layout_module(n).detect(text)]
        reached.setdefault(fact, set()).add(layout)
    assert reached == {"default": set(TEXT_LAYOUTS), "maximum": set(TEXT_LAYOUTS)}


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", "-Infinity", "1e400", '{"a": [-1e999]}'])
def test_json_value_refuses_numbers_json_cannot_carry(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a (finite )?JSON number"):
        json_value(text)


def test_json_value_names_where_the_number_is() -> None:
    with pytest.raises(ValueError, match=r"at a\.1\.b"):
        json_value('{"a": [0, {"b": 1e400}]}')


def test_json_value_refuses_deep_nesting_and_long_integers() -> None:
    deep = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    with pytest.raises(ValueError, match=f"deeper than {MAX_JSON_DEPTH}"):
        json_value(deep)
    with pytest.raises(ValueError, match=f"deeper than {MAX_JSON_DEPTH}"):
        json_value("[" * 100_000 + "]" * 100_000)  # past Python's recursion limit
    with pytest.raises(ValueError):
        json_value("9" * 5000)
    at_limit = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert json.dumps(json_value(at_limit)) == at_limit
    with pytest.raises(json.JSONDecodeError):
        json_value("{")


def test_checked_value_refuses_what_only_python_has() -> None:
    for value in ((1, 2), {1, 2}, b"x", 1j, {1: "a"}, [float("nan")]):
        with pytest.raises(ValueError):
            checked_value(value)
    assert checked_value({"a": [None, True, 1, 1.5, "s"]}) == {"a": [None, True, 1, 1.5, "s"]}


def test_page_readers_answer_no_value_rather_than_raise() -> None:
    assert parse_number("1e400") is None
    assert parse_number("9" * 5000) is None
    assert parse_number("-0.5") == -0.5
    assert parse_json("NaN") == (False, None)
    assert prose.value_range("how many (1-" + "9" * 5000 + ")") is None
    assert prose.item_count("at most " + "9" * 5000 + " images") is None
    assert parse_json("[" * 2000 + "]" * 2000) == (False, None)
    assert python_literal("{'a': 1e400}") == (False, None)
    assert python_literal("(1, 2)") == (False, None)
    assert python_literal("[" * 2000 + "]" * 2000) == (False, None)
    assert python_literal("{'height': 2048, 'x': None}") == (True, {"height": 2048, "x": None})


def test_read_text_drops_a_byte_order_mark_and_unifies_line_ends(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_bytes("\ufeff# Title\r\nline two\rline three\n".encode())
    assert read_text(page) == "# Title\nline two\nline three\n"


def test_a_page_saved_with_windows_line_ends_and_a_bom_reads_as_the_page(tmp_path: Path) -> None:
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        whole, _ = read(path, text)
        saved = tmp_path / path.name
        saved.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode())
        endpoints, _ = read(path, read_text(saved))
        assert names(endpoints) == names(whole), path.name
