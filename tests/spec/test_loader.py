"""Spec loading: the grammar, the semantic rules, located messages, overrides."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.spec.errors import ProblemsError
from generator.spec.loader import load_specs
from generator.spec.located_yaml import load_located
from generator.spec.model import MISSING

GOOD = """\
id: fal-ai/demo
provider: fal
protocols: [run, queue]
input:
  prompt:
    type: string
    required: true
  guidance_scale:
    type: number
    default: 5
    minimum: 1
    maximum: 10
    canonical: guidance_scale
  image_size:
    type: union
    variants:
      - ImageSize
      - {type: string, enum: [square_hd, square]}
    default: square_hd
  seed:
    type: integer
    nullable: true
output:
  images:
    type: array
    items: Image
    required: true
"""

MakeTree = Callable[[dict[str, str]], Path]


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ProblemsError) as info:
        load_specs(root)
    return [str(p) for p in info.value.problems]


def with_input(extra: str) -> str:
    return GOOD.replace("output:\n", textwrap.indent(textwrap.dedent(extra), "  ") + "output:\n")


def test_good_spec_loads_with_every_fact(specs_tree: MakeTree) -> None:
    specs = load_specs(specs_tree({"fal/demo.yaml": GOOD}))
    endpoint = specs.endpoints["fal-ai/demo"]
    guidance = endpoint.field_named("input", "guidance_scale")
    assert guidance is not None
    assert (guidance.type.type, guidance.default, guidance.type.minimum, guidance.type.maximum) == (
        "number",
        5,
        1,
        10,
    )
    seed = endpoint.field_named("input", "seed")
    assert seed is not None and seed.type.nullable and seed.default is MISSING
    size = endpoint.field_named("input", "image_size")
    assert size is not None and [v.type for v in size.type.variants] == ["ImageSize", "string"]
    assert [f.name for f in endpoint.input] == ["prompt", "guidance_scale", "image_size", "seed"]


def test_yaml_syntax_error_is_located(specs_tree: MakeTree) -> None:
    root = specs_tree({"fal/demo.yaml": GOOD.replace("    default: 5\n", "    default: [5\n")})
    (message,) = problems_of(root)
    assert "demo.yaml:" in message and "YAML syntax error" in message


@pytest.mark.parametrize(
    ("extra", "line_text", "expected"),
    [
        (
            "steps: {type: integer, minimum: 1, maximum: 50, default: 60}\n",
            "steps:",
            "input.steps.default: default 60 is not a valid value: 60 is greater than the maximum of 50",
        ),
        (
            "fmt: {type: string, enum: [png, jpeg], default: webp}\n",
            "fmt:",
            "input.fmt.default: default 'webp' is not a valid value: 'webp' is not one of ['png', 'jpeg']",
        ),
        (
            "steps: {type: integer, minimum: 9, maximum: 2}\n",
            "steps:",
            "input.steps.minimum: minimum 9 is above maximum 2",
        ),
        (
            "mask: {type: Mask}\n",
            "mask:",
            "input.mask.type: unknown type 'Mask'",
        ),
        (
            "negative_prompt: {type: string, required: true, default: ''}\n",
            "negative_prompt:",
            "input.negative_prompt.default: a required parameter cannot have a default",
        ),
        (
            "strength: {type: number, maximum: 1, color: red}\n",
            "strength:",
            "input.strength.color: unknown key",
        ),
        (
            "size: {type: string, items: string}\n",
            "size:",
            "input.size.items: 'items' applies to type array, not string",
        ),
        (  # a property's default is judged as a parameter's is (the loader missed it once)
            "lora: {type: object, properties: {scale: {type: number, minimum: 0, default: -1}}}\n",
            "lora:",
            "input.lora.properties.scale.default: default -1 is not a valid value: "
            "-1 is less than the minimum of 0",
        ),
        (  # the type of an object's other values keeps the rules too (missed once as well)
            "weights: {type: object, additional: {type: number, minimum: 9, maximum: 2}}\n",
            "weights:",
            "input.weights.additional.minimum: minimum 9 is above maximum 2",
        ),
        (
            "cfg: {type: number, canonical: cfg_scale_x}\n",
            "cfg:",
            "input.cfg.canonical: 'cfg_scale_x' is not in specs/vocabulary.yaml",
        ),
    ],
)
def test_each_rule_gives_one_located_message(
    specs_tree: MakeTree, extra: str, line_text: str, expected: str
) -> None:
    text = with_input(extra)
    root = specs_tree({"fal/demo.yaml": text})
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.strip().startswith(line_text))
    assert problems_of(root) == [f"{root}/fal/demo.yaml:{line}: {expected}"]


def test_duplicate_parameter_is_reported_at_the_second(specs_tree: MakeTree) -> None:
    text = with_input("prompt: {type: string}\n")
    root = specs_tree({"fal/demo.yaml": text})
    line = [i for i, t in enumerate(text.splitlines(), 1) if t.startswith("  prompt:")][1]
    assert problems_of(root) == [
        f"{root}/fal/demo.yaml:{line}: input.prompt: duplicate key 'prompt' (first at line 5)"
    ]


def test_all_problems_of_a_batch_are_reported_together(specs_tree: MakeTree) -> None:
    bad_range = with_input("steps: {type: integer, minimum: 9, maximum: 2}\n")
    bad_type = with_input("mask: {type: Mask}\n").replace("fal-ai/demo", "fal-ai/other")
    root = specs_tree({"fal/demo.yaml": bad_range, "fal/other.yaml": bad_type})
    messages = problems_of(root)
    assert len(messages) == 2
    assert any("demo.yaml" in m and "minimum 9" in m for m in messages)
    assert any("other.yaml" in m and "unknown type 'Mask'" in m for m in messages)


def test_missing_required_key_and_unknown_top_level_key(specs_tree: MakeTree) -> None:
    text = GOOD.replace("provider: fal\n", "vendor: fal\n")
    messages = problems_of(specs_tree({"fal/demo.yaml": text}))
    assert any(m.endswith(": 'provider' is a required property") for m in messages)
    assert any(":2: vendor: unknown key" in m for m in messages)


def test_unknown_provider_and_protocol(specs_tree: MakeTree) -> None:
    text = GOOD.replace("protocols: [run, queue]", "protocols: [run, v2]")
    (message,) = problems_of(specs_tree({"fal/demo.yaml": text}))
    assert ":3: protocols.1: fal has no protocol 'v2' (it has: run, queue)" in message


def test_same_id_in_two_files(specs_tree: MakeTree) -> None:
    messages = problems_of(specs_tree({"fal/demo.yaml": GOOD, "fal/copy.yaml": GOOD}))
    assert len(messages) == 1 and "is also defined in" in messages[0]


def test_overrides_apply_and_are_cited(specs_tree: MakeTree) -> None:
    text = GOOD + "overrides:\n  input:\n    guidance_scale: {maximum: 12}\n    seed: null\n"
    endpoint = load_specs(specs_tree({"fal/demo.yaml": text})).endpoints["fal-ai/demo"]
    guidance = endpoint.field_named("input", "guidance_scale")
    assert guidance is not None and guidance.type.maximum == 12
    assert guidance.origin["maximum"] == "override"
    assert endpoint.field_named("input", "seed") is None


def test_a_bad_override_points_at_the_hand_edit(specs_tree: MakeTree) -> None:
    text = GOOD + "overrides:\n  input:\n    guidance_scale: {maximum: 2}\n"
    root = specs_tree({"fal/demo.yaml": text})
    line = len(GOOD.splitlines()) + 3
    messages = problems_of(root)
    assert f"{root}/fal/demo.yaml:{line}: input.guidance_scale.default" in messages[0]


def test_spec_paths_keep_dots_in_ids() -> None:
    from generator.spec.files import spec_relpath
    from generator.spec.model import Endpoint

    def path(endpoint_id: str, provider: str = "fal") -> str:
        return str(spec_relpath(Endpoint(endpoint_id, provider, (), ())))

    assert path("fal-ai/flux-pro/v1.1") == "fal/fal-ai/flux-pro/v1.1.yaml"
    assert path("fal-ai/flux-pro/v1.1-ultra") == "fal/fal-ai/flux-pro/v1.1-ultra.yaml"
    assert path("segmind/kolors", "segmind") == "segmind/kolors.yaml"


def test_one_location_for_every_fact_round_trips(specs_tree: MakeTree) -> None:
    from generator.spec.codec import field_to_raw

    text = with_input("steps: {type: integer, minimum: 1, default: 4, from: 'api.json#/steps'}\n")
    endpoint = load_specs(specs_tree({"fal/demo.yaml": text})).endpoints["fal-ai/demo"]
    steps = endpoint.field_named("input", "steps")
    assert steps is not None
    assert steps.origin == {
        "type": "api.json#/steps",
        "default": "api.json#/steps",
        "minimum": "api.json#/steps",
    }
    assert field_to_raw(steps)["from"] == "api.json#/steps"
    mixed = steps.with_(origin={**steps.origin, "default": "page.md:3"})
    assert field_to_raw(mixed)["from"] == {
        "type": "api.json#/steps",
        "default": "page.md:3",
        "minimum": "api.json#/steps",
    }


YAML_VALUES = """\
plain: a plain string
quoted: "with \\"escapes\\" and \\u00e9"
single: 'it''s'
tagged: !!str 5
number_like: "5"
block: |
  two
  lines
folded: >
  one
  line
empty_string: ""
none:
integer: 7
number: 2.5
boolean: true
sequence: [x, 'y', 3, null, {k: v}]
anchored: &name shared text
again: *name
"""


def test_string_scalars_load_as_pyyaml_constructs_them() -> None:
    """The fast path for string scalars (their text, without the constructor) answers exactly
    what PyYAML's safe constructor does, for every way of writing a string and the rest."""
    doc, problems = load_located(YAML_VALUES, "values.yaml")
    assert problems == [] and doc is not None
    expected = yaml.load(YAML_VALUES, Loader=yaml.SafeLoader)
    assert doc.data == expected
    assert [type(v) for v in doc.data.values()] == [type(v) for v in expected.values()]
    assert doc.data["tagged"] == "5" and doc.data["block"] == "two\nlines\n"
    assert doc.line_of(("again",)) == 19
