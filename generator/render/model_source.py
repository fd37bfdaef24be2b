"""From datamodel-code-generator's module text to the pieces the endpoint template takes.

The generated module is parsed once. Three things are done with its syntax tree:

- MISSING is kept to input models: in an output model a field that dcg wrote with the sentinel
  (`x: T | MISSING = MISSING`) becomes `x: T | None = None`, since callers reading results
  expect None for an absent optional field; the sentinel, where still used, is imported from
  `pydantic` itself (2.14 moved it there and deprecates the experimental path);
- in an input model (and a `RootModel`, which holds an input's shared value), the containers
  dcg writes, `list`, `dict` and `Any`, become the JSON types given for them (`JsonArray`, ...,
  which refuse what `validate()` refuses: a set, a `bytes` key), imported from where they live;
- the module is split into its import statements (`from __future__` left out), its body (from
  the first statement that is not an import) and the top-level names the body defines.

Every edit replaces whole lines (a statement, or the heading of a `RootModel`), located by the
tree's line numbers and columns, so the text is never parsed a second time.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Final

SENTINEL_IMPORT: Final = "from pydantic.experimental.missing_sentinel import MISSING"
"""How datamodel-code-generator imports the sentinel (pydantic 2.14 exports it as
`pydantic.MISSING` and deprecates the experimental path)."""
PYDANTIC_SENTINEL_IMPORT: Final = "from pydantic import MISSING"

TEMPLATE_NAMES: Final = frozenset(
    {
        "ENDPOINT",
        "Client",
        "AsyncClient",
        "validate",
        "annotations",
        "Mapping",
        "ValidationIssue",
        "TYPE_CHECKING",
        "lazy_clients",
        "EndpointInfo",
    }
)
"""Names the endpoint template defines or imports next to the models; no type may take them."""


class ModelError(ValueError):
    """The schema cannot be turned into models (a name clash, or the code generator refused)."""


@dataclass(frozen=True)
class ModelCode:
    """Generated model source, split for the endpoint template."""

    imports: tuple[str, ...]
    """Import statements, one per line, `from __future__` excluded."""
    body: str
    """The class definitions."""
    classes: tuple[str, ...]
    """Top-level names the body defines, in order."""


Edits = dict[int, tuple[int, str | None]]
"""First line (0-based) of a statement -> (line after its last, its new text or None: drop)."""


def module_code(
    source: str, input_bases: Collection[str], containers: Mapping[str, str]
) -> ModelCode:
    """The template's pieces of one generated module; a class with a base named in
    `input_bases` is an input model and keeps the sentinel. `containers`: a name dcg writes in
    annotations (`list`) -> the dotted path of the type an input model uses instead."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")  # the line breaks ast counts
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    tree = ast.parse(text)
    edits: Edits = {}
    imports: list[tuple[int, int]] = []
    sentinel: int | None = None
    classes: list[str] = []
    body_start = len(lines)
    used = False  # MISSING still named once the output models' fields are edited
    renamed: set[str] = set()  # the container names replaced
    for node in tree.body:
        start, end = node.lineno - 1, node.end_lineno or node.lineno
        if isinstance(node, ast.Import | ast.ImportFrom):
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            imports.append((start, end))
            if end - start == 1 and lines[start] == SENTINEL_IMPORT:
                sentinel = start
            continue
        decorators = getattr(node, "decorator_list", ())
        body_start = min(body_start, decorators[0].lineno - 1 if decorators else start)
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            classes.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            classes.extend(t.id for t in targets if isinstance(t, ast.Name))
        if isinstance(node, ast.ClassDef) and _is_input(node, input_bases):
            fields = (item for item in node.body if isinstance(item, ast.AnnAssign))
            for item in fields:
                renamed |= _rename(lines, item.lineno - 1, item, item.annotation, containers, edits)
        elif isinstance(node, ast.ClassDef) and _is_root(node):
            renamed |= _rename(lines, node.lineno - 1, node, node.bases, containers, edits)
        if isinstance(node, ast.ClassDef) and not _is_input(node, input_bases):
            used = _edit_output_class(node, lines, edits) or used
        elif not used:
            used = _mentions_missing(node, lines)
    if sentinel is not None:
        edits[sentinel] = (sentinel + 1, PYDANTIC_SENTINEL_IMPORT if used else None)
    clash = sorted(set(classes) & TEMPLATE_NAMES)
    if clash:
        raise ModelError(f"generated name(s) {', '.join(clash)} clash with the module's own names")
    statements = [_edited(lines, start, end, edits) for start, end in imports]
    for name in sorted(renamed):  # ruff's isort merges these with dcg's own lines
        module, _, type_name = containers[name].rpartition(".")
        statements.append(f"from {module} import {type_name}")
    body = _edited(lines, body_start, len(lines), edits).strip("\n") + "\n"
    return ModelCode(tuple(s for s in statements if s), body, tuple(classes))


