"""Segmind's newer model page ("<Model> Serverless API"), copied as text.

Top to bottom: the title line and a one-paragraph summary; a typical run time (`~84.25s`); a
Python SDK example with numbered lines (` 3import segmind`), whose `payload = {...}` is the
request example and whose `result[...]` lines show the v2 result document; `API Endpoint` with
`POSThttps://api.segmind.com/v1/<slug>` glued; `Parameters`, one entry per parameter:

    cfgoptional                      name glued to required/optional
    number                           type
    Guidance scale                   description (absent for some)
    Default: 6Range: 0 - 20          default (JSON) glued to an inclusive range
    Allowed values :                 then the values, quoted and glued: "webp""jpg""png"

then `Response Type` (`Returns: Image`: v1 answers the image bytes), `Asynchronous requests
(v2)` with its three steps, `Status states` (`QUEUEDAccepted, ...` glued) and its bullets, and
`Common Error Codes` as code / name / description line triples.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from typing import Final

from ..spec.model import JSON, Endpoint, Field, TypeExpr, Vocabulary
from .base import Document
from .page_text import (
    FieldDraft,
    bound_fits,
    find_line,
    is_file_name,
    normalise,
    parse_number,
    settle_required_default,
    value_fits,
)

LAYOUT: Final = "segmind-page"
PROVIDER: Final = "segmind"

_TYPES: Final = {
    "string": "string",
    "number": "number",
    "float": "number",
    "integer": "integer",
    "int": "integer",
    "boolean": "boolean",
    "bool": "boolean",
    "image": "string",
}
_TITLE = re.compile(r"(?P<title>.+?) Serverless API")
_ENDPOINT = re.compile(r"POST\s*https://api\.segmind\.com/v1/(?P<slug>[A-Za-z0-9][A-Za-z0-9._-]*)")
_PARAM = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*?)(?P<req>required|optional)")
_DEFAULT = re.compile(r"Default: (?P<rest>.*)")
_RANGE = re.compile(r"Range: (?P<low>-?[\d.]+)\s*-\s*(?P<high>-?[\d.]+)")
_ALLOWED = re.compile(r"Allowed values\s*:")
_CODE_LINE = re.compile(r" ?\d+(?P<code>(?:[^\d.].*)?)")
_STATE = re.compile(r"(?P<state>[A-Z][A-Z_]*[A-Z])(?P<text>[A-Z][a-z].*)")
_STEP_CALL = re.compile(r"\s*(?P<method>GET|POST|PUT|DELETE) (?P<path>/\S+)")
_STEP_TEXT = re.compile(r"\s*(?P<verb>Submit|Poll|Result|Cancel)(?P<text>.*)")
_BULLET = re.compile(r"\s*• (?P<text>.+)")
_RESULT_STATUS = re.compile(r'.*result\["status"\]\)?\s*(?:#\s*(?P<comment>.*))?')
_RESULT_OUTPUT = re.compile(r'.*result\.get\("output"\)\)?\s*(?:#\s*(?P<comment>.*))?')
_RESULT_METRIC = re.compile(
    r'.*result\["metrics"\]\["(?P<key>\w+)"\]\)?\s*(?:#\s*(?P<comment>.*))?'
)
_SECTIONS: Final = (
    "API Endpoint",
    "Parameters",
    "Response Type",
    r"Asynchronous requests \(v2\)",
    "Status states",
    "Common Error Codes",
)


def detect(text: str) -> bool:
    """The newer Segmind page: a glued `POSThttps://api.segmind.com/v1/...` line and `Parameters`."""
    return (
        re.search(r"^POST\s*https://api\.segmind\.com/v1/\S+$", text, re.MULTILINE) is not None
        and re.search(r"^Parameters$", text, re.MULTILINE) is not None
    )


def ingest(doc: Document, vocabulary: Vocabulary) -> list[Endpoint]:
    sections = _sections(doc)
    title, summary, notes = _read_top(doc)
    slug = _read_endpoint(doc, sections)
    code = _code_lines(doc, 1, sections["API Endpoint"])
    drafts = _read_parameters(doc, sections, notes)
    notes += _response_notes(doc, sections, slug)
    has_v2 = "Asynchronous requests (v2)" in sections
    output: tuple[Field, ...] = ()
    if has_v2:
        notes += _v2_notes(doc, sections)
        output = _v2_output(doc, sections, code, vocabulary)
    notes += _error_notes(doc, sections)
    if "Common Error Codes" not in sections:
        last = max((n for n, t in enumerate(doc.lines, 1) if t.strip()), default=1)
        raise doc.fail(last, "no 'Common Error Codes' section before the page ends (truncated?)")
    example = _payload_example(doc, code)
    return [
        Endpoint(
            id=f"{PROVIDER}/{slug}",
            provider=PROVIDER,
            title=title,
            summary=summary,
            protocols=("v1", "v2") if has_v2 else ("v1",),
            input=tuple(d.build(vocabulary) for d in drafts),
            output=output,
            examples={"request": example} if example is not None else {},
            notes=tuple(notes),
            sources=doc.source(LAYOUT),
        )
    ]


# ---------------------------------------------------------------------------- page layout


def _sections(doc: Document) -> dict[str, int]:
    """Heading line of each known section; `API Endpoint` and `Parameters` are required."""
    found: dict[str, int] = {}
    after = 1
    for pattern in _SECTIONS:
        line = find_line(doc, pattern, after)
        if line is not None:
            found[pattern.replace("\\", "")] = line
            after = line + 1
    for needed in ("API Endpoint", "Parameters"):
        if needed not in found:
            raise doc.fail(None, f"no '{needed}' section (is the page truncated?)")
    return found


def _section_end(doc: Document, sections: dict[str, int], name: str) -> int:
    start = sections[name]
    later = [line for line in sections.values() if line > start]
    return min(later, default=len(doc.lines) + 1)


def _read_top(doc: Document) -> tuple[str, str | None, list[str]]:
    """Title, summary, and the run-time note: the lines above the SDK example."""
    match = _TITLE.fullmatch(doc.lines[0]) if doc.lines else None
    if match is None:
        raise doc.fail(1, "the page does not open with '<Model> Serverless API'")
    summary: list[str] = []
    notes: list[str] = []
    for n in range(2, len(doc.lines) + 1):
        raw = doc.lines[n - 1]
        text = raw.strip()
        if raw.startswith("POST") or _CODE_LINE.fullmatch(raw) or text == "API Endpoint":
            break
        if re.fullmatch(r"~[\d.]+s", text):
            notes.append(f"The page shows a typical run time of {text}")
        elif text:
            summary.append(text)
    return match["title"].strip(), normalise(" ".join(summary)) or None, notes


def _read_endpoint(doc: Document, sections: dict[str, int]) -> str:
    for n in range(sections["API Endpoint"] + 1, sections["Parameters"]):
        match = _ENDPOINT.fullmatch(doc.lines[n - 1].strip())
        if match is not None:
            return match["slug"]
    raise doc.fail(sections["API Endpoint"], "no 'POST https://api.segmind.com/v1/<slug>' line")


# ---------------------------------------------------------------------------- parameters


@dataclass
class _Entry:
    draft: FieldDraft
    description: list[tuple[int, str]] = field(default_factory=list)
    lost_values: bool = False


def _read_parameters(doc: Document, sections: dict[str, int], notes: list[str]) -> list[FieldDraft]:
    end = _section_end(doc, sections, "Parameters")
    entries: list[_Entry] = []
    n = sections["Parameters"] + 1
    while n < end:
        text = doc.lines[n - 1].strip()
        header = _PARAM.fullmatch(text)
        if header is not None:
            entries.append(_start_entry(doc, n, header, end))
            n += 2
            continue
        if not text:
            n += 1
            continue
        if not entries:
            raise doc.fail(
                n, f"expected a parameter ('<name>required' or '<name>optional'): {text!r}"
            )
        n = _read_detail(doc, entries[-1], n, end)
    if not entries:
        raise doc.fail(sections["Parameters"], "the Parameters section lists no parameter")
    for entry in entries:
        _finish_entry(doc, entry, notes)
    return [e.draft for e in entries]


def _start_entry(doc: Document, line: int, header: re.Match[str], end: int) -> _Entry:
    name = header["name"]
    type_line = line + 1
    word = doc.lines[type_line - 1].strip() if type_line < end else ""
    if not word:
        raise doc.fail(type_line, f"no type line for {name!r} (is the page truncated?)", name)
    if word not in _TYPES:
        raise doc.fail(type_line, f"unknown type {word!r} for {name!r}", name)
    draft = FieldDraft(doc, name, _TYPES[word], line)
    draft.origin["type"] = doc.at(type_line)
    if header["req"] == "required":
        draft.set("required", True, line)
    if word == "image" or is_file_name(name):
        draft.set("file", True, type_line)
    return _Entry(draft)


def _read_detail(doc: Document, entry: _Entry, n: int, end: int) -> int:
    """One line (or two, for Allowed values) of a parameter; returns the next line to read."""
    text = doc.lines[n - 1].strip()
    draft = entry.draft
    default = _DEFAULT.fullmatch(text)
    range_only = _RANGE.fullmatch(text)
    if default is not None:
        _set_default_and_range(doc, draft, n, default["rest"])
        _check_default_allowed(doc, draft, n)
    elif range_only is not None:
        _set_range(doc, draft, n, range_only)
    elif _ALLOWED.fullmatch(text):
        following = doc.lines[n].strip() if n < end else ""
        if not following or _PARAM.fullmatch(following):
            entry.lost_values = True
            return n + 1
        draft.set("enum", _glued_values(doc, n + 1, following, draft), n + 1)
        _check_default_allowed(doc, draft, n + 1)
        return n + 2
    elif draft.has("default") or draft.has("enum"):
        raise doc.fail(
            n, f"unexpected text after the facts of {draft.name!r}: {text!r}", draft.name
        )
    else:
        entry.description.append((n, text))
    return n + 1


def _set_default_and_range(doc: Document, draft: FieldDraft, line: int, rest: str) -> None:
    """`6Range: 0 - 20`, `"webp"`, `""`: a JSON default, then maybe a glued range."""
    try:
        value, end = json.JSONDecoder().raw_decode(rest)
    except ValueError:
        raise doc.fail(line, f"cannot read the default {rest!r}", draft.name) from None
    tail = rest[end:].strip()
    if tail:
        match = _RANGE.fullmatch(tail)
        if match is None:
            raise doc.fail(line, f"cannot read {tail!r} after the default", draft.name)
        _set_range(doc, draft, line, match)
    if not value_fits(value, draft.type_expr()):
        raise doc.fail(line, f"the default {value!r} is not a valid {draft.type}", draft.name)
    draft.set("default", value, line)


def _set_range(doc: Document, draft: FieldDraft, line: int, match: re.Match[str]) -> None:
    low, high = parse_number(match["low"]), parse_number(match["high"])
    t = draft.type_expr()
    if low is None or high is None:
        raise doc.fail(line, f"cannot read the range {match.group(0)!r}", draft.name)
    if not (bound_fits(low, t) and bound_fits(high, t)) or low > high:
        raise doc.fail(line, f"the range {match.group(0)!r} does not fit a {t.type}", draft.name)
    draft.set("minimum", low, line)
    draft.set("maximum", high, line)


def _check_default_allowed(doc: Document, draft: FieldDraft, line: int) -> None:
    enum = draft.type_facts.get("enum")
    if enum is not None and draft.has("default") and draft.default() not in enum:
        raise doc.fail(line, f"the default {draft.default()!r} is not an allowed value", draft.name)


def _glued_values(doc: Document, line: int, text: str, draft: FieldDraft) -> tuple[JSON, ...]:
    """`"webp""jpg""png"` -> ("webp", "jpg", "png")."""
    decoder = json.JSONDecoder()
    values: list[JSON] = []
    pos = 0
    while pos < len(text):
        try:
            value, pos = decoder.raw_decode(text, pos)
        except ValueError:
            raise doc.fail(line, f"cannot read the allowed values {text!r}", draft.name) from None
        if not value_fits(value, draft.type_expr()):
            raise doc.fail(line, f"allowed value {value!r} is not a {draft.type}", draft.name)
        values.append(value)
        while pos < len(text) and text[pos] in " ,":
            pos += 1
    return tuple(values)


def _finish_entry(doc: Document, entry: _Entry, notes: list[str]) -> None:
    draft = entry.draft
    if entry.description:
        text = normalise(" ".join(t for _, t in entry.description))
        draft.set("description", text, entry.description[0][0])
    if entry.lost_values:
        notes.append(
            f"{draft.name}: the page says 'Allowed values' but lists none; the enum is left unset"
        )
    settle_required_default(draft, notes)


# ---------------------------------------------------------------------------- SDK example


def _code_lines(doc: Document, start: int, end: int) -> list[tuple[int, str]]:
    """The numbered lines of the SDK example (`12    height=1024,`), numbers removed."""
    lines = []
    for n in range(start, end):
        match = _CODE_LINE.fullmatch(doc.lines[n - 1])
        if match is not None:
            lines.append((n, match["code"]))
    return lines


def _payload_example(doc: Document, code: list[tuple[int, str]]) -> JSON:
    """The `payload = {...}` dict of the example, or None when the page has none."""
    start = next((i for i, (_, c) in enumerate(code) if c.startswith("payload = {")), None)
    if start is None:
        return None
    body: list[str] = []
    for _, text in code[start:]:
        body.append(text)
        if text.strip() == "}":
            break
    else:
        raise doc.fail(code[start][0], "the payload example is never closed")
    try:
        value = ast.literal_eval("\n".join(body).split("=", 1)[1].strip())
    except (ValueError, SyntaxError):
        raise doc.fail(code[start][0], "cannot read the payload example") from None
    if not isinstance(value, dict):
        raise doc.fail(code[start][0], "the payload example is not a mapping")
    return value


# ---------------------------------------------------------------------------- v1/v2 protocol


def _response_notes(doc: Document, sections: dict[str, int], slug: str) -> list[str]:
    if "Response Type" not in sections:
        return []
    start = sections["Response Type"]
    lines = [
        doc.lines[n - 1].strip()
        for n in range(start + 1, _section_end(doc, sections, "Response Type"))
    ]
    returns = next((t for t in lines if t.startswith("Returns:")), None)
    if returns is None:
        raise doc.fail(start, "the Response Type section gives no 'Returns:'")
    kind = returns.split(":", 1)[1].strip()
    return [f"v1 (POST /v1/{slug}) returns: {kind} (the raw bytes, not JSON)"]


def _v2_notes(doc: Document, sections: dict[str, int]) -> list[str]:
    name = "Asynchronous requests (v2)"
    start, end = sections[name], _section_end(doc, sections, name)
    notes: list[str] = []
    call: str | None = None
    for n in range(start + 1, end):
        text = doc.lines[n - 1]
        step_call, step_text = _STEP_CALL.fullmatch(text), _STEP_TEXT.fullmatch(text)
        if step_call is not None:
            call = f"{step_call['method']} {step_call['path']}"
        elif step_text is not None and call is not None:
            notes.append(f"v2 {step_text['verb'].lower()}: {call} {step_text['text'].strip()}")
            call = None
        elif text.strip() and not re.fullmatch(r"\s*\d+\.\s*\d*", text):
            notes.append(f"v2: {normalise(text)}")
    notes += _state_notes(doc, sections)[1]
    return notes


def _state_notes(
    doc: Document, sections: dict[str, int]
) -> tuple[list[tuple[int, str, str]], list[str]]:
    """(states with their line and meaning, bullet notes) of `Status states`."""
    if "Status states" not in sections:
        return [], []
    start, end = sections["Status states"], _section_end(doc, sections, "Status states")
    states: list[tuple[int, str, str]] = []
    notes: list[str] = []
    for n in range(start + 1, end):
        text = doc.lines[n - 1]
        state, bullet = _STATE.fullmatch(text.strip()), _BULLET.fullmatch(text)
        if bullet is not None:
            notes.append(f"v2: {bullet['text'].strip()}")
        elif state is not None:
            states.append((n, state["state"], state["text"].strip()))
        elif text.strip():
            raise doc.fail(n, f"cannot read this status line: {text.strip()!r}")
    return states, notes


def _v2_output(
    doc: Document, sections: dict[str, int], code: list[tuple[int, str]], vocabulary: Vocabulary
) -> tuple[Field, ...]:
    """The v2 result document `{status, output, metrics}`, located on the SDK example's lines."""
    fallback = sections["Asynchronous requests (v2)"]
    states = _state_notes(doc, sections)[0]
    status_line, _ = _code_match(code, _RESULT_STATUS, fallback)
    status = FieldDraft(doc, "status", "string", status_line)
    status.set("required", True, status_line)
    if states:
        status.set("enum", tuple(s for _, s, _ in states), states[0][0])
        meaning = "; ".join(f"{s}: {t}" for _, s, t in states)
        status.set("description", f"The request's state. {meaning}", states[0][0])
    output_line, output_note = _code_match(code, _RESULT_OUTPUT, fallback)
    output = FieldDraft(doc, "output", "string", output_line)
    output.set("file", True, output_line)  # the media URL (docs/protocols.md §2.3)
    if output_note:
        output.set("description", output_note, output_line)
    metrics = _metrics_field(doc, code, fallback)
    return (status.build(vocabulary), output.build(vocabulary), metrics.build(vocabulary))


