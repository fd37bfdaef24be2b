"""The registry of layouts: one entry per layout, one way to call an ingester, and the ranks
and authority merge and the contract check read from it."""

from __future__ import annotations

from pathlib import Path

from generator import merge
from generator.contract.snapshot import ProviderDocuments
from generator.ingest import registry
from generator.ingest.base import Document
from generator.spec.loader import load_support
from generator.spec.model import Endpoint, SourceRef

ROOT = Path(__file__).resolve().parents[2]
SUPPORT, _ = load_support(ROOT / "specs")
PLAYGROUND = "sources/fal/pages/playground-ten-models.txt"
CORPUS = "sources/fal/openapi/fal-js-image-endpoints.json"


def test_every_layout_has_a_module_that_detects_and_ingests() -> None:
    for name, layout in registry.LAYOUTS.items():
        assert layout.name == name and layout.provider in ("fal", "segmind")
        assert callable(layout.module.detect) and callable(layout.module.ingest)


def test_merge_reads_ranks_and_authority_from_the_registry() -> None:
    assert {name: registry.rank(name) for name in registry.LAYOUTS} == merge.RANK
    assert {n for n in registry.LAYOUTS if registry.authoritative(n)} == merge.AUTHORITATIVE
    assert registry.rank("openapi") > registry.rank("fal-markdown") > registry.rank("unknown")


def test_read_answers_endpoints_warnings_and_errors_of_a_page_file() -> None:
    lines = (ROOT / PLAYGROUND).read_text(encoding="utf-8").splitlines()
    del lines[205]  # hidream-i1-full: the `}` closing its request example
    doc = Document(PLAYGROUND, "\n".join(lines) + "\n")
    found = registry.read(doc, "fal-playground", registry.Context(SUPPORT.vocabulary))
    assert len(found.endpoints) == 9
    assert [p.line for p in found.errors] == [193]
    assert [w.line for w in found.warnings] == [2564]  # the file's last type (see README)


def _corpus_spec(endpoint_id: str) -> Endpoint:
    return Endpoint(
        id=endpoint_id,
        provider="fal",
        input=(),
        output=(),
        sources={"corpus": SourceRef(CORPUS, "fal-js-corpus", None)},
    )


def test_the_contract_check_reads_with_the_shared_types_of_the_tree_checked() -> None:
    spec = _corpus_spec("fal-ai/ideogram/v3")
    with_repository = ProviderDocuments(SUPPORT.vocabulary, None, SUPPORT.types).view(spec)
    with_none = ProviderDocuments(SUPPORT.vocabulary, None, {}).view(spec)
    # the corpus's ColorPalette is the shared one: referenced with them, copied without them
    assert "ColorPalette" not in with_repository.endpoint.types
    assert "ColorPalette" in with_none.endpoint.types
