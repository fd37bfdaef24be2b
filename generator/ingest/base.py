"""What every ingester shares: the document it reads, and helpers to build located fields.

An ingester is a module listed in registry.py (which calls every one the same way) with
    LAYOUT: str                                      # e.g. "fal-markdown"
    def detect(text: str) -> bool                    # is this document in my layout?
    def ingest(doc: Document, vocabulary: Vocabulary) -> list[Endpoint]
An ingester whose layout defines named types also takes `shared=` (the shared types of the
specs tree in use, so it can refer to an identical shared type instead of copying it); the
pipeline passes them, and without them `repository_types()` is used.
`ingest` returns one Endpoint per endpoint the document describes, each with `sources`
naming the document (label = its path relative to the project, see `source_label`) and every field's `origin` pointing at the line or
JSON pointer it came from. A malformed document raises ProblemsError with located problems;
nothing is written by an ingester.

A fact an ingester cannot read costs a warning, not the page: `doc.warn(line, message)` records
where it is and what was done instead (the pipeline prints the warnings, `--strict` fails on
them), and the ingester keeps the same text among the endpoint's `notes` so the spec shows it.
Structure (a missing section, an unclosed block, a page cut short) stays an error.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path, PurePosixPath

from ..spec.errors import Problem, ProblemsError
from ..spec.loader import load_support
from ..spec.model import Endpoint, Field, SourceRef, TypeDef, Vocabulary

SPECS_ROOT = Path(__file__).resolve().parents[2] / "specs"


_LINE_END = re.compile(r"\r\n?")
_TRAILING_BLANKS = re.compile(r"[ \t]+$", re.MULTILINE)


def page_lines(text: str) -> list[str]:
    """The lines of a document, split at `\n` only. `str.splitlines` also splits at U+2028,
    NEL, a form feed and other separators, which can stand inside a description copied from a
    web page: splitting there cut the text short and moved every later line number."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


@dataclass(frozen=True)
class Document:
    """An input document: its text and the path specs will cite (relative to the project).

    The text is kept with `\n` line ends and without the spaces and tabs that end a line
    (a Markdown hard break, an editor's leftovers), so a layout's line patterns never depend on
    them; line numbers are unchanged."""

    path: str
    text: str
    warnings: list[Problem] = field(default_factory=list, compare=False, hash=False, repr=False)
    """Facts this document's ingester could not read (see the module docstring)."""

    def __post_init__(self) -> None:
        text = _LINE_END.sub("\n", self.text) if "\r" in self.text else self.text
        object.__setattr__(self, "text", _TRAILING_BLANKS.sub("", text))

    @cached_property
    def label(self) -> str:
        """The name fields cite in their `from:` facts, e.g. `sources/fal/pages/kolors.md:57`."""
        return source_label(self.path)

    @cached_property
    def lines(self) -> list[str]:
        return page_lines(self.text)

    def at(self, line: int) -> str:
        """Provenance of a fact found on a 1-based line."""
        return f"{self.label}:{line}"

    def pointer(self, pointer: str) -> str:
        """Provenance of a fact found at a JSON pointer."""
        return f"{self.label}#{pointer}"

    def source(self, layout: str, pointer: str | None = None) -> dict[str, SourceRef]:
        return {self.label: SourceRef(self.path, layout, pointer)}

    def problem(self, line: int | None, message: str, field: str | None = None) -> Problem:
        return Problem(self.path, line, field, message)

    def warn(self, line: int | None, message: str, field: str | None = None) -> str:
        """Record a warning; answers the note the endpoint keeps (`Warning: file:line: ...`)."""
        self.warnings.append(self.problem(line, message, field))
        where = self.label if line is None else self.at(line)
        return f"Warning: {where}: {message}"

    def fail(self, line: int | None, message: str, field: str | None = None) -> ProblemsError:
        return ProblemsError([self.problem(line, message, field)])


def source_label(path: str) -> str:
    """How specs name a document: its path relative to the project (the working directory),
    in `/` form, so that two files of one name in different folders are never confused. A path
    outside the project keeps the form it was given in."""
    given = Path(path)
    if given.is_absolute():
        with contextlib.suppress(ValueError):
            given = given.resolve().relative_to(Path.cwd().resolve())
    return PurePosixPath(given.as_posix()).as_posix()


def with_canonical(f: Field, vocabulary: Vocabulary) -> Field:
    """Set the field's canonical concept when the vocabulary knows its name."""
    canonical = vocabulary.canonical_for(f.name)
    return f if canonical is None else f.with_(canonical=canonical)


@cache
def repository_types() -> Mapping[str, TypeDef]:
    """The shared types of the project's own specs/types.yaml (the default of `shared=`)."""
    support, problems = load_support(SPECS_ROOT)
    if problems:
        raise ProblemsError(problems)
    return support.types


def every_endpoint(read: tuple[list[Endpoint], list[Problem]]) -> list[Endpoint]:
    """What `ingest` answers for a layout with `ingest_all`: every endpoint the document holds,
    or every problem of its `ingest_all` raised together."""
    endpoints, problems = read
    if problems:
        raise ProblemsError(problems)
    return endpoints


def is_file_name(name: str) -> bool:
    """Parameters named like `image_url` / `mask_urls` take files (a URL or a data URI): a name
    of something, then `_url` or `_urls`. A bare `_url` names nothing and is no file."""
    stem, _, suffix = name.rpartition("_")
    return bool(stem) and suffix in ("url", "urls")
