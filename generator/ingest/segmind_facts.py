"""Reading one fact of a Segmind parameter, the same way in every layout.

Each reader records what it can read on the draft and, for what it cannot, a located warning
(`doc.warn`, kept among the endpoint's notes): the fact is left unset and the rest of the page
is read. `settle_default` runs last: a default the page's own type, bounds or allowed values
contradict is a placeholder (Segmind's legacy pages print `( default: 1 )` on text, boolean and
image fields), not a default.
"""

from __future__ import annotations

import json
import re
from typing import Final

from ..spec.input_files import checked_value, json_value
from ..spec.model import JSON, TypeExpr
from .base import Document
from .page_text import FieldDraft, bound_fits, parse_number, value_fits
from .segmind_types import scalar_type

AFFECTS_PRICING: Final = re.compile(r"\s*Affects\s*Pricing\s*", re.IGNORECASE)
"""The marker some pages print after a parameter's name."""
NO_VALUE: Final = frozenset({"none", "null", "undefined"})
"""Defaults that mean "no default"."""
PLACEHOLDER: Final = "1"
"""What legacy pages print as the default of fields that have none."""
RANGE: Final = re.compile(
    r"(?P<low>-?\d+(?:\.\d+)?|-?\.\d+)\s*(?:-|–|—|to)\s*(?P<high>-?\d+(?:\.\d+)?|-?\.\d+)"
)
_CUT_LIST: Final = re.compile(r"\(\s*\d+\s*total\s*\)|^\+\s*\d+\s*more$|^(?:…|\.\.\.)$", re.I)
_RUN_TOGETHER: Final = re.compile(r"\d{2,}")


def bare_value(raw: str, t: TypeExpr) -> tuple[bool, JSON]:
    """A value a page prints without quotes, typed by the parameter: (read?, value)."""
    text = raw.strip()
    if t.type == "string":
        return bool(text), text
    if t.type == "boolean":
        if text.lower() in ("true", "false"):
            return True, text.lower() == "true"
        return False, None
    number = parse_number(text)
    if number is not None and t.type in ("integer", "number") and bound_fits(number, t):
        return True, number
    try:
        value = json_value(text)
    except ValueError:
        return False, None
    return value_fits(value, t), value


def set_default(
    doc: Document, draft: FieldDraft, line: int, raw: str, notes: list[str], *, bare: bool = False
) -> None:
    """`raw` is the text after `Default:` (JSON, or bare text such as `webp`), or, with
    `bare`, inside a legacy `( default: ... )` (always bare text). A value of another type
    than the parameter's is a placeholder: warned about and not kept."""
    text = raw.strip()
    if not text or text.lower() in NO_VALUE:
        return
    t = draft.type_expr()
    readable, value = _default_value(text, t, bare)
    if not readable:
        notes.append(
            doc.warn(line, f"cannot read the default {text!r} of {_kind(draft)}", draft.name)
        )
    elif bare and t.type == "string" and text == PLACEHOLDER:
        field = "file" if t.file else "text"
        notes.append(
            doc.warn(
                line,
                f"the default {text} of a {field} field is a placeholder, not kept",
                draft.name,
            )
        )
    elif not value_fits(value, t):
        notes.append(
            doc.warn(
                line,
                f"the default {text} is not {_kind(draft)}: a placeholder, not kept",
                draft.name,
            )
        )
    else:
        draft.set("default", value, line)


def _default_value(text: str, t: TypeExpr, bare: bool) -> tuple[bool, JSON]:
    if not bare:
        try:
            return True, json_value(text)
        except ValueError:
            pass
    if t.type == "string":
        return bool(text), text
    number = parse_number(text)
    if number is not None:
        return True, number
    if text.lower() in ("true", "false"):
        return True, text.lower() == "true"
    try:
        return True, json_value(text)
    except ValueError:
        return False, None


def set_range(doc: Document, draft: FieldDraft, line: int, text: str, notes: list[str]) -> None:
    """`1 - 25`, `0.5 to 2`: inclusive bounds of a number."""
    match = RANGE.fullmatch(text.strip())
    low = parse_number(match["low"]) if match else None
    high = parse_number(match["high"]) if match else None
    t = draft.type_expr()
    if low is None or high is None:
        notes.append(doc.warn(line, f"cannot read the range {text.strip()!r}", draft.name))
    elif not (bound_fits(low, t) and bound_fits(high, t)) or low > high:
        notes.append(
            doc.warn(line, f"the range {text.strip()!r} does not fit {_kind(draft)}", draft.name)
        )
    else:
        draft.set("minimum", low, line)
        draft.set("maximum", high, line)


