"""Segmind's newer model pages, copied as text: the "Parameters" layout and the v2-first one.

Both open with the model's name (`Kolors Serverless API`, or the name alone) and a summary,
perhaps a typical run time (`~84.25s`), then an example: the v2-first page leads with
`POST /v2/<slug> · submit + poll` and the SDK call `segmind.run("slug", key=value, ...)`;
others give a `payload = {...}` / `data = {...}` / `const reqBody = {...}` body, with or without
a gutter of line numbers (` 3import segmind`). Then, each optional except the parameters:

    API Endpoint            POSThttps://api.segmind.com/v1/<slug> (or /v1/models/<slug>)
    Parameters              see segmind_params.py
    Response Type           Returns: Image | Returns: Text/JSON
    Asynchronous requests (v2), Status states, Common Error Codes   see segmind_v2.py

Found by structure: the identity is the slug that the v1 URL, the `POST /v2/` line and the
SDK call agree on (an error when they disagree, or when none is given). A page that ends
inside its parameter list, or before `Common Error Codes` (its last section), is refused as
truncated; a fact that cannot be read is a located warning, and the rest is kept.
"""

from __future__ import annotations

import re
from typing import Final

from ..spec.model import Endpoint, Field, Vocabulary
from .base import Document
from .page_text import normalise
from .segmind_example import code_lines, read_example
from .segmind_params import read_parameters
from .segmind_v2 import HEADINGS, Sections, error_notes, response_notes, v2_notes, v2_output

LAYOUT: Final = "segmind-page"
PROVIDER: Final = "segmind"

_SLUG: Final = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_V1 = re.compile(
    rf"POST\s*(?:https?://api\.segmind\.com)?(?P<path>/v1/(?:models/)?(?P<slug>{_SLUG}))/?"
)
_V2 = re.compile(rf"POST\s*(?:https?://api\.segmind\.com)?/v2/(?P<slug>{_SLUG})(?:\s+[·|-].*)?")
_TITLE_SUFFIX = re.compile(r"\s*[-–:]?\s*Serverless API$", re.IGNORECASE)
_RUNTIME = re.compile(r"~\s*\d+(?:\.\d+)?\s*s")
_CODE_START = re.compile(
    r"\s*(?:1(?=[#a-z]|\s*$)|#|import |from |const |let |var |pip |curl |POST|GET|"
    r"(?:result|payload|data|client|response)\s*=|segmind\.)"
)
_PARAMETERS_LINE = re.compile(rf"^\s*{HEADINGS['Parameters']}\s*$", re.MULTILINE)
_SEGMIND_CALL = re.compile(r"api\.segmind\.com/v1/|^\s*POST\s*/v2/|segmind\.run\(", re.MULTILINE)


def detect(text: str) -> bool:
    """A Segmind page with a `Parameters` list (the legacy scrape has `Attributes` instead)."""
    return (
        _PARAMETERS_LINE.search(text) is not None
        and _SEGMIND_CALL.search(text) is not None
        and re.search(r"^Attributes\s*$", text, re.MULTILINE) is None
    )


def ingest(doc: Document, vocabulary: Vocabulary) -> list[Endpoint]:
    last = max((n for n, t in enumerate(doc.lines, 1) if t.strip()), default=1)
    sections = Sections.find(doc)
    if "Parameters" not in sections:
        raise doc.fail(last, "no 'Parameters' section (is the page truncated?)")
    params = sections.start("Parameters")
    if sections.end("Parameters") > len(doc.lines):
        raise doc.fail(last, "the page ends inside its Parameters (truncated?)")
    title, summary, notes = _read_top(doc, params)
    code = code_lines(doc, 1, params)
    example = read_example(doc, code)
    notes += example.warnings
    slug, v1_path, v2_line = _identity(doc, example.run_slug, example.run_line)
    drafts = read_parameters(doc, params, sections.end("Parameters"), notes)
    notes += response_notes(doc, sections, v1_path)
    has_v2 = v2_line is not None or "Asynchronous requests (v2)" in sections
    output: tuple[Field, ...] = ()
    if has_v2:
        notes += v2_notes(doc, sections)
        fallback = v2_line or sections.start("Asynchronous requests (v2)")
        output = v2_output(doc, sections, code, fallback, vocabulary)
    notes += error_notes(doc, sections)
    if "Common Error Codes" not in sections:
        raise doc.fail(last, "the page ends before its 'Common Error Codes' section (truncated?)")
    protocols = tuple(p for p, on in (("v1", v1_path is not None), ("v2", has_v2)) if on)
    return [
        Endpoint(
            id=f"{PROVIDER}/{slug}",
            provider=PROVIDER,
            title=title,
            summary=summary,
            protocols=protocols,
            path=v1_path if v1_path not in (None, f"/v1/{slug}") else None,
            input=tuple(d.build(vocabulary) for d in drafts),
            output=output,
            examples={"request": example.body} if example.body is not None else {},
            notes=tuple(notes),
            sources=doc.source(LAYOUT),
        )
    ]


def _read_top(doc: Document, end: int) -> tuple[str, str | None, list[str]]:
    """Title, summary and the run-time note: the lines above the example."""
    first = next((n for n in range(1, end) if doc.lines[n - 1].strip()), None)
    if first is None:
        raise doc.fail(end, "the page does not open with the model's name")
    heading = doc.lines[first - 1].strip()
    if (
        _CODE_START.match(heading)
        or _RUNTIME.fullmatch(heading)
        or any(re.fullmatch(p, heading) for p in HEADINGS.values())
    ):
        raise doc.fail(first, f"the page does not open with the model's name: {heading!r}")
    title = _TITLE_SUFFIX.sub("", heading).strip() or heading
    summary: list[str] = []
    notes: list[str] = []
    n = first + 1
    while n < end:
        text = doc.lines[n - 1].strip()
        if _RUNTIME.fullmatch(text):
            notes.append(f"The page shows a typical run time of {text}")
        elif _CODE_START.match(doc.lines[n - 1]) or text in (
            "API Endpoint",
            "python",
            "javascript",
        ):
            break
        elif text:
            summary.append(text)
        n += 1
    return title, normalise(" ".join(summary)) or None, notes


def _identity(
    doc: Document, run_slug: str | None, run_line: int | None
) -> tuple[str, str | None, int | None]:
    """(slug, v1 path, line of the first `POST /v2/...`) as the page gives them, wherever its
    `POST` lines stand; every place that names the model must name the same one."""
    named: list[tuple[int, str]] = []
    v1_path: str | None = None
    v2_line: int | None = None
    for n in range(1, len(doc.lines) + 1):
        text = doc.lines[n - 1].strip()
        v1, v2 = _V1.fullmatch(text), _V2.fullmatch(text)
        if v1 is not None and v1_path is None:
            v1_path = v1["path"]
            named.append((n, v1["slug"]))
        elif v2 is not None and v2_line is None:
            v2_line = n
            named.append((n, v2["slug"]))
    if run_slug is not None and run_line is not None:
        named.append((run_line, run_slug))
    if not named:
        raise doc.fail(
            len(doc.lines) or 1,
            "no 'POST https://api.segmind.com/v1/<slug>', 'POST /v2/<slug>' or SDK call",
        )
    first_line, slug = named[0]
    for n, other in named[1:]:
        if other != slug:
            raise doc.fail(
                n, f"the page names the model {other!r} here, {slug!r} on line {first_line}"
            )
    return slug, v1_path, v2_line
