"""Blocking twins of the runtime's asyncio code, derived when the runtime is copied.

A class or method of templates/runtime/ written right below the comment

    # modelgen: blocking twin `FalClient`

is written once, as asyncio code. Its copy in the package gets, just above it, a blocking twin
under the name in the comment: the same lines with the `async` and `await` keywords removed
and the runtime's asyncio names replaced by their blocking ones (`SYNC_NAMES`). Comments,
docstrings and layout are kept, so the twin reads like hand-written code (write the asyncio
original's docstrings so that they are true of both).

Any other asyncio-only name in the block (`asyncio`, `aclose`, `__aenter__`, a name containing
"async" that `SYNC_NAMES` does not know) is a `TwinError` naming the file and line: a twin never
silently calls asyncio code.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from typing import Final

MARKER: Final = re.compile(r"^(?P<indent>[ \t]*)# modelgen: blocking twin `(?P<name>\w+)`[ \t]*$")

SYNC_NAMES: Final = {
    "AsyncDriver": "SyncDriver",
    "AsyncTransport": "SyncTransport",
    "AsyncHttpClient": "SyncHttpClient",
    "AsyncClient": "Client",
    "AsyncFalClient": "FalClient",
    "AsyncSegmindClient": "SegmindClient",
    "aiter_bytes": "iter_bytes",
}
"""The runtime's asyncio names and their blocking counterparts."""

_ASYNC_ONLY: Final = frozenset({"aclose", "__aenter__", "__aexit__", "__aiter__", "__anext__"})
_KEYWORDS: Final = frozenset({"async", "await"})


class TwinError(ValueError):
    """A marker that does not stand above an asyncio definition, or a block a blocking twin
    cannot be derived from."""


@dataclass(frozen=True)
class _Edit:
    start: int  # offset in the source text
    end: int
    text: str


def with_blocking_twins(source: str, where: str) -> str:
    """`source` with each marked asyncio block preceded by its blocking twin; `source` itself
    when nothing is marked. `where` names the file in errors."""
    lines = source.splitlines(keepends=True)
    marks = [(i, m) for i, line in enumerate(lines) if (m := MARKER.match(line.rstrip("\n")))]
    if not marks:
        return source
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise TwinError(f"{where}:{exc.lineno}: not valid Python: {exc.msg}") from None
    starts = _definitions_by_first_line(tree)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    offsets = _line_offsets(lines)
    out = list(lines)
    for index, match in reversed(marks):
        node = starts.get(index + 2)  # the line below the marker, 1-based
        if node is None:
            raise TwinError(
                f"{where}:{index + 1}: a blocking-twin marker must stand right above a class "
                "or an `async def`"
            )
        if isinstance(node, ast.FunctionDef):
            raise TwinError(f"{where}:{index + 1}: `{node.name}` is not asyncio code (no twin)")
        assert node.end_lineno is not None
        first, last = index + 1, node.end_lineno  # 0-based first line, 0-based end (exclusive)
        block = _twin_text(source, tokens, offsets, (first, last), node.name, match["name"], where)
        gap = "\n\n" if match["indent"] == "" else "\n"
        out[first - 1 : first - 1] = [block, gap]
    return "".join(out)


def _definitions_by_first_line(
    tree: ast.Module,
) -> dict[int, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef]:
    """Each class and function by the 1-based line it starts on (its first decorator's)."""
    found: dict[int, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            found[first] = node
    return found


def _line_offsets(lines: list[str]) -> list[int]:
    offsets, total = [], 0
    for line in lines:
        offsets.append(total)
        total += len(line)
    offsets.append(total)
    return offsets


def _twin_text(
    source: str,
    tokens: list[tokenize.TokenInfo],
    offsets: list[int],
    rows: tuple[int, int],
    original: str,
    twin: str,
    where: str,
) -> str:
    """The lines `rows` (0-based, end exclusive) of `source` as their blocking twin."""
    first, last = rows
    names = {**SYNC_NAMES, original: twin}
    edits: list[_Edit] = []
    inside = [t for t in tokens if first < t.start[0] <= last]
    for tok, following in zip(inside, [*inside[1:], None], strict=True):
        if tok.type != tokenize.NAME:
            continue
        start = offsets[tok.start[0] - 1] + tok.start[1]
        end = offsets[tok.end[0] - 1] + tok.end[1]
        if tok.string in _KEYWORDS:
            if following is not None and following.start[0] == tok.end[0]:
                end = offsets[following.start[0] - 1] + following.start[1]
            edits.append(_Edit(start, end, ""))
        elif tok.string in names:
            edits.append(_Edit(start, end, names[tok.string]))
        elif tok.string in _ASYNC_ONLY or "async" in tok.string.lower():
            raise TwinError(
                f"{where}:{tok.start[0]}: `{tok.string}` is asyncio-only and has no blocking "
                f"name (generator/render/blocking_twins.py SYNC_NAMES); `{twin}` cannot be derived"
            )
    text = source[offsets[first] : offsets[last]]
    base = offsets[first]
    for edit in reversed(edits):
        text = text[: edit.start - base] + edit.text + text[edit.end - base :]
    return text
