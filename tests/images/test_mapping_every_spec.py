"""Every endpoint with canonical names: each canonical argument reaches that endpoint's own field,
and its ranges (read from the endpoint's Input model) are enforced under both names."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from modelclients import InputValidationError, images

ARGUMENTS = {
    "guidance_scale": "guidance_scale",
    "num_images": "num_images",
    "seed": "seed",
    "steps": "num_inference_steps",
    "negative_prompt": "negative_prompt",
}
IDS = sorted(images.ENDPOINTS)


def test_table_covers_kolors_on_both_providers() -> None:
    assert {"fal-ai/kolors", "segmind/kolors"} <= set(IDS)
    assert len(IDS) > 100


def _bounds(schema: dict[str, Any]) -> tuple[float | None, float | None]:
    for option in (schema, *schema.get("anyOf", ())):
        if "maximum" in option or "minimum" in option:
            return option.get("minimum"), option.get("maximum")
    return None, None


@pytest.mark.parametrize("endpoint_id", IDS)
def test_each_canonical_argument_reaches_its_field(endpoint_id: str) -> None:
    entry = images.ENDPOINTS[endpoint_id]
    module = importlib.import_module(entry.module)
    fields = module.Input.model_fields
    assert set(entry.params.values()) <= set(fields), "table names a field the Input lacks"
    properties = module.Input.model_json_schema().get("properties", {})
    for argument, concept in ARGUMENTS.items():
        target = entry.params.get(concept)
        if target is None:
            with pytest.raises(InputValidationError, match=f"^{argument}: {endpoint_id} has no"):
                images.CATALOGUE._plan(endpoint_id, "p", None, True, {concept: 1}, {})
            continue
        low, high = _bounds(properties.get(target, {}))
        value: Any = "text" if argument == "negative_prompt" else (low if low is not None else 1)
        call = images.CATALOGUE._plan(endpoint_id, "p", None, True, {concept: value}, {})
        assert call.payload[target] == value
        if high is not None:
            bad = images.CATALOGUE._plan(endpoint_id, "p", None, True, {concept: high + 1}, {})
            with pytest.raises(InputValidationError) as caught:
                images.CATALOGUE._validated(bad)
            assert f"{argument}={high + 1!r}: {endpoint_id} {target} allows" in str(caught.value)