def set_bound(
    doc: Document, draft: FieldDraft, line: int, which: str, raw: str, notes: list[str]
) -> None:
    """One `min : 4,` / `max : 10` line. A second `min` where no `max` was given is the
    maximum (legacy pages print it so)."""
    fact = "minimum" if which == "min" else "maximum"
    if fact == "minimum" and draft.has("minimum") and not draft.has("maximum"):
        fact = "maximum"
    value = parse_number(raw.strip().rstrip(","))
    if value is None or not bound_fits(value, draft.type_expr()):
        notes.append(
            doc.warn(line, f"cannot read the {fact} {raw.strip()!r} of {_kind(draft)}", draft.name)
        )
    elif draft.has(fact):
        notes.append(doc.warn(line, f"the page gives a {which} a third time; ignored", draft.name))
    elif fact == "maximum" and value < draft.type_facts.get("minimum", value):
        notes.append(
            doc.warn(line, f"the maximum {value} is below the minimum; ignored", draft.name)
        )
    else:
        draft.set(fact, value, line)


def read_values(
    doc: Document, draft: FieldDraft, lines: list[tuple[int, str]], notes: list[str]
) -> None:
    """The lines after `Allowed values :` (the rest of that line first, maybe empty): values
    glued (`"webp""jpg""png"`), one a line, or both. A list the page itself cuts (`(13 total)`,
    `+3 more`), integers run together (`248`) or a value that is not of the parameter's type
    leave the enum unset, with a warning."""
    allowed_line = lines[0][0] if lines else draft.line
    lines = [(n, t.strip()) for n, t in lines if t.strip()]
    where = lines[0][0] if lines else allowed_line
    t = scalar_type(draft)
    if not lines:
        notes.append(
            doc.warn(
                allowed_line,
                "the page says 'Allowed values' but lists none; the enum is left unset",
                draft.name,
            )
        )
        return
    if any(_CUT_LIST.search(text) for _, text in lines):
        notes.append(
            doc.warn(
                where,
                "the page shows only part of the allowed values; the enum is left unset",
                draft.name,
            )
        )
        return
    if len(lines) == 1 and t.type in ("integer", "number") and _RUN_TOGETHER.fullmatch(lines[0][1]):
        notes.append(
            doc.warn(
                where,
                f"the allowed values {lines[0][1]!r} look run together; the enum is left unset",
                draft.name,
            )
        )
        return
    values: list[JSON] = []
    for n, text in lines:
        read = _glued(text, t)
        if read is None:
            ok, value = (False, None) if text[:1] in "\"'[{" else bare_value(text, t)
            if not ok:
                notes.append(
                    doc.warn(
                        n,
                        f"cannot read the allowed value {text!r}; the enum is left unset",
                        draft.name,
                    )
                )
                return
            read = [value]
        values += [v for v in read if v not in values]
    if draft.type == "array" and isinstance(draft.type_facts.get("items"), TypeExpr):
        draft.set("items", draft.type_facts["items"].with_(enum=tuple(values)), where)
    else:
        draft.set("enum", tuple(values), where)


def _glued(text: str, t: TypeExpr) -> list[JSON] | None:
    """`"webp""jpg""png"` or `2, 4, 8`: every value JSON and of the type; else None."""
    decoder = json.JSONDecoder()
    values: list[JSON] = []
    pos = 0
    while pos < len(text):
        try:
            value, pos = decoder.raw_decode(text, pos)
            value = checked_value(value)
        except (ValueError, RecursionError):
            return None
        if not value_fits(value, t):
            return None
        values.append(value)
        while pos < len(text) and text[pos] in " ,":
            pos += 1
    return values


def settle_default(doc: Document, draft: FieldDraft, notes: list[str]) -> None:
    """Drop, with a warning, a default that the page's own facts contradict."""
    if not draft.has("default"):
        return
    value = draft.default()
    t = draft.type_expr()
    enum = t.enum if t.enum is not None else None
    reason: str | None = None
    if not value_fits(value, t):
        reason = f"is not {_kind(draft)}"
    elif enum is not None and value not in enum:
        reason = "is not one of the allowed values"
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if t.minimum is not None and value < t.minimum:
            reason = f"is below the minimum {t.minimum}"
        elif t.maximum is not None and value > t.maximum:
            reason = f"is above the maximum {t.maximum}"
    if reason is None:
        return
    where = draft.origin["default"]
    line = int(where.rsplit(":", 1)[1])
    del draft.field_facts["default"]
    del draft.origin["default"]
    notes.append(
        doc.warn(
            line,
            f"the default {json.dumps(value)} {reason}: a placeholder, not kept",
            draft.name,
        )
    )


def _kind(draft: FieldDraft) -> str:
    """`an integer`, `a list of string`: the parameter's type, for messages."""
    items = draft.type_facts.get("items")
    if draft.type == "array" and isinstance(items, TypeExpr):
        return f"a list of {items.type}"
    return f"{'an' if draft.type[:1] in 'aeiou' else 'a'} {draft.type}"
