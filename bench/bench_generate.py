"""Benchmark of `modelgen generate` over every spec under specs/.

Figures: cold generation (empty cache, empty output), a no-op regeneration (warm cache, output
up to date: nothing rendered, nothing written), `--check` with a warm cache, and the cold time
per spec. Each run is in this process, so the cold figure includes datamodel-code-generator's
one-off warm-up (about 0.3 s) but not the interpreter start.

Run: `.venv/bin/python -m bench` (all benchmarks) or `.venv/bin/python bench/bench_generate.py`.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from generator.render import GenerateReport, generate

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"


def _timed(label: str, run: object) -> tuple[float, GenerateReport]:
    assert callable(run)
    start = time.perf_counter()
    report = run()
    elapsed = time.perf_counter() - start
    assert isinstance(report, GenerateReport)
    print(f"  {label:<34} {elapsed * 1000:9.1f} ms   {report.summary()}")
    return elapsed, report


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as scratch:
        out, cache = Path(scratch) / "generated", Path(scratch) / "cache"
        print(f"generate: {SPECS}")
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


if __name__ == "__main__":
    main()
