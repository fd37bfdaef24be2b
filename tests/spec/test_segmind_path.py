"""The Segmind `path:` fact: the v1 path a page gives (`/v1/models/<slug>`), `/v1/<slug>` when
absent; loaded, checked, written back, and carried to the generated client and the catalogue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.render.names import segmind_v1_route
from generator.spec.dump import dump_endpoint
from generator.spec.errors import ProblemsError
from generator.spec.loader import load_specs

MakeTree = Callable[[dict[str, str]], Path]

SPEC = """\
id: segmind/flux-demo
provider: segmind
protocols: [v1]
{path}input:
  prompt:
    type: string
    required: true
output: {{}}
"""


def messages(root: Path) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        load_specs(root)
    return [str(p) for p in caught.value.problems]


def test_path_is_loaded_and_written_back(specs_tree: MakeTree) -> None:
    text = SPEC.format(path="path: /v1/models/flux-demo\n")
    endpoint = load_specs(specs_tree({"segmind/flux-demo.yaml": text})).endpoints[
        "segmind/flux-demo"
    ]
    assert endpoint.path == "/v1/models/flux-demo"
    assert "\npath: /v1/models/flux-demo\n" in dump_endpoint(endpoint)
    assert segmind_v1_route(endpoint) == "models/flux-demo"


def test_absent_path_means_the_slug(specs_tree: MakeTree) -> None:
    root = specs_tree({"segmind/flux-demo.yaml": SPEC.format(path="")})
    endpoint = load_specs(root).endpoints["segmind/flux-demo"]
    assert endpoint.path is None
    assert "path:" not in dump_endpoint(endpoint)
    assert segmind_v1_route(endpoint) is None
    assert segmind_v1_route(endpoint.with_(path="/v1/flux-demo")) is None


@pytest.mark.parametrize("bad", ["/v2/flux-demo", "v1/flux-demo", "/v1/", "/v1/a b"])
def test_a_path_not_below_v1_is_refused_on_its_line(specs_tree: MakeTree, bad: str) -> None:
    text = SPEC.format(path=f"path: {bad!r}\n")
    (message,) = messages(specs_tree({"segmind/flux-demo.yaml": text}))
    assert ":4: path:" in message


def test_only_segmind_endpoints_give_a_path(specs_tree: MakeTree) -> None:
    text = (
        "id: fal-ai/demo\nprovider: fal\nprotocols: [run]\npath: /v1/models/demo\n"
        "input: {}\noutput: {}\n"
    )
    (message,) = messages(specs_tree({"fal/demo.yaml": text}))
    assert ":4: path: only Segmind endpoints give a v1 path" in message
