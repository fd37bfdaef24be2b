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

import ast
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final

from ..spec.errors import ProblemsError
from ..spec.model import JSON, Endpoint, Field, TypeDef, TypeExpr, Vocabulary
from . import type_names
from .base import Document, repository_types
from .page_text import (
    FieldDraft,
    bound_fits,
    find_line,
    is_file_name,
    normalise,
    parse_json,
    parse_number,
    settle_required_default,
    value_fits,
)

LAYOUT: Final = "fal-markdown"
PROTOCOLS: Final = ("run", "queue")
RUN_URL: Final = "https://fal.run/"

_SCALARS: Final = {
    "string": "string",
    "str": "string",
    "float": "number",
    "number": "number",
    "integer": "integer",
    "int": "integer",
    "boolean": "boolean",
    "bool": "boolean",
    "dict": "object",
    "object": "object",
    "any": "any",
}
_ENUM_MARK: Final = "<enum>"
"""Stands for an `...Enum` type until the parameter's `Options` are read."""

_BULLET = re.compile(
    r"- \*\*`(?P<name>[^`]+)`\*\* \(`(?P<type>[^`]+)`, _(?P<req>required|optional)_\):?"
)
_SUB_BULLET = re.compile(r"  - (?P<text>.*)")
_SUB_FACT = re.compile(r"(?P<key>Default|Range|Options|Examples|One of): (?P<value>.*)")
_ARRAY_OF = re.compile(r"Array of (?P<item>.+)")
_RANGE = re.compile(r"`(?P<low>[^`]+)` to `(?P<high>[^`]+)`")
_OPTION = re.compile(r"`(?P<value>[^`]*)`(?:, |$)")
_PROSE_DEFAULT = re.compile(r"\s*Default value: `(?P<value>[^`]*)`\.?$")
_LABEL = re.compile(r"\*\*(?P<label>[^*]+)\*\*:")
_OVERVIEW = re.compile(r"(?:- )?\*\*(?P<key>[^*]+)\*\*: (?P<value>.*)")
_LINK = re.compile(r"- \[(?P<label>[^\]]+)\]\((?P<url>[^)]+)\)")
_TYPE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXAMPLE_KEYS: Final = {
    "Required Parameters Example": "request",
    "Full Example": "full_request",
    "Example Response": "response",
}


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
    input_start = _heading(doc, r"### Input Schema")
    output_start = _heading(doc, r"### Output Schema")
    if output_start < input_start:
        raise doc.fail(output_start, "'### Output Schema' comes before '### Input Schema'")
    notes = list(header.notes)
    inputs = _read_schema(doc, input_start, _section_end(doc, input_start), "input", notes)
    outputs = _read_schema(doc, output_start, _section_end(doc, output_start), "output", notes)
    if not inputs.drafts:
        raise doc.fail(input_start, "the input schema lists no parameters")
    usage = _heading(doc, r"## Usage Examples")
    if usage < output_start:
        raise doc.fail(usage, "'## Usage Examples' comes before '### Output Schema'")
    notes += _closing_checks(doc)
    notes += _resource_notes(doc)
    known = repository_types() if shared is None else shared
    input_fields = _build(inputs.drafts, vocabulary)
    output_fields = _build(outputs.drafts, vocabulary)
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
    overview = _heading(doc, r"## Overview")
    summary_line = find_line(doc, r"> .+", title_line)
    if summary_line is not None and summary_line > overview:
        summary_line = None
    facts = dict(_key_values(doc, overview))
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
    for n in range(heading + 1, _section_end(doc, heading)):
        match = _OVERVIEW.fullmatch(doc.lines[n - 1])
        if match is not None:
            yield match["key"], (n, match["value"].strip())


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
    links = (_LINK.fullmatch(doc.lines[n - 1]) for n in range(start + 1, _section_end(doc, start)))
    return [f"{m['label']}: {m['url']}" for m in links if m is not None]


# ---------------------------------------------------------------------------- sections


def _heading(doc: Document, pattern: str) -> int:
    line = find_line(doc, pattern)
    if line is None:
        heading = pattern.replace("\\", "")
        end = len(doc.lines) or 1
        raise doc.fail(end, f"no '{heading}' section before the page ends (is it truncated?)")
    return line


