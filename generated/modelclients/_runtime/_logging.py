# Copied by modelgen from templates/runtime/_logging.py (sha256:40e00975d522b51e34b852d12f0bebf4e6de076efa2628cfd538cadf721f9092); do not edit; run `make generate`.
"""The runtime's logger, `logging.getLogger("modelclients")`: silent unless the application
configures logging. DEBUG gives one line per HTTP attempt and per retry (method, URL without its
query string, status, time); a WARNING is logged when a request that may have created a job is not
retried. Keys and request bodies are never logged.

`logging` is imported on the first request, not when a client module is imported (it is a
noticeable part of an endpoint import, and nothing is logged before a request)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import logging

__all__ = ["DEBUG", "runtime_logger"]

DEBUG: Final = 10
"""`logging.DEBUG` (a fixed value of the logging API), without importing `logging`."""


@functools.cache
def runtime_logger() -> logging.Logger:
    import logging

    logger = logging.getLogger("modelclients")
    logger.addHandler(logging.NullHandler())
    return logger
