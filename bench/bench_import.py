"""What importing the generated package costs, in fresh interpreters (PYTHONPATH=generated).

Four statements, each run RUNS times as `python -c <statement>` in a new process, taking turns
run by run (so load from other processes weighs on all alike); the figure is the median
wall-clock time of the whole process (interpreter start-up included, so the ratio to
the baseline is what a user's script actually pays):

1. `import pydantic, httpx`: the baseline, the dependencies every client needs anyway
   (plus, for reference, httpx and one pydantic model defined: `import pydantic` is lazy and the
   first model loads pydantic's model machinery, which the runtime's models pay too);
2. `import modelclients`: the package and its runtime (lazy: no endpoint module);
3. `import modelclients.fal.kolors` (or the first fal endpoint): one endpoint module;
4. `import modelclients; modelclients.get(<its id>)`: the same through the catalogue;
5. that endpoint module plus a first `Input` built from its minimal valid fixture, against the
   peer `import fal_client` (fal's own client, pinned in requirements-bench.txt): the target is
   a ratio at or below 1.00x. Beside it, the floor: one trivial pydantic model defined and
   validated (no httpx, none of our code), which no pydantic-based `Input` can undercut.

Environment: the interpreters are those of a clean virtual environment holding only the
generated package's dependencies and fal-client (`bench/user_env.py`, made on first use, versions
of requirements.lock), as a user has; the development environment's click and Pygments would
make `import httpx` load them (its optional command line), which fal_client would pay and a user
does not. The last lines time the peer and ours in the development environment too, to show
that difference.
Bytecode: both sides run with bytecode caching on, in a scratch `PYTHONPYCACHEPREFIX` the warm-up
runs fill (installed packages such as fal_client ship compiled; generated/ is on the path as
source, so without this ours would be compiled on every run and the comparison unfair).

It also counts the `modelclients.*` modules `import modelclients` loads (it must stay small
however many endpoints the catalogue holds) and names the endpoint modules among them (none).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import user_env

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"
RUNS = 15
WARMUP = 2
PREFERRED_ENDPOINT = "fal-ai/kolors"
REFERENCE_MODEL = "import httpx\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int"
"""What any pydantic user pays beyond the baseline: `import pydantic` alone is lazy, the first
model pulls in pydantic's model machinery (shown for reference, not part of our cost)."""
FLOOR_MODEL = "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM(x=1)"
"""The least an endpoint import plus a first `Input` can cost while `Input` is a pydantic model:
one trivial model defined and validated, no httpx, none of our code. Its ratio to fal_client
shows how far below the peer the chosen validation library lets us go."""


PYCACHE = Path(tempfile.gettempdir()) / "modelgen-bench-pycache"


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(GENERATED), "PYTHONPYCACHEPREFIX": str(PYCACHE)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(code: str, interpreter: Path) -> str:
    done = subprocess.run(
        [str(interpreter), "-c", code],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=GENERATED,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"python -c {code!r} failed:\n{done.stderr}")
    return done.stdout


def _times_ms(codes: list[str], interpreter: Path, runs: int = RUNS) -> list[list[float]]:
    """Wall-clock ms of each `python -c code`, run by run; the statements take turns, so a
    change in machine load (other processes) weighs on all of them alike."""
    for _ in range(WARMUP):
        for code in codes:
            _run(code, interpreter)
    times: list[list[float]] = [[] for _ in codes]
    for _ in range(runs):
        for i, code in enumerate(codes):
            start = time.perf_counter()
            _run(code, interpreter)
            times[i].append((time.perf_counter() - start) * 1000)
    return times


def _versus_peer(ours: list[float], peer: list[float]) -> str:
    """The two medians, their ratio, and the median of the run-by-run ratios."""
    paired = statistics.median(o / p for o, p in zip(ours, peer, strict=True))
    mine, theirs = statistics.median(ours), statistics.median(peer)
    return (
        f"{mine:.1f} ms vs {theirs:.1f} ms = {mine / theirs:.2f}x (run by run: {paired:.2f}x;"
        " target <= 1.00x)"
    )


