"""The endpoints an emulator serves: read from `generated/index.json` or built in memory."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from generator.multiple_of import decimal_validator

__all__ = ["DEFAULT_IMAGE_SIZE_PRESETS", "Catalogue", "CatalogueError", "EndpointEntry"]

#: fal's `image_size` presets (width, height), used when the index does not list them.
DEFAULT_IMAGE_SIZE_PRESETS: dict[str, tuple[int, int]] = {
    "square_hd": (1024, 1024),
    "square": (512, 512),
    "portrait_4_3": (768, 1024),
    "portrait_16_9": (576, 1024),
    "landscape_4_3": (1024, 768),
    "landscape_16_9": (1024, 576),
}


class CatalogueError(ValueError):
    """The index or one of its schemas cannot be read."""


@dataclass(frozen=True)
class EndpointEntry:
    """One endpoint: its id, provider, protocols and JSON Schemas (draft 2020-12)."""

    id: str
    provider: str
    input_schema: Mapping[str, Any]
    output_schema: Mapping[str, Any] | None = None
    protocols: tuple[str, ...] = ()
    slug: str | None = None
    v1_route: str | None = None
    """The v1 path below `{v1}/` when it is not the slug (`models/<slug>`)."""
    file_inputs: tuple[str, ...] = ()
    category: str | None = None
    _validator: list[Draft202012Validator] = field(
        default_factory=list, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if self.provider not in ("fal", "segmind"):
            raise CatalogueError(f"{self.id}: unknown provider {self.provider!r}")
        if not self.protocols:
            default = ("run", "queue") if self.provider == "fal" else ("v1", "v2")
            object.__setattr__(self, "protocols", default)
        if self.provider == "segmind" and not self.slug:
            object.__setattr__(self, "slug", self.id.split("/", 1)[-1])
        if self.provider == "segmind" and not self.v1_route:
            object.__setattr__(self, "v1_route", self.slug)

    @property
    def validator(self) -> Draft202012Validator:
        if not self._validator:
            self._validator.append(decimal_validator(self.input_schema))
        return self._validator[0]

    @property
    def app_id(self) -> str:
        """fal `[namespace/]owner/alias`: the prefix of status/result/cancel paths."""
        parts = self.id.split("/")
        return "/".join(parts[: 3 if parts[0] in ("workflows", "comfy") else 2])


@dataclass
class Catalogue:
    """Endpoints by id, plus provider-wide facts (fal's image size presets)."""

    endpoints: dict[str, EndpointEntry]
    image_size_presets: dict[str, tuple[int, int]] = field(
        default_factory=lambda: dict(DEFAULT_IMAGE_SIZE_PRESETS)
    )

    @classmethod
    def of(cls, *entries: EndpointEntry) -> Catalogue:
        return cls({e.id: e for e in entries})

    @classmethod
    def from_index(cls, path: str | Path) -> Catalogue:
        """Load `index.json` (schema paths are relative to its folder)."""
        index_path = Path(path)
        try:
            data = json.loads(index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CatalogueError(f"{index_path}: {exc}") from exc
        return cls.from_dict(data, base_dir=index_path.parent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], base_dir: str | Path | None = None) -> Catalogue:
        """Build from the index format; schemas may be paths (relative to `base_dir`) or inline
        objects."""
        base = Path(base_dir) if base_dir is not None else Path(".")

        def schema(value: Any, where: str) -> Mapping[str, Any] | None:
            if value is None:
                return None
            if isinstance(value, Mapping):
                return value
            file = base / str(value)
            try:
                loaded = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CatalogueError(f"{where}: cannot read schema {file}: {exc}") from exc
            if not isinstance(loaded, Mapping):
                raise CatalogueError(f"{where}: schema {file} is not a JSON object")
            return loaded

        entries: dict[str, EndpointEntry] = {}
        for key, raw in dict(data.get("endpoints", {})).items():
            endpoint_id = str(raw.get("id", key))
            input_schema = schema(raw.get("input_schema"), endpoint_id) or {"type": "object"}
            entries[endpoint_id] = EndpointEntry(
                id=endpoint_id,
                provider=str(raw.get("provider", "fal")),
                input_schema=input_schema,
                output_schema=schema(raw.get("output_schema"), endpoint_id),
                protocols=tuple(raw.get("protocols", ())),
                slug=raw.get("slug"),
                v1_route=raw.get("v1_route"),
                file_inputs=tuple(raw.get("file_inputs", ())),
                category=raw.get("category"),
            )
        presets = dict(DEFAULT_IMAGE_SIZE_PRESETS)
        fal = dict(data.get("providers", {})).get("fal", {}) or {}
        for name, size in dict(fal.get("image_size_presets", {})).items():
            presets[str(name)] = (int(size[0]), int(size[1]))
        return cls(entries, presets)

    # -- lookups --------------------------------------------------------------------------------

    def fal_endpoint(self, path: str) -> tuple[EndpointEntry, str] | None:
        """The fal endpoint a submit/run path names (longest id prefix) and the rest of it."""
        parts = path.strip("/").split("/")
        for cut in range(len(parts), 0, -1):
            entry = self.endpoints.get("/".join(parts[:cut]))
            if entry is not None and entry.provider == "fal":
                return entry, "/".join(parts[cut:])
        return None

    def segmind_endpoint(self, route: str, protocol: str = "v2") -> EndpointEntry | None:
        """The Segmind endpoint a POST path names: its v1 route for v1, its slug for v2."""
        for entry in self.endpoints.values():
            if entry.provider != "segmind":
                continue
            if (entry.v1_route if protocol == "v1" else entry.slug) == route:
                return entry
        return None
