"""The 22 fal markdown pages as fal publishes them (sources/fal/pages/real/, MANIFEST.json says
which endpoints fal's schema corpus also has).

Every page ingests without an error; each bullet's facts are checked against a second, plain
reading of the page text; on the 8 pages whose endpoint the corpus has, every fact the page
states matches fal's schema or is one of the named drifts below."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.ingest import fal_js_corpus, fal_markdown
from generator.ingest.base import Document
from generator.spec.loader import load_support
from generator.spec.model import MISSING, Endpoint, Field, TypeExpr

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "sources/fal/pages/real"
MANIFEST: dict[str, dict[str, Any]] = json.loads((PAGES / "MANIFEST.json").read_text("utf-8"))
CORPUS = ROOT / "sources/fal/openapi/fal-js-image-endpoints.json"
SUPPORT, _ = load_support(ROOT / "specs")
WITH_SCHEMA = sorted(name for name, page in MANIFEST.items() if page["in_schema_corpus"])

EXPECTED_WARNINGS = {
    # fal's page gives the URL with a capital B (`v2.2-a14B`); the Model ID is kept
    "fal-ai__wan__v2.2-a14b__image-to-video.md": ["conflict: the endpoint URL"],
}

DRIFTS = {
    # Every drift is the page being older than the corpus snapshot (2026-05-12): the schema
    # has parameters, values and bounds the page does not yet list, or has dropped one.
    ("fal-ai/flux-pro/v1.1", "input.enable_safety_checker"): "page only: dropped since",
    ("fal-ai/ideogram/v3", "input.style_preset"): "schema only: added since",
    ("fal-ai/imagen4/preview/ultra", "input.negative_prompt"): "page only: dropped since",
    ("fal-ai/imagen4/preview/ultra", "input.num_images.maximum"): "page 1, schema 4: widened",
    ("fal-ai/imagen4/preview/ultra", "input.output_format"): "schema only: added since",
    ("fal-ai/imagen4/preview/ultra", "input.safety_tolerance"): "schema only: added since",
    ("fal-ai/imagen4/preview/ultra", "input.sync_mode"): "schema only: added since",
    ("fal-ai/imagen4/preview/ultra", "output.description"): "schema only: added since",
    ("fal-ai/imagen4/preview/ultra", "output.images.kind"): "File, now ImageFile",
    ("fal-ai/imagen4/preview/ultra", "output.seed"): "page only: dropped since",
    ("fal-ai/nano-banana", "input.aspect_ratio"): "schema only: added since",
    ("fal-ai/nano-banana", "input.limit_generations"): "schema only: added since",
    ("fal-ai/nano-banana", "input.output_format.default"): "page jpeg, schema png",
    ("fal-ai/nano-banana", "input.output_format.enum"): "schema adds webp",
    ("fal-ai/nano-banana", "input.safety_tolerance"): "schema only: added since",
    ("fal-ai/nano-banana", "input.seed"): "schema only: added since",
    ("fal-ai/nano-banana", "output.images.kind"): "File, now ImageFile",
    **{
        ("fal-ai/topaz/upscale/image", f"input.{name}"): "schema only: added since"
        for name in (
            "autoprompt",
            "creativity",
            "denoise",
            "detail",
            "fix_compression",
            "prompt",
            "sharpen",
            "strength",
            "texture",
        )
    },
    ("fal-ai/topaz/upscale/image", "input.model.enum"): "schema adds Standard MAX, Wonder",
}


@cache
def page(name: str) -> tuple[Endpoint, tuple[str, ...]]:
    doc = Document(f"sources/fal/pages/real/{name}", (PAGES / name).read_text("utf-8"))
    (endpoint,) = fal_markdown.ingest(doc, SUPPORT.vocabulary, shared=SUPPORT.types)
    return endpoint, tuple(w.message for w in doc.warnings)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_real_page_ingests_with_only_the_expected_warnings(name: str) -> None:
    endpoint, warnings = page(name)
    assert endpoint.id == MANIFEST[name]["endpoint_id"]
    assert endpoint.category == MANIFEST[name]["category"]
    expected = EXPECTED_WARNINGS.get(name, [])
    assert len(warnings) == len(expected)
    assert all(w.startswith(e) for w, e in zip(warnings, expected, strict=True))


# ---------------------------------------------------------------------------- a plain reading

_BULLET = re.compile(r"- \*\*`([^`]+)`\*\* \(`([^`]+)`, _(required|optional)_\)")
_DETAIL = re.compile(r"  - (Default|Range|Options): (.*)")


def plain_reading(text: str, section: str) -> dict[str, dict[str, Any]]:
    """name -> {required, default, range, options} straight from the bullets of a section."""
    heading = "### Input Schema" if section == "input" else "### Output Schema"
    body = text.split(heading, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    found: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for line in body.splitlines():
        bullet = _BULLET.match(line)
        detail = _DETAIL.fullmatch(line)
        if bullet is not None:
            current = found.setdefault(bullet[1], {"required": bullet[3] == "required"})
        elif detail is not None and current is not None:
            key, value = detail[1], detail[2]
            if key == "Default":
                current["default"] = json.loads(value.strip("`"))
            elif key == "Range":
                low, high = re.findall(r"`([^`]+)`", value)
                current["range"] = (float(low), float(high))
            else:
                current["options"] = [json.loads(v) for v in re.findall(r"`([^`]+)`", value)]
    return found


def enum_of(t: TypeExpr) -> tuple[Any, ...] | None:
    return t.enum if t.enum is not None else next((v.enum for v in t.variants if v.enum), None)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_bullet_matches_a_plain_reading_of_the_page(name: str) -> None:
    endpoint, _ = page(name)
    text = (PAGES / name).read_text("utf-8")
    for section, fields in (("input", endpoint.input), ("output", endpoint.output)):
        plain = plain_reading(text, section)
        assert [f.name for f in fields] == list(plain)
        for f in fields:
            facts = plain[f.name]
            assert f.required == facts["required"], f.name
            if "default" in facts and not f.required:
                expected = MISSING if facts["default"] is None else facts["default"]
                assert f.default == expected, f.name
            if "range" in facts:
                assert (f.type.minimum, f.type.maximum) == facts["range"], f.name
            if "options" in facts:
                assert list(enum_of(f.type) or ()) == facts["options"], f.name


# ---------------------------------------------------------------------------- against fal's schema


@cache
def schema_endpoints() -> dict[str, Endpoint]:
    doc = Document(str(CORPUS.relative_to(ROOT)), CORPUS.read_text("utf-8"))
    ids = [MANIFEST[name]["endpoint_id"] for name in WITH_SCHEMA]
    found, problems = fal_js_corpus.ingest_ids(doc, SUPPORT.vocabulary, ids, shared=SUPPORT.types)
    assert problems == []
    return {e.id: e for e in found}


def kind(t: TypeExpr) -> Any:
    if t.type == "array" and t.items is not None:
        return ["array", kind(t.items)]
    if t.type == "union":
        return ["union", *sorted(str(kind(v)) for v in t.variants)]
    return t.type


def disagreements(on_page: Endpoint, in_schema: Endpoint) -> set[str]:
    found: set[str] = set()
    for section in ("input", "output"):
        mine = {f.name: f for f in getattr(on_page, section)}
        theirs = {f.name: f for f in getattr(in_schema, section)}
        found |= {f"{section}.{n}" for n in set(mine) ^ set(theirs)}
        for n in set(mine) & set(theirs):
            found |= {f"{section}.{n}.{fact}" for fact in _differing(mine[n], theirs[n])}
    return found


def _differing(page_field: Field, schema_field: Field) -> list[str]:
    a, b = page_field.type, schema_field.type
    out = []
    if page_field.required != schema_field.required:
        out.append("required")
    if page_field.default is not MISSING and page_field.default != schema_field.default:
        out.append("default")
    if a.enum is not None and set(a.enum) != set(b.enum or ()):
        out.append("enum")
    for bound in ("minimum", "maximum"):
        if getattr(a, bound) is not None and getattr(a, bound) != getattr(b, bound):
            out.append(bound)
    if kind(a) != kind(b):
        out.append("kind")
    return out


@pytest.mark.parametrize("name", WITH_SCHEMA)
def test_the_page_matches_fals_schema_or_a_named_drift(name: str) -> None:
    endpoint, _ = page(name)
    found = disagreements(endpoint, schema_endpoints()[endpoint.id])
    named = {where for (endpoint_id, where) in DRIFTS if endpoint_id == endpoint.id}
    assert found == named


def test_long_internal_type_names_resolve_to_shared_types() -> None:
    endpoint, warnings = page("fal-ai__flux-pro__v1.1.md")
    images = endpoint.field_named("output", "images")
    assert images is not None and images.type.items is not None
    assert images.type.items.type == "Image" and warnings == ()
    assert any("registry__image__fast_sdxl__models__Image" in n for n in endpoint.notes)


def test_a_description_over_several_paragraphs_is_kept_whole() -> None:
    endpoint, _ = page("fal-ai__flux-lora-portrait-trainer.md")
    archive = endpoint.field_named("input", "images_data_url")
    assert archive is not None and archive.description is not None
    paragraphs = archive.description.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[1].startswith("In addition to images the archive can contain text files")
    assert paragraphs[2].endswith("it will replace `[trigger]` in the captions.")


CATALOGUED = sorted(
    page["endpoint_id"] for page in MANIFEST.values() if not page["in_schema_corpus"]
)


@pytest.mark.parametrize("endpoint_id", CATALOGUED)
def test_the_endpoints_outside_the_corpus_are_generated_from_their_pages(endpoint_id: str) -> None:
    import modelclients
    from modelclients._runtime import RemoteFile

    module = modelclients.get(endpoint_id)
    outputs = module.Output.model_fields
    files = [
        name
        for name, info in outputs.items()
        if isinstance(info.annotation, type) and issubclass(info.annotation, RemoteFile)
    ]
    assert files, f"{endpoint_id}: no file output"
    for name in files:
        kind = outputs[name].annotation
        assert callable(kind.save) and callable(kind.read), name
