"""The docs' range labels follow the one bounds rule (`spec/bounds.py`): the tighter of an
inclusive and an exclusive bound is the one shown, with its own sign."""

from __future__ import annotations

import pytest

from generator.spec.describe import range_label
from generator.spec.model import TypeExpr


@pytest.mark.parametrize(
    ("limits", "label"),
    [
        ({}, ""),
        ({"minimum": 1, "maximum": 10}, "1 ≤ x ≤ 10"),
        ({"exclusive_minimum": 0, "maximum": 14142}, "0 < x ≤ 14142"),
        # both given on one side: the tighter wins, whichever keyword it is
        ({"minimum": 0, "exclusive_minimum": 0}, "0 < x"),
        ({"minimum": 2, "exclusive_minimum": 1}, "2 ≤ x"),
        ({"maximum": 1, "exclusive_maximum": 1}, "x < 1"),
        ({"maximum": 0.5, "exclusive_maximum": 1}, "x ≤ 0.5"),
        ({"minimum": 0, "multiple_of": 0.25}, "0 ≤ x; multiple of 0.25"),
    ],
)
def test_range_label_shows_the_tighter_bound(limits: dict[str, float], label: str) -> None:
    assert range_label(TypeExpr("number").with_(**limits)) == label


def test_range_label_of_lengths_and_variants() -> None:
    text = TypeExpr("string", min_length=1, max_length=8)
    listed = TypeExpr("array", items=TypeExpr("string"), max_items=4)
    assert range_label(text) == "1-8 length"
    assert range_label(listed) == "≤ 4 items"
    union = TypeExpr("union", variants=(TypeExpr("integer", exclusive_minimum=0), text))
    assert range_label(union) == "0 < x; 1-8 length"
