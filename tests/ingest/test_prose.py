"""The prose-limit reader: what it reads, and (as important) what it leaves alone."""

from __future__ import annotations

import pytest

from generator.ingest.prose import Limit, item_count, value_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Number of images to generate (1-4)", Limit(1, 4, ("(1-4)",))),
        ("Number of images to generate (1-4) Default value: 1", Limit(1, 4, ("(1-4)",))),
        ("Strength (0.1 - 0.9) of the effect", Limit(0.1, 0.9, ("(0.1 - 0.9)",))),
        ("Steps (1–50)", Limit(1, 50, ("(1–50)",))),
        ("Steps (1 to 50)", Limit(1, 50, ("(1 to 50)",))),
        ("Scale (0-20.5)", Limit(0, 20.5, ("(0-20.5)",))),
    ],
)
def test_value_range_reads_a_parenthesised_range(text: str, expected: Limit) -> None:
    assert value_range(text) == expected


def test_value_range_types_its_numbers() -> None:
    limit = value_range("Number of images (1-4)")
    assert limit is not None
    assert type(limit.low) is int and type(limit.high) is int
    limit = value_range("Scale (1.5-4)")
    assert limit is not None
    assert type(limit.low) is float and type(limit.high) is int


@pytest.mark.parametrize(
    "text",
    [
        "The number of images to generate.",
        # advice, not a limit: unparenthesised spans (omnigen-v2's image_guidance_scale)
        "For image editing: 1.3-2.0, for in-context generation: 2.0-3.0 Default value: 2",
        "Between 1 and 4 images.",
        # two ranges: which one binds?
        "Width (64-2048) or height (64-4096)",
        # inverted
        "Scale (10-1)",
        # a range with a unit or other words inside the brackets
        "Size (1-4 MB)",
        "Example (e.g. 1-4)",
        "Negative (-1-4)",
        "",
    ],
)
def test_value_range_leaves_anything_else_alone(text: str) -> None:
    assert value_range(text) is None


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("URLs of input images to use for image editing. Support up to 3 images.", None, 3),
        ("At most 5 loras can be applied", None, 5),
        ("No more than 10 items", None, 10),
        ("A maximum of 4 reference images", None, 4),
        ("Give at least 2 images", 2, None),
        ("At least one image and up to four images", 1, 4),
        ("up to twenty prompts", None, 20),
        ("Support up to 3 images. Up to 3 images are merged.", None, 3),
    ],
)
def test_item_count_reads_count_phrases(text: str, low: int | None, high: int | None) -> None:
    limit = item_count(text)
    assert limit is not None
    assert (limit.low, limit.high) == (low, high)


def test_item_count_keeps_the_phrase() -> None:
    limit = item_count("URLs of input images. Support up to 3 images.")
    assert limit == Limit(None, 3, ("up to 3 images",))


@pytest.mark.parametrize(
    "text",
    [
        "A list of LoRAs to apply to the model.",
        # a size, not a count
        "A set of images (maximum total size 10MB across all style references).",
        "up to 10MB",
        "values up to 3.5",
        # not a plural noun after the number
        "up to 3 image",
        # conflicting upper limits
        "up to 3 images, or up to 4 images with a mask",
        # inverted
        "at least 5 images and at most 2 images",
        "",
    ],
)
def test_item_count_leaves_anything_else_alone(text: str) -> None:
    assert item_count(text) is None
