"""YAML loading that remembers where every value stood, and refuses duplicate keys.

PyYAML silently keeps the last of two equal keys; a spec with a parameter written twice must
fail instead, at the line of the second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .errors import Problem

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
    """Parse one YAML document. A syntax error is a located problem, not an exception."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = f"YAML syntax error: {exc.problem or exc.context}"
        return None, [Problem(file, line, None, message)]
    finally:
        loader.dispose()
    if node is None:
        return Located({}, {(): 1}, file), []
    problems: list[Problem] = []
    lines: dict[Path_, int] = {}
    data = _build(loader, node, (), lines, problems, file)
    return Located(data, lines, file), problems


def _build(
    loader: Any,
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    problems: list[Problem],
    file: str,
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
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
    return loader.construct_object(node, deep=True)