def _endpoint() -> tuple[str, str]:
    """An endpoint id and its module: fal-ai/kolors if catalogued, else the first fal one."""
    index: dict[str, Any] = json.loads((GENERATED / "index.json").read_text("utf-8"))
    endpoints: dict[str, Any] = index["endpoints"]
    if PREFERRED_ENDPOINT in endpoints:
        return PREFERRED_ENDPOINT, endpoints[PREFERRED_ENDPOINT]["module"]
    endpoint_id = min(i for i, e in endpoints.items() if e["provider"] == "fal")
    return endpoint_id, endpoints[endpoint_id]["module"]


def _first_input(module: str) -> str:
    """Import the endpoint module and build its `Input` from the minimal valid fixture."""
    stem = module.removeprefix("modelclients.").replace(".", "/")
    fixtures = json.loads((GENERATED / "fixtures" / f"{stem}.json").read_text("utf-8"))
    payload = fixtures["valid"][0]["payload"]
    return f"from {module} import Input\nInput.model_validate({payload!r})"


def _modules_loaded_by_package(interpreter: Path) -> tuple[list[str], int]:
    code = (
        "import json, sys; import modelclients; "
        "print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] == 'modelclients')));"
        "print(len(modelclients.ENDPOINT_MODULES))"
    )
    lines = _run(code, interpreter).strip().splitlines()
    loaded: list[str] = json.loads(lines[-2])
    return loaded, int(lines[-1])


def main() -> None:
    endpoint_id, module = _endpoint()
    cases = [
        ("baseline: import pydantic, httpx", "import pydantic, httpx"),
        ("reference: httpx + one pydantic model defined", REFERENCE_MODEL),
        ("import modelclients", "import modelclients"),
        (f"import {module}", f"import {module}"),
        (
            f"modelclients.get({endpoint_id!r})",
            f"import modelclients; modelclients.get({endpoint_id!r})",
        ),
        ("floor: one pydantic model validated, no httpx", FLOOR_MODEL),
        ("peer: import fal_client", "import fal_client"),
        (f"import {module} + first Input", _first_input(module)),
    ]
    interpreter = user_env.python()
    print(f"fresh interpreter per run, median of {RUNS} (after {WARMUP} warm-up runs)")
    print(f"python {sys.version.split()[0]}, PYTHONPATH={GENERATED.relative_to(ROOT)}")
    print(
        f"environment {user_env.VENV.relative_to(ROOT)}/: {' '.join(user_env.installed(interpreter))}"
    )
    times = _times_ms([code for _, code in cases], interpreter)
    medians = [statistics.median(t) for t in times]
    baseline = medians[0]
    for (label, _), ms in zip(cases, medians, strict=True):
        print(f"  {label:52} {ms:8.1f} ms  {ms / baseline:5.2f}x baseline")
    floor, peer = medians[-3:-1]
    print(
        f"  endpoint import + first Input vs import fal_client: {_versus_peer(times[-1], times[-2])}"
    )
    print(
        f"  the pydantic floor: {floor / peer:.2f}x fal_client, our code above it:"
        f" {(medians[-1] - floor) / peer:.2f}x"
    )
    dev = _times_ms([code for _, code in cases[-2:]], Path(sys.executable))
    print(
        "  the same in the development environment (click and Pygments installed, which"
        f" `import httpx` loads): {_versus_peer(dev[1], dev[0])}"
    )
    loaded, catalogued = _modules_loaded_by_package(interpreter)
    endpoint_modules = [
        n for n in loaded if n.count(".") >= 2 and n.split(".")[1] not in ("_runtime",)
    ]
    print(
        f"`import modelclients` loads {len(loaded)} modelclients.* modules "
        f"for {catalogued} catalogued endpoints; endpoint modules among them: "
        f"{', '.join(endpoint_modules) or 'none'}"
    )
    print(f"  {', '.join(loaded)}")


if __name__ == "__main__":
    main()
