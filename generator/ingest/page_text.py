"""Helpers shared by the ingesters of text pages (fal markdown, Segmind pages).

A page ingester reads facts one line at a time; `FieldDraft` collects them with the line each
came from and turns them into a located `Field`. The parsing helpers here are strict: they
return None (or raise via the document) rather than guess at a value they cannot read.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field, fields
from typing import Any, Final

from ..spec.input_files import checked_value, json_value
from ..spec.model import JSON, MISSING, Field, TypeExpr, Vocabulary, is_json_type
from .base import Document, with_canonical

_TYPE_FACTS: Final = frozenset(f.name for f in fields(TypeExpr)) - {"type"}
_FIELD_FACTS: Final = frozenset({"required", "default", "description", "title", "examples"})

_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def normalise(text: str) -> str:
    """Collapse runs of whitespace (line breaks included) to single spaces."""
    return " ".join(text.split())


def parse_number(text: str) -> int | float | None:
    """`5` -> 5, `0.85` -> 0.85, `1e3` -> 1000.0; None for anything that is not one number JSON
    can carry (`1e400`, an integer of more digits than Python converts)."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    try:
        number = int(text) if re.fullmatch(r"-?\d+", text) else float(text)
    except ValueError:
        return None
    return number if isinstance(number, int) or math.isfinite(number) else None


def parse_json(text: str) -> tuple[bool, JSON]:
    """A JSON value written on a page: (True, value), or (False, None) when it is not strict
    JSON (`json_value`: no NaN, no `1e400`, not nested too deep)."""
    try:
        return True, json_value(text)
    except ValueError:
        return False, None


def python_literal(text: str) -> tuple[bool, JSON]:
    """A Python literal written on a page (`{'height': 2048}`, `None`): (True, value) when it
    is one JSON can carry (`checked_value`), else (False, None)."""
    try:
        return True, checked_value(ast.literal_eval(text))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None


def value_fits(value: JSON, t: TypeExpr) -> bool:
    """Whether a page's value (a default, an option) is of the builtin type it is given for.

    References and unions are not checked here: the loader checks them against the named types.
    """
    return is_json_type(value, t.type) is not False


def bound_fits(value: int | float, t: TypeExpr) -> bool:
    """A minimum or maximum must be a number, and a whole one for an integer parameter."""
    if t.type == "integer":
        return isinstance(value, int)
    return t.type == "number"


def glued_split(text: str) -> tuple[str, str] | None:
    """Split two phrases a scrape glued together: `OKImage Generated` -> (`OK`, `Image Generated`),
    `Not FoundThe requested URL` -> (`Not Found`, `The requested URL`). None when no seam shows."""
    match = re.match(r"(.*?(?:[a-z)]|[A-Z](?=[A-Z][a-z])))([A-Z].*)$", text)
    if match is None:
        return None
    return match.group(1).strip(), match.group(2).strip()


def find_line(doc: Document, pattern: str, start: int = 1) -> int | None:
    """The 1-based number of the first line from `start` that matches `pattern` entirely."""
    regex = re.compile(pattern)
    for n in range(start, len(doc.lines) + 1):
        if regex.fullmatch(doc.lines[n - 1]):
            return n
    return None


@dataclass
class FieldDraft:
    """The facts of one parameter as they are read, each with the line it came from."""

    doc: Document
    name: str
    type: str
    line: int
    type_facts: dict[str, Any] = field(default_factory=dict)
    field_facts: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.origin["type"] = self.doc.at(self.line)

    def set(self, fact: str, value: Any, line: int) -> None:
        """Record one fact (a TypeExpr or Field attribute) found on `line`."""
        if fact in _TYPE_FACTS:
            self.type_facts[fact] = value
        elif fact in _FIELD_FACTS:
            self.field_facts[fact] = value
        else:
            raise ValueError(f"unknown fact {fact!r}")
        self.origin[fact] = self.doc.at(line)

    def has(self, fact: str) -> bool:
        return fact in self.type_facts or fact in self.field_facts

    def type_expr(self) -> TypeExpr:
        return TypeExpr(type=self.type, **self.type_facts)

    def default(self) -> JSON:
        return self.field_facts.get("default", MISSING)

    def build(self, vocabulary: Vocabulary) -> Field:
        built = Field(
            name=self.name,
            type=self.type_expr(),
            required=bool(self.field_facts.get("required", False)),
            default=self.field_facts.get("default", MISSING),
            description=self.field_facts.get("description"),
            title=self.field_facts.get("title"),
            examples=tuple(self.field_facts.get("examples", ())),
            origin=dict(self.origin),
        )
        return with_canonical(built, vocabulary)


def settle_required_default(draft: FieldDraft, notes: list[str]) -> None:
    """A required parameter cannot have a default: keep the page's value as an example instead.

    Pages pre-fill a required field (Segmind's prompt) and call the pre-filled text its default;
    the value is still worth keeping, as the first example, and the move is noted.
    """
    if not draft.field_facts.get("required") or "default" not in draft.field_facts:
        return
    value = draft.field_facts.pop("default")
    where = draft.origin.pop("default")
    examples = list(draft.field_facts.get("examples", ()))
    if value not in examples:
        draft.field_facts["examples"] = (value, *examples)
        draft.origin.setdefault("examples", where)
    notes.append(
        f"{draft.name}: required, so the value the page gives as its default ({where}) is kept "
        "as an example"
    )