def _section_end(doc: Document, heading: int) -> int:
    """The line after the last line of the section opened at `heading` (fences skipped)."""
    level = len(doc.lines[heading - 1]) - len(doc.lines[heading - 1].lstrip("#"))
    fenced = False
    for n in range(heading + 1, len(doc.lines) + 1):
        text = doc.lines[n - 1]
        if text.startswith("```"):
            fenced = not fenced
            continue
        hashes = len(text) - len(text.lstrip("#"))
        if not fenced and 0 < hashes <= level and text[hashes : hashes + 1] == " ":
            return n
    if fenced:
        raise doc.fail(len(doc.lines), "a ``` block is never closed (is the page truncated?)")
    return len(doc.lines) + 1


@dataclass
class _Schema:
    drafts: list[_Param] = field(default_factory=list)
    examples: dict[str, JSON] = field(default_factory=dict)


@dataclass
class _Param:
    draft: FieldDraft
    type_text: str
    description: list[tuple[int, str]] = field(default_factory=list)
    subs: list[tuple[int, str]] = field(default_factory=list)


def _read_schema(doc: Document, heading: int, end: int, section: str, notes: list[str]) -> _Schema:
    """Bullets and labelled JSON examples between `heading` and `end`."""
    schema = _Schema()
    current: _Param | None = None
    n = heading + 1
    while n < end:
        text = doc.lines[n - 1]
        bullet = _BULLET.fullmatch(text)
        label = _LABEL.fullmatch(text)
        if bullet is not None:
            current = _start_param(doc, n, bullet)
            schema.drafts.append(current)
        elif label is not None:
            current = None
            n = _read_example(doc, n, end, label["label"], schema.examples)
        elif not text.strip():
            if current is not None and not _paragraph_follows(doc, n, end, current):
                current = None
        elif current is not None and (sub := _SUB_BULLET.fullmatch(text)) is not None:
            current.subs.append((n, sub["text"]))
        elif current is not None and text.startswith("  ") and not current.subs:
            if current.description and not doc.lines[n - 2].strip():
                current.description.append((n, _PARAGRAPH))
            current.description.append((n, text))
        elif schema.drafts or text.startswith((" ", "-", "`")):
            message = f"cannot read this line of the {section} schema: {text.strip()!r}; skipped"
            notes.append(doc.warn(n, message))
        n += 1
    for param in schema.drafts:
        _finish_param(doc, param, section, notes)
    return schema


_PARAGRAPH: Final = "\x00"
"""Marks a paragraph break inside a parameter's description."""


def _paragraph_follows(doc: Document, blank: int, end: int, current: _Param) -> bool:
    """Whether the description of `current` goes on, after blank lines, with an indented
    paragraph (not a detail bullet: details follow the prose directly)."""
    if current.subs or not current.description:
        return False
    n = blank
    while n < end and not doc.lines[n - 1].strip():
        n += 1
    text = doc.lines[n - 1] if n < end else ""
    return text.startswith("  ") and _SUB_BULLET.fullmatch(text) is None


def _degrade(doc: Document, notes: list[str], instead: str, read: Callable[[], None]) -> None:
    """Run `read`; a fact it cannot read becomes a warning saying what was done `instead`."""
    try:
        read()
    except ProblemsError as error:
        for p in error.problems:
            notes.append(doc.warn(p.line, f"{p.message}; {instead}", p.field))


def _start_param(doc: Document, line: int, bullet: re.Match[str]) -> _Param:
    draft = FieldDraft(doc, bullet["name"], "any", line)
    if bullet["req"] == "required":
        draft.set("required", True, line)
    return _Param(draft, bullet["type"].strip())


