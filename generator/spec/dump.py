"""Writing specs as YAML: deterministic (same spec, same bytes) and pleasant to read and edit."""

from __future__ import annotations

from typing import Any

import yaml

from .codec import endpoint_to_raw
from .model import Endpoint

HEADER = (
    "# Endpoint spec for {id}, written by `modelgen ingest` from the sources listed below.\n"
    "# Re-ingestion rewrites this file but keeps `overrides:`: put hand corrections there.\n"
)


class _Dumper(yaml.SafeDumper):
    """Block style everywhere, multi-line strings as literal blocks, no anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and all(line == line.rstrip() for line in value.split("\n")):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def dump_endpoint(endpoint: Endpoint) -> str:
    return HEADER.format(id=endpoint.id) + dump_yaml(endpoint_to_raw(endpoint))
