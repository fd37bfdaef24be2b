"""One short string that a regular expression matches, built from the expression itself.

Fixtures need a valid value for every `pattern` a spec carries. A few common samples cover most
patterns; for the rest (`^"[a-z]+"$`, `^v\\d+\\.\\d+$`, ...) this walks the parsed expression and
writes the least it needs: each repeat its minimum count, each class its first member, each
alternation its first branch. The result is checked with `re.search`; None when it fails (a
lookaround the walk does not honour), so callers never get a wrong sample. Deterministic.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as c
    import sre_parse

_CATEGORY_SAMPLES = {
    c.CATEGORY_DIGIT: "0",
    c.CATEGORY_NOT_DIGIT: "a",
    c.CATEGORY_WORD: "a",
    c.CATEGORY_NOT_WORD: "-",
    c.CATEGORY_SPACE: " ",
    c.CATEGORY_NOT_SPACE: "a",
}
_CANDIDATES = "a0_-. xZ"
"""Characters tried for a negated class or `[^x]`."""


def sample_matching(pattern: str) -> str | None:
    """A string `re.search(pattern, s)` accepts, or None when none could be built."""
    try:
        parsed = sre_parse.parse(pattern)
        text = _emit(parsed, {})
    except (re.error, RecursionError, ValueError, OverflowError):
        return None
    return text if re.search(pattern, text) else None


def _emit(items: Any, groups: dict[int, str]) -> str:
    return "".join(_one(op, arg, groups) for op, arg in items)


def _one(op: Any, arg: Any, groups: dict[int, str]) -> str:
    if op == c.LITERAL:
        return chr(arg)
    if op == c.NOT_LITERAL:
        return next(ch for ch in _CANDIDATES if ord(ch) != arg)
    if op == c.ANY:
        return "a"
    if op == c.IN:
        return _in_class(arg)
    if op == c.BRANCH:
        return _emit(arg[1][0], groups)
    if op == c.SUBPATTERN:
        group, _add, _del, inner = arg
        text = _emit(inner, groups)
        if group is not None:
            groups[group] = text
        return text
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
        low, _high, inner = arg
        return _emit(inner, groups) * int(low)
    if op == getattr(c, "ATOMIC_GROUP", None):
        return _emit(arg, groups)
    if op == c.GROUPREF:
        return str(groups.get(arg, ""))
    if op == c.GROUPREF_EXISTS:
        group, yes, no = arg
        return _emit(yes if group in groups else (no or []), groups)
    return ""  # anchors and lookarounds take no characters


def _in_class(members: Any) -> str:
    if members and members[0][0] == c.NEGATE:
        excluded = members[1:]
        return next((ch for ch in _CANDIDATES if not _member(excluded, ch)), "a")
    for op, arg in members:
        if op == c.LITERAL:
            return chr(arg)
        if op == c.RANGE:
            return chr(arg[0])
        if op == c.CATEGORY and arg in _CATEGORY_SAMPLES:
            return _CATEGORY_SAMPLES[arg]
    return "a"


def _member(members: Any, ch: str) -> bool:
    code = ord(ch)
    for op, arg in members:
        if op == c.LITERAL and arg == code:
            return True
        if op == c.RANGE and arg[0] <= code <= arg[1]:
            return True
        if op == c.CATEGORY and arg in _CATEGORY_RE and re.fullmatch(_CATEGORY_RE[arg], ch):
            return True
    return False


_CATEGORY_RE = {
    c.CATEGORY_DIGIT: r"\d",
    c.CATEGORY_NOT_DIGIT: r"\D",
    c.CATEGORY_WORD: r"\w",
    c.CATEGORY_NOT_WORD: r"\W",
    c.CATEGORY_SPACE: r"\s",
    c.CATEGORY_NOT_SPACE: r"\S",
}
