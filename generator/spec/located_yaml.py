"""YAML loading that remembers where every value stood, and refuses what specs must not hold.

PyYAML silently keeps the last of two equal keys; a spec with a parameter written twice must
fail instead, at the line of the second one. Beyond that, every file is first scanned as a stream
of events, before anything is composed or expanded, so that hostile input costs little:

- nesting deeper than `MAX_DEPTH` is refused (libyaml's composer recurses and can crash);
- anchors and aliases are counted as what they expand to, and a document that would expand to
  more than `MAX_VALUES` values ("billion laughs") is refused in time linear in its text;
- an alias inside the very collection its anchor names (`&x [1, *x]`: a list that holds
  itself, which no JSON value is and whose expansion never ends) is refused;
- keys must be strings (`yes:` and `1:` are a boolean and an integer in YAML), merge keys
  (`<<:`) and non-finite numbers (`.nan`, `.inf`: JSON cannot carry them) are refused;
- a scalar is a JSON value: a string, a number, a boolean or null. Where YAML 1.1 would make
  something else of plain text, it stays the text, as YAML 1.2 reads it: `2024-01-31` is not a
  date and `16:9` not the base-60 number 969 (an aspect ratio silently turned into a number).
  Another tag JSON has no value for (`!!binary`, `!!set`, `!foo`) and an integer too long for
  Python to read (over 4,300 digits) are refused.

Every refusal is a located `Problem`, never an exception.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final

import yaml

from .errors import Problem

MAX_DEPTH: Final = 64
"""Deepest nesting of mappings and sequences accepted (the specs use under 15)."""

MAX_VALUES: Final = 200_000
"""Most values a document may expand to, aliases counted as what they stand for."""

_MERGE_TAG: Final = "tag:yaml.org,2002:merge"
_STR_TAG: Final = "tag:yaml.org,2002:str"
_PLAIN_TAGS: Final[dict[type, str]] = {
    yaml.MappingNode: "tag:yaml.org,2002:map",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
}
"""Collections may carry no tag of their own (`!!python/...` would be ignored silently)."""
_KINDS: Final = {"bool": "a boolean", "int": "an integer", "float": "a number", "NoneType": "null"}
_JSON_TAGS: Final = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")
)
"""The scalar tags whose values JSON carries."""
_NUMBER_TAGS: Final = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_TIMESTAMP_TAG: Final = "tag:yaml.org,2002:timestamp"
"""What YAML 1.1 makes of a plain `2024-01-31` (or a date and time)."""


class _NotJson(ValueError):
    """A scalar JSON has no value for; the message says why."""


Path_ = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it (about twice as fast), else the pure one."""


@dataclass(frozen=True)
class Located:
    """A parsed document plus the line (1-based) of every value, keyed by its path."""

    data: Any
    lines: dict[Path_, int]
    file: str

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def dotted(path: Path_) -> str:
    return ".".join(str(p) for p in path)


