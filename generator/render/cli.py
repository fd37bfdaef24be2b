"""`modelgen generate [--specs specs] [--out generated] [--check] [--no-cache] [--jobs N]`.

Exit status: 0 done (or, with --check, up to date); 1 with --check when generated/ differs
(every differing, missing or extra file is listed); 2 when generation failed (bad specs with
their file, line and field; name collisions; generated code that does not lint) - generated/
is then left untouched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator import parallel
from generator.spec.errors import ProblemsError

from . import GenerationError, generate


def register(subparsers: Any) -> None:
    """Add the `generate` sub-command to the CLI's argparse sub-parsers."""
    parser = subparsers.add_parser(
        "generate",
        help="render specs/ into generated/ (clients, schemas, fixtures, tests, docs)",
        description="Render every endpoint spec into the generated package and its companions.",
    )
    parser.add_argument("--specs", type=Path, default=Path("specs"), help="specs folder")
    parser.add_argument("--out", type=Path, default=Path("generated"), help="output folder")
    parser.add_argument(
        "--check",
        action="store_true",
        help="regenerate in memory and fail listing every file that differs from --out",
    )
    parser.add_argument("--no-cache", action="store_true", help="render every endpoint afresh")
    parser.add_argument(
        "--jobs",
        type=_job_count,
        default=None,
        metavar="N",
        help=f"render endpoints in N processes (default: ${parallel.JOBS_ENV}, else every usable "
        "core; 1 renders serially in this process); the output is the same for every N",
    )
    parser.set_defaults(run=run)


def _job_count(text: str) -> int:
    try:
        return parallel.jobs(int(text))
    except ValueError as exc:  # JobsError is a ValueError too
        message = str(exc) if isinstance(exc, parallel.JobsError) else f"{text!r} is not a number"
        raise argparse.ArgumentTypeError(message) from None


def run(args: argparse.Namespace) -> int:
    try:
        report = generate(
            args.specs, args.out, check=args.check, use_cache=not args.no_cache, jobs=args.jobs
        )
    except ProblemsError as exc:
        print(f"generate: {len(exc.problems)} problem(s) in the specs:", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 2
    except GenerationError as exc:
        print(f"generate failed; {args.out} is unchanged:\n{exc}", file=sys.stderr)
        return 2
    for repair in report.repairs:
        print(f"note: {repair}", file=sys.stderr)
    for difference in report.differences:
        print(difference)
    print(report.summary(), file=sys.stderr if report.differences else sys.stdout)
    if report.differences:
        print("run `make generate` to update it", file=sys.stderr)
        return 1
    return 0
