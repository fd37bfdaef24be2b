"""The Jinja environment: templates/ by file name, undefined variables are errors.

Every template the generator renders is required: `environment()` refuses a templates folder
that lacks one (`TemplateMissingError`, naming the file), so what is generated never depends on
which template files happen to exist.

Filters only format a value (`py`: a Python literal, `docstring`: text on one line, safe inside
triple quotes, `docstring_text`: text kept as its lines, safe inside triple quotes, `oneline`:
whitespace collapsed, `markdown_comment`: an HTML comment).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import jinja2

from . import headers

REQUIRED_TEMPLATES: Final = (
    "_macros.jinja",
    "_testing.py.jinja",
    "_validation.py.jinja",
    "endpoint.md.jinja",
    "endpoint.py.jinja",
    "index.md.jinja",
    "package_init.py.jinja",
    "provider_init.py.jinja",
    "pyproject.toml.jinja",
    "test_endpoint.py.jinja",
)
"""Every template of a generated tree (`_macros.jinja` is imported by the others)."""


class TemplateMissingError(RuntimeError):
    """A templates folder lacks a template the generator renders."""


def py(value: Any) -> str:
    """A Python literal for a JSON-like value (str, number, bool, None, tuple, list, dict)."""
    return repr(value)


def docstring(text: str) -> str:
    return docstring_text(oneline(text))


def docstring_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def oneline(text: str) -> str:
    return " ".join(text.split())


def environment(templates_dir: Path) -> jinja2.Environment:
    missing = [name for name in REQUIRED_TEMPLATES if not (templates_dir / name).is_file()]
    if missing:
        raise TemplateMissingError(
            f"{templates_dir}: required template(s) missing: "
            + ", ".join(str(templates_dir / name) for name in missing)
        )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(
        py=py,
        docstring=docstring,
        docstring_text=docstring_text,
        oneline=oneline,
        markdown_comment=headers.markdown,
    )
    return env
