"""The emulator under concurrent load: every job completes once (counts, never times).

The full figure (1,000 jobs at concurrency 100, beside the old backlog of 5) is
bench/bench_emulator_load.py; this is a bounded run of the same code.
"""

from __future__ import annotations

from bench.bench_emulator_load import run_load


def test_concurrent_jobs_are_neither_lost_nor_duplicated() -> None:
    result = run_load(300, 100)
    assert result.errors == {}
    assert (result.completed, result.lost, result.duplicated) == (300, 0, 0)