def _metrics_field(doc: Document, code: list[tuple[int, str]], fallback: int) -> FieldDraft:
    found = [(n, _RESULT_METRIC.fullmatch(text)) for n, text in code]
    metric_lines = [(n, m) for n, m in found if m is not None]
    line = metric_lines[0][0] if metric_lines else fallback
    metrics = FieldDraft(doc, "metrics", "object", line)
    metrics.set("required", True, line)
    properties = tuple(
        Field(
            name=m["key"],
            type=TypeExpr(type="number"),
            required=True,
            description=m["comment"].strip() if m["comment"] else None,
            origin={"type": doc.at(n), "required": doc.at(n)}
            | ({"description": doc.at(n)} if m["comment"] else {}),
        )
        for n, m in metric_lines
    )
    if properties:
        metrics.set("properties", properties, line)
    else:
        metrics.set("additional", TypeExpr(type="number"), line)
    return metrics


def _code_match(
    code: list[tuple[int, str]], pattern: re.Pattern[str], fallback: int
) -> tuple[int, str | None]:
    for n, text in code:
        match = pattern.fullmatch(text)
        if match is not None:
            return n, (match["comment"] or "").strip() or None
    return fallback, None


def _error_notes(doc: Document, sections: dict[str, int]) -> list[str]:
    """`Common Error Codes`: an intro line, then code / name / description triples."""
    if "Common Error Codes" not in sections:
        return []
    start = sections["Common Error Codes"]
    lines = [
        (n, doc.lines[n - 1].strip())
        for n in range(start + 1, _section_end(doc, sections, "Common Error Codes"))
        if doc.lines[n - 1].strip()
    ]
    notes: list[str] = []
    i = 0
    while i < len(lines):
        n, text = lines[i]
        if not re.fullmatch(r"\d{3}", text):
            notes.append(normalise(text))
            i += 1
            continue
        if i + 2 >= len(lines) or re.fullmatch(r"\d{3}", lines[i + 2][1]):
            raise doc.fail(n, f"error code {text} lacks its name or description")
        notes.append(f"HTTP {text} {lines[i + 1][1]}: {lines[i + 2][1]}")
        i += 3
    if not any(note.startswith("HTTP ") for note in notes):
        raise doc.fail(start, "'Common Error Codes' lists no code (is the page truncated?)")
    return notes
