"""The one rule for parameters that take files by their name (`ingest/base.py` is_file_name),
used by the page layouts (fal markdown, fal playground, Segmind) and the JSON Schema layouts
alike."""

from __future__ import annotations

import pytest

from generator.ingest.base import is_file_name


@pytest.mark.parametrize(
    ("name", "takes_file"),
    [
        ("image_url", True),
        ("mask_image_url", True),
        ("image_urls", True),
        ("image__url", True),
        # The page layouts' old rule (`endswith`) took a bare `_url`/`_urls` for a file, the
        # JSON Schema layouts' (`.+_urls?`) did not: a name must name something before `_url`.
        ("_url", False),
        ("_urls", False),
        ("url", False),
        ("urls", False),
        ("image_url_2", False),
        ("image_urlx", False),
        ("curl", False),
    ],
)
def test_a_file_parameter_is_something_then_url_or_urls(name: str, takes_file: bool) -> None:
    assert is_file_name(name) is takes_file
