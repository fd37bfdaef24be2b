# Copied by modelgen from templates/runtime/_logging.py (sha256:82340a5b08ae75a7f7a0e3de68e33331caac9edfc0799b45ee5ce90181f18417); do not edit; run `make generate`.
"""The runtime's logger, `logging.getLogger("modelclients")`: silent unless the application
configures logging. DEBUG gives one line per HTTP attempt and per retry (method, URL without its
query string, status, time); a WARNING is logged when a request that may have created a job is not
retried. Keys and request bodies are never logged."""

from __future__ import annotations

import logging

__all__ = ["logger"]

logger = logging.getLogger("modelclients")
logger.addHandler(logging.NullHandler())
