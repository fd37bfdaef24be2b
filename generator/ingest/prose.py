"""Limits that a page states only in words, read strictly.

Some documentation gives a parameter's range nowhere but in its description:
`Number of images to generate (1-4)` or `URLs of input images ... Support up to 3 images.`
The two readers here turn such phrases into bounds, and only when the words leave no doubt:

- `value_range`: a parenthesised `(low-high)` (also `(low–high)`, `(low to high)`) is an
  inclusive value range. Unparenthesised spans such as `for image editing: 1.3-2.0` are advice,
  not limits, and are not read. Two ranges in one text, or a range whose low end is above its
  high end, are ambiguous: no limit.
- `item_count`: `up to N <things>`, `at most N <things>`, `no more than N <things>`,
  `a maximum of N <things>` bound a list from above; `at least N <things>` (also `no fewer
  than`, `a minimum of`) from below. `N` is digits or a number word up to twenty; `<things>` is
  a plural word, perhaps after one other word (`up to 3 input images`), singular only for one
  (`at least one image`); so `up to 10MB`, `at most 3.5` or `up to 3 image` are not counts. A
  side given twice with different numbers is ambiguous.

Each reader answers a `Limit` carrying the exact phrase it read, so an ingester can cite the
line the limit came from; None when the text states no unambiguous limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .page_text import parse_number


@dataclass(frozen=True)
class Limit:
    """An inclusive range read from prose; a side the prose leaves open is None."""

    low: int | float | None
    high: int | float | None
    phrases: tuple[str, ...]
    """The words the limit was read from, as they stand in the text."""


_NUMBER: Final = r"\d+(?:\.\d+)?"
_RANGE: Final = re.compile(rf"\(\s*({_NUMBER})\s*(?:-|–|—|to)\s*({_NUMBER})\s*\)")

_WORDS: Final = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS: Final = {word: value for value, word in enumerate(_WORDS.split())}
_COUNT_WORD: Final = r"\d+|" + "|".join(_NUMBER_WORDS)
_UPPER: Final = r"up to|at most|no more than|a maximum of"
_LOWER: Final = r"at least|no fewer than|a minimum of"
_THINGS: Final = r"(?:[a-z]+\s+)?[a-z]*s\b|[a-z]+\b"
"""A plural word, perhaps after one other word; else one word (accepted only for a count of 1)."""
_COUNT: Final = re.compile(
    rf"\b(?P<side>{_UPPER}|{_LOWER})\s+(?P<count>{_COUNT_WORD})\s+(?P<things>{_THINGS})",
    re.IGNORECASE,
)


def value_range(text: str) -> Limit | None:
    """The one parenthesised inclusive range in `text`, or None (none, several, or inverted)."""
    matches = list(_RANGE.finditer(text))
    if len(matches) != 1:
        return None
    match = matches[0]
    low, high = parse_number(match.group(1)), parse_number(match.group(2))
    if low is None or high is None or low > high:
        return None
    return Limit(low, high, (match.group(0),))


def item_count(text: str) -> Limit | None:
    """How many items a list may hold, as the prose bounds it; None when it does not (clearly)."""
    lows: dict[int, str] = {}
    highs: dict[int, str] = {}
    for match in _COUNT.finditer(text):
        word = match.group("count").lower()
        count = _NUMBER_WORDS.get(word, parse_number(word))
        if not isinstance(count, int):
            continue
        if count != 1 and not match.group("things").lower().endswith("s"):
            continue
        side = match.group("side").lower()
        target = highs if re.fullmatch(_UPPER, side) else lows
        target.setdefault(count, match.group(0))
    if len(lows) > 1 or len(highs) > 1 or not (lows or highs):
        return None
    low = next(iter(lows), None)
    high = next(iter(highs), None)
    if low is not None and high is not None and low > high:
        return None
    return Limit(low, high, (*lows.values(), *highs.values()))
