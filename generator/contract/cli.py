"""`modelgen contract`: check specs against the providers' OpenAPI, or refresh the snapshots.

    modelgen contract [ID ...] [--specs DIR] [--json PATH] [--format table|json]
    modelgen contract --update [ID ...]

Exit status: 1 when any drift is breaking or a provider document cannot be read, else 0
(additive drift and documented drift between sources are listed but pass).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..spec.loader import load_specs
from .check import check_specs, failed
from .report import dumps, render_table, report_json
from .snapshot import LIVE_ENV, ProviderDocuments, live_requested, new_client
from .update import describe, update

SPECS = Path("specs")


def register(subparsers: Any) -> None:
    """Add the `contract` sub-command to modelgen's command line."""
    parser = subparsers.add_parser(
        "contract",
        help="check specs against the providers' OpenAPI (live with MODELGEN_LIVE=1)",
        description=__doc__.split("\n")[0] if __doc__ else None,
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="endpoints to check (default: all)")
    parser.add_argument("--specs", type=Path, default=SPECS, help="the specs tree")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the JSON report")
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="what to print: the table (default) or the JSON report",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="refresh the OpenAPI snapshots from the providers, then re-merge the specs",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.update:
        return run_update(args)
    return run_check(args)


def run_check(args: argparse.Namespace) -> int:
    specs = load_specs(args.specs)
    live = live_requested()
    client = new_client() if live else None
    try:
        checks = check_specs(
            specs, ProviderDocuments(specs.vocabulary, client, specs.types), args.ids
        )
    finally:
        if client is not None:
            client.close()
    unknown = sorted(set(args.ids) - set(specs.endpoints))
    for endpoint_id in unknown:
        print(f"error: no endpoint {endpoint_id!r} in {args.specs}", file=sys.stderr)
    mode = "live" if live else "snapshot"
    report = report_json(checks, mode)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(dumps(report), encoding="utf-8")
    sys.stdout.write(dumps(report) if args.format == "json" else render_table(checks, mode))
    return 1 if failed(checks) or unknown else 0


def run_update(args: argparse.Namespace) -> int:
    if not live_requested():
        print(
            f"contract --update needs the network: set {LIVE_ENV}=1 to fetch the providers' "
            "OpenAPI. Nothing was fetched; snapshots and specs are unchanged."
        )
        return 0
    specs = load_specs(args.specs)
    with new_client() as client:
        result = update(specs, args.specs, client, print, args.ids)
    for line in describe(result):
        print(line)
    if result.failures:
        return 1
    args.update = False
    return run_check(args)
