"""Every file one endpoint contributes to generated/, before formatting.

modelclients/<provider>/<module>.py          models, ENDPOINT, Client, AsyncClient, validate
modelclients/_schemas/<provider>/<module>.{input,output}.json   standalone JSON Schemas, written
                                             once, inside the package: validate() reads them
                                             and index.json points at them
docs/<provider>/<module>.md                  reference page
fixtures/<provider>/<module>.json            request/response fixtures
tests/<provider>/test_<module>.py            generated tests over those fixtures
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import jinja2

from generator.spec.json_schema import endpoint_schema
from generator.spec.model import JSON, Endpoint, SpecSet

from . import headers
from .context import EndpointContext, Paths, endpoint_context
from .fixtures import build_fixtures
from .model_source import ModelCode
from .models import ModelMemo, model_code
from .providers import api_key_env


@dataclass(frozen=True)
class SpecFile:
    """One spec as the stamps name it: display path (`specs/fal/fal-ai/kolors.yaml`) and hash."""

    path: str
    hash: str


def schemas(specs: SpecSet, endpoint: Endpoint) -> dict[str, dict[str, JSON]]:
    return {section: endpoint_schema(specs, endpoint, section) for section in ("input", "output")}


def schema_text(schema: dict[str, JSON], stamp: str) -> str:
    """Pretty JSON, properties in spec order, the stamp as `$comment` first."""
    return json.dumps({"$comment": stamp, **schema}, indent=2, ensure_ascii=False) + "\n"


def render_endpoint(
    env: jinja2.Environment,
    specs: SpecSet,
    endpoint: Endpoint,
    paths: Paths,
    spec: SpecFile,
    endpoint_schemas: dict[str, dict[str, JSON]],
    memo: ModelMemo | None = None,
) -> tuple[EndpointContext, dict[str, str]]:
    """The endpoint's context (for the catalogue) and its files (path -> text); `memo` holds
    the models of documents already generated (`models.ModelMemo`)."""
    models = model_code(endpoint_schemas["input"], endpoint_schemas["output"], memo)
    key_env = api_key_env(specs, endpoint.provider)
    ctx = endpoint_context(endpoint, paths, spec.path, spec.hash, models, key_env)
    files: dict[str, str] = {
        paths.module_file: env.get_template("endpoint.py.jinja").render(ctx=ctx),
        paths.doc: env.get_template("endpoint.md.jinja").render(ctx=ctx),
    }
    for section, schema in endpoint_schemas.items():
        files[paths.schema(section)] = schema_text(schema, ctx.stamp)
    data = {"$comment": ctx.stamp, **build_fixtures(specs, endpoint)}
    files[paths.fixtures] = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    files[paths.test] = env.get_template("test_endpoint.py.jinja").render(
        endpoint=endpoint,
        module=paths.module,
        fixtures_path=paths.fixtures,
        header=headers.python(ctx.stamp),
    )
    return ctx, files


def context_only(
    specs: SpecSet, endpoint: Endpoint, paths: Paths, spec: SpecFile
) -> EndpointContext:
    """The context of a cached endpoint (for the catalogue), without running the code generator."""
    key_env = api_key_env(specs, endpoint.provider)
    return endpoint_context(endpoint, paths, spec.path, spec.hash, ModelCode((), "", ()), key_env)
