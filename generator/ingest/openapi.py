"""fal's queue OpenAPI document of one endpoint, as `fal.ai/api/openapi/queue/openapi.json`
serves it (OpenAPI 3.0, JSON).

`info.x-fal-metadata` names the endpoint (`endpointId`) and its `category`. Of the four paths,
two matter here: `POST /<id>` whose JSON request body is the input object (a `$ref` to
`<Name>Input`), and `GET /<id>/requests/{request_id}` whose 200 answer is the output object
(`<Name>Output`). The status and cancel paths and `QueueStatus` describe the queue protocol,
which the provider file already holds, so they are not read. Named schemas under
`components.schemas` that the input or output reach become the endpoint's types (shared ones
of specs/types.yaml are referenced instead when identical); `json_schema_types` reads the
schemas themselves. Facts cite JSON pointers, e.g.
`fal-ai__flux__schnell.json#/components/schemas/FluxSchnellInput/properties/seed`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from ..spec.errors import Problem, ProblemsError
from ..spec.model import Endpoint, TypeDef, Vocabulary
from .base import Document, repository_types
from .json_schema_refs import Definitions, escape
from .json_schema_types import Root, parse_json, read_sections

LAYOUT: Final = "openapi"
PROVIDER: Final = "fal"
PROTOCOLS: Final = ("run", "queue")
SCHEMAS_POINTER: Final = "/components/schemas"

_OPENAPI_VERSION = re.compile(r'"openapi"\s*:\s*"3\.')


def detect(text: str) -> bool:
    """A JSON OpenAPI 3 document: an `openapi: 3.x` key near the top and a `paths` object."""
    head = text[:4096]
    return (
        text.lstrip().startswith("{")
        and bool(_OPENAPI_VERSION.search(head))
        and ('"paths"' in text)
    )


def ingest(
    doc: Document, vocabulary: Vocabulary, shared: Mapping[str, TypeDef] | None = None
) -> list[Endpoint]:
    """The one endpoint the document describes; every problem found raised together."""
    data = parse_json(doc)
    if not isinstance(data, dict):
        raise doc.fail(1, "an OpenAPI document must be a JSON object")
    endpoint, problems = read_endpoint(
        doc, data, vocabulary, repository_types() if shared is None else shared
    )
    if problems or endpoint is None:
        raise ProblemsError(problems)
    return [endpoint]


def read_endpoint(
    doc: Document, data: Mapping[str, Any], vocabulary: Vocabulary, shared: Mapping[str, TypeDef]
) -> tuple[Endpoint | None, list[Problem]]:
    metadata = _get(data, "/info/x-fal-metadata")
    endpoint_id = metadata.get("endpointId") if isinstance(metadata, dict) else None
    if not isinstance(endpoint_id, str):
        return None, [_problem(doc, "/info/x-fal-metadata/endpointId", "no endpoint id")]
    schemas = _get(data, SCHEMAS_POINTER)
    defs = Definitions(
        "#/components/schemas/", schemas if isinstance(schemas, dict) else {}, SCHEMAS_POINTER
    )
    problems: list[Problem] = []
    roots = []
    for section, pointer in _body_pointers(endpoint_id).items():
        root = _root(doc, data, defs, section, pointer, problems)
        if root is not None:
            roots.append(root)
    if problems:
        return None, problems
    read = read_sections(doc, roots, vocabulary, shared)
    if read.problems:
        return None, read.problems
    category = metadata.get("category")
    endpoint = Endpoint(
        id=endpoint_id,
        provider=PROVIDER,
        input=read.input,
        output=read.output,
        category=category if isinstance(category, str) else None,
        protocols=PROTOCOLS,
        types=read.types,
        sources=doc.source(LAYOUT),
        notes=tuple(read.notes),
    )
    return endpoint, []


def _body_pointers(endpoint_id: str) -> dict[str, str]:
    """Where the input and output schemas of an endpoint's queue document sit."""
    submit = escape(f"/{endpoint_id}")
    result = escape(f"/{endpoint_id}/requests/{{request_id}}")
    return {
        "input": f"/paths/{submit}/post/requestBody/content/application~1json/schema",
        "output": f"/paths/{result}/get/responses/200/content/application~1json/schema",
    }


def _root(
    doc: Document,
    data: Mapping[str, Any],
    defs: Definitions,
    section: str,
    pointer: str,
    problems: list[Problem],
) -> Root | None:
    """The input or output object schema: the named schema the body `$ref`s, or inline."""
    schema = _get(data, pointer)
    if not isinstance(schema, dict):
        problems.append(_problem(doc, pointer, f"no {section} schema"))
        return None
    if set(schema) != {"$ref"}:
        return Root(section, schema, pointer, defs)
    ref = schema["$ref"]
    name = defs.target(ref)
    if name is None:
        problems.append(_problem(doc, f"{pointer}/$ref", defs.unresolved(ref)))
        return None
    return Root(section, defs.schemas[name], defs.pointer_of(name), defs)


def _get(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer, or None."""
    node = data
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _problem(doc: Document, pointer: str, message: str) -> Problem:
    return Problem(doc.path, None, None, f"at #{pointer}: {message}")
