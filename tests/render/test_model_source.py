"""`model_source.module_code`: the sentinel kept to input models, the JSON container types in
them, and the module split, on modules written to break it and on datamodel-code-generator's
own output for real schemas."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from datamodel_code_generator import generate as dcg_generate

from generator.render.model_source import (
    PYDANTIC_SENTINEL_IMPORT,
    SENTINEL_IMPORT,
    ModelCode,
    ModelError,
    module_code,
)
from generator.render.models import (
    _INPUT_BASES,
    JSON_CONTAINER_TYPES,
    OPTIONS,
    _aliases,
    combined_schema,
)

from .conftest import ROOT

HEAD = f"from __future__ import annotations\n\nfrom pydantic import Field\n{SENTINEL_IMPORT}\n\n"


def _code(body: str) -> ModelCode:
    return module_code(HEAD + body, _INPUT_BASES, JSON_CONTAINER_TYPES)


def _fields(code: ModelCode, cls: str) -> dict[str, str]:
    tree = ast.parse(code.body)
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
    return {
        ast.unparse(item.target): ast.unparse(item)
        for item in node.body
        if isinstance(item, ast.AnnAssign)
    }


def test_an_output_field_loses_the_sentinel_and_an_input_field_keeps_it() -> None:
    code = _code(
        "class Input(InputModel):\n    seed: int | MISSING = MISSING\n\n\n"
        "class Output(OutputModel):\n    seed: int | MISSING = MISSING\n"
    )
    assert _fields(code, "Input")["seed"] == "seed: int | MISSING = MISSING"
    assert _fields(code, "Output")["seed"] == "seed: int | None = None"
    assert code.imports == ("from pydantic import Field", PYDANTIC_SENTINEL_IMPORT)
    assert code.classes == ("Input", "Output")


def test_the_sentinel_import_goes_when_only_outputs_used_it() -> None:
    code = _code(
        "class Input(InputModel):\n"
        "    prompt: str = Field(..., description='MISSING is only a word here')\n\n\n"
        "class Output(OutputModel):\n"
        "    seed: int | None | MISSING = Field(default=MISSING, description='MISSING')\n"
    )
    assert code.imports == ("from pydantic import Field",)
    assert _fields(code, "Output")["seed"] == (
        "seed: int | None = Field(default=None, description='MISSING')"
    )
    assert "MISSING is only a word here" in code.body


def test_a_field_over_several_lines_becomes_one_and_what_follows_is_kept() -> None:
    code = _code(
        "class Output(OutputModel):\n"
        "    seed: (\n        int\n        | MISSING\n    ) = Field(\n"
        "        default=MISSING,\n        description='the seed',\n    )\n"
        "    steps: int\n\n\n"
        "class After(OutputModel):\n    n: int\n"
    )
    assert _fields(code, "Output") == {
        "seed": "seed: int | None = Field(default=None, description='the seed')",
        "steps": "steps: int",
    }
    assert code.body.endswith("class After(OutputModel):\n    n: int\n")
    assert code.classes == ("Output", "After")


def test_a_sentinel_left_inside_a_type_keeps_the_import() -> None:
    code = _code("class Output(OutputModel):\n    tags: list[int | MISSING] | MISSING = MISSING\n")
    assert _fields(code, "Output")["tags"] == "tags: list[int | MISSING] | None = None"
    assert PYDANTIC_SENTINEL_IMPORT in code.imports


def test_other_statements_of_an_output_class_count_as_uses() -> None:
    code = _code("class Output(OutputModel):\n    default = MISSING\n")
    assert PYDANTIC_SENTINEL_IMPORT in code.imports
    assert "default = MISSING" in code.body


def test_carriage_returns_and_decorators() -> None:
    source = (
        HEAD + "@final\nclass Output(OutputModel):\n    seed: int | MISSING = MISSING\n"
    ).replace("\n", "\r\n")
    code = module_code(source, _INPUT_BASES, JSON_CONTAINER_TYPES)
    assert code.body.startswith("@final\nclass Output")
    assert "\r" not in code.body
    assert code.imports == ("from pydantic import Field",)


def test_a_multi_line_import_stays_whole_and_future_is_left_out() -> None:
    code = module_code(
        "from __future__ import annotations\nfrom typing import (\n    Any,\n    Literal,\n)\n\n"
        "class Input(InputModel):\n    a: Literal['x']\n",
        _INPUT_BASES,
        JSON_CONTAINER_TYPES,
    )
    assert code.imports == ("from typing import (\n    Any,\n    Literal,\n)",)
    assert code.body == "class Input(InputModel):\n    a: Literal['x']\n"


def test_input_containers_become_json_types_and_are_imported() -> None:
    code = _code(
        "class Input(InputModel):\n"
        "    points: list[dict[str, Any]] | MISSING = Field(default_factory=list)\n"
        "    # a comment naming list[int]\n"
        "    extra: Any\n\n\n"
        "class Output(OutputModel):\n    images: list[dict[str, Any]]\n"
    )
    assert _fields(code, "Input") == {
        "points": (
            "points: JsonArray[JsonObject[str, JsonAny]] | MISSING = Field(default_factory=list)"
        ),
        "extra": "extra: JsonAny",
    }
    assert _fields(code, "Output")["images"] == "images: list[dict[str, Any]]"
    assert "# a comment naming list[int]" in code.body
    assert code.imports[-3:] == tuple(
        f"from modelclients._validation import {name}"
        for name in ("JsonAny", "JsonObject", "JsonArray")
    )


def test_a_container_after_text_that_is_not_ascii_and_over_several_lines() -> None:
    """ast counts columns in UTF-8 bytes: the name after `é` is still the one replaced."""
    code = _code(
        "class Input(InputModel):\n"
        "    mode: Literal['é', 'ü'] | list[\n        str\n    ] | None = None\n"
        "    after: int\n"
    )
    assert _fields(code, "Input") == {
        "mode": "mode: Literal['é', 'ü'] | JsonArray[str] | None = None",
        "after": "after: int",
    }


def test_a_root_model_heading_is_renamed_and_its_body_kept() -> None:
    code = _code(
        "class FocusPoint(RootModel[list[float]]):\n"
        "    root: list[float] = Field(..., max_length=2)\n"
        "    seed: int | MISSING = MISSING\n"
    )
    assert code.body.startswith("class FocusPoint(RootModel[JsonArray[float]]):\n")
    assert "root: list[float] = Field(..., max_length=2)" in code.body  # as RootModel reads it
    assert "seed: int | None = None" in code.body
    assert "from modelclients._validation import JsonArray" in code.imports


def test_a_module_without_containers_gets_no_import() -> None:
    code = _code("class Input(InputModel):\n    a: int\n    listing: str = 'list'\n")
    assert code.imports == ("from pydantic import Field",)
    assert "listing: str = 'list'" in code.body


def test_a_name_the_template_defines_is_refused() -> None:
    with pytest.raises(ModelError, match="Client"):
        _code("class Client(OutputModel):\n    a: int\n")


def _real_documents() -> list[tuple[str, dict[str, object]]]:
    folder = ROOT / "generated" / "modelclients" / "_schemas" / "fal"
    inputs = sorted(folder.glob("*.input.json"))
    picked: list[tuple[str, dict[str, object]]] = []
    for path in inputs[:: max(1, len(inputs) // 24)]:
        output = Path(str(path).replace(".input.json", ".output.json"))
        document = combined_schema(json.loads(path.read_text()), json.loads(output.read_text()))
        picked.append((path.name, document))
    return picked


@pytest.mark.parametrize(("name", "document"), _real_documents())
def test_on_real_generated_modules(name: str, document: dict[str, object]) -> None:
    """Input classes are left as dcg wrote them but for the container names (checked against
    a rename done on the syntax tree), output classes name no MISSING, the sentinel is
    imported exactly when the body still names it, and the pieces parse."""
    source = dcg_generate(json.dumps(document), aliases=_aliases(document), **OPTIONS)
    assert isinstance(source, str)
    code = module_code(source, _INPUT_BASES, JSON_CONTAINER_TYPES)
    before = {n.name: n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)}
    after = ast.parse("\n".join(code.imports) + "\n" + code.body)
    names_missing = False
    for node in after.body:
        if not isinstance(node, ast.ClassDef):
            continue
        is_input = any(isinstance(b, ast.Name) and b.id in _INPUT_BASES for b in node.bases)
        mentions = any(isinstance(n, ast.Name) and n.id == "MISSING" for n in ast.walk(node))
        names_missing = names_missing or mentions
        if is_input:
            assert ast.dump(node) == ast.dump(_renamed(before[node.name])), node.name
        else:
            assert not mentions, node.name
    assert (PYDANTIC_SENTINEL_IMPORT in code.imports) == names_missing
    assert SENTINEL_IMPORT not in code.imports
    assert code.classes == tuple(before)


class _Rename(ast.NodeTransformer):
    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AnnAssign:
        for name in ast.walk(node.annotation):
            if isinstance(name, ast.Name) and name.id in JSON_CONTAINER_TYPES:
                name.id = JSON_CONTAINER_TYPES[name.id].rpartition(".")[2]
        return node


def _renamed(node: ast.ClassDef) -> ast.AST:
    """What an input class should be: dcg's, with the container names in its field types
    replaced (only the fields: a value like `default_factory=list` is kept)."""
    return _Rename().visit(node)
