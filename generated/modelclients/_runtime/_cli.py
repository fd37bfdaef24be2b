# Copied by modelgen from templates/runtime/_cli.py (sha256:76ff3e8907b9d0fed5eb985dc6f8f850a63ccd6afbf7d5d00628379d421aa889); do not edit; run `make generate`.
"""The `modelclients` command: `list`, `describe` and `run` any image endpoint from the terminal.

    modelclients list [--category C] [--search TEXT] [--provider P]
    modelclients describe ENDPOINT
    modelclients run ENDPOINT_OR_MODEL --prompt "..." [--provider P] [--guidance-scale 6] [-o DIR]
    modelclients compare --prompt "..." --models a,b,c [-o DIR]

`run` has an option for every parameter of the endpoint (`run ENDPOINT --help` lists them with
types, choices, ranges and defaults). Keys and hosts come from the environment (FAL_KEY,
SEGMIND_API_KEY, FAL_RUN_URL, ...), as for the clients. Exit status: 0 done, 1 provider or
connection failure, 2 invalid input or missing key (nothing sent), one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ._cli_options import Parameter, add_parameter_options, parameters
from ._compare import MissingExtraError, compare, contact_sheet
from ._errors import CredentialsError, InputValidationError, ModelClientError
from ._images import ImageEndpoint, UnknownModelError
from ._types import InProgress, Queued, SegmindStatus

__all__ = ["main"]

_CANONICAL_OPTIONS: tuple[tuple[str, str, Any, str], ...] = (
    ("--size", "size", str, "preset name, WIDTHxHEIGHT or W:H aspect ratio"),
    ("--num-images", "num_images", int, "images to generate"),
    ("--seed", "seed", int, "random seed"),
    ("--guidance-scale", "guidance_scale", float, "classifier-free guidance scale"),
    ("--steps", "steps", int, "denoising steps"),
    ("--negative-prompt", "negative_prompt", str, "what to keep out of the image"),
    ("--output-format", "output_format", str, "image file format"),
    ("--image", "image", str, "input image: a local path or a URL"),
)


class _Progress:
    """Status lines on stderr: rewritten in place on a TTY, one plain line each otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.logs_seen = 0

    def line(self, text: str) -> None:
        stamp = f"[{time.monotonic() - self.started:6.1f}s] {text}"
        if self.tty:
            self.stream.write("\r\x1b[2K" + stamp)
        else:
            self.stream.write(stamp + "\n")
        self.stream.flush()

    def __call__(self, update: Any) -> None:
        if isinstance(update, Queued):
            self.line(f"queued, position {update.position}")
        elif isinstance(update, InProgress):
            fresh = update.logs[self.logs_seen :]
            self.logs_seen = len(update.logs)
            for entry in fresh:
                self.line(f"log: {entry.message}")
                if self.tty:
                    self.stream.write("\n")
            if not fresh:
                self.line("in progress")
        elif isinstance(update, SegmindStatus):
            self.line(update.state.lower().replace("_", " "))

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")


def _images() -> Any:
    return importlib.import_module("modelclients.images")


def _input_model(entry: ImageEndpoint) -> Any:
    return importlib.import_module(entry.module).Input


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    search = (args.search or "").lower()
    for entry in _images().ENDPOINTS.values():
        if args.provider and entry.provider != args.provider:
            continue
        if args.category and entry.category != args.category:
            continue
        if search and search not in entry.id.lower() and search not in (entry.model or ""):
            continue
        out.write(f"{entry.id}\t{entry.provider}\t{entry.category or '-'}\t{entry.model or '-'}\n")
    return 0


def _cmd_describe(args: argparse.Namespace, out: TextIO) -> int:
    entry = _images().CATALOGUE.resolve(args.endpoint, args.provider)
    canonical = {field: name for name, field in entry.params.items()}
    out.write(f"{entry.id} ({entry.provider}; model {entry.model or '-'})\n")
    for p in parameters(_input_model(entry)):
        alias = (
            f" [canonical: {canonical[p.name]}]"
            if p.name in canonical and canonical[p.name] != p.name
            else ""
        )
        out.write(f"  {p.name}: {p.summary()}{alias}\n")
        if p.description:
            out.write(f"      {p.description}\n")
    return 0


