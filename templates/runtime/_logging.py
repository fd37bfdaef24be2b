"""The runtime's logger, `logging.getLogger("modelclients")`: silent unless the application
configures logging. DEBUG gives one line per HTTP attempt and per retry (method, URL without its
query string, status, time); a WARNING is logged when a request that may have created a job is not
retried. Keys and request bodies are never logged."""

from __future__ import annotations

import logging

__all__ = ["logger"]

logger = logging.getLogger("modelclients")
logger.addHandler(logging.NullHandler())
