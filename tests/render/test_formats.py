"""String formats the models enforce are enforced by validate() too, so both agree."""

from __future__ import annotations

import pydantic
import pytest
from modelclients.fal import recraft_v3

CASES = [
    ("9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f", True),
    ("9F1C2D3E4B5A4C6D8E7F0A1B2C3D4E5F", True),
    ("00000000-0000-1000-8000-000000000000", False),  # a version-1 UUID
    ("not-a-uuid", False),
    ("", False),
]


@pytest.mark.parametrize(("style_id", "valid"), CASES)
def test_uuid4_field_agrees_between_model_and_validate(style_id: str, valid: bool) -> None:
    payload = {"prompt": "a red panda", "style_id": style_id}
    issues = recraft_v3.validate(payload)
    assert (issues == []) is valid, issues
    if valid:
        recraft_v3.Input.model_validate(payload)
    else:
        assert [issue.path for issue in issues] == ["style_id"]
        with pytest.raises(pydantic.ValidationError):
            recraft_v3.Input.model_validate(payload)
