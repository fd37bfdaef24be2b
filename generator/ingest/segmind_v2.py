"""The sections of a newer Segmind page after its parameters, and the v2 result document.

`Sections` finds the headings (each by its first line that is exactly the heading, in any
order). `Response Type` says what v1 answers (`Returns: Image` is the raw bytes, `Returns:
Text/JSON` a JSON document); `Asynchronous requests (v2)` lists the three steps; `Status
states` the states (`QUEUEDAccepted, ...` glued) and bullets; `Common Error Codes` code / name /
description line triples. The v2 result `{status, output, metrics}` is located on the SDK
example's `result["status"]` / `result.get("output")` / `result["metrics"]["..."]` lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ..spec.model import Field, TypeExpr, Vocabulary
from .base import Document
from .page_text import FieldDraft, normalise
from .segmind_example import Code

HEADINGS: Final = {
    "API Endpoint": r"API Endpoints?",
    "Parameters": r"(?:Request |Input )?Parameters",
    "Response Type": r"Response(?: Types?)?",
    "Asynchronous requests (v2)": r"(?:Asynchronous|Async) requests(?: \(v2\))?",
    "Status states": r"Status states",
    "Common Error Codes": r"(?:Common )?Error Codes",
}
_LAST_CLASS: Final = 500
"""The class of HTTP codes a whole `Common Error Codes` table ends with."""
_STATE = re.compile(r"(?P<state>[A-Z][A-Z_]*[A-Z])(?P<text>[A-Z][a-z].*)")
_STEP_CALL = re.compile(r"\s*(?:\d+\.\s*\d*\s*)?(?P<method>GET|POST|PUT|DELETE) (?P<path>/\S+)")
_STEP_TEXT = re.compile(r"\s*(?P<verb>Submit|Poll|Result|Cancel)(?P<text>.*)")
_BULLET = re.compile(r"\s*[•*-] (?P<text>.+)")
_RESULT = re.compile(
    r"""(?:.*\W)?result(?:\[["'](?P<key>\w+)["']\]|\.get\(["'](?P<got>\w+)["']\))"""
    r"""(?:\[["'](?P<sub>\w+)["']\])?\)?\s*(?:#\s*(?P<comment>.*))?"""
)


@dataclass(frozen=True)
class Sections:
    doc: Document
    lines: dict[str, int]

    @classmethod
    def find(cls, doc: Document) -> Sections:
        found: dict[str, int] = {}
        for n, raw in enumerate(doc.lines, start=1):
            text = raw.strip()
            for name, pattern in HEADINGS.items():
                if name not in found and re.fullmatch(pattern, text):
                    found[name] = n
        return cls(doc, found)

    def __contains__(self, name: str) -> bool:
        return name in self.lines

    def start(self, name: str) -> int:
        return self.lines[name]

    def end(self, name: str) -> int:
        """The line of the next heading after `name`'s (the page's end + 1 when none)."""
        start = self.lines[name]
        later = [line for line in self.lines.values() if line > start]
        return min(later, default=len(self.doc.lines) + 1)

    def body(self, name: str) -> list[tuple[int, str]]:
        """The non-blank lines of a section, stripped."""
        if name not in self.lines:
            return []
        return [
            (n, self.doc.lines[n - 1].strip())
            for n in range(self.start(name) + 1, self.end(name))
            if self.doc.lines[n - 1].strip()
        ]


def response_notes(doc: Document, sections: Sections, v1_path: str | None) -> list[str]:
    """`Returns: Image` -> what v1 answers; a JSON kind is not raw bytes."""
    if "Response Type" not in sections or v1_path is None:
        return []
    returns = next(
        ((n, t) for n, t in sections.body("Response Type") if t.startswith("Returns:")), None
    )
    if returns is None:
        return [doc.warn(sections.start("Response Type"), "the Response Type gives no 'Returns:'")]
    kind = returns[1].split(":", 1)[1].strip()
    return [f"v1 (POST {v1_path}) returns: {kind}{returns_what(kind)}"]


def returns_what(kind: str) -> str:
    """The note's tail for what v1 answers: JSON, or raw bytes (an image, audio, ...)."""
    return " (a JSON document)" if "json" in kind.lower() else " (the raw bytes, not JSON)"


def v2_notes(doc: Document, sections: Sections) -> list[str]:
    notes: list[str] = []
    call: str | None = None
    for _, text in sections.body("Asynchronous requests (v2)"):
        step_call, step_text = _STEP_CALL.fullmatch(text), _STEP_TEXT.fullmatch(text)
        if step_call is not None:
            call = f"{step_call['method']} {step_call['path']}"
        elif step_text is not None and call is not None:
            notes.append(f"v2 {step_text['verb'].lower()}: {call} {step_text['text'].strip()}")
            call = None
        elif not re.fullmatch(r"\d+\.?\s*\d*", text):
            notes.append(f"v2: {normalise(text)}")
    return notes + state_notes(doc, sections)[1]


def state_notes(doc: Document, sections: Sections) -> tuple[list[tuple[int, str, str]], list[str]]:
    """(states with their line and meaning, bullet notes) of `Status states`."""
    states: list[tuple[int, str, str]] = []
    notes: list[str] = []
    for n, text in sections.body("Status states"):
        state, bullet = _STATE.fullmatch(text), _BULLET.fullmatch(text)
        if bullet is not None:
            notes.append(f"v2: {bullet['text'].strip()}")
        elif state is not None:
            states.append((n, state["state"], state["text"].strip()))
        else:
            notes.append(doc.warn(n, f"cannot read this status line: {text!r}"))
    return states, notes


def v2_output(
    doc: Document, sections: Sections, code: Code, fallback: int, vocabulary: Vocabulary
) -> tuple[Field, ...]:
    """The v2 result document `{status, output, metrics}`, each located where the page shows
    it (the SDK example's result lines), else on `fallback` (the page's v2 line)."""
    shown = _result_lines(code)
    states = state_notes(doc, sections)[0]
    status_line, _ = shown.get(("status", None), (fallback, None))
    status = FieldDraft(doc, "status", "string", status_line)
    status.set("required", True, status_line)
    if states:
        status.set("enum", tuple(s for _, s, _ in states), states[0][0])
        meaning = "; ".join(f"{s}: {t}" for _, s, t in states)
        status.set("description", f"The request's state. {meaning}", states[0][0])
    output_line, output_note = shown.get(("output", None), (fallback, None))
    output = FieldDraft(doc, "output", "string", output_line)
    output.set("file", True, output_line)  # the media URL (docs/protocols.md §2.3)
    if output_note:
        output.set("description", output_note, output_line)
    metric_lines = sorted(
        (n, sub, note) for (key, sub), (n, note) in shown.items() if key == "metrics" and sub
    )
    line = metric_lines[0][0] if metric_lines else shown.get(("metrics", None), (fallback,))[0]
    metrics = FieldDraft(doc, "metrics", "object", line)
    metrics.set("required", True, line)
    properties = tuple(
        Field(
            name=sub,
            type=TypeExpr(type="number"),
            required=True,
            description=note,
            origin={"type": doc.at(n), "required": doc.at(n)}
            | ({"description": doc.at(n)} if note else {}),
        )
        for n, sub, note in metric_lines
    )
    if properties:
        metrics.set("properties", properties, line)
    else:
        metrics.set("additional", TypeExpr(type="number"), line)
    return (status.build(vocabulary), output.build(vocabulary), metrics.build(vocabulary))


def _result_lines(code: Code) -> dict[tuple[str, str | None], tuple[int, str | None]]:
    """(key, sub-key) -> (line, its comment) for every `result[...]` the example prints."""
    found: dict[tuple[str, str | None], tuple[int, str | None]] = {}
    for n, text in code.lines:
        match = _RESULT.fullmatch(text)
        if match is not None:
            key = match["key"] or match["got"]
            comment = (match["comment"] or "").strip() or None
            found.setdefault((key, match["sub"]), (n, comment))
    return found


def error_notes(doc: Document, sections: Sections) -> list[str]:
    """`Common Error Codes`: an intro line, then code / name / description triples. A code
    that lacks its name or description means the page is cut there: an error."""
    if "Common Error Codes" not in sections:
        return []
    lines = sections.body("Common Error Codes")
    notes: list[str] = []
    last = 0
    i = 0
    while i < len(lines):
        n, text = lines[i]
        if not re.fullmatch(r"\d{3}", text):
            notes.append(normalise(text))
            i += 1
            continue
        if i + 2 >= len(lines) or re.fullmatch(r"\d{3}", lines[i + 2][1]):
            raise doc.fail(n, f"error code {text} lacks its name or description (truncated?)")
        notes.append(f"HTTP {text} {lines[i + 1][1]}: {lines[i + 2][1]}")
        last = int(text)
        i += 3
    if not any(note.startswith("HTTP ") for note in notes):
        raise doc.fail(
            sections.start("Common Error Codes"),
            "'Common Error Codes' lists no code (is the page truncated?)",
        )
    ends_the_page = sections.end("Common Error Codes") > len(doc.lines)
    if ends_the_page and last < _LAST_CLASS and notes[-1].startswith(f"HTTP {last} "):
        # codes come in ascending order and end with the server errors: a table that stops
        # before them is cut, perhaps inside its last row, which is left out
        notes.pop()
        notes.append(
            doc.warn(
                lines[-1][0],
                f"the page looks truncated: its error codes stop at {last}, before the 5xx "
                "server errors; the last row is left out",
            )
        )
    return notes
