"""Every spec of a tree checked against its provider's document, with what its sources record.

For one endpoint the result holds three lists:

- `drift`: the contract. Facts on which the effective spec (overrides applied) and the
  provider's document differ, where the spec's fact came from an OpenAPI source (or from no
  recorded source). A drift on a fact set by a hand edit (`overrides:`) is listed too, marked
  with origin "override", and never counts as breaking: the edit says the difference is meant.
- `documented`: drift between sources that the spec already records. Every `conflicts:` entry
  (a page and the OpenAPI, or two OpenAPI documents, disagreeing on a fact), and every fact or
  field the spec holds only because a page says so (e.g. a field no OpenAPI document has).
  These are listed, never breaking.
- `warnings` and `errors`: a live document that fell back to the snapshot; a snapshot that
  cannot be read (an error fails the check).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..spec.errors import ProblemsError
from ..spec.model import JSON, Conflict, Endpoint, SpecSet
from .diff import compare
from .facts import Drift
from .snapshot import ProviderDocuments, openapi_sources


@dataclass(frozen=True)
class Disagreement(Conflict):
    """Sources of one spec that say different things about one fact (`chosen`: the source whose
    value the spec keeps), as the report lists them: a recorded conflict, or a page's fact the
    provider's document contradicts (`note` says which)."""

    note: str = ""

    def as_json(self) -> dict[str, JSON]:
        out: dict[str, JSON] = {
            "field": self.field,
            "fact": self.fact,
            "values": dict(self.values),
            "kept": self.chosen,
        }
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class EndpointCheck:
    """The contract check of one endpoint."""

    id: str
    spec: str
    mode: str = ""
    documents: tuple[str, ...] = ()
    drift: list[Drift] = field(default_factory=list)
    documented: list[Disagreement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: str = ""

    @property
    def breaking(self) -> list[Drift]:
        return [d for d in self.drift if d.breaking]

    @property
    def failed(self) -> bool:
        return bool(self.breaking or self.errors)


def check_specs(
    specs: SpecSet, documents: ProviderDocuments, ids: Iterable[str] = ()
) -> list[EndpointCheck]:
    """The check of every endpoint (or of the ids asked), in id order."""
    wanted = set(ids)
    return [
        check_endpoint(specs, specs.endpoints[i], documents)
        for i in sorted(specs.endpoints)
        if not wanted or i in wanted
    ]


def check_endpoint(specs: SpecSet, spec: Endpoint, documents: ProviderDocuments) -> EndpointCheck:
    result = EndpointCheck(spec.id, specs.paths.get(spec.id, ""))
    sources = openapi_sources(spec)
    if not sources:
        result.skipped = "no OpenAPI source: not checked"
        return result
    result.documented = [_from_conflict(c) for c in spec.conflicts]
    try:
        view = documents.view(spec)
    except ProblemsError as exc:
        result.errors = [str(p) for p in exc.problems]
        return result
    result.mode, result.documents, result.warnings = view.mode, view.documents, view.warnings
    openapi_labels = {label for label, _ in sources}
    for drift in compare(spec, view.endpoint, specs.types.get):
        if drift.origin in ("", "override") or drift.origin in openapi_labels:
            result.drift.append(_judged(drift))
        else:
            result.documented.append(_from_page(drift, view.label))
    return result


def _judged(drift: Drift) -> Drift:
    if drift.origin != "override":
        return drift
    detail = "; ".join(x for x in (drift.detail, "set by a hand edit (overrides:)") if x)
    return Drift(
        drift.kind,
        drift.field,
        drift.fact,
        drift.spec_value,
        drift.provider_value,
        False,
        detail,
        drift.origin,
    )


def _from_conflict(c: Conflict) -> Disagreement:
    return Disagreement(c.field, c.fact, c.values, c.chosen)


def _from_page(drift: Drift, provider_label: str) -> Disagreement:
    """A spec fact that only a page states, where the provider's document says otherwise."""
    if drift.fact == "field":
        values: dict[str, JSON] = {drift.origin: "documented", provider_label: "absent"}
        note = "only the page documents this field"
    else:
        values = {drift.origin: drift.spec_value, provider_label: drift.provider_value}
        note = drift.kind
    return Disagreement(drift.field, drift.fact, values, drift.origin, note)


def failed(checks: Iterable[EndpointCheck]) -> bool:
    return any(c.failed for c in checks)
