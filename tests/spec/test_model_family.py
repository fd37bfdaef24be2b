"""The spec field `model:` (the model family an endpoint serves): loaded, overridable, checked,
and kept by re-ingestion when written under `overrides:`."""

from __future__ import annotations

from pathlib import Path

from generator.spec.files import render_specs
from generator.spec.loader import load_specs
from tests.spec.test_loader import GOOD, MakeTree, problems_of

REPO = Path(__file__).resolve().parents[2]


def test_top_level_model_loads(specs_tree: MakeTree) -> None:
    specs = load_specs(specs_tree({"fal/demo.yaml": GOOD + "model: demo\n"}))
    assert specs.endpoints["fal-ai/demo"].model == "demo"


def test_model_under_overrides_applies(specs_tree: MakeTree) -> None:
    specs = load_specs(specs_tree({"fal/demo.yaml": GOOD + "overrides:\n  model: demo-2.1\n"}))
    assert specs.endpoints["fal-ai/demo"].model == "demo-2.1"


def test_bad_model_name_is_located(specs_tree: MakeTree) -> None:
    root = specs_tree({"fal/demo.yaml": GOOD + "overrides:\n  model: Not A Name\n"})
    (message,) = problems_of(root)
    assert f"{root}/fal/demo.yaml:" in message and "model" in message


def test_reingestion_keeps_the_family(specs_tree: MakeTree) -> None:
    root = specs_tree({"fal/fal-ai/demo.yaml": GOOD + "overrides:\n  model: demo\n"})
    ingested = load_specs(root).endpoints["fal-ai/demo"].with_(model=None, overrides={})
    ((path, text),) = render_specs([ingested], root).items()
    assert path == root / "fal" / "fal-ai" / "demo.yaml"
    path.write_text(text)
    assert load_specs(root).endpoints["fal-ai/demo"].model == "demo"


def test_kolors_on_both_providers_is_one_family() -> None:
    specs = load_specs(REPO / "specs")
    assert specs.endpoints["fal-ai/kolors"].model == "kolors"
    assert specs.endpoints["segmind/kolors"].model == "kolors"
