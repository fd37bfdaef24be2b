"""The emulator under load: many async fal jobs (submit, then wait for the result) at a fixed
concurrency against one emulator, counting jobs completed, lost (the client got an error) and
duplicated (the emulator holds more jobs than were submitted, or two jobs share a request id).

The peer, measured in the same run, is the standard library's listen backlog of 5 (what the
emulator had before): the figure is how many jobs each loses, and the wall-time ratio.
`run_load` is also what tests/emulator/test_emulator_load.py runs, with fewer jobs.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "generated"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from modelclients._runtime import ModelClientError  # noqa: E402

from generator.emulator import Emulator, Scenario  # noqa: E402
from generator.emulator.server import LISTEN_BACKLOG  # noqa: E402
from tests.runtime import fake_kolors  # noqa: E402
from tests.runtime.fake_catalogue import catalogue  # noqa: E402

JOBS = 1000
CONCURRENCY = 100
STDLIB_BACKLOG = 5


@dataclass(frozen=True)
class LoadResult:
    jobs: int
    completed: int
    lost: int
    duplicated: int
    seconds: float
    errors: Counter[str]


async def _drive(emu: Emulator, jobs: int, concurrency: int) -> tuple[list[str], Counter[str]]:
    """The request ids of the jobs that completed, and the errors of those that did not."""
    gate = asyncio.Semaphore(concurrency)
    errors: Counter[str] = Counter()
    client = fake_kolors.AsyncClient(
        key=emu.fal_key,
        queue_url=emu.fal_queue_url,
        run_url=emu.fal_run_url,
        poll_interval=0.05,
        timeout=60.0,
    )

    async def one(index: int) -> str | None:
        handles: list[str] = []
        async with gate:
            try:
                await client.subscribe(
                    {"prompt": f"job {index}"}, on_enqueue=lambda h: handles.append(h.request_id)
                )
            except ModelClientError as exc:
                errors[f"{type(exc).__name__}: {exc}"[:120]] += 1
                return None
            return handles[0]

    async with client:
        done = await asyncio.gather(*(one(i) for i in range(jobs)))
    return [rid for rid in done if rid is not None], errors


def run_load(jobs: int, concurrency: int, *, listen_backlog: int = LISTEN_BACKLOG) -> LoadResult:
    """Run `jobs` subscribe calls, `concurrency` at a time, against a fresh emulator."""
    scenario = Scenario(render_max_side=8)
    with Emulator(catalogue(), scenario, listen_backlog=listen_backlog) as emu:
        started = time.perf_counter()
        completed, errors = asyncio.run(_drive(emu, jobs, concurrency))
        seconds = time.perf_counter() - started
        held = len(emu.jobs)
    duplicated = max(0, held - jobs) + len(completed) - len(set(completed))
    return LoadResult(jobs, len(completed), jobs - len(completed), duplicated, seconds, errors)


def main() -> None:
    print(f"{JOBS} async fal jobs (submit + wait + result), {CONCURRENCY} at a time, one emulator")
    print(f"{'listen backlog':<16} {'completed':>9} {'lost':>5} {'duplicated':>10} {'wall':>8}")
    results = {}
    for backlog in (LISTEN_BACKLOG, STDLIB_BACKLOG):
        result = run_load(JOBS, CONCURRENCY, listen_backlog=backlog)
        results[backlog] = result
        print(
            f"{backlog:<16} {result.completed:>9} {result.lost:>5} {result.duplicated:>10} "
            f"{result.seconds:>7.2f}s"
        )
        for message, count in result.errors.most_common(3):
            print(f"    {count} x {message}")
    ratio = results[LISTEN_BACKLOG].seconds / results[STDLIB_BACKLOG].seconds
    print(f"wall time, backlog {LISTEN_BACKLOG} / backlog {STDLIB_BACKLOG}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
