"""The probes' tally, kept per process and summed over pytest-xdist workers.

`COUNTS` holds, for the probe tests this process ran: "endpoints", "payloads", "agreements",
"exception <kind>" per documented exception, and "catalogue" (how many endpoints there are).
Under xdist each worker sees part of the run; `tests/conftest.py` hands every worker's counts
to the controller, which sums them and judges the whole run with `unneeded_exceptions`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Final

COUNTS: Final[Counter[str]] = Counter()

WORKER_OUTPUT_KEY: Final = "differential_probe_counts"
"""Where a worker leaves its counts in xdist's `workeroutput`."""


def covers_catalogue(counts: Mapping[str, int]) -> bool:
    """Whether every endpoint of the catalogue (more than 100 of them) was probed."""
    catalogue = counts.get("catalogue", 0)
    return catalogue > 100 and counts.get("endpoints", 0) == catalogue


def unneeded_exceptions(counts: Mapping[str, int], documented: Iterable[str]) -> list[str]:
    """The documented exceptions no probe payload needed."""
    return [kind for kind in documented if not counts.get(f"exception {kind}", 0)]
