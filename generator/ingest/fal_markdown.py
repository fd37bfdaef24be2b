"""fal's markdown model page (the `llms.txt`-style page of one endpoint).

The page opens with `# Title`, a `> summary` line and an `## Overview` list of bold keys
(`**Endpoint**`, `**Model ID**`, `**Category**`, `**Kind**`, `**Tags**`), then `## Pricing`.
Under `### Input Schema` and `### Output Schema` each parameter is one bullet

    - **`guidance_scale`** (`float`, _optional_):
      Prose, wrapped over indented lines. Default value: `5`
      - Default: `5`
      - Range: `1` to `10`

whose sub-bullets are `Default`, `Range` (inclusive bounds), `Options` (the values of an
`...Enum` type), `Examples` (comma-separated JSON values), and the restatements `One of: ...`
and `Array of ...`. Types are `string`, `float`, `integer`, `boolean`, `list<T>`, `A | B`, or
the name of a type (`Image`, `Timings`, `SchedulerEnum`). Labelled JSON blocks follow each
schema (`**Required Parameters Example**`, `**Full Example**`, `**Example Response**`); usage
examples and links close the page.

One fact the ingester cannot read costs a warning (file:line, what it did instead, also kept in
the endpoint's notes), never the page: an unknown detail, an unreadable default, range, option
list or example, a restatement that disagrees with the type, a stray line. `null` as a default
or an example means "no default" / "nullable". A type name the shared types lack resolves to
the last segment of fal's internal long names (`fal__toolkit__image__image__Image` -> `Image`)
when that names a shared type, else to a local open object type named as the page names it,
with a warning. An endpoint URL that disagrees with the Model ID is a conflict the Model ID
wins. Descriptions may run over several paragraphs (kept, separated by a blank line). What
stays an error is structure: a missing Overview, Model ID or schema section, a ``` block that
is never closed (a page cut short), an input schema with no parameter, no `## Usage Examples`
after the schemas (every page of the layout has it, so the page was cut in or after its
schemas). A page whose facts are whole but whose closing part is cut (no `## Additional
Resources` or `### fal.ai Platform`, or a last line that is not a whole link) is read with a
"looks truncated" warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from ..spec.model import Endpoint, TypeDef, Vocabulary
from . import type_names
from .base import Document, repository_types
from .fal_markdown_params import build_fields
from .fal_markdown_schema import find_heading, read_schema, section_end
from .page_text import find_line

LAYOUT: Final = "fal-markdown"
PROTOCOLS: Final = ("run", "queue")
RUN_URL: Final = "https://fal.run/"

_OVERVIEW = re.compile(r"(?:- )?\*\*(?P<key>[^*]+)\*\*: (?P<value>.*)")
_LINK = re.compile(r"- \[(?P<label>[^\]]+)\]\((?P<url>[^)]+)\)")


def detect(text: str) -> bool:
    """A fal markdown page: its Model ID bullet and its `### Input Schema` heading."""
    return (
        re.search(r"^- \*\*Model ID\*\*: `[^`]+`$", text, re.MULTILINE) is not None
        and re.search(r"^### Input Schema$", text, re.MULTILINE) is not None
    )


def ingest(
    doc: Document, vocabulary: Vocabulary, shared: Mapping[str, TypeDef] | None = None
) -> list[Endpoint]:
    """The page's one endpoint. `shared` are the shared types (default: specs/types.yaml)."""
    header = _read_header(doc)
    input_start = _only_heading(doc, r"### Input Schema")
    output_start = _only_heading(doc, r"### Output Schema")
    if output_start < input_start:
        raise doc.fail(output_start, "'### Output Schema' comes before '### Input Schema'")
    notes = list(header.notes)
    inputs = read_schema(doc, input_start, section_end(doc, input_start), "input", notes)
    outputs = read_schema(doc, output_start, section_end(doc, output_start), "output", notes)
    if not inputs.drafts:
        raise doc.fail(input_start, "the input schema lists no parameters")
    usage = find_heading(doc, r"## Usage Examples")
    if usage < output_start:
        raise doc.fail(usage, "'## Usage Examples' comes before '### Output Schema'")
    notes += _closing_checks(doc)
    notes += _resource_notes(doc)
    known = repository_types() if shared is None else shared
    input_fields = build_fields(inputs.drafts, vocabulary)
    output_fields = build_fields(outputs.drafts, vocabulary)
    local: dict[str, TypeDef] = {}
    names = type_names.resolve_names(doc, input_fields + output_fields, known, notes, local)
    return [
        Endpoint(
            id=header.endpoint_id,
            provider="fal",
            title=header.title,
            category=header.category,
            summary=header.summary,
            protocols=PROTOCOLS,
            input=type_names.renamed(input_fields, names),
            output=type_names.renamed(output_fields, names),
            types=dict(sorted(local.items())),
            examples={**inputs.examples, **outputs.examples},
            notes=tuple(notes),
            sources=doc.source(LAYOUT),
        )
    ]