def load_located(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document. Every failure is a located problem, not an exception."""
    try:
        refused = _scan(text, file)
        if refused is not None:
            return None, [refused]
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return Located({}, {(): 1}, file), []
            problems: list[Problem] = []
            lines: dict[Path_, int] = {}
            data = _build(loader, node, (), lines, problems, file)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return None, [_yaml_problem(exc, text, file)]
    return Located(data, lines, file), problems


def _yaml_problem(exc: yaml.YAMLError, text: str, file: str) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        return Problem(file, line, None, f"YAML syntax error: {exc.problem or exc.context}")
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        return Problem(file, line, None, f"not readable as YAML text: {exc.reason}")
    return Problem(file, None, None, f"not readable as YAML: {exc}")


def _scan(text: str, file: str) -> Problem | None:
    """Refuse too deep or too large (once aliases are expanded) documents from the event
    stream alone, before anything is composed."""
    stack: list[list[Any]] = []  # [anchor, expanded size] of each open collection
    sizes: dict[str, int] = {}
    total = 0
    for event in yaml.parse(text, Loader=_Loader):
        size = 0
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([event.anchor, 1])
            total += 1
            if len(stack) > MAX_DEPTH:
                message = f"nested deeper than {MAX_DEPTH} levels"
                return Problem(file, _line(event), None, message)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, size = stack.pop()
            if anchor is not None:
                sizes[anchor] = size
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            total += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in stack):
                message = (
                    f"alias *{event.anchor} is inside the collection &{event.anchor} names "
                    "(a value that holds itself); write the values out"
                )
                return Problem(file, _line(event), None, message)
            size = sizes.get(event.anchor or "", 1)
            total += size
        else:
            continue
        if stack:
            stack[-1][1] += size
        if total > MAX_VALUES:
            message = (
                f"expands to more than {MAX_VALUES:,} values (anchors and aliases counted as "
                "what they stand for); write the values out"
            )
            return Problem(file, _line(event), None, message)
    return None


def _line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return None if mark is None else mark.line + 1


def _build(
    loader: Any,
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    problems: list[Problem],
    file: str,
) -> Any:
    lines[path] = node.start_mark.line + 1
    plain = _PLAIN_TAGS.get(type(node))
    if plain is not None and node.tag != plain:
        message = f"YAML tag {node.tag!r} is not supported; write a plain value"
        problems.append(Problem(file, lines[path], dotted(path) or None, message))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE_TAG:
                message = "merge keys (<<) are not supported; write the keys out"
                problems.append(Problem(file, key_line, dotted(path) or None, message))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                kind = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
                message = f"{kind} is used as a key; keys must be strings"
                problems.append(Problem(file, key_line, dotted(path) or None, message))
                continue
            try:
                key = _scalar(loader, key_node)
            except _NotJson as exc:
                problems.append(Problem(file, key_line, dotted(path) or None, f"key {exc}"))
                continue
            if not isinstance(key, str):
                kind = _KINDS.get(type(key).__name__, type(key).__name__)
                message = (
                    f"key {key_node.value!r} is read as {kind} in YAML; keys must be strings "
                    f"(write '{key_node.value}' in quotes)"
                )
                problems.append(Problem(file, key_line, dotted(path) or None, message))
                continue
            if key in out:
                problems.append(
                    Problem(
                        file,
                        key_node.start_mark.line + 1,
                        dotted((*path, key)),
                        f"duplicate key {key!r} (first at line {lines[(*path, key)]})",
                    )
                )
                continue
            out[key] = _build(loader, value_node, (*path, key), lines, problems, file)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, item, (*path, i), lines, problems, file)
            for i, item in enumerate(node.value)
        ]
    assert isinstance(node, yaml.ScalarNode)  # the composer makes no other kind of node
    try:
        value = _scalar(loader, node)
    except _NotJson as exc:
        problems.append(Problem(file, lines[path], dotted(path) or None, str(exc)))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        message = f"{node.value} is not a finite number (JSON cannot carry it)"
        problems.append(Problem(file, lines[path], dotted(path) or None, message))
        return None
    return value


def _scalar(loader: Any, node: yaml.ScalarNode) -> Any:
    """The value of a node: a string scalar (most of a spec: names, descriptions, types) is its
    text, exactly what the constructor would answer; anything else goes through the constructor.
    Raises `_NotJson` for a scalar JSON cannot carry (see the module's docstring)."""
    if node.tag == _STR_TAG:
        return node.value
    text = node.value
    if node.tag == _TIMESTAMP_TAG or (node.tag in _NUMBER_TAGS and ":" in text):
        return text  # `2024-01-31` or `16:9`, as YAML 1.2 reads them
    if node.tag not in _JSON_TAGS:
        raise _NotJson(f"YAML tag {node.tag!r} is not supported; write a plain value")
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # an integer past Python's digit limit (sys.get_int_max_str_digits)
        digits = sum(c.isdigit() for c in text)
        raise _NotJson(
            f"{text[:12]}... ({digits:,} digits) is too long to read as an integer"
        ) from None
