"""The renderer's provider facts come from one descriptor a provider, and the API-key variable
the clients name comes from the provider file, not from Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.render.providers import DESCRIPTORS, UnsupportedProviderError, descriptor
from generator.spec.loader import load_specs
from tests.render.conftest import make_specs, render

SPEC = """\
id: fal-ai/demo
provider: fal
protocols: [queue]
input:
  prompt:
    type: string
    required: true
output:
  seed:
    type: integer
"""


def _client_doc(out: Path) -> str:
    return (out / "modelclients/fal/demo.py").read_text(encoding="utf-8")


def test_the_key_variable_in_the_docstring_comes_from_the_provider_file(tmp_path: Path) -> None:
    specs = make_specs(tmp_path / "specs", {"fal/fal-ai/demo.yaml": SPEC})
    render(specs, tmp_path / "before")
    assert "Reads the API key from FAL_KEY unless one is passed" in _client_doc(tmp_path / "before")
    provider_file = specs / "providers" / "fal.yaml"
    text = provider_file.read_text(encoding="utf-8")
    provider_file.write_text(text.replace("env: FAL_KEY", "env: MY_FAL_TOKEN"), encoding="utf-8")
    render(specs, tmp_path / "after")
    assert "Reads the API key from MY_FAL_TOKEN unless" in _client_doc(tmp_path / "after")


def test_every_provider_file_has_a_descriptor_and_a_key_variable() -> None:
    specs = load_specs(Path(__file__).resolve().parents[2] / "specs")
    assert set(specs.providers) == set(DESCRIPTORS)
    for name, provider in specs.providers.items():
        assert descriptor(name).name == name
        assert isinstance(provider.auth.get("env"), str)


def test_an_unknown_provider_is_a_typed_error_naming_the_known_ones() -> None:
    with pytest.raises(UnsupportedProviderError, match=r"'acme'.*known: fal, segmind"):
        descriptor("acme")
