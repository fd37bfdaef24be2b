"""`modelgen`: the maintainer's command line.

    modelgen ingest [DOC ...] [--out DIR]     documents -> specs (default: sources/manifest.yaml -> specs/)
    modelgen list [--specs DIR]               the endpoints
    modelgen show ID [--specs DIR] [--input-schema | --output-schema]
    modelgen generate [--check]               specs/ -> generated/
    modelgen contract                         specs vs the providers' OpenAPI
    modelgen serve                            local emulator of fal and Segmind

Every failure is a message naming file, line and field, and exit status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .ingest.pipeline import MANIFEST, Entry, ingest_documents, read_manifest
from .spec.describe import default_label, enum_text, enum_values, range_label, type_label
from .spec.errors import ProblemsError
from .spec.files import spec_relpath, write_specs
from .spec.json_schema import endpoint_schema
from .spec.loader import endpoint_files, load_specs, load_support
from .spec.model import Endpoint, Field, SpecSet

SPECS = Path("specs")

PLUGGED_COMMANDS = {
    "generate": "generator.render.cli",
    "serve": "generator.emulator.cli",
    "contract": "generator.contract.cli",
}
"""Sub-commands whose module adds them with `register(subparsers)`, by command name. Only the
module of the command given is imported (the emulator's and the contract check's pull in httpx
and more: a tenth of a second on every `modelgen generate`); all of them otherwise (the built-in
commands, `--help`, a mistyped command or none), so the help lists every command."""


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(_plugins_for(argv))
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except ProblemsError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _plugins_for(argv: Sequence[str]) -> Iterable[str]:
    """The modules of `PLUGGED_COMMANDS` the command line `argv` needs."""
    command = argv[0] if argv else ""
    if command in PLUGGED_COMMANDS:
        return [PLUGGED_COMMANDS[command]]
    return PLUGGED_COMMANDS.values()


def _parser(plugins: Iterable[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="modelgen", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="turn model pages and OpenAPI documents into specs")
    ingest.add_argument("documents", nargs="*", help="documents to read (default: the manifest)")
    ingest.add_argument("--out", type=Path, help="write specs here instead of specs/")
    ingest.add_argument("--manifest", type=Path, default=MANIFEST, help="documents to read")
    ingest.add_argument("--specs", type=Path, default=SPECS, help="providers, types, vocabulary")
    ingest.add_argument(
        "--strict", action="store_true", help="treat every warning as an error (nothing written)"
    )
    ingest.set_defaults(run=cmd_ingest)

    listing = commands.add_parser("list", help="list the endpoints of a specs tree")
    listing.add_argument("--specs", type=Path, default=SPECS)
    listing.set_defaults(run=cmd_list)

    show = commands.add_parser("show", help="print what a spec says about an endpoint")
    show.add_argument("id", help="endpoint id, e.g. fal-ai/kolors or segmind/kolors")
    show.add_argument("--specs", type=Path, default=SPECS)
    which = show.add_mutually_exclusive_group()
    which.add_argument("--input-schema", action="store_true", help="the input as JSON Schema")
    which.add_argument("--output-schema", action="store_true", help="the output as JSON Schema")
    show.set_defaults(run=cmd_show)

    for name in plugins:  # every one is part of modelgen: a missing one is an error
        importlib.import_module(name).register(commands)
    return parser


# ---------------------------------------------------------------------------- specs trees


def open_specs(specs: Path) -> SpecSet:
    """A specs tree, or a folder of endpoint specs only (as `ingest --out` writes), which
    borrows the providers, shared types and vocabulary of specs/."""
    if (specs / "providers").is_dir():
        return load_specs(specs)
    return load_specs(SPECS, endpoints_from=[specs])


# ---------------------------------------------------------------------------- commands


def cmd_ingest(args: argparse.Namespace) -> int:
    support, problems = load_support(args.specs)
    if problems:
        raise ProblemsError(problems)
    entries = [Entry(str(d)) for d in args.documents] or read_manifest(args.manifest)
    out = args.out or args.specs
    result = ingest_documents(entries, support.vocabulary, support.types, out)
    for found in result.found:
        print(f"{found.path}: {found.layout}, {len(found.ids)} endpoint(s)")
    for skip in result.skipped:
        print(f"  left out {skip.id}: {skip.reason} ({len(skip.problems)} problem(s))")
    for fix in result.repaired:
        print(f"  repaired {fix.id}: {len(fix.faults)} source fault(s) repaired by its overrides")
    for warning in result.warnings:
        print(f"warning: {warning}")
    if args.strict and result.warnings:
        print(f"--strict: {len(result.warnings)} warning(s) count as errors")
        raise ProblemsError(result.problems + result.warnings)
    if result.problems:
        raise ProblemsError(result.problems)
    written = write_specs(result.endpoints.values(), out, args.specs)
    conflicts = 0
    for endpoint in result.endpoints.values():
        labels = ", ".join(endpoint.sources)
        print(f"  {endpoint.id}: {len(endpoint.input)} input(s) from {labels}")
        for c in endpoint.conflicts:
            conflicts += 1
            said = "; ".join(f"{label} says {json.dumps(v)}" for label, v in c.values.items())
            print(f"    conflict {c.field}.{c.fact}: {said} -> kept {c.chosen}")
    print(
        f"{len(result.endpoints)} endpoint(s), {conflicts} conflict(s), "
        f"{len(result.warnings)} warning(s); "
        f"{len(written)} spec file(s) written under {out}"
    )
    if not args.documents:
        for path in _unsourced(out, result.endpoints.values()):
            print(f"note: {path} comes from no listed document (hand-written, or stale)")
    return 0


def _unsourced(root: Path, endpoints: Iterable[Endpoint]) -> list[Path]:
    """Spec files under root that this ingestion did not produce."""
    produced = {root / spec_relpath(e) for e in endpoints}
    return [p for p in endpoint_files(root) if p not in produced]


def cmd_list(args: argparse.Namespace) -> int:
    specs = open_specs(args.specs)
    for endpoint_id in sorted(specs.endpoints):
        e = specs.endpoints[endpoint_id]
        print(f"{endpoint_id}\t{e.provider}\t{e.category or '-'}\t{specs.paths[endpoint_id]}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    specs = open_specs(args.specs)
    endpoint = specs.endpoints.get(args.id)
    if endpoint is None:
        known = len(specs.endpoints)
        print(
            f"error: no endpoint {args.id!r} in {args.specs} ({known} known; see `modelgen list`)"
        )
        return 1
    if args.input_schema or args.output_schema:
        section = "input" if args.input_schema else "output"
        print(json.dumps(endpoint_schema(specs, endpoint, section), indent=2, ensure_ascii=False))
        return 0
    print(describe_endpoint(endpoint, specs.paths[endpoint.id]))
    return 0


def describe_endpoint(endpoint: Endpoint, path: str) -> str:
    lines = [
        f"{endpoint.id}  ({endpoint.provider}, {endpoint.category or 'no category'})",
        f"  {endpoint.title or ''}{' - ' + endpoint.summary if endpoint.summary else ''}",
        f"  spec: {path}",
        f"  protocols: {', '.join(endpoint.protocols) or '-'}",
        f"  sources: {', '.join(f'{k} ({s.layout})' for k, s in endpoint.sources.items())}",
        "",
        "input:",
        _table(endpoint.input),
        "",
        "output:",
        _table(endpoint.output),
    ]
    if endpoint.conflicts:
        lines += ["", f"conflicts ({len(endpoint.conflicts)}):"]
        for c in endpoint.conflicts:
            said = "; ".join(f"{k}={json.dumps(v)}" for k, v in c.values.items())
            lines.append(f"  {c.field}.{c.fact}: {said} -> {c.chosen}")
    return "\n".join(lines)


def _table(fields: tuple[Field, ...]) -> str:
    header = ("name", "type", "required", "default", "range", "values")
    rows = [
        (
            f.name,
            type_label(f.type),
            "yes" if f.required else "",
            default_label(f),
            range_label(f.type),
            _clip(", ".join(map(enum_text, enum_values(f.type))), 60),
        )
        for f in fields
    ]
    if not rows:
        return "  (none documented)"
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    return "\n".join(
        "  " + "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    )


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":
    raise SystemExit(main())
