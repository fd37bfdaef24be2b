"""Hostile-spec fuzzing: every spec either generates code that imports and accepts its own
fixtures, or is refused with located problems (file and line). There is no third outcome: no
traceback, no generated code that fails to import, no problem without a place.

The specs are drawn from a fixed seed, so a failure reproduces; the building blocks are the
names and values that broke generators before: keywords, dunders, pydantic attributes, unicode,
names that collide once made Python-safe, enum values of the wrong type or with quotes.
"""

from __future__ import annotations

import importlib
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.render import generate
from generator.render.names import module_name
from generator.spec.errors import Problem, ProblemsError
from generator.spec.loader import load_specs

from ..render.conftest import imported_from
from .conftest import make_specs

SEED = 20261201
COUNT = 80

SEGMENTS = [
    "kolors",
    "v1.1",
    "3d-model",
    "import",
    "class",
    "match",
    "None",
    "async",
    "__init__",
    "__main__",
    "ünï",
    "名前",
    "a..b",
    "..",
    ".",
    "-x",
    "a b",
    "x_y",
    "x-y",
    "Upper",
    "",
]
PYTHON_NAMES = ["ok_name", "import", "__init__", "_x", "Upper", "type", "m1", "class"]
FIELD_NAMES = [
    "prompt",
    "class",
    "from",
    "None",
    "True",
    "schema",
    "json",
    "model_config",
    "copy",
    "dict",
    "__class__",
    "__init__",
    "ñame",
    "名前",
    "a-b",
    "a_b",
    "x.y",
    "1st",
    "_id",
    " ",
    "self",
    "validate",
    "Input",
    "model_fields",
    "a" * 80,
]
TYPE_NAMES = ["Foo", "EndpointInfo", "Input", "None", "Str", "Image", "Literal", "Bar_1"]
ENUMS: list[list[Any]] = [
    ['a"b', "'", "\\", "1:1"],
    ["", "x"],
    ["ünï", "名前", "\n"],
    [1, "1"],
    [True, 1],
    ["a", None],
    [1, 2, 3],
    [0.5, 1],
    ["a", "a"],
]
TYPES = ["string", "integer", "number", "boolean"]


PLAIN_SEGMENTS = ["kolors", "flux", "v1.1", "text-to-image", "edit", "x_y"]
PLAIN_FIELDS = ["prompt", "seed", "steps", "image_url", "guidance_scale", "mode"]
HOSTILE = 0.3
"""The chance of each drawn name or value being a hostile one rather than a plain one."""


def pick(rng: random.Random, hostile: list[Any], plain: list[Any]) -> Any:
    return rng.choice(hostile if rng.random() < HOSTILE else plain)


def draw_field(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(TYPES)
    field: dict[str, Any] = {"type": kind}
    roll = rng.random()
    if roll < 0.3:
        plain = {"string": ["a", "b"], "integer": [1, 2], "number": [0.5, 2], "boolean": [True]}
        field["enum"] = list(pick(rng, ENUMS, [plain[kind]]))
    elif roll < 0.45 and kind == "string":
        field["pattern"] = rng.choice(['^"[a-z]+"$', "^[^']+$", "^v\\d+$", "(", "^a{2,3}$"])
    if rng.random() < 0.3:
        field["nullable"] = True
    if rng.random() < 0.3:
        field["required"] = True
    return field


def draw_spec(rng: random.Random, i: int) -> dict[str, Any]:
    owner = rng.choice(["fal-ai", "fal-ai", f"fuzz{i}"])
    endpoint_id = f"{owner}/{pick(rng, SEGMENTS, PLAIN_SEGMENTS)}"
    if rng.random() < 0.3:
        endpoint_id += f"/{pick(rng, SEGMENTS, PLAIN_SEGMENTS)}"
    spec: dict[str, Any] = {
        "id": endpoint_id,
        "provider": "fal",
        "protocols": ["run"],
        "input": {},
        "output": {"images": {"type": "array", "items": "Image", "required": True}},
    }
    if rng.random() < 0.4:
        spec["python_name"] = pick(rng, PYTHON_NAMES, [f"fuzz_module_{i}"])
    for _ in range(rng.randint(1, 5)):
        spec["input"][pick(rng, FIELD_NAMES, PLAIN_FIELDS)] = draw_field(rng)
    if rng.random() < 0.3:
        type_name = pick(rng, TYPE_NAMES, ["Foo", "Bar_1"])
        spec["types"] = {type_name: {"type": "object", "properties": {"x": {"type": "string"}}}}
        spec["input"]["obj"] = {"type": type_name}
    return spec


def located(problems: tuple[Problem, ...]) -> bool:
    return all(p.file.endswith(".yaml") and p.line is not None for p in problems)


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    rng = random.Random(SEED)
    root = tmp_path_factory.mktemp("fuzz")
    support = make_specs(root / "support", {})
    accepted: dict[str, str] = {}
    refused: list[tuple[Problem, ...]] = []
    for i in range(COUNT):
        text = yaml.safe_dump(draw_spec(rng, i), allow_unicode=True, sort_keys=False)
        folder = root / f"candidate{i}"
        (folder / "fal").mkdir(parents=True)
        (folder / "fal" / "spec.yaml").write_text(text, encoding="utf-8")
        try:
            specs = load_specs(support, endpoints_from=[folder])
        except ProblemsError as exc:
            refused.append(exc.problems)
            continue
        assert len(specs.endpoints) == 1
        accepted[f"fal/spec{i}.yaml"] = text
    tree = make_specs(root / "specs", dict(accepted))
    try:
        load_specs(tree)
    except ProblemsError as exc:  # specs that clash with each other: refusals of the set
        clash = ("both map to module", "is also defined in")
        assert all(any(c in p.message for c in clash) for p in exc.problems), str(exc)
        refused.append(exc.problems)
        for p in exc.problems:
            (tree / "fal" / Path(p.file).name).unlink(missing_ok=True)
    out = root / "generated"
    generate(tree, out, use_cache=False)
    return {"out": out, "specs": load_specs(tree), "refused": refused}


def test_both_outcomes_occur(outcome: dict[str, Any]) -> None:
    assert len(outcome["specs"].endpoints) >= 8
    assert len(outcome["refused"]) >= 8


def test_every_refusal_is_located(outcome: dict[str, Any]) -> None:
    for problems in outcome["refused"]:
        assert problems and located(problems), [str(p) for p in problems]


def test_every_accepted_spec_imports_and_accepts_its_fixtures(outcome: dict[str, Any]) -> None:
    out: Path = outcome["out"]
    with imported_from(out):
        for endpoint in outcome["specs"].endpoints.values():
            module = importlib.import_module(f"modelclients.fal.{module_name(endpoint)}")
            assert module.ENDPOINT.id == endpoint.id
            fixtures = json.loads(
                (out / "fixtures/fal" / f"{module_name(endpoint)}.json").read_text()
            )
            for case in fixtures["valid"]:
                assert module.validate(case["payload"]) == [], (endpoint.id, case)
                dumped = module.Input.model_validate(case["payload"]).model_dump(
                    by_alias=True, exclude_unset=True
                )
                assert dumped == case["payload"], endpoint.id
            for case in fixtures["invalid"]:
                assert module.validate(case["payload"]) != [], (endpoint.id, case)