def _read_example(doc: Document, line: int, end: int, label: str, into: dict[str, JSON]) -> int:
    """A `**Label**:` line, a blank line, then a ```json block; returns the block's last line."""
    n = line + 1
    while n < end and not doc.lines[n - 1].strip():
        n += 1
    if n >= end or doc.lines[n - 1].strip() != "```json":
        raise doc.fail(line, f"'{label}' is not followed by a ```json block")
    close = next((k for k in range(n + 1, end) if doc.lines[k - 1].strip() == "```"), None)
    if close is None:
        raise doc.fail(n, f"the ```json block of '{label}' is never closed")
    try:
        value = json.loads("\n".join(doc.lines[n : close - 1]))
    except json.JSONDecodeError as error:
        raise doc.fail(n + error.lineno, f"the '{label}' example is not valid JSON") from None
    key = _EXAMPLE_KEYS.get(label, re.sub(r"\W+", "_", label.lower()).strip("_"))
    into[key] = value
    return close


# ---------------------------------------------------------------------------- one parameter


def _finish_param(doc: Document, param: _Param, section: str, notes: list[str]) -> None:
    draft = param.draft
    type_expr = TypeExpr(type="any")

    def read_type() -> None:
        nonlocal type_expr
        type_expr = _parse_type(doc, draft.line, param.type_text)

    _degrade(doc, notes, "typed `any`", read_type)
    facts = _sub_facts(doc, param, notes)
    listed: int | None = None

    def read_options() -> None:
        nonlocal listed, type_expr
        options = _options(doc, facts["Options"]) if "Options" in facts else None
        type_expr, unlisted = _resolve_enums(doc, draft.line, type_expr, options)
        listed = None if options is None else options[0]
        if unlisted:
            notes.append(
                f"{draft.name}: the page types it `{param.type_text}` without listing the values"
                " of its Enum variant, so that variant is a plain string here (no values invented)"
            )

    _degrade(doc, notes, "its enum values are left out", read_options)
    type_expr = _without_marks(type_expr)
    _set_type(draft, type_expr, options_line=listed)
    if section == "input" and is_file_name(draft.name):
        _mark_file(draft)
    _set_description(doc, param, "Default" in facts, notes)
    if "Default" in facts:
        line, text = facts["Default"]
        value = _unticked(text)
        _degrade(
            doc, notes, "left without a default", lambda: _set_default(doc, draft, line, value)
        )
    if "Range" in facts:
        _degrade(doc, notes, "left unbounded", lambda: _set_range(doc, draft, *facts["Range"]))
    if "Examples" in facts:
        _degrade(
            doc, notes, "no examples kept", lambda: _set_examples(doc, draft, *facts["Examples"])
        )
    _degrade(
        doc, notes, "the bullet's type is kept", lambda: _check_restatements(doc, param, facts)
    )
    settle_required_default(draft, notes)


def _without_marks(t: TypeExpr) -> TypeExpr:
    """An Enum whose values could not be read is a plain string."""
    if t.type == _ENUM_MARK:
        return TypeExpr(type="string")
    if t.items is not None:
        return t.with_(items=_without_marks(t.items))
    if t.variants:
        return t.with_(variants=tuple(_without_marks(v) for v in t.variants))
    return t


def _sub_facts(doc: Document, param: _Param, notes: list[str]) -> dict[str, tuple[int, str]]:
    facts: dict[str, tuple[int, str]] = {}
    for line, text in param.subs:
        match = _SUB_FACT.fullmatch(text)
        array_of = _ARRAY_OF.fullmatch(text)
        if match is not None:
            key = match["key"]
        elif array_of is not None:
            key = "Array of"
        else:
            message = f"unknown detail of {param.draft.name!r}: {text!r}; skipped"
            notes.append(doc.warn(line, message, param.draft.name))
            continue
        if key in facts:
            message = f"{key} is given twice; the first is kept"
            notes.append(doc.warn(line, message, param.draft.name))
            continue
        value = match["value"] if match is not None else array_of["item"] if array_of else ""
        facts[key] = (line, value.strip())
    return facts


def _check_restatements(doc: Document, param: _Param, facts: dict[str, tuple[int, str]]) -> None:
    """`One of: A | B` and `Array of T` repeat the bullet's type; they must agree with it."""
    name = param.draft.name
    if "One of" in facts:
        line, text = facts["One of"]
        if normalise(text) != normalise(param.type_text):
            raise doc.fail(
                line, f"'One of: {text}' disagrees with the type {param.type_text!r}", name
            )
    if "Array of" in facts:
        line, text = facts["Array of"]
        if param.type_text != f"list<{text}>":
            raise doc.fail(
                line, f"'Array of {text}' disagrees with the type {param.type_text!r}", name
            )