# ---------------------------------------------------------------------------- page header


@dataclass
class _Header:
    title: str
    summary: str | None
    endpoint_id: str
    category: str | None
    notes: list[str]


def _read_header(doc: Document) -> _Header:
    title_line = find_line(doc, r"# .+")
    if title_line is None:
        raise doc.fail(None, "no '# Title' line: not a fal markdown page")
    overview = find_heading(doc, r"## Overview")
    summary_line = find_line(doc, r"> .+", title_line)
    if summary_line is not None and summary_line > overview:
        summary_line = None
    facts = _once_each(doc, _key_values(doc, overview))
    if "Model ID" not in facts:
        raise doc.fail(overview, "the Overview gives no **Model ID**")
    id_line, id_text = facts.pop("Model ID")
    endpoint_id = _backticked(doc, id_line, id_text, "Model ID")
    if "Endpoint" in facts:
        url_line, url_text = facts.pop("Endpoint")
        url = _backticked(doc, url_line, url_text, "Endpoint")
        if url != RUN_URL + endpoint_id:
            message = (
                f"conflict: the endpoint URL {url!r} does not match the Model ID "
                f"{endpoint_id!r}; the Model ID is kept"
            )
            notes_before = [doc.warn(url_line, message, "Endpoint")]
        else:
            notes_before = []
    else:
        notes_before = []
    category = facts.pop("Category")[1] if "Category" in facts else None
    notes = notes_before + [f"{key}: {value}" for key, (_, value) in facts.items()]
    pricing = find_line(doc, r"## Pricing")
    if pricing is not None:
        notes += [f"{key}: {value}" for key, (_, value) in _key_values(doc, pricing)]
    return _Header(
        title=doc.lines[title_line - 1][2:].strip(),
        summary=doc.lines[summary_line - 1][2:].strip() if summary_line is not None else None,
        endpoint_id=endpoint_id,
        category=category,
        notes=notes,
    )


def _key_values(doc: Document, heading: int) -> Iterator[tuple[str, tuple[int, str]]]:
    """`**Key**: value` lines of the section under `heading`: (key, (line, value))."""
    for n in range(heading + 1, section_end(doc, heading)):
        match = _OVERVIEW.fullmatch(doc.lines[n - 1])
        if match is not None:
            yield match["key"], (n, match["value"].strip())


def _once_each(
    doc: Document, pairs: Iterator[tuple[str, tuple[int, str]]]
) -> dict[str, tuple[int, str]]:
    """The `**Key**: value` facts by key. A key given twice is an error when it names the
    endpoint (`Model ID`, `Endpoint`: which one would the spec be?), else a warning, and the
    first value is kept."""
    facts: dict[str, tuple[int, str]] = {}
    for key, (line, value) in pairs:
        if key not in facts:
            facts[key] = (line, value)
            continue
        message = f"**{key}** is given twice (first at line {facts[key][0]})"
        if key in ("Model ID", "Endpoint"):
            raise doc.fail(line, message)
        doc.warn(line, f"{message}; the first is kept")
    return facts


def _only_heading(doc: Document, pattern: str) -> int:
    """The line of the one heading matching `pattern`; a second one is an error (its
    parameters would otherwise go unread)."""
    first = find_heading(doc, pattern)
    second = find_line(doc, pattern, first + 1)
    if second is not None:
        heading = pattern.replace("\\", "")
        raise doc.fail(second, f"a second '{heading}' section (the first is at line {first})")
    return first


def _backticked(doc: Document, line: int, text: str, what: str) -> str:
    match = re.fullmatch(r"`([^`]+)`", text)
    if match is None:
        raise doc.fail(line, f"cannot read the {what} {text!r} (expected `...`)")
    return match.group(1)


_CLOSING_SECTIONS: Final = ("## Additional Resources", "### fal.ai Platform")


def _closing_checks(doc: Document) -> list[str]:
    """Warnings for a page whose closing part (after every fact) looks cut off."""
    missing = [h for h in _CLOSING_SECTIONS if find_line(doc, re.escape(h)) is None]
    filled = [n for n, text in enumerate(doc.lines, start=1) if text.strip()]
    last = filled[-1] if filled else 1
    if missing:
        message = f"the page looks truncated: no '{missing[0]}' section; its facts are kept"
        return [doc.warn(last, message)]
    if _LINK.fullmatch(doc.lines[last - 1].strip()) is None:
        message = "the page looks truncated: its last line is not a whole link; its facts are kept"
        return [doc.warn(last, message)]
    return []


def _resource_notes(doc: Document) -> list[str]:
    """The links of `### Documentation` (playground, API page, OpenAPI schema, ...)."""
    start = find_line(doc, r"### Documentation")
    if start is None:
        return []
    links = (_LINK.fullmatch(doc.lines[n - 1]) for n in range(start + 1, section_end(doc, start)))
    return [f"{m['label']}: {m['url']}" for m in links if m is not None]
