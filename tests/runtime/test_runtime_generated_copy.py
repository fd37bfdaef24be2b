"""The runtime that tests import (`generated/modelclients/_runtime`) is templates/runtime, with the
blocking twins of its marked asyncio code (formatted by ruff: compared as syntax trees)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.render.blocking_twins import with_blocking_twins

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "templates" / "runtime"
COPY = ROOT / "generated" / "modelclients" / "_runtime"


def _tree(text: str) -> str:
    return ast.dump(ast.parse(text))


def test_generated_runtime_matches_templates() -> None:
    if not COPY.is_dir():
        pytest.skip("generated/ not built: run `make generate`")
    sources = sorted(
        p.relative_to(SOURCE) for p in SOURCE.rglob("*.py") if "__pycache__" not in p.parts
    )
    copies = sorted(p.relative_to(COPY) for p in COPY.rglob("*.py") if "__pycache__" not in p.parts)
    assert copies == sources, "run `make generate`: the runtime copy is missing files"
    for rel in sources:
        original = with_blocking_twins((SOURCE / rel).read_text(), rel.as_posix())
        copied = (COPY / rel).read_text()
        assert copied.startswith("# "), f"{rel}: the copy has no stamp"
        assert _tree(copied) == _tree(original), f"{rel} is stale: run `make generate`"
        if "modelgen: blocking twin" not in original:
            assert copied.partition("\n")[2] == original, f"{rel}: not copied verbatim"


def test_marked_clients_get_their_blocking_twins() -> None:
    if not COPY.is_dir():
        pytest.skip("generated/ not built: run `make generate`")
    for module, twin in (("_fal.py", "FalClient"), ("_segmind.py", "SegmindClient")):
        assert f"class {twin}(" not in (SOURCE / module).read_text()
        assert f"class {twin}(SyncDriver, " in (COPY / module).read_text()
