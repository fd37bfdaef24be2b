"""Every page of every text layout, written in ways that do not change what it says: the same
endpoints, line for line.

- Spaces or tabs at the end of lines (a Markdown hard break, an editor's leftovers) and CRLF
  line ends: `Document` drops them, so no layout's line pattern depends on them.
- A line separator inside a sentence (U+2028, NEL, as text copied from a web page can hold):
  it is a character of the text, not a line end. `str.splitlines` split there, which cut the
  description short and shifted every later line number without a word.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.ingest.base import Document, page_lines
from generator.spec.codec import endpoint_to_raw

from .test_hostile_values import PAGES, ROOT, read

SENTENCE_BREAK = re.compile(r"(?<=[a-z])\. (?=[A-Z])")


def _raw(path: Path, text: str) -> str:
    endpoints, _ = read(path, Document(str(path.relative_to(ROOT)), text).text)
    return json.dumps([endpoint_to_raw(e) for e in endpoints], sort_keys=True)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize(
    "variant",
    [
        lambda t: "\n".join(f"{line}  " for line in t.split("\n")),
        lambda t: "\n".join(f"{line}\t" for line in t.split("\n")),
        lambda t: t.replace("\n", "\r\n"),
    ],
    ids=["trailing-spaces", "trailing-tabs", "crlf"],
)
def test_line_ends_change_nothing(page: Path, variant: Any) -> None:
    text = page.read_text("utf-8")
    assert _raw(page, variant(text)) == _raw(page, text)


WITH_SENTENCES = [p for p in PAGES if SENTENCE_BREAK.search(p.read_text("utf-8"))]


@pytest.mark.parametrize("page", WITH_SENTENCES, ids=lambda p: p.name)
@pytest.mark.parametrize("separator", ["\u2028", "\x85"], ids=["U+2028", "NEL"])
def test_a_line_separator_inside_a_sentence_is_text(page: Path, separator: str) -> None:
    """The page read with the separator is the page read with a space there, but for that one
    character: no text lost, every provenance line the same."""
    text = page.read_text("utf-8")
    with_space = _raw(page, SENTENCE_BREAK.sub(". ", text))
    with_separator = _raw(page, SENTENCE_BREAK.sub("." + separator, text))
    assert with_separator.replace(json.dumps(separator)[1:-1], " ") == with_space


def test_a_line_separator_in_a_description_is_white_space_and_nothing_is_lost() -> None:
    """Prose folds white space, U+2028 included; before, the text after it was dropped
    (`The negative prompt to use. in the image.`)."""
    page = ROOT / "sources/fal/pages/kolors.md"
    text = page.read_text("utf-8").replace("to use. Use it", "to use.\u2028Use it", 1)
    (endpoint,), _ = read(page, text)
    (negative,) = [f for f in endpoint.input if f.name == "negative_prompt"]
    assert negative.description is not None
    assert negative.description.startswith("The negative prompt to use. Use it to address details")
    assert len(WITH_SENTENCES) > len(PAGES) // 2


def test_page_lines_split_at_newlines_only() -> None:
    assert page_lines("a\u2028b\x85c\x0cd\n\ne\n") == ["a\u2028b\x85c\x0cd", "", "e"]
    assert page_lines("") == []
    assert page_lines("no end") == ["no end"]
    assert Document("x", "a  \r\nb\t\rc \n").text == "a\nb\nc\n"


def test_a_playground_snippet_indented_with_tabs_still_names_the_required_inputs() -> None:
    """The `input: {...}` keys are those at the first key's indent, whatever it is made of
    (it was two spaces more than the `input:` line, so a tab-indented snippet marked none)."""
    page = ROOT / "sources/fal/pages/playground-ten-models.txt"
    text = page.read_text("utf-8")
    tabbed = re.sub(r"(?m)^( +)", lambda m: "\t" * (len(m.group(1)) // 2), text)
    assert tabbed != text
    assert _raw(page, tabbed) == _raw(page, text)
    endpoints, _ = read(page, tabbed)
    assert all(any(f.required for f in e.input) for e in endpoints)
