"""The client's own cost per request: fal submit, status and result against the emulator on
loopback, versus hand-written httpx calls doing the same requests in the same run.

The emulator runs in its own process (so it does not compete for this one's GIL). Both sides use
one keep-alive connection and alternate iteration by iteration, so the server's share is the same
for both; the ratio of medians is what the client adds (input validation, the retry plan, typed
statuses and validated outputs).
"""

from __future__ import annotations

import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "generated"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import httpx  # noqa: E402
from modelclients._runtime import EndpointInfo, FalClient, RemoteFile  # noqa: E402
from pydantic import BaseModel, ConfigDict, Field  # noqa: E402

from generator.emulator import Catalogue, Emulator, EndpointEntry, Scenario  # noqa: E402

ITERATIONS = 300
WARMUP = 30

INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "prompt": {"type": "string"},
        "guidance_scale": {"type": "number", "minimum": 1, "maximum": 10, "default": 5},
        "num_images": {"type": "integer", "minimum": 1, "maximum": 8, "default": 1},
        "output_format": {"type": "string", "enum": ["jpeg", "png"], "default": "png"},
    },
    "required": ["prompt"],
}
OUTPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "images": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "url": {"type": "string"},
                    "width": {"type": "integer"},
                    "height": {"type": "integer"},
                    "content_type": {"type": "string"},
                },
                "required": ["url", "width", "height", "content_type"],
            },
        },
        "seed": {"type": "integer"},
        "prompt": {"type": "string"},
    },
    "required": ["images", "seed", "prompt"],
}


class Image(RemoteFile):
    url: str
    width: int
    height: int
    content_type: str | None = None


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str
    guidance_scale: float | None = Field(default=5, ge=1, le=10)
    num_images: int | None = Field(default=1, ge=1, le=8)
    output_format: str | None = "png"


class Output(BaseModel):
    images: list[Image]
    seed: int
    prompt: str


class Client(FalClient[Input, Output]):
    endpoint = EndpointInfo(id="fal-ai/bench", provider="fal", protocols=("run", "queue"))
    input_model = Input
    output_model = Output


def _client_cycle(client: Client) -> Callable[[], dict[str, float]]:
    def cycle() -> dict[str, float]:
        t0 = time.perf_counter()
        handle = client.submit(Input(prompt="a red panda", guidance_scale=6))
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
            f"{queue_url}/fal-ai/bench",
            json={"prompt": "a red panda", "guidance_scale": 6},
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


def _serve(urls: Any, stop: Any) -> None:
    """Child process: run the emulator until `stop` is set."""
    catalogue = Catalogue.of(
        EndpointEntry(
            id="fal-ai/bench",
            provider="fal",
            input_schema=INPUT_SCHEMA,
            output_schema=OUTPUT_SCHEMA,
            protocols=("run", "queue"),
        )
    )
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
        client = Client(key=key, run_url=run_url, queue_url=queue_url)
        http = httpx.Client(timeout=30)
        runs = {
            "modelclients": _client_cycle(client),
            "httpx": _httpx_cycle(http, queue_url, key),
        }
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
        for i in range(WARMUP + ITERATIONS):
            order = list(runs.items()) if i % 2 == 0 else list(reversed(runs.items()))
            for name, cycle in order:
                timing = cycle()
                if i >= WARMUP:
                    samples[name].append(timing)
        client.close()
        http.close()
    finally:
        stop.set()
        server.join(10)

    print(f"fal submit + status + result against the emulator, {ITERATIONS} iterations")
    print("(loopback timings are heavy-tailed on a busy machine: the 10th percentile is steadier)")
    print(
        f"{'step':<8} {'median: ours':>13} {'httpx':>9} {'ratio':>6}   {'p10: ours':>10} {'httpx':>9} {'ratio':>6}"
    )
    for step in ("submit", "status", "result", "cycle"):
        row = f"{step:<8}"
        for pick in (statistics.median, _p10):
            ours = pick([s[step] for s in samples["modelclients"]]) * 1000
            theirs = pick([s[step] for s in samples["httpx"]]) * 1000
            row += f" {ours:>10.3f} ms {theirs:>6.3f} ms {ours / theirs:>5.2f}x  "
        print(row.rstrip())


def _p10(values: list[float]) -> float:
    return sorted(values)[len(values) // 10]


if __name__ == "__main__":
    main()
