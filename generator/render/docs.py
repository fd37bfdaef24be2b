"""What the reference pages show of a parameter, as display strings: type, default, range, enum.

`endpoint.md.jinja` lays these rows out as a table; everything here is text, already escaped
for a Markdown table cell, so the template holds no logic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.spec.describe import (
    default_label,
    enum_text,
    enum_values,
    range_label,
    type_label,
)
from generator.spec.model import Field

from .names import field_name


@dataclass(frozen=True)
class ParamRow:
    """One parameter as the reference page shows it."""

    name: str
    python_name: str
    type: str
    required: bool
    default: str
    range: str
    enum: str
    description: str


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def row(f: Field) -> ParamRow:
    return ParamRow(
        name=cell(f.name),
        python_name=field_name(f.name),
        type=cell(type_label(f.type)),
        required=f.required,
        default=cell(default_label(f)),
        range=cell(range_label(f.type)),
        enum=cell(", ".join(f"`{enum_text(v)}`" for v in enum_values(f.type))),
        description=cell(f.description or ""),
    )


def rows(fields: Iterable[Field]) -> tuple[ParamRow, ...]:
    return tuple(row(f) for f in fields)
