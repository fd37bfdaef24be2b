"""The contract report, for people (a table per endpoint) and for tools (JSON).

Per endpoint: the spec file, the provider document it was checked against (live URL or
snapshot path), the contract drift as rows `BREAKING|additive|changed  kind  field  fact
spec -> provider`, then the documented drift between its sources (never breaking). A closing
line counts everything and says whether the contract holds (exit status 0) or not (1).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..spec.model import JSON
from .check import Disagreement, EndpointCheck
from .facts import Drift

INDENT = "  "
WIDEST = 160
"""Values longer than this are cut in the table (the JSON report has them whole)."""
NEUTRAL = frozenset({"default-changed", "file-changed", "type-renamed"})
"""Non-breaking kinds that neither widen nor narrow what a client may send or receive."""


def render_table(checks: Sequence[EndpointCheck], mode: str) -> str:
    """The whole report as text, one block per endpoint, then the summary line."""
    blocks = [f"modelgen contract: specs against {_against(mode)}"]
    blocks += [_endpoint_block(c) for c in checks]
    blocks.append(summary_line(checks))
    return "\n\n".join(blocks) + "\n"


def _against(mode: str) -> str:
    if mode == "live":
        return "the providers' live OpenAPI (MODELGEN_LIVE=1)"
    return "the committed OpenAPI snapshots (set MODELGEN_LIVE=1 to ask the providers)"


def _endpoint_block(c: EndpointCheck) -> str:
    lines = [f"{c.id}  ({c.spec})"]
    if c.skipped:
        return "\n".join([*lines, f"{INDENT}{c.skipped}"])
    if c.documents:
        lines.append(f"{INDENT}{c.mode}: {', '.join(c.documents)}")
    lines += [f"{INDENT}warning: {w}" for w in c.warnings]
    lines += [f"{INDENT}error: {e}" for e in c.errors]
    if not c.errors:
        lines += _drift_lines(c.drift)
    if c.documented:
        lines.append(
            f"{INDENT}documented drift between sources ({len(c.documented)}, not breaking):"
        )
        lines += [_disagreement_line(d) for d in c.documented]
    return "\n".join(lines)


def _drift_lines(drifts: Sequence[Drift]) -> list[str]:
    if not drifts:
        return [f"{INDENT}contract: no drift"]
    breaking = sum(d.breaking for d in drifts)
    head = f"{INDENT}contract drift ({len(drifts)}, {breaking} breaking):"
    rows = [
        (
            _severity(d),
            d.kind,
            d.field,
            d.fact,
            f"{_show(d.spec_value)} -> {_show(d.provider_value)}",
            d.detail,
        )
        for d in drifts
    ]
    return [head, *_columns(rows)]


def _severity(d: Drift) -> str:
    if d.breaking:
        return "BREAKING"
    if d.origin == "override":
        return "override"
    return "changed" if d.kind in NEUTRAL else "additive"


def _columns(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        (INDENT * 2 + "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True))).rstrip()
        for r in rows
    ]


def _disagreement_line(d: Disagreement) -> str:
    said = "; ".join(f"{label}: {_show(v)}" for label, v in d.values.items())
    note = f" [{d.note}]" if d.note else ""
    return f"{INDENT * 2}{d.field} {d.fact}: {said} -> spec keeps {d.chosen}{note}"


def _show(value: JSON) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= WIDEST else text[: WIDEST - 1] + "…"


def counts(checks: Sequence[EndpointCheck]) -> dict[str, int]:
    checked = [c for c in checks if not c.skipped]
    return {
        "endpoints": len(checks),
        "checked": len(checked),
        "not_checked": len(checks) - len(checked),
        "breaking": sum(len(c.breaking) for c in checks),
        "non_breaking": sum(len(c.drift) - len(c.breaking) for c in checks),
        "documented": sum(len(c.documented) for c in checks),
        "errors": sum(len(c.errors) for c in checks),
        "warnings": sum(len(c.warnings) for c in checks),
    }


def summary_line(checks: Sequence[EndpointCheck]) -> str:
    n = counts(checks)
    verdict = (
        "contract broken"
        if n["breaking"] or n["errors"]
        else "contract holds (additive drift only)"
        if n["non_breaking"]
        else "contract holds"
    )
    return (
        f"{n['checked']} endpoint(s) checked, {n['not_checked']} without OpenAPI source; "
        f"{n['breaking']} breaking, {n['non_breaking']} non-breaking drift, "
        f"{n['documented']} documented drift between sources, {n['errors']} error(s): {verdict}"
    )


def report_json(checks: Sequence[EndpointCheck], mode: str) -> dict[str, Any]:
    """The report as one JSON object: mode, ok, summary counts and every endpoint's findings."""
    n = counts(checks)
    return {
        "mode": mode,
        "ok": not (n["breaking"] or n["errors"]),
        "summary": n,
        "endpoints": [_endpoint_json(c) for c in checks],
    }


def _endpoint_json(c: EndpointCheck) -> dict[str, Any]:
    return {
        "id": c.id,
        "spec": c.spec,
        "checked": not c.skipped,
        "skipped": c.skipped or None,
        "mode": c.mode or None,
        "documents": list(c.documents),
        "drift": [d.as_json() | {"severity": _severity(d)} for d in c.drift],
        "documented": [d.as_json() for d in c.documented],
        "warnings": list(c.warnings),
        "errors": list(c.errors),
    }


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
