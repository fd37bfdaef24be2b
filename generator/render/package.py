"""The files built from the whole set rather than one spec: package `__init__`s, the validation
helper, the generated tests' shared checks, pyproject.toml, the catalogue, the docs index and
the generated tests' packages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import jinja2

from generator.spec.model import SpecSet

from . import headers, images, typed_get
from .catalogue import INDEX_FILE, CatalogueEntry, index_json
from .context import EndpointContext

VERSION = "0.1.0"
"""Version of the generated package."""


@dataclass(frozen=True)
class IndexRow:
    """One endpoint in the package table and the docs index."""

    id: str
    provider: str
    category: str
    module: str
    doc: str
    summary: str


def index_rows(contexts: Sequence[EndpointContext]) -> list[IndexRow]:
    return [
        IndexRow(
            id=c.endpoint.id,
            provider=c.endpoint.provider,
            category=c.endpoint.category or "",
            module=c.paths.module,
            doc=c.paths.doc.removeprefix("docs/"),
            summary=" ".join((c.endpoint.title or c.summary).split()).replace("|", "\\|"),
        )
        for c in sorted(contexts, key=lambda c: c.endpoint.id)
    ]


def _support_module(env: jinja2.Environment, name: str) -> str:
    """A package module written once for all endpoints from `templates/<name>.py.jinja`:
    `_validation` (the models' JSON types and base), `_checked_input` (the field rules pydantic
    lacks), `_payload_validation` (`validate()`) and
    `_testing` (the checks every generated test runs, once, in the package)."""
    template = f"{name}.py.jinja"
    return env.get_template(template).render(
        header=headers.python(headers.from_specs(f"templates/{template}"))
    )


def pyproject(env: jinja2.Environment) -> str:
    stamp = headers.python(headers.from_specs("templates/pyproject.toml.jinja"))
    return env.get_template("pyproject.toml.jinja").render(header=stamp, version=VERSION)


def package_files(
    env: jinja2.Environment,
    specs: SpecSet,
    contexts: Sequence[EndpointContext],
    entries: Mapping[str, CatalogueEntry],
    runtime_names: Sequence[str],
    specs_label: str,
) -> dict[str, str]:
    """generated path -> text, for everything not tied to one spec (runtime copies excluded)."""
    rows = index_rows(contexts)
    stamp = headers.from_every_spec(specs_label)
    files = {
        "pyproject.toml": pyproject(env),
        INDEX_FILE: index_json(specs, entries, specs_label),
        "modelclients/py.typed": "",
        "modelclients/__init__.py": env.get_template("package_init.py.jinja").render(
            header=headers.python(stamp),
            endpoints=rows,
            providers=sorted({r.provider for r in rows}),
            runtime_names=runtime_names,
        ),
        **{
            f"modelclients/{name}.py": _support_module(env, name)
            for name in ("_validation", "_checked_input", "_payload_validation", "_testing")
        },
        "docs/index.md": env.get_template("index.md.jinja").render(stamp=stamp, endpoints=rows),
        images.PATH: images.images_module(specs, contexts, specs_label),
        typed_get.PATH: typed_get.typed_get_module(contexts, specs_label),
    }
    for name, provider in sorted(specs.providers.items()):
        modules = sorted(c.paths.module_name for c in contexts if c.endpoint.provider == name)
        if not modules:
            continue
        package = next(c.paths.provider_package for c in contexts if c.endpoint.provider == name)
        files[f"modelclients/{package}/__init__.py"] = env.get_template(
            "provider_init.py.jinja"
        ).render(
            header=headers.python(headers.from_specs(f"every spec under {specs_label}/{name}/")),
            title=provider.title,
            package=package,
            modules=modules,
        )
        # Packages per provider, so tests/fal/test_kolors.py and tests/segmind/test_kolors.py
        # import as fal.test_kolors and segmind.test_kolors. There is deliberately no
        # tests/__init__.py: the repository's own tests/ package is already called `tests`.
        files[f"tests/{package}/__init__.py"] = headers.python(stamp) + "\n"
    return files
