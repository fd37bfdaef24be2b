"""generated/index.json: the catalogue of every endpoint, for the emulator, the runtime and tools.

Shape (format 1; keys sorted, paths relative to generated/):

    {"$comment": <stamp>, "format": 1,
     "providers": {"fal": {"image_size_presets": {...}}, "segmind": {}},
     "endpoints": {"<id>": {"id", "provider", "category", "module", "spec", "spec_hash",
                            "input_schema", "output_schema", "protocols", "file_inputs",
                            "slug" (Segmind only), "v1_route" (Segmind, when the v1
                            path is not /v1/<slug>: e.g. "models/<slug>")}}}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.spec.model import SpecSet

from . import headers
from .context import EndpointContext

FORMAT = 1


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    provider: str
    category: str | None
    module: str
    spec: str
    spec_hash: str
    input_schema: str
    output_schema: str
    protocols: tuple[str, ...]
    file_inputs: tuple[str, ...]
    slug: str | None
    v1_route: str | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "provider": self.provider,
            "category": self.category,
            "module": self.module,
            "spec": self.spec,
            "spec_hash": self.spec_hash,
            "input_schema": self.input_schema,
            "output_schema": self.output_schema,
            "protocols": list(self.protocols),
            "file_inputs": list(self.file_inputs),
        }
        if self.slug is not None:
            data["slug"] = self.slug
        if self.v1_route is not None:
            data["v1_route"] = self.v1_route
        return data


def entry(ctx: EndpointContext) -> CatalogueEntry:
    return CatalogueEntry(
        id=ctx.endpoint.id,
        provider=ctx.endpoint.provider,
        category=ctx.endpoint.category,
        module=ctx.paths.module,
        spec=ctx.spec_path,
        spec_hash=ctx.spec_hash,
        input_schema=ctx.paths.schema("input"),
        output_schema=ctx.paths.schema("output"),
        protocols=ctx.endpoint.protocols,
        file_inputs=ctx.file_fields,
        slug=ctx.slug,
        v1_route=ctx.v1_route,
    )


def providers_json(specs: SpecSet) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, provider in specs.providers.items():
        data: dict[str, Any] = {}
        if provider.image_size_presets:
            data["image_size_presets"] = {
                k: list(v) for k, v in provider.image_size_presets.items()
            }
        out[name] = data
    return out


INDEX_FILE = "index.json"
_MAX_INDEX_BYTES = 64 * 1024 * 1024


def is_generated_tree(folder: Path) -> bool:
    """Whether `folder` holds the index.json a modelgen run writes (its stamp first): a tree a
    run may replace. Anything else, unreadable included, is not one."""
    index = folder / INDEX_FILE
    try:
        if not index.is_file() or index.is_symlink() or index.stat().st_size > _MAX_INDEX_BYTES:
            return False
        document = json.loads(index.read_bytes())
    except (OSError, ValueError):
        return False
    stamp = document.get("$comment") if isinstance(document, dict) else None
    return isinstance(stamp, str) and stamp.startswith(headers.GENERATED_BY)


def index_json(specs: SpecSet, entries: Mapping[str, CatalogueEntry], specs_label: str) -> str:
    document = {
        "$comment": headers.from_every_spec(specs_label),
        "format": FORMAT,
        "providers": providers_json(specs),
        "endpoints": {i: entries[i].as_json() for i in sorted(entries)},
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
