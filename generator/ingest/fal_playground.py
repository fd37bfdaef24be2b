"""Ingester for scraped fal.ai playground pages (layout "fal-playground").

The layout. One text file holds one or more playground pages, each opened by a numbered header
line `1)fal-ai/hidream-i1-full`, `2)fal-ai/ideogram/v2`, ... (numbered from 1, in order). A page
runs to the next header, or to a `Related Models` footer. It reads:

- the tabs `About` (scraped once as `bout`) and `Generate`, then optional About prose;
- `1. Calling the API` ... `4. Files`: client usage, streaming, queue (with `webhookUrl`) and
  file-input prose, identical from page to page;
- `5. Schema`, with the headings `Input`, `Output` and `Other types`, each heading followed
  by a line `#`. In `Other types` every named type is a heading of its own (`LoraWeight` / `#`).

Under each heading, every parameter starts with a line `name type`, where type is `string`,
`integer`, `float`, `boolean`, `list<T>`, a type name (`LoraWeight`), an enum (`StyleEnum`,
`Enum`), or a union (`ImageSize | Enum`). The lines up to the next parameter are its
description (which may end in `Default value: <value>`), a `Possible enum values: a, b, c`
line, and for `image_size` a note `For custom image sizes, you can pass the width and height as
an object:` with a JSON snippet. After the last input comes a JSON example request, after the
last output a JSON example response (an Output with entries but no example is a page cut
short: an error). An Output section may be empty.

What becomes of it (decisions of this ingester):

- Types: `float` is a number; `*Enum` / `Enum` is a string enum of the listed values (strings,
  in page order, `1:1` and `realistic_image/b_and_w` included); a named type is a reference;
  `ImageSize | Enum` is a union of the reference and the string enum.
- Defaults are typed by the parameter's type: `5` on an integer is 5, on a float 5 (3.5 stays
  3.5), `true` is True, `"jpeg"` is "jpeg", `""` is "", and an unquoted `square_hd` is
  "square_hd". An object default (`{'height': 2048, 'width': 2048}` as a Python literal, or
  JSON) is read for a type with an object variant. `null` means no default, nullable. A default
  that does not read as its type costs a located warning (the parameter has no default). A
  default outside the page's own enum is kept as the page states it, with a note saying so.
- Required: the playground has no required marker, but fal's example request states the
  required inputs: the `input: {...}` of the submit snippet (`1. Calling the API`) lists them,
  and the JSON example request (which adds optional ones) repeats them. A parameter in both is
  required, recorded as inferred (`from:` the snippet's line, and a note naming them); without
  a snippet none is marked required, with a note. The OpenAPI document, when merged, wins.
- Bounds: the page gives none as facts; limits written in a description (`(1-4)` on a number,
  `Support up to 3 images` on a list) become minimum/maximum or min_items/max_items through
  `prose`, which reads only unambiguous phrases; their `from:` is the description's line.
- Files: a string parameter named `*_url` (or the items of `*_urls`) is a file input.
- The custom-size snippet becomes the field's example (`{"width": 1280, "height": 720}`).
- Named types: only the types the endpoint's inputs and outputs use, followed transitively
  (ColorPalette -> ColorPaletteMember -> RGBColor), become `types:`; the others are left out
  and named in a note (ideogram/v2 lists V3 types nothing uses). A page type that states the
  same facts as the shared type of that name (specs/types.yaml) - same properties in the same
  order, same types, defaults, enums, bounds and descriptions; the page cannot state titles,
  nullability or required-ness, so those are not compared - is referenced, not copied.
  Otherwise it is kept locally under its own name and shadows the shared one (the page's
  `ImageSize`, without the shared bounds, is local). A used type neither on the page nor shared
  (nor shared under the last segment of fal's long internal names) is an open object type
  named as the page names it, with a located warning.
- Pages are independent: a page that cannot be read is reported and the other pages of the
  file are still ingested (`ingest_all`).
- Examples: the request example goes to `examples["request"]`, the response example to
  `examples["response"]`. Scraping drops the backslashes of quotes inside example strings
  (`... The word "FLUX" is painted ...`); such a line is read with those quotes as literal
  characters, and a note says so.
- Title and summary come from the About prose: a single short line without a full stop (`F-Lite`)
  is the title, otherwise the first paragraph is the summary and the rest a note. The page
  states no category. Protocols are fal's `run` and `queue`. Streaming support, webhooks and
  file-input handling are kept as notes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from ..spec.errors import Problem, ProblemsError
from ..spec.model import JSON, MISSING, Endpoint, Field, TypeDef, Vocabulary
from .base import Document, every_endpoint, page_lines, repository_types, with_canonical
from .fal_playground_blocks import doc_line, find_headings, find_line, read_block
from .fal_playground_fields import default_outside_enum, read_field
from .fal_playground_types import distrust_last_type, other_types, same_as_shared, used_types

LAYOUT: Final = "fal-playground"
PROVIDER: Final = "fal"
PROTOCOLS: Final = ("run", "queue")

_PAGE_HEADER: Final = re.compile(r"(\d+)\)\s*([a-z0-9][a-z0-9._-]*(?:/[a-z0-9._-]+)+)")
_SCHEMA: Final = "5. Schema"
_CALLING: Final = "1. Calling the API"
_FOOTER: Final = "Related Models"
_TABS: Final = frozenset({"About", "bout", "Generate"})
_SECTIONS: Final = ("Input", "Output", "Other types")
_NO_REQUIRED_NOTE: Final = (
    "The playground page does not say which parameters are required; none is marked required"
    " here (every example request sends `prompt`, which is no proof)."
)


# ---------------------------------------------------------------------------- detection


def detect(text: str) -> bool:
    """A playground file opens with `1)<endpoint id>` and has a `5. Schema` with an `Input`."""
    lines = page_lines(text)
    first = next((line.strip() for line in lines if line.strip()), "")
    header = _PAGE_HEADER.fullmatch(first)
    if header is None or header.group(1) != "1":
        return False
    return any(
        lines[i].strip() == _SCHEMA and lines[i + 1].strip() == "#" for i in range(len(lines) - 1)
    )


# ---------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class _Page:
    """One page of the file: its endpoint id and its lines `start`..`end` (1-based, inclusive)."""

    number: int
    id: str
    start: int
    end: int


def _pages(doc: Document) -> list[_Page]:
    headers = [
        (n, match)
        for n, line in enumerate(doc.lines, start=1)
        if (match := _PAGE_HEADER.fullmatch(line.strip()))
    ]
    if not headers:
        raise doc.fail(1, "no page header such as `1)fal-ai/<model>` found")
    pages = []
    for i, (n, match) in enumerate(headers):
        number = int(match.group(1))
        if number != i + 1:
            raise doc.fail(n, f"page number {number} out of order (expected {i + 1})")
        end = headers[i + 1][0] - 1 if i + 1 < len(headers) else len(doc.lines)
        footer = find_line(doc, _FOOTER, n + 1, end)
        pages.append(_Page(number, match.group(2), n, end if footer is None else footer - 1))
    return pages


# ---------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class _About:
    title: str | None
    summary: str | None
    notes: tuple[str, ...]


def _about(doc: Document, page: _Page, calling: int) -> _About:
    """Title, summary and further prose of the About tab, between the header and `calling`."""
    paragraphs: list[list[str]] = [[]]
    for n in range(page.start + 1, calling):
        text = doc_line(doc, n).strip()
        if text in _TABS:
            continue
        if text:
            paragraphs[-1].append(text)
        elif paragraphs[-1]:
            paragraphs.append([])
    found = [p for p in paragraphs if p]
    if not found:
        return _About(None, None, ())
    first, rest = " ".join(found[0]), found[1:]
    if not rest and not first.endswith((".", "!", "?", ":")) and len(first.split()) <= 6:
        return _About(first, None, ())
    notes = ("About:\n" + "\n".join(line for p in rest for line in p),) if rest else ()
    return _About(None, first, notes)


def _usage_notes(doc: Document, page: _Page, schema: int) -> list[str]:
    notes = []
    usage = range(page.start + 1, schema)
    streaming = find_line(doc, "Streaming", page.start + 1, schema)
    if streaming is not None:
        notes.append(f"The page says the model supports streaming requests ({doc.at(streaming)}).")
    webhook = next((n for n in usage if "webhookUrl:" in doc_line(doc, n)), None)
    if webhook is not None:
        notes.append(
            "Queue submissions can name a webhook URL (`webhookUrl`) to receive the result"
            f" ({doc.at(webhook)})."
        )
    files = find_line(doc, "4. Files", page.start + 1, schema)
    if files is not None:
        notes.append(
            "File inputs take a publicly reachable URL or a base64 data URI; the client can"
            f" upload files to fal storage first ({doc.at(files)})."
        )
    return notes


def _sections(
    doc: Document, page: _Page, schema: int
) -> tuple[int, int, int | None, list[tuple[int, str]]]:
    """Lines of the Input, Output and Other types headings, and the type headings after them."""
    headings = find_headings(doc, schema + 2, page.end)
    names = [name for _, name in headings]
    if "Input" not in names or names[0] != "Input":
        raise doc.fail(schema, "the schema has no `Input` heading")
    if "Output" not in names:
        raise doc.fail(page.end, "the page ends before its `Output` heading (truncated page?)")
    top = [(n, name) for n, name in headings if name in _SECTIONS]
    if [name for _, name in top] not in (["Input", "Output"], ["Input", "Output", "Other types"]):
        raise doc.fail(top[0][0], f"schema headings out of order: {[name for _, name in top]}")
    inputs, outputs = top[0][0], top[1][0]
    others = top[2][0] if len(top) == 3 else None
    for n, name in headings:
        if name not in _SECTIONS and (others is None or n < others):
            raise doc.fail(n, f"unexpected heading {name!r} before `Other types`")
    type_headings = [(n, name) for n, name in headings if others is not None and n > others]
    return inputs, outputs, others, type_headings


_SNIPPET_KEY: Final = re.compile(r"(\s*)([a-z_][a-z0-9_]*): ")


def _snippet_inputs(doc: Document, page: _Page, schema: int) -> tuple[int, list[str]] | None:
    """The top-level keys of the first `input: {...}` before the schema, and its line."""
    start = next(
        (n for n in range(page.start + 1, schema) if doc_line(doc, n).strip() == "input: {"), None
    )
    if start is None:
        return None
    indent = len(doc_line(doc, start)) - len(doc_line(doc, start).lstrip())
    keys: list[str] = []
    inner: int | None = None  # the keys' indent: the first key's (two spaces, a tab...)
    for n in range(start + 1, schema):
        text = doc_line(doc, n)
        if text.strip() in ("}", "},"):
            if len(text) - len(text.lstrip()) == indent:
                return start, keys
            continue
        match = _SNIPPET_KEY.match(text)
        if match is None or len(match.group(1)) <= indent:
            continue
        inner = len(match.group(1)) if inner is None else inner
        if len(match.group(1)) == inner:
            keys.append(match.group(2))
    return None


def _inferred_required(
    doc: Document, page: _Page, schema: int, fields: tuple[Field, ...], example: JSON
) -> tuple[tuple[Field, ...], str]:
    """Mark the inputs both the submit snippet and the JSON example send as required."""
    snippet = _snippet_inputs(doc, page, schema)
    if snippet is None or not isinstance(example, dict):
        return fields, _NO_REQUIRED_NOTE
    line, keys = snippet
    chosen = [k for k in keys if k in example and any(f.name == k for f in fields)]
    marked = tuple(
        f.with_(required=True, origin={**f.origin, "required": doc.at(line)})
        if f.name in chosen and f.default is MISSING
        else f
        for f in fields
    )
    names = ", ".join(f"`{k}`" for k in chosen) or "none"
    note = (
        f"Required inputs inferred from the page's example request (the submit snippet at "
        f"{doc.at(line)} and the JSON example): {names}; the page has no required marker."
    )
    return marked, note


def _endpoint(
    doc: Document, page: _Page, vocabulary: Vocabulary, shared: Mapping[str, TypeDef]
) -> Endpoint:
    schema = next(
        (
            n
            for n in range(page.start + 1, page.end)
            if doc_line(doc, n).strip() == _SCHEMA and doc_line(doc, n + 1).strip() == "#"
        ),
        None,
    )
    if schema is None:
        raise doc.fail(page.start, f"page {page.id}: no `5. Schema` section (truncated page?)")
    calling = find_line(doc, _CALLING, page.start + 1, schema) or schema
    inputs, outputs, others, type_headings = _sections(doc, page, schema)
    input_block = read_block(doc, inputs + 2, outputs - 1, "Input")
    output_end = (others - 1) if others is not None else page.end
    output_block = read_block(doc, outputs + 2, output_end, "Output")
    if output_block.entries and output_block.example is None:
        message = "the Output section ends without its example response (truncated page?)"
        raise doc.fail(output_block.entries[-1].line, message)
    page_types = other_types(doc, type_headings, page.end)

    warnings: list[str] = []
    input_fields = tuple(
        with_canonical(read_field(doc, e, warnings), vocabulary) for e in input_block.entries
    )
    output_fields = tuple(
        with_canonical(read_field(doc, e, warnings), vocabulary) for e in output_block.entries
    )
    cut_short = page.end == len(doc.lines)
    if not output_fields and others is None and cut_short:
        message = "the Output section is empty and the file ends there (truncated page?)"
        raise doc.fail(outputs, message)
    distrusted = set()
    if cut_short and others is not None and page_types:
        distrusted = distrust_last_type(doc, page_types, shared, warnings)
    cut = cut_short and not distrusted
    used = used_types(doc, input_fields + output_fields, page_types, shared, warnings, cut)
    local = {
        name: typedef
        for name, typedef in used.items()
        if (name in page_types and not same_as_shared(typedef, shared.get(name)))
        or (name not in page_types and name not in shared)
    }

    about = _about(doc, page, calling)
    request = input_block.example[1] if input_block.example is not None else None
    input_fields, required_note = _inferred_required(doc, page, schema, input_fields, request)
    notes = [*about.notes, required_note, *_usage_notes(doc, page, schema), *warnings]
    if not output_fields:
        notes.append(
            f"The page documents no output for this endpoint (its Output section at {doc.at(outputs)} is empty)."
        )
    for f in input_fields + output_fields:
        note = default_outside_enum(f)
        if note is not None:
            notes.append(note)
    notes += [
        f"`Other types` also lists {name}, which no input or output uses; left out."
        for name in page_types
        if name not in used
    ]
    for n in input_block.repaired + output_block.repaired:
        notes.append(
            f"The example at {doc.at(n)} has unescaped quotes inside a string (a scrape artefact); read as literal quotes."
        )

    examples: dict[str, JSON] = {}
    if input_block.example is not None:
        examples["request"] = input_block.example[1]
    if output_block.example is not None:
        examples["response"] = output_block.example[1]
    return Endpoint(
        id=page.id,
        provider=PROVIDER,
        input=input_fields,
        output=output_fields,
        title=about.title,
        summary=about.summary,
        protocols=PROTOCOLS,
        types=local,
        sources=doc.source(LAYOUT),
        notes=tuple(notes),
        examples=examples,
    )


# ---------------------------------------------------------------------------- entry point


def ingest(
    doc: Document, vocabulary: Vocabulary, shared: Mapping[str, TypeDef] | None = None
) -> list[Endpoint]:
    """One Endpoint per page of the file. `shared` defaults to specs/types.yaml."""
    return every_endpoint(ingest_all(doc, vocabulary, shared))


def ingest_all(
    doc: Document, vocabulary: Vocabulary, shared: Mapping[str, TypeDef] | None = None
) -> tuple[list[Endpoint], list[Problem]]:
    """Every page that reads, and the located problems of those that do not: one page never
    costs another."""
    types = repository_types() if shared is None else shared
    endpoints: list[Endpoint] = []
    problems: list[Problem] = []
    for page in _pages(doc):
        try:
            endpoints.append(_endpoint(doc, page, vocabulary, types))
        except ProblemsError as error:
            problems += error.problems
    return endpoints, problems
