"""The client's own cost per request: fal submit, status and result against the emulator on
loopback, versus hand-written httpx calls doing the same requests in the same run, and versus
fal's own client (`fal-client`, pinned in requirements-bench.txt) pointed at the emulator.

Sync: one cycle at a time, the three sides taking turns iteration by iteration (in each of their
six orders in turn); targets: ours <= 1.10x httpx and below fal-client. Async: rounds of 50
concurrent cycles on one event loop, the sides taking turns round by round (the same way);
target: ours <= 1.05x httpx.

The emulator runs in its own process (so it does not compete for this one's GIL). Both sides use
one keep-alive connection and alternate iteration by iteration, so the server's share is the same
for both; the ratio of medians is what the client adds (input validation, the retry plan, typed
statuses and validated outputs). Beside it, the paired figure: the median over iterations (or
rounds) of each side's time divided by httpx's in the same iteration, which cancels the drift of a
machine whose load comes and goes (the async figure, 40 rounds of a few hundred ms, swings most).
At concurrency the round's wall time is mostly the emulator's (one Python process serving 50
connections), so beside it stands the client process's CPU time per round: what each client
spends of the machine, which the server's scheduling does not move.

The endpoint is the generated `fal-ai/kolors` (its `Input`, validators and `Output` as a user
gets them), served by the emulator from the JSON Schemas the package ships.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "generated"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import fal_client  # noqa: E402
import fal_client.client as fal_module  # noqa: E402
import httpx  # noqa: E402
from modelclients.fal import kolors  # noqa: E402

from generator.emulator import Catalogue, Emulator, EndpointEntry, Scenario  # noqa: E402

ITERATIONS = 300
WARMUP = 30
CONCURRENCY = 50
ROUNDS = 84  # a multiple of the 6 orders of the three sides
ENDPOINT_ID = "fal-ai/kolors"
T = TypeVar("T")
PAYLOAD: dict[str, Any] = {"prompt": "a red panda", "guidance_scale": 6}


def _entry() -> EndpointEntry:
    """ENDPOINT_ID for the emulator, with the JSON Schemas the package ships."""
    index = json.loads((ROOT / "generated" / "index.json").read_text("utf-8"))
    entry = index["endpoints"][ENDPOINT_ID]
    schemas = {
        side: json.loads((ROOT / "generated" / entry[f"{side}_schema"]).read_text("utf-8"))
        for side in ("input", "output")
    }
    return EndpointEntry(
        id=ENDPOINT_ID,
        provider="fal",
        input_schema=schemas["input"],
        output_schema=schemas["output"],
        protocols=tuple(entry["protocols"]),
    )


def _client_cycle(client: kolors.Client) -> Callable[[], dict[str, float]]:
    def cycle() -> dict[str, float]:
        t0 = time.perf_counter()
        handle = client.submit(kolors.Input(**PAYLOAD))
        t1 = time.perf_counter()
        client.status(handle)
        t2 = time.perf_counter()
        client.result(handle)
        t3 = time.perf_counter()
        return {"submit": t1 - t0, "status": t2 - t1, "result": t3 - t2, "cycle": t3 - t0}

    return cycle


def _httpx_cycle(http: httpx.Client, queue_url: str, key: str) -> Callable[[], dict[str, float]]:
    headers = {"Authorization": f"Key {key}"}

    def cycle() -> dict[str, float]:
        t0 = time.perf_counter()
        submitted = http.post(
            f"{queue_url}/{ENDPOINT_ID}",
            json=PAYLOAD,
            headers=headers,
        )
        submitted.raise_for_status()
        data = submitted.json()
        t1 = time.perf_counter()
        status = http.get(data["status_url"], headers=headers)
        status.raise_for_status()
        status.json()
        t2 = time.perf_counter()
        result = http.get(data["response_url"], headers=headers)
        result.raise_for_status()
        result.json()
        t3 = time.perf_counter()
        return {"submit": t1 - t0, "status": t2 - t1, "result": t3 - t2, "cycle": t3 - t0}

    return cycle


def _fal_client_cycle(client: fal_client.SyncClient) -> Callable[[], dict[str, float]]:
    def cycle() -> dict[str, float]:
        t0 = time.perf_counter()
        handle = client.submit(ENDPOINT_ID, arguments=PAYLOAD)
        t1 = time.perf_counter()
        handle.status()
        t2 = time.perf_counter()
        handle.get()
        t3 = time.perf_counter()
        return {"submit": t1 - t0, "status": t2 - t1, "result": t3 - t2, "cycle": t3 - t0}

    return cycle


def _point_fal_client_at(run_url: str, queue_url: str) -> None:
    """fal-client builds its https URLs from module constants: aim them at the emulator."""
    fal_module.RUN_URL_FORMAT = f"{run_url}/"
    fal_module.QUEUE_URL_FORMAT = f"{queue_url}/"


async def _async_rounds(
    run_url: str, queue_url: str, key: str
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Per round of CONCURRENCY concurrent cycles, for each side: the wall seconds, and the CPU
    seconds of this process (the client's own work; the emulator runs in another process)."""
    ours = kolors.AsyncClient(key=key, run_url=run_url, queue_url=queue_url)
    # httpx's default pool, as ours and fal-client's clients have it: at this concurrency the
    # pool's bookkeeping is most of each request's CPU, so the sides must share its limits
    http = httpx.AsyncClient(timeout=30)
    peer = fal_client.AsyncClient(key=key)
    headers = {"Authorization": f"Key {key}"}

    async def our_cycle() -> None:
        handle = await ours.submit(kolors.Input(**PAYLOAD))
        await ours.status(handle)
        await ours.result(handle)

    async def httpx_cycle() -> None:
        submitted = await http.post(f"{queue_url}/{ENDPOINT_ID}", json=PAYLOAD, headers=headers)
        data = submitted.raise_for_status().json()
        (await http.get(data["status_url"], headers=headers)).raise_for_status().json()
        (await http.get(data["response_url"], headers=headers)).raise_for_status().json()

    async def peer_cycle() -> None:
        handle = await peer.submit(ENDPOINT_ID, arguments=PAYLOAD)
        await handle.status()
        await handle.get()

    sides = {"modelclients": our_cycle, "httpx": httpx_cycle, "fal-client": peer_cycle}
    times: dict[str, list[float]] = {name: [] for name in sides}
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    for i in range(2 + ROUNDS):
        order = _order(list(sides.items()), i)
        for name, cycle in order:
            start, start_cpu = time.perf_counter(), time.process_time()
            await asyncio.gather(*(cycle() for _ in range(CONCURRENCY)))
            if i >= 2:
                times[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
    await ours.aclose()
    await http.aclose()
    return times, cpu


def _serve(urls: Any, stop: Any) -> None:
    """Child process: run the emulator until `stop` is set."""
    catalogue = Catalogue.of(_entry())
    with Emulator(catalogue, Scenario(render_max_side=8)) as emu:
        urls.put((emu.fal_run_url, emu.fal_queue_url, emu.fal_key))
        stop.wait(600)


def main() -> None:
    context = multiprocessing.get_context("spawn")
    urls, stop = context.Queue(), context.Event()
    server = context.Process(target=_serve, args=(urls, stop), daemon=True)
    server.start()
    try:
        run_url, queue_url, key = urls.get(timeout=60)
        client = kolors.Client(key=key, run_url=run_url, queue_url=queue_url)
        http = httpx.Client(timeout=30)
        _point_fal_client_at(run_url, queue_url)
        peer = fal_client.SyncClient(key=key)
        runs = {
            "modelclients": _client_cycle(client),
            "httpx": _httpx_cycle(http, queue_url, key),
            "fal-client": _fal_client_cycle(peer),
        }
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
        for i in range(WARMUP + ITERATIONS):
            order = _order(list(runs.items()), i)
            for name, cycle in order:
                timing = cycle()
                if i >= WARMUP:
                    samples[name].append(timing)
        client.close()
        http.close()
        rounds, round_cpu = asyncio.run(_async_rounds(run_url, queue_url, key))
    finally:
        stop.set()
        server.join(10)

    print(f"fal submit + status + result against the emulator, {ITERATIONS} iterations")
    print("(loopback timings are heavy-tailed on a busy machine: the 10th percentile is steadier)")
    print(f"{'step':<8} {'side':<12} {'median':>10} {'ratio':>6}   {'p10':>9} {'ratio':>6}")
    for step in ("submit", "status", "result", "cycle"):
        for side in ("modelclients", "fal-client"):
            row = f"{step:<8} {side:<12}"
            for pick in (statistics.median, _p10):
                theirs = pick([s[step] for s in samples["httpx"]]) * 1000
                value = pick([s[step] for s in samples[side]]) * 1000
                row += f" {value:>7.3f} ms {value / theirs:>5.2f}x  "
            print(row.rstrip())
        base = statistics.median([s[step] for s in samples["httpx"]]) * 1000
        print(f"{step:<8} {'httpx':<12} {base:>7.3f} ms")
    medians = {n: statistics.median([s["cycle"] for s in samples[n]]) for n in samples}
    paired = {
        n: _paired([s["cycle"] for s in samples[n]], [s["cycle"] for s in samples["httpx"]])
        for n in samples
    }
    print(
        f"sync cycle: ours {medians['modelclients'] / medians['httpx']:.2f}x httpx (target <= 1.10x),"
        f" fal-client {medians['fal-client'] / medians['httpx']:.2f}x httpx;"
        f" ours {medians['modelclients'] / medians['fal-client']:.2f}x fal-client (target < 1.00x)"
    )
    print(
        f"sync cycle, paired: ours {paired['modelclients']:.2f}x httpx,"
        f" fal-client {paired['fal-client']:.2f}x httpx"
    )
    per_round = {n: statistics.median(t) for n, t in rounds.items()}
    print(f"async: {ROUNDS} rounds of {CONCURRENCY} concurrent cycles, median per round")
    for side, seconds in per_round.items():
        ratio = seconds / per_round["httpx"]
        print(f"  {side:<12} {seconds * 1000:9.1f} ms  {ratio:5.2f}x httpx")
    ratio = per_round["modelclients"] / per_round["httpx"]
    print(f"async at concurrency {CONCURRENCY}: ours {ratio:.2f}x httpx (target <= 1.05x)")
    ours_paired = _paired(rounds["modelclients"], rounds["httpx"])
    peer_paired = _paired(rounds["fal-client"], rounds["httpx"])
    print(f"async, paired by round: ours {ours_paired:.2f}x httpx, fal-client {peer_paired:.2f}x")
    cpu = {n: statistics.median(t) for n, t in round_cpu.items()}
    print(
        f"async, client CPU per round (this process only): ours {cpu['modelclients'] * 1000:.1f} ms"
        f" = {cpu['modelclients'] / cpu['httpx']:.2f}x httpx ({cpu['httpx'] * 1000:.1f} ms),"
        f" fal-client {cpu['fal-client'] / cpu['httpx']:.2f}x"
    )


def _order(sides: list[T], i: int) -> list[T]:
    """The sides in the i-th of their orders, round-robin: each side runs first, in the middle and
    last equally often (after a side's round comes its cleanup, closing surplus keep-alive
    connections, which the next round shares the machine with)."""
    orders = list(itertools.permutations(sides))
    return list(orders[i % len(orders)])


def _paired(side: list[float], baseline: list[float]) -> float:
    """The median of `side[i] / baseline[i]`: times taken in the same iteration or round."""
    return statistics.median(a / b for a, b in zip(side, baseline, strict=True))


def _p10(values: list[float]) -> float:
    return sorted(values)[len(values) // 10]


if __name__ == "__main__":
    main()
