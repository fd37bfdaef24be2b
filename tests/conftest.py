"""Session-wide hooks: the differential probes' tally summed over pytest-xdist workers.

Each worker leaves its probe counts (`tests/differential/tally.py`) in xdist's `workeroutput`;
the controller sums them as workers finish and, when every endpoint of the catalogue was probed,
fails the run if a documented exception was needed by no payload. Without xdist,
`test_probe_counts` makes the same check in the one process.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.differential.exceptions import DOCUMENTED_EXCEPTIONS
from tests.differential.tally import (
    COUNTS,
    WORKER_OUTPUT_KEY,
    covers_catalogue,
    unneeded_exceptions,
)

_SUMMED: Counter[str] = Counter()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    workeroutput: dict[str, Any] | None = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the counts over
        workeroutput[WORKER_OUTPUT_KEY] = dict(COUNTS)
        return
    if not _SUMMED or not covers_catalogue(_SUMMED):
        return
    unused = unneeded_exceptions(_SUMMED, DOCUMENTED_EXCEPTIONS)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"differential probes, all workers: {dict(sorted(_SUMMED.items()))}")
    if unused:
        if reporter is not None:
            reporter.write_line(
                f"FAILED: documented exceptions no payload needs: {unused}", red=True
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    counts = getattr(node, "workeroutput", {}).get(WORKER_OUTPUT_KEY, {})
    catalogue = max(_SUMMED.get("catalogue", 0), counts.get("catalogue", 0))
    _SUMMED.update({k: v for k, v in counts.items() if k != "catalogue"})
    if catalogue:
        _SUMMED["catalogue"] = catalogue
