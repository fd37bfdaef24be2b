"""`modelgen serve`: run the emulator in the foreground until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading

from .catalogue import Catalogue, CatalogueError
from .scenario import Fault, Scenario
from .server import DEFAULT_FAL_KEY, DEFAULT_SEGMIND_KEY, Emulator

__all__ = ["register", "serve"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `serve` sub-command to the `modelgen` CLI (its handler is `args.run(args)`)."""
    parser = subparsers.add_parser(
        "serve",
        help="run a local emulator of the fal and Segmind APIs",
        description="Serve fal (run host and queue) and Segmind (v1, v2) on one loopback port, "
        "for every endpoint of the index. Prints the environment variables that point the "
        "generated clients at it.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any)")
    parser.add_argument("--index", default="generated/index.json", help="catalogue index.json")
    parser.add_argument("--fal-key", default=DEFAULT_FAL_KEY, help="the fal key to accept")
    parser.add_argument(
        "--segmind-key", default=DEFAULT_SEGMIND_KEY, help="the Segmind key to accept"
    )
    parser.add_argument("--any-key", action="store_true", help="accept any non-empty key")
    parser.add_argument("--queue-positions", type=int, default=2, help="IN_QUEUE polls per job")
    parser.add_argument("--progress-polls", type=int, default=3, help="IN_PROGRESS polls per job")
    parser.add_argument("--processing-time", type=float, default=0.0, help="seconds per job")
    parser.add_argument("--run-delay", type=float, default=0.0, help="seconds per sync call")
    parser.add_argument("--result-ttl", type=float, default=3600.0, help="seconds results live")
    parser.add_argument("--credits", type=float, default=100.0, help="Segmind credits per key")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="OP:ACTION[:k=v...]",
        help="inject a fault, e.g. fal.submit:429:times=2:retry_after=1, fal.status:reset, "
        "fal.run:slow:delay=5, segmind.submit:fail (repeatable)",
    )
    parser.set_defaults(run=serve)


def serve(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    try:
        catalogue = Catalogue.from_index(args.index)
        faults = [Fault.parse(text) for text in args.fault]
    except (CatalogueError, ValueError) as exc:
        print(f"modelgen serve: {exc}", file=sys.stderr)
        return 2
    scenario = Scenario(
        queue_positions=args.queue_positions,
        progress_polls=args.progress_polls,
        processing_time=args.processing_time,
        run_delay=args.run_delay,
        result_ttl=args.result_ttl,
        credits=args.credits,
        faults=faults,
    )
    emulator = Emulator(
        catalogue,
        scenario,
        host=args.host,
        port=args.port,
        fal_key=None if args.any_key else args.fal_key,
        segmind_key=None if args.any_key else args.segmind_key,
    )
    with emulator as emu:
        print(f"emulating {len(catalogue.endpoints)} endpoints at {emu.url}")
        print("point the clients here with:")
        for name, value in emu.env().items():
            print(f"export {name}={value}")
        sys.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            (stop or threading.Event()).wait()
    return 0
