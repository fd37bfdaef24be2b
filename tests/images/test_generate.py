"""images.generate against the emulator: families, canonical mapping, ranges under both names."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from modelclients import InputValidationError, images
from modelclients._runtime._images import UnknownModelError
from PIL import Image

from generator.emulator import Emulator

FAST = {"poll_interval": 0.001, "timeout": 5.0}


def test_kolors_family_has_both_providers() -> None:
    assert images.MODELS["kolors"] == ("fal-ai/kolors", "segmind/kolors")
    assert images.CATALOGUE.resolve("kolors", "segmind").id == "segmind/kolors"
    assert images.CATALOGUE.resolve("kolors", "fal").id == "fal-ai/kolors"


def test_unknown_model_and_provider_are_named() -> None:
    with pytest.raises(UnknownModelError, match="unknown model 'no-such'"):
        images.CATALOGUE.resolve("no-such")
    with pytest.raises(UnknownModelError, match=r"not served by replicate.*fal, segmind"):
        images.CATALOGUE.resolve("kolors", "replicate")
    with pytest.raises(UnknownModelError, match="served by fal, not segmind"):
        images.CATALOGUE.resolve("fal-ai/kolors", "segmind")


def test_segmind_mapping_reaches_provider_fields(emu: Emulator) -> None:
    result = images.generate(
        "kolors",
        "a red panda",
        provider="segmind",
        size=(768, 512),
        num_images=2,
        seed=7,
        guidance_scale=4.5,
        steps=12,
        negative_prompt="blur",
        output_format="png",
        client_options=FAST,
    )
    assert result.endpoint == "segmind/kolors" and result.provider == "segmind"
    assert result.payload == {
        "prompt": "a red panda",
        "width": 768,
        "height": 512,
        "number_of_images": 2,
        "seed": 7,
        "cfg": 4.5,
        "steps": 12,
        "negative_prompt": "blur",
        "output_format": "png",
    }
    assert result.seed == 7
    assert len(result.images) == 1
    picture = Image.open(io.BytesIO(result.images[0].read()))
    assert picture.format == "PNG"
    assert picture.width / picture.height == pytest.approx(768 / 512, rel=0.05)


def test_fal_mapping_and_saved_images(emu: Emulator, tmp_path: Path) -> None:
    result = images.generate(
        "fal-ai/kolors",
        "a red panda",
        size="landscape_4_3",
        num_images=2,
        guidance_scale=6,
        steps=20,
        client_options=FAST,
    )
    assert result.payload == {
        "prompt": "a red panda",
        "image_size": "landscape_4_3",
        "num_images": 2,
        "guidance_scale": 6,
        "num_inference_steps": 20,
    }
    assert len(result.images) == 2
    saved = [f.save(tmp_path / f"{i}.img") for i, f in enumerate(result.images)]
    for path in saved:
        with Image.open(path) as picture:
            assert picture.width / picture.height == pytest.approx(1024 / 768, rel=0.05)
    assert isinstance(result.seed, int)
    assert result.timings["elapsed"] > 0
    assert type(result.output).__module__ == "modelclients.fal.kolors"


def test_explicit_size_becomes_width_height_object_on_fal() -> None:
    call = images.CATALOGUE._plan("fal-ai/kolors", "p", None, True, {"size": (640, 480)}, {})
    assert call.payload["image_size"] == {"width": 640, "height": 480}
    call = images.CATALOGUE._plan("segmind/kolors", "p", None, True, {"size": "square_hd"}, {})
    assert (call.payload["width"], call.payload["height"]) == (1024, 1024)


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ("segmind/kolors", "guidance_scale=25: segmind/kolors cfg allows 0 to 20"),
        ("fal-ai/kolors", "guidance_scale=25: fal-ai/kolors guidance_scale allows 1 to 10"),
    ],
)
def test_range_error_names_both_names_before_any_request(
    emu: Emulator, model: str, message: str
) -> None:
    with pytest.raises(InputValidationError) as caught:
        images.generate(model, "p", guidance_scale=25, client_options=FAST)
    assert str(caught.value) == message


def test_missing_canonical_is_an_error_unless_not_strict() -> None:
    with pytest.raises(InputValidationError, match="image: fal-ai/kolors has no parameter for it"):
        images.generate("fal-ai/kolors", "p", image="https://example.invalid/in.png")
    with pytest.warns(UserWarning, match="image: segmind/kolors has no parameter for it; dropped"):
        call = images.CATALOGUE._plan(
            "segmind/kolors", "p", None, False, {"image_url": "https://example.invalid/a.png"}, {}
        )
    assert call.payload == {"prompt": "p"}


def test_steps_range_error_uses_the_argument_name() -> None:
    with pytest.raises(
        InputValidationError, match=r"^steps=99: segmind/kolors steps allows 1 to 50$"
    ):
        images.generate("segmind/kolors", "p", steps=99)


def test_extra_provider_parameters_are_validated(emu: Emulator) -> None:
    with pytest.raises(InputValidationError, match="scheduler="):
        images.generate("segmind/kolors", "p", scheduler="nope", client_options=FAST)
    result = images.generate(
        "segmind/kolors", "p", scheduler="UniPCMultistepScheduler", client_options=FAST
    )
    assert result.payload["scheduler"] == "UniPCMultistepScheduler"


def test_async_twin(emu: Emulator) -> None:
    result = asyncio.run(
        images.agenerate("kolors", "p", provider="fal", num_images=3, client_options=FAST)
    )
    assert result.endpoint == "fal-ai/kolors" and len(result.images) == 3
