"""A Segmind spec whose `path:` is `/v1/models/<slug>`: the generated module and index.json carry
the route, and the generated client, against the emulator loaded from that index, posts there."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from generator.emulator import Emulator, Scenario
from generator.emulator.catalogue import Catalogue
from tests.render.conftest import imported_from, make_specs, render

SPEC = """\
id: segmind/flux-demo
provider: segmind
protocols: [v1, v2]
path: /v1/models/flux-demo
input:
  prompt:
    type: string
    required: true
output:
  status:
    type: string
    required: true
  output:
    type: string
  metrics:
    type: object
    additional: {type: number}
"""


def test_generated_client_posts_to_the_spec_path(tmp_path: Path) -> None:
    specs = make_specs(tmp_path / "specs", {"segmind/flux-demo.yaml": SPEC})
    out = tmp_path / "generated"
    render(specs, out)
    module = (out / "modelclients/segmind/flux_demo.py").read_text(encoding="utf-8")
    assert 'v1_route="models/flux-demo",' in module
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    entry = index["endpoints"]["segmind/flux-demo"]
    assert (entry["slug"], entry["v1_route"]) == ("flux-demo", "models/flux-demo")
    with (
        Emulator(Catalogue.from_index(out / "index.json"), Scenario()) as emu,
        imported_from(out),
    ):
        generated = importlib.import_module("modelclients.segmind.flux_demo")
        with generated.Client(api_key=emu.segmind_key, base_url=emu.segmind_url) as client:
            result = client.run({"prompt": "a fox"})
            queued = client.subscribe({"prompt": "a fox"})
        assert result.data and queued.status == "COMPLETED"
        (call,) = emu.requests_for("segmind.v1")
        assert call.path == "/segmind/v1/models/flux-demo"
        (submit,) = emu.requests_for("segmind.submit")
        assert submit.path == "/segmind/v2/flux-demo"


def test_spec_without_path_renders_no_route(tmp_path: Path) -> None:
    specs = make_specs(
        tmp_path / "specs",
        {"segmind/flux-demo.yaml": SPEC.replace("path: /v1/models/flux-demo\n", "")},
    )
    out = tmp_path / "generated"
    render(specs, out)
    assert "v1_route" not in (out / "modelclients/segmind/flux_demo.py").read_text("utf-8")
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert "v1_route" not in index["endpoints"]["segmind/flux-demo"]
