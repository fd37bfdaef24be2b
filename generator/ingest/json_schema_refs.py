"""References and naming for fal's JSON Schema (see `json_schema_types`): where a `$ref`
points, which named schemas a schema reaches, and the spec type name each named schema gets."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_TYPE_NAME = re.compile(r"[A-Z][A-Za-z0-9_]*")
_RENAMED = re.compile(r"(?P<base>.+?)Type(?P<n>[2-9]|[1-9][0-9]+)")


def escape(token: str) -> str:
    """One JSON pointer token (RFC 6901): `~` and `/` escaped."""
    return token.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class Definitions:
    """The named schemas the `$ref`s of one schema document point at."""

    ref_prefix: str
    """How refs start, e.g. `#/components/schemas/` or `#/$defs/`."""
    schemas: Mapping[str, Any]
    pointer: str
    """Where `schemas` sits in the document, as a JSON pointer."""

    def target(self, ref: object) -> str | None:
        """The schema name a `$ref` names, or None when the document does not define it (or
        `ref` is no string)."""
        if not isinstance(ref, str) or not ref.startswith(self.ref_prefix):
            return None
        name = ref[len(self.ref_prefix) :].replace("~1", "/").replace("~0", "~")
        return name if name in self.schemas else None

    @staticmethod
    def unresolved(ref: object) -> str:
        """Why `target(ref)` found nothing: the problem's message."""
        if not isinstance(ref, str):
            return "a $ref must be a string"
        return f"dangling $ref {ref!r}: the document defines no such schema"

    def pointer_of(self, name: str) -> str:
        return f"{self.pointer}/{escape(name)}"


def iter_refs(schema: Any) -> Iterator[str]:
    """Every `$ref` string inside a schema (not following them)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(v for k, v in node.items() if k not in ("enum", "examples", "default"))
        elif isinstance(node, list):
            stack.extend(node)


def reachable(roots: Sequence[Any], defs: Definitions) -> list[str]:
    """The named schemas reachable from `roots` (transitively), in first-seen order.

    Dangling refs are skipped here; converting the schema that holds one reports it.
    """
    found: dict[str, None] = {}
    pending = list(roots)
    while pending:
        for ref in iter_refs(pending.pop(0)):
            name = defs.target(ref)
            if name is not None and name not in found:
                found[name] = None
                pending.append(defs.schemas[name])
    return list(found)


def _pascal(name: str) -> str:
    parts = re.split(r"[^A-Za-z0-9]+", name)
    joined = "".join(p[:1].upper() + p[1:] for p in parts if p)
    return joined if _TYPE_NAME.fullmatch(joined) else f"T{joined}"


def plain_name(name: str) -> str:
    """The type name fal meant: `registry__image__fast_sdxl__models__Image` is `Image`, and
    fal-js's collision renames `ImageType2`, `ControlNetType3` are `Image`, `ControlNet`."""
    name = name.rsplit("__", 1)[-1]
    renamed = _RENAMED.fullmatch(name)
    if renamed:
        name = renamed["base"]
    return name if _TYPE_NAME.fullmatch(name) else _pascal(name)


def assign_type_names(groups: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Spec type names for the named schemas of several schema documents of one endpoint.

    `groups` are {schema name: schema} per document (input, output). Identical schemas share
    one name; a plain name (`Image` for `ImageType2`) is used when no different schema of the
    endpoint claims it, the document's own name (or a numbered one) otherwise. Names already
    plain are served first, so `Image` keeps its name over a renamed `ImageType2`.
    """
    taken: dict[str, str] = {}  # type name -> content key
    result: list[dict[str, str]] = [{} for _ in groups]
    entries = [
        (i, name, schema) for i, group in enumerate(groups) for name, schema in group.items()
    ]
    entries.sort(key=lambda e: plain_name(e[1]) != e[1])  # stable: plain names first
    for i, name, schema in entries:
        key = json.dumps(schema, sort_keys=True)
        plain = plain_name(name)
        fallback = name if _TYPE_NAME.fullmatch(name) else plain
        candidates = [plain, fallback] + [f"{plain}{n}" for n in range(2, 100)]
        chosen = next(c for c in candidates if taken.get(c, key) == key)
        taken[chosen] = key
        result[i][name] = chosen
    return result