def _run_parser(
    entry: ImageEndpoint, params: list[Parameter]
) -> tuple[argparse.ArgumentParser, dict[str, str]]:
    parser = argparse.ArgumentParser(prog=f"modelclients run {entry.id}")
    parser.add_argument("target", help="endpoint id or model family")
    parser.add_argument("--prompt", required=True, help="what to generate")
    parser.add_argument("--provider", help="provider, when TARGET is a model family")
    parser.add_argument("-o", "--output-dir", default=".", type=Path, help="folder for the outputs")
    parser.add_argument(
        "--lenient", action="store_true", help="drop canonical options the endpoint lacks (warns)"
    )
    for option, dest, kind, help_text in _CANONICAL_OPTIONS:
        parser.add_argument(option, dest=dest, type=kind, help=help_text)
    taken = {"--prompt", "--provider", "--output-dir", *(o for o, *_ in _CANONICAL_OPTIONS)}
    return parser, add_parameter_options(parser, params, taken)


def _cmd_run(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    head = argparse.ArgumentParser(add_help=False)
    head.add_argument("target")
    head.add_argument("--provider")
    known, _ = head.parse_known_args(argv)
    entry = _images().CATALOGUE.resolve(known.target, known.provider)
    parser, dests = _run_parser(entry, parameters(_input_model(entry)))
    args = parser.parse_args(argv)
    extra = {
        name: getattr(args, dest) for dest, name in dests.items() if getattr(args, dest) is not None
    }
    canonical = {dest: getattr(args, dest) for _, dest, *_ in _CANONICAL_OPTIONS}
    if canonical["image"] is not None and Path(canonical["image"]).is_file():
        canonical["image"] = Path(canonical["image"])
    progress = _Progress(err)
    result = _images().generate(
        entry.id, args.prompt, strict=not args.lenient, on_update=progress, **canonical, **extra
    )
    progress.done()
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for index, image in enumerate(result.images):
        path = image.save(args.output_dir / result.file_name(index))
        out.write(f"{path}\n")
    err.write(
        f"{result.endpoint}: {len(result.images)} image(s), seed {result.seed}, {result.timings['elapsed']:.2f}s\n"
    )
    return 0


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    options: dict[str, Any] = {"strict": False}
    for _, dest, *_ in _CANONICAL_OPTIONS:
        if getattr(args, dest, None) is not None:
            options[dest] = getattr(args, dest)
    for model in models:
        _images().CATALOGUE.resolve(model)  # every name checked before anything is sent
    results, shots = compare(_images().agenerate, models, args.prompt, args.output_dir, options)
    for shot in shots:
        out.write(f"{shot.path}\n")
    sheet = contact_sheet(shots, args.output_dir / "contact-sheet.png")
    out.write(f"{sheet}\n\n")
    width = max(len(r.endpoint) for r in results)
    out.write(f"{'endpoint':<{width}}  images  seed        seconds\n")
    for r in results:
        seconds = r.timings["elapsed"]
        out.write(f"{r.endpoint:<{width}}  {len(r.images):>6}  {r.seed!s:<10}  {seconds:>7.2f}\n")
    return 0


def _main_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="modelclients", description="Run hosted image models.")
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="image endpoints, filtered")
    listing.add_argument("--category")
    listing.add_argument("--search")
    listing.add_argument("--provider")
    describe = sub.add_parser("describe", help="an endpoint's parameters")
    describe.add_argument("endpoint")
    describe.add_argument("--provider")
    sub.add_parser(
        "run", help="run an endpoint (see `modelclients run ENDPOINT --help`)", add_help=False
    )
    comparing = sub.add_parser("compare", help="one prompt on several models, with a contact sheet")
    comparing.add_argument("--prompt", required=True)
    comparing.add_argument("--models", required=True, help="comma-separated ids or model families")
    comparing.add_argument("-o", "--output-dir", default=".", type=Path)
    for option, dest, kind, help_text in _CANONICAL_OPTIONS:
        comparing.add_argument(
            option, dest=dest, type=kind, help=f"{help_text} (where a model has it)"
        )
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Entry point of the console script; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out, err = out or sys.stdout, err or sys.stderr
    try:
        if argv and argv[0] == "run" and len(argv) > 1 and not argv[1].startswith("-"):
            return _cmd_run(argv[1:], out, err)
        args = _main_parser().parse_args(argv)
        if args.command == "run":
            err.write("modelclients: error: run needs an endpoint id or model family\n")
            return 2
        commands = {"list": _cmd_list, "describe": _cmd_describe, "compare": _cmd_compare}
        return commands[args.command](args, out)
    except (InputValidationError, CredentialsError, UnknownModelError, MissingExtraError) as exc:
        err.write(f"modelclients: error: {exc}\n")
        return 2
    except ModelClientError as exc:
        err.write(f"modelclients: error: {type(exc).__name__}: {exc}\n")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
