"""The per-endpoint cache key holds every input an endpoint's files depend on: a warm cache
never hands back files rendered from other inputs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import render
from .test_output import KOLORS, SEGMIND

SpecsTree = Callable[[dict[str, str]], Path]


def test_a_changed_provider_file_re_renders_its_endpoints(
    specs_tree: SpecsTree, tmp_path: Path
) -> None:
    specs = specs_tree({"fal/fal-ai/kolors.yaml": KOLORS, "segmind/kolors.yaml": SEGMIND})
    out, cache = tmp_path / "generated", tmp_path / "cache"
    module = out / "modelclients/fal/kolors.py"
    render(specs, out, cache_dir=cache)
    assert "Reads the API key from FAL_KEY unless" in module.read_text()

    provider = specs / "providers/fal.yaml"
    text = provider.read_text()
    assert "  env: FAL_KEY\n" in text
    provider.write_text(text.replace("  env: FAL_KEY\n", "  env: FAL_API_TOKEN\n"))
    again = render(specs, out, cache_dir=cache)  # warm cache: the endpoint keys must differ

    assert "Reads the API key from FAL_API_TOKEN unless" in module.read_text()
    assert "FAL_KEY unless" not in module.read_text()
    assert (again.rendered, again.reused) == (("fal-ai/kolors",), ("segmind/kolors",))
    assert render(specs, out, check=True).ok  # what the cache gave is what a fresh run gives
