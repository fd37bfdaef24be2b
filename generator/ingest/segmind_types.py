"""The type words of Segmind's pages, in all three layouts.

Segmind writes a parameter's type as one word, sometimes qualified:

    string  str  number  float  integer  int  boolean  bool  object  array  image
    string (uri)     a URL                         string (base64)   inline file content
    string[]         a list of the base type       object[]  integer[]  image[] ...
    array[string]    the same, written generically  list<int>
    enum:str         an enumeration of the base    enum:int  enum:float

A word is read by its structure (base, then an optional `(qualifier)`, then an optional `[]`),
not looked up whole, so `enum:int[]` or `str (uri)` read as well. `parse` answers None for a
base it does not know; an unknown qualifier keeps the base and says so (`unknown`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ..spec.model import TypeExpr
from .base import is_file_name
from .page_text import FieldDraft

_BASES: Final = {
    "string": "string",
    "str": "string",
    "text": "string",
    "number": "number",
    "float": "number",
    "double": "number",
    "integer": "integer",
    "int": "integer",
    "boolean": "boolean",
    "bool": "boolean",
    "object": "object",
    "dict": "object",
    "array": "array",
    "list": "array",
    "image": "string",
    "file": "string",
}
_FILE_BASES: Final = frozenset({"image", "file"})
_FILE_QUALIFIERS: Final = frozenset({"base64", "binary", "file", "image"})
_URL_QUALIFIERS: Final = frozenset({"uri", "url"})
_FILE_NAME = re.compile(r"(^|_)(image|img|mask|photo|face|file|audio|video)s?(_|$|\d)")

_WORD = re.compile(
    r"(?P<enum>enum\s*:\s*)?(?P<base>[a-z]+)(?:\s*\(\s*(?P<qualifier>[a-z0-9 _-]+?)\s*\))?"
    r"(?P<list>\s*\[\s*\])?",
    re.IGNORECASE,
)
_GENERIC_LIST = re.compile(r"(?:list|array)\s*[\[<]\s*(?P<item>[a-z:() ]+?)\s*[\]>]", re.IGNORECASE)
WORD_PATTERN: Final = (
    r"(?:enum\s*:\s*)?(?:"
    + "|".join(sorted(_BASES, key=len, reverse=True))
    + r")(?:\s*\(\s*[a-z0-9 _-]+?\s*\))?(?:\s*\[\s*\])?"
)
"""A regular expression for a type word (for layouts that glue it to the name)."""
TYPE_SHAPE: Final = re.compile(
    r"(?:enum\s*:\s*)?[a-z][a-z0-9_]*(?:\s*\(\s*[a-z0-9 _-]+\s*\))?"
    r"(?:\s*(?:\[\s*\]|[\[<]\s*[a-z:() ]+?\s*[\]>]))?",
    re.IGNORECASE,
)
"""What a type word looks like, known or not (`vector`, `string (hex)`): one word, perhaps
qualified, perhaps a list; prose (`The image to use`) does not."""


@dataclass(frozen=True)
class TypeWord:
    """What a type word says: the builtin type, list-ness, and the file/URL qualifiers."""

    word: str
    type: str
    is_list: bool = False
    is_enum: bool = False
    file: bool = False
    url: bool = False
    unknown_qualifier: str | None = None


def parse(word: str) -> TypeWord | None:
    """The type a word names, or None when its base is not a type Segmind uses."""
    match = _WORD.fullmatch(_GENERIC_LIST.sub(r"\g<item>[]", word.strip()))
    if match is None:
        return None
    base = match["base"].lower()
    if base not in _BASES:
        return None
    qualifier = (match["qualifier"] or "").lower() or None
    known = qualifier is None or qualifier in _FILE_QUALIFIERS | _URL_QUALIFIERS
    return TypeWord(
        word=word.strip(),
        type=_BASES[base],
        is_list=match["list"] is not None or base in ("array", "list"),
        is_enum=match["enum"] is not None,
        file=base in _FILE_BASES or qualifier in _FILE_QUALIFIERS,
        url=qualifier in _URL_QUALIFIERS,
        unknown_qualifier=None if known else qualifier,
    )


def is_file_like(name: str) -> bool:
    """Names such as `image`, `face_image`, `mask`, `image_urls`, `input_image_2` take files."""
    return is_file_name(name) or _FILE_NAME.search(name.lower()) is not None


def start_draft(draft: FieldDraft, word: TypeWord, line: int) -> None:
    """Record on a fresh draft (made with `draft_type(word)`) what its type word says beyond
    the builtin type: the items of a list, a file, a URL."""
    text = word.type == "string"
    file = text and (
        word.file or is_file_name(draft.name) or (word.url and is_file_like(draft.name))
    )
    uri = "uri" if text and word.url and not file else None
    if word.is_list:
        item_type = word.type if word.type != "array" else "any"
        draft.set("items", TypeExpr(type=item_type, file=file, format=uri), line)
        return
    if uri is not None:
        draft.set("format", uri, line)
    if file:
        draft.set("file", True, line)


def draft_type(word: TypeWord) -> str:
    """The builtin type of the parameter itself: `array` for a list word."""
    return "array" if word.is_list else word.type


def scalar_type(draft: FieldDraft) -> TypeExpr:
    """The type a single value of this parameter has (an item's, for a list)."""
    items = draft.type_facts.get("items")
    return items if isinstance(items, TypeExpr) else draft.type_expr()
