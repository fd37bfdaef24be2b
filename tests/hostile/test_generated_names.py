"""Specs that used to generate broken code are refused at the line that causes it, or generate
code that imports and agrees with itself (issue: hostile input, item 5)."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
from pathlib import Path

import pytest

from generator.render import generate
from generator.spec.errors import ProblemsError
from generator.spec.identifiers import ENDPOINT_MODULE_NAMES, reserved_type_names
from generator.spec.loader import load_specs

from ..render.conftest import imported_from
from .conftest import ROOT, SPEC, make_specs


def only_problem(
    tmp_path: Path, spec: str, rel: str = "fal/demo.yaml"
) -> tuple[int | None, str, str]:
    root = make_specs(tmp_path / "specs", {rel: spec})
    with pytest.raises(ProblemsError) as info:
        load_specs(root)
    (problem,) = info.value.problems
    assert problem.file.endswith(rel)
    return problem.line, problem.field or "", problem.message


@pytest.mark.parametrize(
    ("python_name", "expected"),
    [
        ("__init__", "no leading underscore, no dunder"),
        ("_private", "no leading underscore"),
        ("import", "is a Python keyword"),
        ("class", "is a Python keyword"),
        ("match", "is a Python keyword"),
        ("Upper", "must start with a lowercase letter"),
        ("a-b", "must start with a lowercase letter"),
        ("ünï", "must start with a lowercase letter"),
    ],
)
def test_bad_python_names(python_name: str, expected: str, tmp_path: Path) -> None:
    spec = SPEC.replace("provider: fal\n", f"provider: fal\npython_name: {python_name!r}\n")
    line, field, message = only_problem(tmp_path, spec)
    assert (line, field) == (3, "python_name") and expected in message


@pytest.mark.parametrize(
    ("fact", "expected"),
    [
        ('{type: string, enum: ["1", 1]}', "enum.1: enum value 1 is not a string (int)"),
        (
            "{type: integer, enum: [1, true]}",
            "enum.1: enum value True is a boolean, not an integer",
        ),
        ("{type: integer, enum: [1, 2.5]}", "enum.1: enum value 2.5 is not an integer (float)"),
        ("{type: number, enum: [1, '2']}", "enum.1: enum value '2' is not a number (str)"),
        ("{type: boolean, enum: [true, 1]}", "enum.1: enum value 1 is not a boolean (int)"),
        (
            "{type: string, enum: [a, null]}",
            "enum.1: enum value None is null but string is not nullable",
        ),
        ("{type: string, const: 3}", "const: const 3 is not a string (int)"),
    ],
)
def test_enum_values_must_match_the_declared_type(fact: str, expected: str, tmp_path: Path) -> None:
    spec = SPEC.replace("output:", f"  mode: {fact}\noutput:")
    line, field, message = only_problem(tmp_path, spec)
    assert line == 7 and f"{field}: {message}".startswith(f"input.mode.{expected}")


def test_nullable_enum_with_null_is_fine(tmp_path: Path) -> None:
    spec = SPEC.replace(
        "output:", "  mode: {type: string, nullable: true, enum: [a, null]}\noutput:"
    )
    root = make_specs(tmp_path / "specs", {"fal/demo.yaml": spec})
    assert "fal-ai/demo" in load_specs(root).endpoints


@pytest.mark.parametrize(
    "name",
    [
        "EndpointInfo",
        "FalClient",
        "InputModel",
        "CheckedInputModel",
        "OutputModel",
        "Input",
        "Output",
        "Client",
        "BaseModel",
        "Field",
        "None",
        "Exception",
    ],
)
def test_type_names_that_collide_with_the_module_or_runtime(name: str, tmp_path: Path) -> None:
    spec = (
        SPEC + f"types:\n  {name}:\n    type: object\n    properties:\n      x: {{type: string}}\n"
    )
    line, field, message = only_problem(tmp_path, spec)
    assert (line, field) == (10, f"types.{name}") and repr(name) in message


def test_shared_type_names_are_checked_in_types_yaml(tmp_path: Path) -> None:
    root = make_specs(tmp_path / "specs", {"fal/demo.yaml": SPEC})
    types = root / "types.yaml"
    types.write_text(types.read_text() + "  FalClient:\n    type: object\n")
    with pytest.raises(ProblemsError) as info:
        load_specs(root)
    (problem,) = info.value.problems
    assert problem.file.endswith("types.yaml") and problem.line is not None
    assert problem.field == "FalClient" and "runtime" in problem.message


def test_module_name_clash_names_both_specs_and_the_line(tmp_path: Path) -> None:
    root = make_specs(
        tmp_path / "specs",
        {
            "fal/a.yaml": SPEC.replace("fal-ai/demo", "fal-ai/a-b"),
            "fal/b.yaml": SPEC.replace("fal-ai/demo", "fal-ai/a_b"),
            "fal/c.yaml": SPEC.replace("fal-ai/demo", "fal-ai/c").replace(
                "provider: fal\n", "provider: fal\npython_name: a_b\n"
            ),
        },
    )
    with pytest.raises(ProblemsError) as info:
        load_specs(root)
    found = {(Path(p.file).name, p.line, p.field) for p in info.value.problems}
    assert found == {("b.yaml", 1, "id"), ("c.yaml", 3, "python_name")}
    assert all(
        "modelclients.fal.a_b" in p.message and "a.yaml" in p.message for p in info.value.problems
    )


def _module_level(statements: list[ast.stmt]) -> list[ast.stmt]:
    """The statements that bind module names: the top level and the branches of its `if`s
    (`if TYPE_CHECKING: ... else: ...`)."""
    found: list[ast.stmt] = []
    for node in statements:
        if isinstance(node, ast.If):
            found += _module_level(node.body) + _module_level(node.orelse)
        else:
            found.append(node)
    return found


def test_reserved_names_cover_every_generated_module() -> None:
    """Every top-level name of every generated endpoint module is either one of its own spec
    types or in the reserved set, so the type-name rule cannot fall behind the templates."""
    index = json.loads((ROOT / "generated/index.json").read_text())
    reserved = reserved_type_names()
    checked = 0
    packages = ("fal", "segmind")
    modules = [
        m for p in packages for m in sorted((ROOT / "generated/modelclients" / p).glob("*.py"))
    ]
    for module in modules:
        if module.name == "__init__.py":
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        body = _module_level(tree.body)
        classes = {n.name for n in body if isinstance(n, ast.ClassDef)}
        names: set[str] = set()
        for node in body:
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                names |= {a.asname or a.name for a in node.names}
            elif isinstance(node, ast.FunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names |= {
                    n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)
                }
        names -= {"__all__"}
        assert names <= reserved, f"{module}: {sorted(names - reserved)}"
        # Client and AsyncClient: declared under TYPE_CHECKING, made on first use by the
        # module's __getattr__ (lazy_clients)
        assert {"Input", "Output", "Client", "AsyncClient"} <= classes
        assert {"__getattr__", "__dir__"} <= names
        checked += 1
    assert checked == len(index["endpoints"]) and reserved >= ENDPOINT_MODULE_NAMES


QUOTED_PATTERN = SPEC.replace(
    "output:",
    "  tag: {type: string, required: true, pattern: '^\"[a-z]+\"$'}\n"
    "  version: {type: string, pattern: '^v\\d+\\.\\d+$'}\noutput:",
)


def test_pattern_with_a_quote_generates_valid_fixtures(tmp_path: Path) -> None:
    root = make_specs(tmp_path / "specs", {"fal/demo.yaml": QUOTED_PATTERN})
    out = tmp_path / "generated"
    generate(root, out, use_cache=False)
    fixtures = json.loads((out / "fixtures/fal/demo.json").read_text())
    with imported_from(out):
        module = importlib.import_module("modelclients.fal.demo")
        for case in fixtures["valid"]:
            assert module.validate(case["payload"]) == []
            module.Input.model_validate(case["payload"])
        assert fixtures["valid"][0]["payload"]["tag"] == '"a"'


HOSTILE_SUMMARY = SPEC.replace(
    "protocols:", 'summary: "Say \\"\\"\\"hi\\"\\"\\" to C:\\\\new\\\\ model"\nprotocols:'
)


def test_client_docstrings_are_one_text_declared_and_made(tmp_path: Path) -> None:
    """The `TYPE_CHECKING` class (what IDEs show) and the lazily made one (what `help()` shows)
    carry the same docstring, triple quotes and backslashes in the summary included."""
    root = make_specs(tmp_path / "specs", {"fal/demo.yaml": HOSTILE_SUMMARY})
    out = tmp_path / "generated"
    generate(root, out, use_cache=False)
    source = (out / "modelclients/fal/demo.py").read_text(encoding="utf-8")
    declared = {
        node.name: ast.get_docstring(node)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef) and node.name in ("Client", "AsyncClient")
    }
    with imported_from(out):
        module = importlib.import_module("modelclients.fal.demo")
        made = {name: inspect.cleandoc(getattr(module, name).__doc__) for name in declared}
    assert made == declared
    assert 'Say """hi""" to C:\\new\\ model' in made["Client"]