def _parse_type(doc: Document, line: int, text: str) -> TypeExpr:
    text = text.strip()
    if text in _SCALARS:
        return TypeExpr(type=_SCALARS[text])
    if text.startswith("list<") and text.endswith(">"):
        return TypeExpr(type="array", items=_parse_type(doc, line, text[5:-1]))
    if "|" in text:
        return TypeExpr(
            type="union", variants=tuple(_parse_type(doc, line, p) for p in text.split("|"))
        )
    if _TYPE_NAME.fullmatch(text):
        return TypeExpr(type=_ENUM_MARK if text.endswith("Enum") else text)
    raise doc.fail(line, f"cannot read the type {text!r}")


def _resolve_enums(
    doc: Document, line: int, t: TypeExpr, options: tuple[int, tuple[JSON, ...]] | None
) -> tuple[TypeExpr, bool]:
    """Replace the `...Enum` placeholder by the Options' values; (type, enum values unlisted?)."""
    marks = _count_marks(t)
    if marks > 1:
        raise doc.fail(line, "more than one Enum in one type: cannot tell which the Options list")
    if options is not None and marks == 0:
        raise doc.fail(options[0], "Options are given for a type that is not an Enum")
    if marks == 0:
        return t, False
    if options is None and t.type == _ENUM_MARK:
        raise doc.fail(line, "an Enum type without its Options")
    values = options[1] if options is not None else None
    return _replace_mark(doc, line, t, values), values is None


def _count_marks(t: TypeExpr) -> int:
    own = 1 if t.type == _ENUM_MARK else 0
    items = _count_marks(t.items) if t.items is not None else 0
    return own + items + sum(_count_marks(v) for v in t.variants)


def _replace_mark(
    doc: Document, line: int, t: TypeExpr, values: tuple[JSON, ...] | None
) -> TypeExpr:
    if t.type == _ENUM_MARK:
        if values is None:
            return TypeExpr(type="string")
        return TypeExpr(type=_enum_type(doc, line, values), enum=values)
    if t.items is not None:
        return t.with_(items=_replace_mark(doc, line, t.items, values))
    if t.variants:
        return t.with_(variants=tuple(_replace_mark(doc, line, v, values) for v in t.variants))
    return t


def _enum_type(doc: Document, line: int, values: tuple[JSON, ...]) -> str:
    for name in ("string", "integer", "number", "boolean"):
        if all(value_fits(v, TypeExpr(type=name)) for v in values):
            return name
    raise doc.fail(line, f"the Options mix values of different types: {list(values)!r}")


def _options(doc: Document, fact: tuple[int, str]) -> tuple[int, tuple[JSON, ...]]:
    line, text = fact
    raw = [m["value"] for m in _OPTION.finditer(text)]
    if not raw or "".join(f"`{v}`, " for v in raw)[:-2] != text:
        raise doc.fail(line, f"cannot read the Options {text!r}")
    values = []
    for item in raw:
        ok, value = parse_json(item)
        if not ok:
            raise doc.fail(line, f"cannot read the option {item!r}")
        values.append(value)
    return line, tuple(values)


def _set_type(draft: FieldDraft, t: TypeExpr, options_line: int | None) -> None:
    draft.type = t.type
    if t.enum is not None:
        draft.set("enum", t.enum, options_line or draft.line)
    if t.items is not None:
        draft.set("items", t.items, draft.line)
    if t.variants:
        draft.set("variants", t.variants, draft.line)
    if options_line is not None and t.enum is None:
        draft.origin["enum"] = draft.doc.at(options_line)


def _mark_file(draft: FieldDraft) -> None:
    """`*_url` takes a file; `*_urls` a list of files."""
    t = draft.type_expr()
    if t.type == "string":
        draft.set("file", True, draft.line)
    elif t.type == "array" and t.items is not None and t.items.type == "string":
        draft.set("items", t.items.with_(file=True), draft.line)


