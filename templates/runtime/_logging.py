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
