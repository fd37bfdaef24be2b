"""What the templates of one endpoint need, computed once: names, paths, stamps, rows, code.

Templates only lay this out; every decision (which client class, which files, what example,
which Python literal) is made here.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass

from generator.spec import walk
from generator.spec.model import JSON, MISSING, Endpoint, Field, TypeExpr

from . import docs, headers
from .model_source import ModelCode
from .names import provider_package, segmind_slug, segmind_v1_route
from .providers import UnsupportedProviderError, descriptor

__all__ = ["EndpointContext", "Paths", "UnsupportedProviderError", "endpoint_context", "paths_for"]


@dataclass(frozen=True)
class Paths:
    """Where one endpoint's outputs go, relative to generated/ (posix), and what names them."""

    provider_package: str
    module_name: str

    @property
    def module(self) -> str:
        return f"modelclients.{self.provider_package}.{self.module_name}"

    @property
    def stem(self) -> str:
        return f"{self.provider_package}/{self.module_name}"

    @property
    def module_file(self) -> str:
        return f"modelclients/{self.stem}.py"

    def resource(self, section: str) -> str:
        """A schema's name inside the package's `_schemas/` (what `validate()` loads)."""
        return f"{self.stem}.{section}.json"

    def schema(self, section: str) -> str:
        """The one copy of a schema: inside the package, where `validate()` reads it (via
        importlib.resources) and where `index.json` points."""
        return f"modelclients/_schemas/{self.resource(section)}"

    @property
    def fixtures(self) -> str:
        return f"fixtures/{self.stem}.json"

    @property
    def test(self) -> str:
        return f"tests/{self.provider_package}/test_{self.module_name}.py"

    @property
    def doc(self) -> str:
        return f"docs/{self.stem}.md"


@dataclass(frozen=True)
class EndpointContext:
    endpoint: Endpoint
    paths: Paths
    spec_path: str
    spec_hash: str
    stamp: str
    client_base: str
    async_client_base: str
    api_key_env: str
    file_fields: tuple[str, ...]
    slug: str | None
    v1_route: str | None
    imports: tuple[str, ...]
    models: str
    summary: str
    inputs: tuple[docs.ParamRow, ...]
    outputs: tuple[docs.ParamRow, ...]
    example: str

    @property
    def header(self) -> str:
        return headers.python(self.stamp)


def has_file(t: TypeExpr) -> bool:
    """Whether a value of this type is (or holds, in a list or union) a file input."""
    return any(node.file for _, node in walk.walk(t, members=False))


def file_fields(endpoint: Endpoint) -> tuple[str, ...]:
    return tuple(f.name for f in endpoint.input if has_file(f.type))


def _placeholder(f: Field) -> JSON:
    """A value for the example call: the spec's example, else one that fits the type."""
    if f.examples:
        return f.examples[0]
    if f.default is not MISSING:
        return f.default
    t = f.type
    if has_file(t):
        url = "https://example.com/input.png"
        return [url] if t.type == "array" else url
    if t.enum:
        return t.enum[0]
    if t.type == "integer":
        return t.minimum if t.minimum is not None else 1
    if t.type == "number":
        return t.minimum if t.minimum is not None else 1.0
    if t.type == "boolean":
        return True
    if t.type == "array":
        return []
    return "a red panda in Kyoto" if f.name == "prompt" else "..."


def example_call(endpoint: Endpoint, paths: Paths) -> str:
    """The usage snippet of the reference page: required parameters only."""
    name = paths.module_name
    required = [f for f in endpoint.input if f.required]
    if all(f.name.isidentifier() and not keyword.iskeyword(f.name) for f in required):
        args = ", ".join(f"{f.name}={_placeholder(f)!r}" for f in required)
        build = f"{name}.Input({args})"
    else:  # a wire name that is no keyword argument, e.g. "1st"
        build = f"{name}.Input.model_validate({ {f.name: _placeholder(f) for f in required}!r})"
    provider = descriptor(endpoint.provider)
    verb = provider.example_verb(endpoint)
    after = provider.example_after(verb)
    return (
        f"from modelclients.{paths.provider_package} import {name}\n\n"
        f"client = {name}.Client()\n"
        f"result = client.{verb}({build})\n"
        f"{after}"
    )


def endpoint_context(
    endpoint: Endpoint,
    paths: Paths,
    spec_path: str,
    spec_hash: str,
    models: ModelCode,
    api_key_env: str,
) -> EndpointContext:
    provider = descriptor(endpoint.provider)
    return EndpointContext(
        endpoint=endpoint,
        paths=paths,
        spec_path=spec_path,
        spec_hash=spec_hash,
        stamp=headers.from_spec(spec_path, spec_hash),
        client_base=provider.client_base,
        async_client_base=provider.async_client_base,
        api_key_env=api_key_env,
        file_fields=file_fields(endpoint),
        slug=segmind_slug(endpoint),
        v1_route=segmind_v1_route(endpoint),
        imports=models.imports,
        models=models.body,
        summary=" ".join((endpoint.summary or endpoint.title or "").split()),
        inputs=docs.rows(endpoint.input),
        outputs=docs.rows(endpoint.output),
        example=example_call(endpoint, paths),
    )


def paths_for(endpoint: Endpoint, module_name: str) -> Paths:
    return Paths(provider_package(endpoint.provider), module_name)