def _is_input(node: ast.ClassDef, input_bases: Collection[str]) -> bool:
    return any(isinstance(base, ast.Name) and base.id in input_bases for base in node.bases)


def _is_root(node: ast.ClassDef) -> bool:
    return any(
        isinstance(base, ast.Subscript)
        and isinstance(base.value, ast.Name)
        and base.value.id == "RootModel"
        for base in node.bases
    )


def _rename(
    lines: list[str],
    start: int,
    statement: ast.stmt,
    parts: ast.expr | Iterable[ast.expr],
    containers: Mapping[str, str],
    edits: Edits,
) -> set[str]:
    """Record the edit of `statement` (from line `start`) that replaces each container name in
    `parts` by its JSON type; answers the names replaced. Only the lines up to the last part
    are rewritten (a class keeps its body)."""
    exprs = [parts] if isinstance(parts, ast.expr) else list(parts)
    spots = sorted(
        (
            (n.lineno - 1, n.col_offset, n.end_col_offset or n.col_offset, n.id)
            for expr in exprs
            for n in ast.walk(expr)
            if isinstance(n, ast.Name) and n.id in containers
        ),
        reverse=True,
    )
    if not spots:
        return set()
    end = max(expr.end_lineno or statement.lineno for expr in exprs)
    if not isinstance(statement, ast.ClassDef):
        end = statement.end_lineno or end
    chunk = [line.encode() for line in lines[start:end]]
    for row, col, stop, name in spots:  # right to left: earlier offsets stay true
        raw = chunk[row - start]
        type_name = containers[name].rpartition(".")[2]
        chunk[row - start] = raw[:col] + type_name.encode() + raw[stop:]
    edits[start] = (end, "\n".join(line.decode() for line in chunk))
    return {name for *_, name in spots}


def _edit_output_class(node: ast.ClassDef, lines: list[str], edits: Edits) -> bool:
    """Record the edits of an output class's sentinel fields; answers whether the class still
    names MISSING afterwards (in its bases, or a statement that is not a plain field)."""
    heading = (*node.bases, *node.keywords, *node.decorator_list)
    used = any(_mentions_missing(n, lines) for n in heading)
    for item in node.body:
        if not _mentions_missing(item, lines):
            continue
        if not isinstance(item, ast.AnnAssign):
            used = True
            continue
        start = item.lineno - 1
        replacement, still = _without_missing(item)
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        edits[start] = (item.end_lineno or item.lineno, indent + replacement)
        used = used or still
    return used


def _mentions_missing(node: ast.AST, lines: list[str]) -> bool:
    """Whether `node` names MISSING; its text is looked at first, the tree only when the text
    holds the word (a description may)."""
    if isinstance(node, ast.stmt | ast.expr):
        end = node.end_lineno or node.lineno
        if not any("MISSING" in line for line in lines[node.lineno - 1 : end]):
            return False
    return any(isinstance(n, ast.Name) and n.id == "MISSING" for n in ast.walk(node))


def _without_missing(item: ast.AnnAssign) -> tuple[str, bool]:
    """`name: X | None` and a default of None for a field dcg wrote with the sentinel; and
    whether the new statement still names MISSING (only where it stood inside a type)."""
    parts: list[ast.expr] = []
    stack: list[ast.expr] = [item.annotation]
    while stack:  # flatten `A | B | C`
        expr = stack.pop()
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            stack += [expr.right, expr.left]
        else:
            parts.append(expr)
    kept = [p for p in parts if not (isinstance(p, ast.Name) and p.id == "MISSING")]
    if not any(isinstance(p, ast.Constant) and p.value is None for p in kept):
        kept.append(ast.Constant(None))
    annotation = " | ".join(ast.unparse(p) for p in kept)
    value = item.value
    for n in ast.walk(value) if value is not None else ():
        if isinstance(n, ast.keyword) and isinstance(n.value, ast.Name) and n.value.id == "MISSING":
            n.value = ast.Constant(None)
    if isinstance(value, ast.Name) and value.id == "MISSING":
        value = ast.Constant(None)
    default = "" if value is None else f" = {ast.unparse(value)}"
    rest = [item.target, *kept, *([value] if value is not None else [])]
    still = any(isinstance(n, ast.Name) and n.id == "MISSING" for r in rest for n in ast.walk(r))
    return f"{ast.unparse(item.target)}: {annotation}{default}", still


def _edited(lines: list[str], start: int, end: int, edits: Edits) -> str:
    """Lines `start` to `end` (0-based, end excluded) joined, with the edits inside applied."""
    out: list[str] = []
    i = start
    while i < end:
        edit = edits.get(i)
        if edit is None:
            out.append(lines[i])
            i += 1
            continue
        i, replacement = edit
        if replacement is not None:
            out.append(replacement)
    return "\n".join(out)
