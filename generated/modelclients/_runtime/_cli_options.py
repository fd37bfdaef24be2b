# Copied by modelgen from templates/runtime/_cli_options.py (sha256:930b7d5c0ec34456bf89b6478ddb98f3417aae84361ef68d5c9812578cd367bc); do not edit; run `make generate`.
"""Command-line options from an endpoint's `Input` model: one `--option` per parameter, with its
type, choices, range and default in `--help` (used by `modelclients run` and `describe`)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

__all__ = ["Parameter", "add_parameter_options", "parameters"]

_SCALARS: Mapping[str, Any] = {"integer": int, "number": float, "string": str}


@dataclass(frozen=True, slots=True)
class Parameter:
    """One input parameter as a person reads it."""

    name: str
    type: str
    required: bool
    default: Any
    minimum: Any
    maximum: Any
    choices: tuple[Any, ...]
    description: str

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    def summary(self) -> str:
        parts = [self.type]
        if self.minimum is not None or self.maximum is not None:
            parts.append(f"{_num(self.minimum)}..{_num(self.maximum)}")
        if self.choices:
            parts.append("one of " + ", ".join(map(str, self.choices)))
        if self.required:
            parts.append("required")
        elif self.default is not None:
            parts.append(f"default {json.dumps(self.default)}")
        return "; ".join(parts)


def _num(value: Any) -> str:
    return "" if value is None else f"{value:g}"


def _plain(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """The non-null branch of a nullable `anyOf`, else the schema itself."""
    options = [o for o in schema.get("anyOf", ()) if o.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def parameters(input_model: type[BaseModel]) -> list[Parameter]:
    schema = input_model.model_json_schema()
    required = set(schema.get("required", ()))
    out = []
    for name, raw in schema.get("properties", {}).items():
        plain = _plain(raw)
        kind = plain.get("type", "json")
        out.append(
            Parameter(
                name=name,
                type=kind if isinstance(kind, str) else "json",
                required=name in required,
                default=raw.get("default"),
                minimum=plain.get("minimum", plain.get("exclusiveMinimum")),
                maximum=plain.get("maximum", plain.get("exclusiveMaximum")),
                choices=tuple(plain.get("enum", ())),
                description=" ".join(str(raw.get("description", "")).split()),
            )
        )
    return out


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def add_parameter_options(
    parser: argparse.ArgumentParser, params: list[Parameter], taken: set[str]
) -> dict[str, str]:
    """Add an option per parameter not already taken; returns option dest -> parameter name."""
    group = parser.add_argument_group("endpoint parameters")
    dests: dict[str, str] = {}
    for p in params:
        if p.option in taken:
            continue
        dest = "param_" + p.name
        help_text = f"{p.summary()}. {p.description}".replace("%", "%%")
        if p.type == "boolean":
            group.add_argument(
                p.option,
                dest=dest,
                action=argparse.BooleanOptionalAction,
                default=None,
                help=help_text,
            )
        else:
            group.add_argument(
                p.option,
                dest=dest,
                type=_SCALARS.get(p.type, _json_value),
                choices=list(p.choices) or None,
                default=None,
                help=help_text,
                metavar=p.type.upper(),
            )
        dests[dest] = p.name
    return dests
