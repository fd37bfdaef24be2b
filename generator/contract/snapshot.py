"""Where the provider's side of the contract comes from: a live document or a committed snapshot.

A spec has an OpenAPI origin when one of its `sources:` has the layout "openapi" (a raw fal
queue OpenAPI document) or "fal-js-corpus" (the many-endpoint schema file). Those files, as
committed under sources/, are the snapshots. With MODELGEN_LIVE=1 the provider is asked
instead: fal serves one queue OpenAPI document per endpoint at
`<MODELGEN_FAL_OPENAPI_URL>?endpoint_id=<id>` (default base below). A live document that
cannot be had (network down, an error status, not an OpenAPI document) falls back to the
snapshot, with a warning.

Either way the document is read by the same ingester that built the spec, so both sides of
the comparison are Endpoints in the spec model.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx

from ..ingest import openapi, registry
from ..ingest.base import Document
from ..merge import merge
from ..spec.errors import Problem, ProblemsError
from ..spec.model import Endpoint, SourceRef, TypeDef, Vocabulary

OPENAPI_LAYOUTS = ("openapi", "fal-js-corpus")
"""Source layouts that are the provider's own machine-readable description."""

LIVE_ENV = "MODELGEN_LIVE"
URL_ENV = "MODELGEN_FAL_OPENAPI_URL"
DEFAULT_URL = "https://fal.ai/api/openapi/queue/openapi.json"
LIVE_DIR = Path("sources/fal/openapi/raw/live")
"""Where `--update` puts a live document for an endpoint that has no raw snapshot yet."""

TIMEOUT = httpx.Timeout(20.0, connect=5.0)


def live_requested() -> bool:
    return os.environ.get(LIVE_ENV) == "1"


def live_url() -> str:
    return os.environ.get(URL_ENV) or DEFAULT_URL


def openapi_sources(endpoint: Endpoint) -> list[tuple[str, SourceRef]]:
    """The spec's OpenAPI-origin sources, most authoritative first."""
    found = [(label, s) for label, s in endpoint.sources.items() if s.layout in OPENAPI_LAYOUTS]
    return sorted(found, key=lambda item: -registry.rank(item[1].layout))


def snapshot_path(endpoint: Endpoint) -> Path:
    """The file a live document of this endpoint is kept in: its raw OpenAPI snapshot, or a
    new one under LIVE_DIR named like the others (`fal-ai__kolors.json`)."""
    for _, source in openapi_sources(endpoint):
        if source.layout == openapi.LAYOUT:
            return Path(source.path)
    return LIVE_DIR / (endpoint.id.replace("/", "__") + ".json")


class FetchError(Exception):
    """A live document could not be had; the message says why."""


def fetch(client: httpx.Client, endpoint_id: str) -> str:
    """The provider's current OpenAPI document of one endpoint, as text."""
    try:
        response = client.get(live_url(), params={"endpoint_id": endpoint_id})
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from exc
    if response.status_code != 200:
        raise FetchError(f"HTTP {response.status_code} from {response.url}")
    if not openapi.detect(response.text):
        raise FetchError(f"{response.url} did not answer an OpenAPI document")
    return response.text


def new_client() -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT, follow_redirects=True)


@dataclass
class ProviderView:
    """The provider's description of one endpoint, and where it was read."""

    endpoint: Endpoint
    mode: str
    """"live" or "snapshot"."""
    documents: tuple[str, ...]
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How the report names this document next to the spec's own source labels."""
        if self.mode == "live":
            return "live OpenAPI"
        return ", ".join(d.split("#")[0].split("?")[0] for d in self.documents)


class ProviderDocuments:
    """Reads the provider's side of each spec: live when asked and reachable, else snapshots.

    Documents are read once and kept, so a corpus shared by many specs is parsed once.
    """

    def __init__(
        self,
        vocabulary: Vocabulary,
        client: httpx.Client | None = None,
        shared: Mapping[str, TypeDef] | None = None,
    ) -> None:
        """`shared`: the shared types of the specs tree being checked (None: the project's)."""
        self.vocabulary = vocabulary
        self.client = client
        self.shared = shared
        self._texts: dict[str, Document] = {}

    def view(self, spec: Endpoint) -> ProviderView:
        """The provider's description of the spec's endpoint. Raises ProblemsError when the
        snapshot cannot be read."""
        warnings: list[str] = []
        if self.client is not None:
            try:
                return self._live(spec)
            except FetchError as exc:
                warnings.append(f"live OpenAPI unavailable ({exc}); using the committed snapshot")
            except ProblemsError as exc:
                first = exc.problems[0] if exc.problems else "unreadable"
                warnings.append(f"live OpenAPI unreadable ({first}); using the committed snapshot")
        view = self._snapshot(spec)
        view.warnings[:0] = warnings
        return view

    def _live(self, spec: Endpoint) -> ProviderView:
        assert self.client is not None
        text = fetch(self.client, spec.id)
        doc = Document(str(snapshot_path(spec)), text)
        found = _pick(spec.id, doc, openapi.ingest(doc, self.vocabulary))
        url = f"{live_url()}?endpoint_id={spec.id}"
        return ProviderView(found, "live", (url,))

    def _snapshot(self, spec: Endpoint) -> ProviderView:
        warnings: list[str] = []
        parts = [self._ingest(spec, source, warnings) for _, source in openapi_sources(spec)]
        documents = tuple(
            s.path + (f"#{s.pointer}" if s.pointer else "") for _, s in openapi_sources(spec)
        )
        return ProviderView(merge(parts), "snapshot", documents, warnings)

    def _ingest(self, spec: Endpoint, source: SourceRef, warnings: list[str]) -> Endpoint:
        """The provider's description in one document. A document with faults in this endpoint
        that the spec's overrides repair (generator/ingest/repairs.py) is read as it is, faults
        included, so the hand edits show as drift; a warning names the faults."""
        endpoint_id = spec.id
        doc = self._document(source.path)
        context = registry.Context(self.vocabulary, self.shared, [endpoint_id])
        found = registry.read(doc, source.layout, context)
        if found.errors:
            faulty = registry.read_faulty(doc, source.layout, context)
            if not spec.overrides or not faulty.endpoints:
                raise ProblemsError(found.errors)
            found = faulty
            faults = "; ".join(p.message for p in faulty.errors)
            warnings.append(f"the provider's document has faults the hand edits repair: {faults}")
        endpoint = _pick(endpoint_id, doc, found.endpoints)
        # the date the spec records decides the merge here too (generator/merge.py)
        dated = {label: replace(ref, taken=source.taken) for label, ref in endpoint.sources.items()}
        return endpoint.with_(sources=dated)

    def _document(self, path: str) -> Document:
        if path not in self._texts:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                problem = Problem(path, None, None, f"cannot read the snapshot: {exc}")
                raise ProblemsError([problem]) from exc
            self._texts[path] = Document(path, text)
        return self._texts[path]


def _pick(endpoint_id: str, doc: Document, endpoints: list[Endpoint]) -> Endpoint:
    for endpoint in endpoints:
        if endpoint.id == endpoint_id:
            return endpoint
    raise doc.fail(None, "the document does not describe this endpoint", endpoint_id)
