"""Python names for spec things: endpoint ids become module names, parameters become fields.

Every rule is deterministic and depends on the name alone, so a name never changes because some
other endpoint was added. (`docs/names.md` repeats these rules for readers of the README.)

Module names (`modelclients.<provider>.<module>`), from the endpoint id:

1. `python_name:` in the spec, when present, is used as is (`spec/identifiers.py` restricts it to
   `[a-z][a-z0-9_]*`, no keyword); it is how a collision is resolved.
2. Otherwise the provider's own owner segment is dropped (`fal-ai/` for fal, `segmind/` for
   Segmind); other owners stay as a prefix: `fal-ai/kolors` -> `kolors`,
   `fal-ai/recraft/v2/text-to-image` -> `recraft_v2_text_to_image`, `bria/fibo` -> `bria_fibo`.
3. Segments are joined with `_`, lowercased, every character that is not `[a-z0-9_]` becomes
   `_` (`flux-1.1` -> `flux_1_1`); runs of `_` are kept as they are, so distinct ids stay distinct
   as far as possible.
4. A leading digit gets the prefix `m_` (`3d-model` -> `m_3d_model`); a Python keyword or a
   name the package itself uses (`__init__`-like names) gets the suffix `_` (`import` -> `import_`).
5. Two endpoints of one provider that end up with the same module name are an error naming both
   ids, at the line of each spec, when the specs are loaded; set `python_name:` in one of them.

The module rules live in `generator/spec/modules.py`, so that loading refuses a clash.

Field names (attributes of the generated `Input`/`Output` models), from the parameter name; the
wire name is always kept as the field's alias, so requests and responses use the provider's
spelling:

1. Characters that are not `[A-Za-z0-9_]` become `_` (`a-b` -> `a_b`, `x.y` -> `x_y`).
2. A leading digit gets the prefix `field_` (`1st` -> `field_1st`); a leading underscore too
   (pydantic treats `_x` as private): `_id` -> `field__id`.
3. A Python keyword, or a name that would shadow an attribute of `pydantic.BaseModel`
   (`schema`, `json`, `copy`, `model_config`, `model_dump`, ...), gets the suffix `_`
   (`class` -> `class_`, `schema` -> `schema_`).
4. Two parameters of one object that end up with the same field name are an error.

Enum values are never renamed: `1:1` and `realistic_image/b_and_w` stay `Literal` strings.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from typing import Final

from pydantic import BaseModel

from generator.spec.model import Endpoint
from generator.spec.modules import (
    OWNER_SEGMENTS,
    RESERVED_MODULES,
    NameCollisionError,
    derived_module_name,
    id_segments,
    module_name,
    provider_package,
)

from .providers import descriptor

__all__ = [
    "OWNER_SEGMENTS",
    "RESERVED_MODULES",
    "NameCollisionError",
    "derived_module_name",
    "field_name",
    "field_names",
    "id_segments",
    "module_name",
    "provider_package",
    "segmind_slug",
    "segmind_v1_route",
]

_NOT_FIELD = re.compile(r"[^A-Za-z0-9_]")

BASEMODEL_NAMES: Final = frozenset(name for name in dir(BaseModel) if not name.startswith("__"))
"""Attributes of pydantic's BaseModel that a field must not shadow (schema, json, copy, ...)."""


def segmind_slug(endpoint: Endpoint) -> str | None:
    """The path segment Segmind's URLs use: the id without its `segmind/` owner."""
    if not descriptor(endpoint.provider).addresses_by_slug:
        return None
    return "/".join(id_segments(endpoint.id, endpoint.provider))


def segmind_v1_route(endpoint: Endpoint) -> str | None:
    """The v1 path below the v1 base when the spec's `path:` is not the usual `/v1/<slug>`
    (`models/<slug>` for `/v1/models/<slug>`); None when the slug alone is the route."""
    slug = segmind_slug(endpoint)
    if slug is None or endpoint.path is None or endpoint.path == f"/v1/{slug}":
        return None
    return endpoint.path.removeprefix("/v1/")


def field_name(name: str) -> str:
    """The Python attribute for a parameter name (the wire name stays as its alias)."""
    safe = _NOT_FIELD.sub("_", name)
    if safe[:1].isdigit() or safe.startswith("_"):
        safe = "field_" + safe
    if keyword.iskeyword(safe) or safe in BASEMODEL_NAMES:
        safe += "_"
    return safe


def field_names(names: Iterable[str], where: str) -> dict[str, str]:
    """wire name -> Python name for the parameters of one object; raises on a clash."""
    result: dict[str, str] = {}
    seen: dict[str, str] = {}
    for name in names:
        python = field_name(name)
        if python in seen:
            raise NameCollisionError(
                f"{where}: parameters {seen[python]!r} and {name!r} both map to the Python "
                f"field name {python!r}"
            )
        seen[python] = name
        result[name] = python
    return result
