"""Reading the files the tool is given: specs, support files, manifests, source documents.

Whatever path a user or a manifest names, reading it is either its text or one located problem:
a missing path, a folder, a FIFO or device (which would block or never end), a file too large to
be a spec or a page, text that is not UTF-8, and JSON nested past `MAX_JSON_DEPTH` or holding
NaN/Infinity are all refused before anything is parsed further.
"""

from __future__ import annotations

import json
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
    """The UTF-8 text of a regular file, or ProblemsError naming the file and what is wrong."""
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
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        raise _fail(name, line, message) from None


def load_json(text: str, file: str) -> Any:
    """Parse a JSON document: strict JSON (no NaN/Infinity), nested at most MAX_JSON_DEPTH."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise _fail(file, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    except ValueError as exc:
        raise _fail(file, None, f"not valid JSON: {exc}") from None
    except RecursionError:
        raise _fail(file, None, f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise _fail(file, None, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _depth(value: Any) -> int:
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _fail(file: str, line: int | None, message: str) -> ProblemsError:
    return ProblemsError([Problem(file, line, None, message)])