def _set_description(doc: Document, param: _Param, has_default: bool, notes: list[str]) -> None:
    """The prose (paragraphs kept), without its `Default value: ...` sentence (which is read
    when no Default bullet gives the default)."""
    if not param.description:
        return
    first = param.description[0][0]
    paragraphs = " ".join(t for _, t in param.description).split(_PARAGRAPH)
    text = "\n\n".join(p for p in (normalise(p) for p in paragraphs) if p)
    prose_default = _PROSE_DEFAULT.search(text)
    if prose_default is not None:
        text = text[: prose_default.start()].strip()
        if not has_default:
            line = next(n for n, t in param.description if "Default value:" in t)
            raw = prose_default["value"]
            draft = param.draft

            def read() -> None:
                _set_default(doc, draft, line, raw, prose=True)

            _degrade(doc, notes, "left without a default", read)
    if text:
        param.draft.set("description", text, first)


def _read_value(text: str) -> tuple[bool, JSON]:
    """A value written on a page: JSON, else a Python literal (`{'height': 2048}`, `None`)."""
    ok, value = parse_json(text)
    if ok:
        return True, value
    try:
        return True, ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return False, None


def _set_default(
    doc: Document, draft: FieldDraft, line: int, text: str, prose: bool = False
) -> None:
    """`null` means "no default, nullable"; prose defaults may be unquoted strings."""
    ok, value = _read_value(text)
    if not ok and prose:
        ok, value = True, text
    if not ok:
        raise doc.fail(line, f"cannot read the default {text!r}", draft.name)
    if value is None:
        draft.set("nullable", True, line)
        return
    draft.set("default", _checked(doc, line, value, "default", draft), line)


def _unticked(text: str) -> str:
    match = re.fullmatch(r"`([^`]*)`", text)
    return match.group(1) if match else text


def _checked(doc: Document, line: int, value: JSON, what: str, draft: FieldDraft) -> JSON:
    t = draft.type_expr()
    if not _fits(value, t):
        raise doc.fail(line, f"the {what} {value!r} is not a valid {_describe(t)}", draft.name)
    return value


def _fits(value: JSON, t: TypeExpr) -> bool:
    if t.enum is not None:
        return value in t.enum and value_fits(value, t)
    if t.type == "union":
        return any(_fits(value, v) for v in t.variants)
    if t.type == "array" and t.items is not None:
        return isinstance(value, list) and all(_fits(v, t.items) for v in value)
    return value_fits(value, t)


def _describe(t: TypeExpr) -> str:
    if t.enum is not None:
        return f"{t.type} of {list(t.enum)!r}"
    return t.type


def _set_range(doc: Document, draft: FieldDraft, line: int, text: str) -> None:
    match = _RANGE.fullmatch(text)
    low = parse_number(match["low"]) if match else None
    high = parse_number(match["high"]) if match else None
    t = draft.type_expr()
    if low is None or high is None:
        raise doc.fail(line, f"cannot read the range {text!r} (expected `a` to `b`)", draft.name)
    if not (bound_fits(low, t) and bound_fits(high, t)):
        raise doc.fail(line, f"the range {text!r} does not fit type {t.type}", draft.name)
    if low > high:
        raise doc.fail(line, f"the range {text!r} is empty", draft.name)
    draft.set("minimum", low, line)
    draft.set("maximum", high, line)


def _set_examples(doc: Document, draft: FieldDraft, line: int, text: str) -> None:
    """Comma-separated JSON values; a `null` among them means the parameter is nullable."""
    ok, values = parse_json(f"[{text}]")
    if not ok or not values:
        raise doc.fail(line, f"cannot read the examples {text[:60]!r}", draft.name)
    if None in values:
        draft.set("nullable", True, line)
    checked = tuple(_checked(doc, line, v, "example", draft) for v in values if v is not None)
    if checked:
        draft.set("examples", checked, line)


def _build(params: list[_Param], vocabulary: Vocabulary) -> tuple[Field, ...]:
    return tuple(p.draft.build(vocabulary) for p in params)
