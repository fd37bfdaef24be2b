"""The request example of a Segmind page, whatever language it is written in.

Segmind's pages show the request body in one of these shapes (found by structure, not by one
variable name):

    const reqBody = {...};   const data = {...};       JavaScript, often all on one line
    data = {...}             payload = {...}           Python
    segmind.run("slug", key=value, ...)                the SDK, keyword arguments only
    curl ... -d '{...}'                                 a shell example

`read_example` finds the first object literal assigned to a name (not `headers`), or else the
keyword arguments of a `.run("slug", ...)` call, and reads it as JSON, Python or JavaScript
literals. A literal it cannot read (`await toB64(...)`) costs a warning, not the page.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Final

from ..spec.input_files import checked_value
from ..spec.model import JSON
from .base import Document
from .page_text import parse_json, python_literal

_ASSIGN = re.compile(r"(?:\b(?:const|let|var)\s+)?(?<![\w$.])(?P<name>[A-Za-z_$][\w$]*)\s*=\s*\{")
_RUN = re.compile(r"\.run\(\s*(?P<q>[\"'])(?P<slug>[A-Za-z0-9][A-Za-z0-9._/-]*)(?P=q)")
_CURL_DATA = re.compile(r"(?:-d|--data(?:-raw)?)\s+'(?P<body>\{.*?\})'", re.DOTALL)
_NOT_BODY: Final = frozenset({"headers", "header", "config", "options", "opts", "axiosconfig"})
_JS_WORDS: Final = {"true": "True", "false": "False", "null": "None", "undefined": "None"}


@dataclass(frozen=True)
class Code:
    """Lines of example code with their page line numbers; `text` joins them with newlines."""

    lines: tuple[tuple[int, str], ...]

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)

    def line_at(self, offset: int) -> int:
        """The page line of a character offset into `text`."""
        pos = 0
        for number, text in self.lines:
            pos += len(text) + 1
            if offset < pos:
                return number
        return self.lines[-1][0] if self.lines else 1


@dataclass
class Example:
    """The request body the example sends, where it starts, and the slug a `.run(...)` names."""

    line: int | None = None
    body: dict[str, JSON] | None = None
    run_slug: str | None = None
    run_line: int | None = None
    warnings: list[str] = field(default_factory=list)


def code_lines(doc: Document, start: int, end: int) -> Code:
    """The lines `start..end-1` with a gutter's line numbers (` 3import segmind`) removed: a
    line loses its leading number only when it is the next number of the gutter."""
    out: list[tuple[int, str]] = []
    expected = 1
    for n in range(start, end):
        raw = doc.lines[n - 1]
        match = re.match(rf"\s*{expected}(?!\d)", raw)
        if match is not None:
            out.append((n, raw[match.end() :]))
            expected += 1
        else:
            out.append((n, raw))
    return Code(tuple(out))


def read_example(doc: Document, code: Code) -> Example:
    """The request example of `code` (see the module docstring)."""
    text = code.text
    found = Example()
    run = _RUN.search(text)
    if run is not None:
        found.run_slug, found.run_line = run["slug"], code.line_at(run.start())
    for match in _ASSIGN.finditer(text):
        if match["name"].lower() in _NOT_BODY:
            continue
        start = match.end() - 1
        end = _balanced(text, start, "{", "}")
        line = code.line_at(start)
        if end is None:
            found.warnings.append(
                doc.warn(line, f"the request example {match['name']!r} is never closed")
            )
            return found
        value = literal(text[start:end])
        if isinstance(value, dict):
            found.line, found.body = line, value
            return found
        value, left_out = _literal_entries(text[start:end])
        if value is None:
            found.warnings.append(
                doc.warn(line, f"cannot read the request example {match['name']!r}; none is kept")
            )
            return found
        found.line, found.body = line, value
        found.warnings.append(
            doc.warn(
                line,
                f"the request example {match['name']!r} computes {', '.join(left_out)} "
                "(not a literal); left out of the example",
            )
        )
        return found
    curl = _CURL_DATA.search(text)
    if curl is not None:
        value = literal(curl["body"])
        if isinstance(value, dict):
            found.line, found.body = code.line_at(curl.start("body")), value
            return found
    if run is not None:
        _read_run(doc, code, run, found)
    return found


def _read_run(doc: Document, code: Code, run: re.Match[str], found: Example) -> None:
    text = code.text
    open_at = text.index("(", run.start())
    end = _balanced(text, open_at, "(", ")")
    if end is None:
        found.warnings.append(
            doc.warn(found.run_line, "the SDK example's run(...) is never closed")
        )
        return
    try:
        call = ast.parse("f" + text[open_at:end].replace("\n", " "), mode="eval").body
    except SyntaxError:
        found.warnings.append(doc.warn(found.run_line, "cannot read the SDK example's run(...)"))
        return
    assert isinstance(call, ast.Call)
    body: dict[str, JSON] = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            return  # `**payload`: the body is the dict, read above when the page shows it
        try:
            body[keyword.arg] = checked_value(ast.literal_eval(keyword.value))
        except (ValueError, TypeError):
            where = code.line_at(text.find(f"{keyword.arg}=", open_at))
            found.warnings.append(
                doc.warn(where, f"the SDK example's {keyword.arg}= is not a literal; left out")
            )
    if body:
        found.line, found.body = found.run_line, body


def literal(text: str) -> JSON:
    """A JSON, Python or JavaScript literal (`true`, trailing commas, single quotes); None
    when it is none of them."""
    ok, value = parse_json(text)
    for candidate in (text, _python_words(text)):
        if ok or candidate is None:
            break
        ok, value = python_literal(candidate.strip())
    return value if ok else None


def _literal_entries(text: str) -> tuple[dict[str, JSON] | None, list[str]]:
    """A dict literal some of whose values are computed (`image_file_to_base64("a.jpg")`,
    `await toB64(...)`): the literal entries, and the keys left out; (None, []) when the text is
    no dict with string keys and at least one literal value."""
    source = _python_words(re.sub(r"\bawait\s+", "", text))
    try:
        tree = ast.parse((source or text).strip(), mode="eval").body
    except (SyntaxError, ValueError):
        return None, []
    if not isinstance(tree, ast.Dict):
        return None, []
    kept: dict[str, JSON] = {}
    left_out: list[str] = []
    for key, value in zip(tree.keys, tree.values, strict=True):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None, []
        try:
            kept[key.value] = checked_value(ast.literal_eval(value))
        except (ValueError, TypeError):
            left_out.append(key.value)
    return (kept, left_out) if kept else (None, [])


def _python_words(text: str) -> str | None:
    """JavaScript as Python: `true`/`false`/`null` outside strings as Python's words, bare
    keys (`{steps: 4}`) quoted; None when it does not tokenize."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    words: list[tuple[int, str]] = []
    for i, t in enumerate(tokens):
        following = tokens[i + 1].string if i + 1 < len(tokens) else ""
        if t.type == tokenize.NAME and following == ":":
            words.append((tokenize.STRING, repr(t.string)))
        elif t.type == tokenize.NAME and t.string in _JS_WORDS:
            words.append((t.type, _JS_WORDS[t.string]))
        else:
            words.append((t.type, t.string))
    return str(tokenize.untokenize(words))


def _balanced(text: str, start: int, opening: str, closing: str) -> int | None:
    """The end (exclusive) of the bracketed span opening at `start`, strings skipped."""
    depth = 0
    quote: str | None = None
    i = start
    while i < len(text):
        char = text[i]
        if quote is not None:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = None
        elif char in "\"'`":
            quote = char
        elif char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None
