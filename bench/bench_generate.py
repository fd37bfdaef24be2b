"""Benchmark of `modelgen generate` over every spec under specs/.

Figures: cold generation (empty cache, empty output), a no-op regeneration (warm cache, output
up to date: nothing rendered, nothing written), `--check` with a warm cache, and the cold time
per spec. Each run is in this process, so the cold figure includes datamodel-code-generator's
one-off warm-up (about 0.3 s) but not the interpreter start.

Peer, in the same run and process: datamodel-code-generator alone (pinned in
requirements-bench.txt) producing just the pydantic models of the same input and output
schemas the cold run wrote (`modelclients/_schemas/`), one `generate()` per schema with its ruff
formatter, as a user of that tool alone would. The ratio cold / peer targets <= 0.5x. Both figures drift on a shared
machine (the peer moved from 9.8 s to 14.2 s between two runs an hour apart here), so each cold
run is followed by a peer run, pair by pair, and the median of the pairs' ratios is the figure
(`MODELGEN_BENCH_ROUNDS` pairs, default 3).

The output and cache go to a scratch folder in the repository (`.bench-generate-*`, removed at
the end), on the file system `make generate` writes generated/ to. Creating a file there is most
of the kernel time a cold run takes, and its cost swings: ext4 without a journal (this machine's
root file system) will not reuse an inode freed in the last minute or more, and scans past every
such inode for each file it creates (`recently_deleted` in the kernel's profile). Creating a file
costs about 20 us in a quiet tree and 0.2-0.8 ms when thousands of files were removed nearby a
little earlier (a previous run's scratch folder, a test suite's), which moves a cold run by up to
2 s of kernel time, 1 s on two cores. So each cold run prints its kernel time, and the file
creation probe before it (empty files made beside the output, left in place: removing them would
slow the run it measures).

The machine is printed first and last (CPUs, usable by this process, and the load average):
on a shared machine the cold run is parallel and the peer serial, so other load moves the ratio.

Run: `.venv/bin/python -m bench` (all benchmarks) or `.venv/bin/python bench/bench_generate.py`.
"""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

from datamodel_code_generator import Formatter, InputFileType, PythonVersion
from datamodel_code_generator import generate as dcg_generate
from datamodel_code_generator.enums import DataModelType

from generator.render import GenerateReport, generate

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
ROUNDS_ENV = "MODELGEN_BENCH_ROUNDS"
"""How many cold runs, each timed against a peer run right after it (default 3)."""


def _timed(label: str, run: object) -> tuple[float, GenerateReport]:
    assert callable(run)
    kernel = _kernel_seconds()
    start = time.perf_counter()
    report = run()
    elapsed = time.perf_counter() - start
    kernel = _kernel_seconds() - kernel
    assert isinstance(report, GenerateReport)
    print(f"  {label:<34} {elapsed * 1000:9.1f} ms   (kernel {kernel:.2f} s) {report.summary()}")
    return elapsed, report


def _kernel_seconds() -> float:
    """System CPU time of this process and its finished children (the forked workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_stime + children.ru_stime


def _creation_probe(folder: Path, count: int = 400) -> str:
    """What creating one empty file in a new folder at `folder` costs now (the files stay)."""
    folder.mkdir(parents=True)
    start = time.perf_counter()
    for i in range(count):
        os.close(os.open(folder / str(i), os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o644))
    each = (time.perf_counter() - start) / count
    return f"  {'file creation probe':<34} {each * 1e6:9.1f} us a file ({count} empty files)"


def main() -> None:
    rounds = max(1, int(os.environ.get(ROUNDS_ENV, "3")))
    with tempfile.TemporaryDirectory(prefix=".bench-generate-", dir=ROOT) as scratch:
        out, cache = Path(scratch) / "generated", Path(scratch) / "cache"
        print(f"generate: {SPECS}")
        print(f"  {_machine()}")
        print(_creation_probe(Path(scratch) / "probe-1"))
        cold, report = _timed(
            "cold (empty cache and output)", lambda: generate(SPECS, out, cache_dir=cache)
        )
        _timed("no-op (warm cache, up to date)", lambda: generate(SPECS, out, cache_dir=cache))
        _timed("check (warm cache)", lambda: generate(SPECS, out, check=True, cache_dir=cache))
        _timed(
            "uncached regeneration",
            lambda: generate(SPECS, Path(scratch) / "again", use_cache=False),
        )
        count = max(report.endpoints, 1)
        print(f"  {'cold time per spec':<34} {cold * 1000 / count:9.1f} ms   ({count} specs)")
        schemas_dir = out / "modelclients" / "_schemas"
        ratios = []
        for n in range(1, rounds + 1):
            if n > 1:
                round_dir = Path(scratch) / f"round-{n}"
                print(_creation_probe(round_dir / "probe"))
                cold, _ = _timed(
                    f"cold, round {n}",
                    lambda d=round_dir: generate(SPECS, d / "generated", cache_dir=d / "cache"),
                )
            peer, schemas = _peer(schemas_dir)
            ratios.append(cold / peer)
            print(
                f"  {f'peer, round {n}: datamodel-code-generator':<34} {peer * 1000:9.1f} ms   "
                f"({schemas} schemas, one generate() each, ruff-format); "
                f"cold / peer {cold / peer:.2f}x"
            )
        figures = ", ".join(f"{r:.2f}x" for r in ratios)
        print(
            f"  cold generate vs peer: {statistics.median(ratios):.2f}x, the median of "
            f"{rounds} rounds ({figures}; target <= 0.50x)"
        )
        print(f"  {_machine()}")


def _machine() -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    return f"machine: {os.cpu_count()} CPUs ({usable} usable), load average {load} (1, 5, 15 min)"


def _peer(schemas_dir: Path) -> tuple[float, int]:
    """Seconds datamodel-code-generator takes to write the models of every schema file."""
    files = sorted(schemas_dir.rglob("*.json"))
    start = time.perf_counter()
    for path in files:
        dcg_generate(
            path.read_text(encoding="utf-8"),
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            formatters=[Formatter.RUFF_FORMAT],
            disable_timestamp=True,
        )
    return time.perf_counter() - start, len(files)


if __name__ == "__main__":
    main()
