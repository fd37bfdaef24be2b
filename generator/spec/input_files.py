"""Reading the files the tool is given: specs, support files, manifests, source documents.

Whatever path a user or a manifest names, reading it is either its text or one located problem:
a missing path, a folder, a FIFO or device (which would block or never end), a file too large to
be a spec or a page, text that is not UTF-8, and JSON nested past `MAX_JSON_DEPTH` or holding
a number that is not finite (NaN, Infinity, `1e400`) are all refused before anything is parsed
further. Text is read as written, but for a leading byte-order mark and Windows or old Mac line
ends (`\\r\\n`, `\\r`), which become `\\n`, so line numbers and patterns see one form.
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any, Final

from .errors import Problem, ProblemsError

MAX_FILE_BYTES: Final = 64 * 1024 * 1024
"""The largest input read (fal's whole JSON corpus is under 3 MB)."""

MAX_JSON_DEPTH: Final = 64
"""Deepest nesting of JSON objects and arrays accepted (fal's documents use 12)."""


def read_text(path: Path | str) -> str:
    """The UTF-8 text of a regular file (a leading byte-order mark dropped, line ends as `\\n`),
    or ProblemsError naming the file and what is wrong."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _fail(name, None, "no such file") from None
    except OSError as exc:
        raise _fail(name, None, f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise _fail(name, None, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise _fail(name, None, "is not a regular file (a pipe, socket or device); refused")
    if info.st_size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise _fail(name, None, f"is {info.st_size:,} bytes; input files are at most {limit} MB")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _fail(name, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        raise _fail(name, line, message) from None
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_json(text: str, file: str) -> Any:
    """Parse a JSON document with `json_value`; its reason for refusing is a located problem."""
    try:
        return json_value(text)
    except json.JSONDecodeError as exc:
        raise _fail(file, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    except ValueError as exc:
        message = str(exc)
        raise _fail(
            file, None, message if message.startswith("JSON") else f"not valid JSON: {message}"
        ) from None


def json_value(text: str) -> Any:
    """`text` as strict JSON: what `json.loads` reads, but ValueError (saying why) for a key
    given twice in one object, NaN/Infinity, a number too large for a float (`1e400`), an integer of more digits than
    Python converts, or nesting past MAX_JSON_DEPTH; a syntax error is `json.JSONDecodeError`.
    Every reader of JSON the tool is given (documents, and values written on pages) uses it."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_one_each)
    except RecursionError:
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    return checked_value(value)


def checked_value(value: Any) -> Any:
    """`value` (parsed JSON, or a literal read some other way) if JSON can carry it: null,
    booleans, strings, finite numbers, lists and objects with string keys, nested at most
    MAX_JSON_DEPTH; else ValueError naming where."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        where = f" at {'.'.join(map(str, path))}" if path else ""
        if isinstance(item, float) and not math.isfinite(item):
            raise ValueError(f"{item} is not a finite JSON number{where}")
        if isinstance(item, dict):
            if not all(isinstance(key, str) for key in item):
                raise ValueError(f"an object with a key that is not a string{where}")
            children: Any = item.items()
        elif isinstance(item, list):
            children = enumerate(item)
        elif item is None or isinstance(item, str | int | float):
            continue
        else:
            raise ValueError(f"a {type(item).__name__} is not a JSON value{where}")
        if len(path) >= MAX_JSON_DEPTH:
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        stack.extend((child, (*path, key)) for key, child in children)
    return value


def _one_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are distinct (a parser would keep one of two values silently)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return found


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _fail(file: str, line: int | None, message: str) -> ProblemsError:
    return ProblemsError([Problem(file, line, None, message)])
