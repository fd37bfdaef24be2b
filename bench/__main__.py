"""Run every benchmark module (`bench/bench_*.py`), or those named: `python -m bench generate`."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(names: list[str]) -> int:
    found = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    chosen = [n for n in found if not names or n.removeprefix("bench_") in names]
    for name in chosen:
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").main()
        print(flush=True)
    return 0 if chosen else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
