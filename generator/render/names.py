"""Python names for spec things: endpoint ids become module names, parameters become fields.

Every rule is deterministic and depends on the name alone, so a name never changes because some
other endpoint was added. (`docs/names.md` repeats these rules for readers of the README.)

Module names (`modelclients.<provider>.<module>`), from the endpoint id:

1. `python_name:` in the spec, when present, is used as is (the spec schema already restricts it
   to `[a-z_][a-z0-9_]*`); it is how a collision is resolved.
2. Otherwise the provider's own owner segment is dropped (`fal-ai/` for fal, `segmind/` for
   Segmind); other owners stay as a prefix: `fal-ai/kolors` -> `kolors`,
   `fal-ai/recraft/v2/text-to-image` -> `recraft_v2_text_to_image`, `bria/fibo` -> `bria_fibo`.
3. Segments are joined with `_`, lowercased, every character that is not `[a-z0-9_]` becomes
   `_` (`flux-1.1` -> `flux_1_1`); runs of `_` are kept as they are, so distinct ids stay distinct
   as far as possible.
4. A leading digit gets the prefix `m_` (`3d-model` -> `m_3d_model`); a Python keyword or a
   name the package itself uses (`__init__`-like names) gets the suffix `_` (`import` -> `import_`).
5. Two endpoints of one provider that end up with the same module name are an error naming both
   ids; set `python_name:` in one of the specs to fix it.

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
from collections.abc import Iterable, Mapping
from typing import Final

from pydantic import BaseModel

from generator.spec.model import Endpoint

OWNER_SEGMENTS: Final[Mapping[str, str]] = {"fal": "fal-ai", "segmind": "segmind"}
"""The owner segment each provider's own endpoint ids start with; it is left out of the name."""

RESERVED_MODULES: Final = frozenset({"__init__", "__main__"})
"""Module names a provider package already uses for itself."""

_NOT_IDENTIFIER = re.compile(r"[^a-z0-9_]")
_NOT_FIELD = re.compile(r"[^A-Za-z0-9_]")

BASEMODEL_NAMES: Final = frozenset(name for name in dir(BaseModel) if not name.startswith("__"))
"""Attributes of pydantic's BaseModel that a field must not shadow (schema, json, copy, ...)."""


class NameCollisionError(ValueError):
    """Two ids (or two parameters) map to one Python name."""


def id_segments(endpoint_id: str, provider: str) -> list[str]:
    """The id's segments, without the provider's own owner segment."""
    segments = endpoint_id.split("/")
    if len(segments) > 1 and segments[0] == OWNER_SEGMENTS.get(provider, provider):
        segments = segments[1:]
    return segments


def derived_module_name(endpoint_id: str, provider: str) -> str:
    """The module name rules 2-4 give an id (ignoring `python_name:`)."""
    name = _NOT_IDENTIFIER.sub("_", "_".join(id_segments(endpoint_id, provider)).lower())
    if name[:1].isdigit():
        name = "m_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED_MODULES:
        name += "_"
    return name


def module_name(endpoint: Endpoint) -> str:
    """The module of an endpoint inside `modelclients.<provider>`."""
    return endpoint.python_name or derived_module_name(endpoint.id, endpoint.provider)


def provider_package(provider: str) -> str:
    """The subpackage of a provider (`fal`, `segmind`), made safe the same way as modules."""
    return derived_module_name(provider, "")


def segmind_slug(endpoint: Endpoint) -> str | None:
    """The path segment Segmind's URLs use: the id without its `segmind/` owner."""
    if endpoint.provider != "segmind":
        return None
    return "/".join(id_segments(endpoint.id, endpoint.provider))


def module_names(endpoints: Iterable[Endpoint]) -> dict[str, str]:
    """endpoint id -> module name, for every endpoint; raises NameCollisionError on a clash.

    The message names every clash, both ids, and the fix.
    """
    taken: dict[tuple[str, str], str] = {}
    result: dict[str, str] = {}
    clashes: list[str] = []
    for endpoint in sorted(endpoints, key=lambda e: e.id):
        name = module_name(endpoint)
        key = (endpoint.provider, name)
        if key in taken:
            clashes.append(
                f"endpoints {taken[key]!r} and {endpoint.id!r} both map to module "
                f"modelclients.{provider_package(endpoint.provider)}.{name}; "
                f"set `python_name:` in one of their specs to a different module name"
            )
            continue
        taken[key] = endpoint.id
        result[endpoint.id] = name
    if clashes:
        raise NameCollisionError("\n".join(clashes))
    return result


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
