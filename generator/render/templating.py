"""The Jinja environment: templates/ by file name, undefined variables are errors.

Filters only format a value (`py`: a Python literal, `docstring`: text safe inside triple
quotes, `oneline`: whitespace collapsed, `markdown_comment`: an HTML comment).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from . import headers


def py(value: Any) -> str:
    """A Python literal for a JSON-like value (str, number, bool, None, tuple, list, dict)."""
    return repr(value)


def docstring(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def oneline(text: str) -> str:
    return " ".join(text.split())


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(
        py=py, docstring=docstring, oneline=oneline, markdown_comment=headers.markdown
    )
    return env
