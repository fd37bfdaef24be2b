"""YAML loading that remembers where every value stood, and refuses what specs must not hold.

PyYAML silently keeps the last of two equal keys; a spec with a parameter written twice must
fail instead, at the line of the second one. Beyond that, every file is first scanned as a stream
of events, before anything is composed or expanded, so that hostile input costs little:

- nesting deeper than `MAX_DEPTH` is refused (libyaml's composer recurses and can crash);
- anchors and aliases are counted as what they expand to, and a document that would expand to
  more than `MAX_VALUES` values ("billion laughs") is refused in time linear in its text;
- keys must be strings (`yes:` and `1:` are a boolean and an integer in YAML), merge keys
  (`<<:`) and non-finite numbers (`.nan`, `.inf`: JSON cannot carry them) are refused.

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
            key = _scalar(loader, key_node)
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
    value = _scalar(loader, node)
    if isinstance(value, float) and not math.isfinite(value):
        message = f"{node.value} is not a finite number (JSON cannot carry it)"
        problems.append(Problem(file, lines[path], dotted(path) or None, message))
        return None
    return value


def _scalar(loader: Any, node: yaml.Node) -> Any:
    """The value of a node: a string scalar (most of a spec: names, descriptions, types) is its
    text, exactly what the constructor would answer; anything else goes through the constructor."""
    if type(node) is yaml.ScalarNode and node.tag == _STR_TAG:
        return node.value
    return loader.construct_object(node, deep=True)
