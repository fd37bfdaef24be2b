"""The fal playground ingester on the real ten-page file, field by field, and on broken copies.

The expected parameters of each endpoint are tables in page order: name and the facts the page
states (type in a compact notation, default, enum, bounds, file). `facts()` reads the same
facts off a Field, so each table is compared whole: a missing, extra or re-ordered parameter
fails as surely as a wrong default. Defaults are also compared by Python type (5 vs 5.0 vs "5").
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.ingest import fal_js_corpus, fal_playground
from generator.ingest.base import Document
from generator.spec.dump import dump_endpoint
from generator.spec.errors import ProblemsError
from generator.spec.loader import load_specs, load_support
from generator.spec.model import MISSING, Endpoint, Field, TypeDef, TypeExpr, Vocabulary

ROOT = Path(__file__).resolve().parents[2]
PAGE = "sources/fal/pages/playground-ten-models.txt"
LABEL = "sources/fal/pages/playground-ten-models.txt"
SEEDS = ROOT.parent / "shared" / "seeds"

IDS = [
    "fal-ai/hidream-i1-full",
    "fal-ai/ideogram/v2",
    "fal-ai/stable-diffusion-v35-large",
    "fal-ai/omnigen-v2",
    "fal-ai/imagen4/preview",
    "fal-ai/hidream-i1-fast",
    "fal-ai/flux-1/schnell",
    "fal-ai/imagen4/preview/fast",
    "fal-ai/recraft/v2/text-to-image",
    "fal-ai/f-lite/standard",
]


# ---------------------------------------------------------------------------- helpers


def page_text() -> str:
    return (ROOT / PAGE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return load_support(ROOT / "specs")[0].vocabulary


@pytest.fixture(scope="module")
def endpoints(vocabulary: Vocabulary) -> dict[str, Endpoint]:
    found = fal_playground.ingest(Document(PAGE, page_text()), vocabulary)
    return {e.id: e for e in found}


def ingest_text(text: str, vocabulary: Vocabulary, **kwargs: Any) -> list[Endpoint]:
    return fal_playground.ingest(Document(PAGE, text), vocabulary, **kwargs)


def shape(t: TypeExpr) -> str:
    """`list<LoraWeight>`, `ImageSize | string`, `integer`, ..."""
    if t.type == "array" and t.items is not None:
        return f"list<{shape(t.items)}>"
    if t.type == "union":
        return " | ".join(shape(v) for v in t.variants)
    return t.type


def facts(f: Field) -> dict[str, Any]:
    """The facts a table states about one field."""
    t = f.type
    out: dict[str, Any] = {"type": shape(t)}
    if f.default is not MISSING:
        out["default"] = f.default
    enums = [v.enum for v in (t, *t.variants) if v.enum is not None]
    if enums:
        (out["enum"],) = enums
    for bound in ("minimum", "maximum", "exclusive_minimum", "exclusive_maximum"):
        if getattr(t, bound) is not None:
            out[bound] = getattr(t, bound)
    for bound in ("min_items", "max_items"):
        if getattr(t, bound) is not None:
            out[bound] = getattr(t, bound)
    if t.file or (t.items is not None and t.items.file):
        out["file"] = True
    return out


def assert_fields(
    fields: tuple[Field, ...],
    expected: list[tuple[str, dict[str, Any]]],
    required: frozenset[str] = frozenset(),
) -> None:
    assert [(f.name, facts(f)) for f in fields] == expected
    for f, (_, want) in zip(fields, expected, strict=True):
        if "default" in want:
            assert type(f.default) is type(want["default"]), f.name
        assert f.required is (f.name in required), f.name


def origin(endpoint: Endpoint, name: str, fact: str, section: str = "input") -> str:
    f = endpoint.field_named(section, name)
    assert f is not None
    return f.origin[fact]


def at(line: int) -> str:
    return f"{LABEL}:{line}"


# ---------------------------------------------------------------------------- expected tables

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
SIZES = ("square_hd", "square", "portrait_4_3", "portrait_16_9", "landscape_4_3", "landscape_16_9")
FORMATS = ("jpeg", "png")
SIZE = {"type": "ImageSize | string", "enum": SIZES}
SYNC = ("sync_mode", BOOLEAN)
SEED = ("seed", INTEGER)
SAFETY = ("enable_safety_checker", {"type": "boolean", "default": True})
ONE_IMAGE = ("num_images", {"type": "integer", "default": 1})
EMPTY_NEGATIVE = ("negative_prompt", {"type": "string", "default": ""})
JPEG = ("output_format", {"type": "string", "default": "jpeg", "enum": FORMATS})
ASPECT_RATIOS_IMAGEN = ("1:1", "16:9", "9:16", "3:4", "4:3")
ASPECT_RATIOS_IDEOGRAM = (
    *("10:16", "16:10", "9:16", "16:9", "4:3", "3:4"),
    *("1:1", "1:3", "3:1", "3:2", "2:3"),
)
RECRAFT_STYLES = (
    *("any", "realistic_image", "digital_illustration", "vector_illustration"),
    "realistic_image/b_and_w",
    "realistic_image/enterprise",
    "realistic_image/hard_flash",
    "realistic_image/hdr",
    "realistic_image/motion_blur",
    "realistic_image/natural_light",
    "realistic_image/studio_portrait",
    "digital_illustration/2d_art_poster",
    "digital_illustration/2d_art_poster_2",
    "digital_illustration/3d",
    "digital_illustration/80s",
    "digital_illustration/engraving_color",
    "digital_illustration/glow",
    "digital_illustration/grain",
    "digital_illustration/hand_drawn",
    "digital_illustration/hand_drawn_outline",
    "digital_illustration/handmade_3d",
    "digital_illustration/infantile_sketch",
    "digital_illustration/kawaii",
    "digital_illustration/pixel_art",
    "digital_illustration/psychedelic",
    "digital_illustration/seamless",
    "digital_illustration/voxel",
    "digital_illustration/watercolor",
    "vector_illustration/cartoon",
    "vector_illustration/doodle_line_art",
    "vector_illustration/engraving",
    "vector_illustration/flat_2",
    "vector_illustration/kawaii",
    "vector_illustration/line_art",
    "vector_illustration/line_circuit",
    "vector_illustration/linocut",
    "vector_illustration/seamless",
    "icon/broken_line",
    "icon/colored_outline",
    "icon/colored_shapes",
    "icon/colored_shapes_gradient",
    "icon/doodle_fill",
    "icon/doodle_offset_fill",
    "icon/offset_fill",
    "icon/outline",
    "icon/outline_gradient",
    "icon/uneven_fill",
)
OMNIGEN_NEGATIVE = (
    "(((deformed))), blurry, over saturation, bad anatomy, disfigured, poorly drawn face,"
    " mutation, mutated, (extra_limb), (ugly), (poorly drawn hands), fused fingers, messy"
    " drawing, broken legs censor, censored, censor_bar"
)

INPUTS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "fal-ai/hidream-i1-full": [
        ("prompt", STRING),
        EMPTY_NEGATIVE,
        ("image_size", SIZE),
        ("num_inference_steps", {"type": "integer", "default": 50}),
        SEED,
        ("guidance_scale", {"type": "number", "default": 5}),
        SYNC,
        ONE_IMAGE,
        SAFETY,
        JPEG,
        ("loras", {"type": "list<LoraWeight>"}),
    ],
    "fal-ai/ideogram/v2": [
        ("prompt", STRING),
        ("aspect_ratio", {"type": "string", "default": "1:1", "enum": ASPECT_RATIOS_IDEOGRAM}),
        ("expand_prompt", {"type": "boolean", "default": True}),
        SEED,
        (
            "style",
            {
                "type": "string",
                "default": "auto",
                "enum": ("auto", "general", "realistic", "design", "render_3D", "anime"),
            },
        ),
        SYNC,
        EMPTY_NEGATIVE,
    ],
    "fal-ai/stable-diffusion-v35-large": [
        ("prompt", STRING),
        EMPTY_NEGATIVE,
        ("num_inference_steps", {"type": "integer", "default": 28}),
        SEED,
        ("guidance_scale", {"type": "number", "default": 3.5}),
        SYNC,
        ONE_IMAGE,
        SAFETY,
        JPEG,
        ("controlnet", {"type": "ControlNet"}),
        ("image_size", SIZE),
        ("loras", {"type": "list<LoraWeight>"}),
        ("ip_adapter", {"type": "IPAdapter"}),
    ],
    "fal-ai/omnigen-v2": [
        ("prompt", STRING),
        ("input_image_urls", {"type": "list<string>", "max_items": 3, "file": True}),
        ("image_size", {**SIZE, "default": "square_hd"}),
        ("num_inference_steps", {"type": "integer", "default": 50}),
        SEED,
        ("text_guidance_scale", {"type": "number", "default": 5}),
        ("image_guidance_scale", {"type": "number", "default": 2}),
        ("negative_prompt", {"type": "string", "default": OMNIGEN_NEGATIVE}),
        ("cfg_range_start", NUMBER),
        ("cfg_range_end", {"type": "number", "default": 1}),
        ("scheduler", {"type": "string", "default": "euler", "enum": ("euler", "dpmsolver")}),
        SYNC,
        ONE_IMAGE,
        SAFETY,
        JPEG,
    ],
    "fal-ai/imagen4/preview": [
        ("prompt", STRING),
        EMPTY_NEGATIVE,
        ("aspect_ratio", {"type": "string", "default": "1:1", "enum": ASPECT_RATIOS_IMAGEN}),
        ("num_images", {"type": "integer", "default": 1, "minimum": 1, "maximum": 4}),
        SEED,
    ],
    "fal-ai/hidream-i1-fast": [
        ("prompt", STRING),
        EMPTY_NEGATIVE,
        ("image_size", SIZE),
        ("num_inference_steps", {"type": "integer", "default": 16}),
        SEED,
        SYNC,
        ONE_IMAGE,
        SAFETY,
        JPEG,
    ],
    "fal-ai/flux-1/schnell": [
        ("prompt", STRING),
        ("image_size", {**SIZE, "default": "landscape_4_3"}),
        ("num_inference_steps", {"type": "integer", "default": 4}),
        SEED,
        SYNC,
        ONE_IMAGE,
        SAFETY,
        ("output_format", {"type": "string", "default": "png", "enum": FORMATS}),
        (
            "acceleration",
            {"type": "string", "default": "regular", "enum": ("none", "regular", "high")},
        ),
    ],
    "fal-ai/imagen4/preview/fast": [
        ("prompt", STRING),
        EMPTY_NEGATIVE,
        ("aspect_ratio", {"type": "string", "default": "1:1", "enum": ASPECT_RATIOS_IMAGEN}),
        ("num_images", {"type": "integer", "default": 1, "minimum": 1, "maximum": 4}),
        SEED,
    ],
    "fal-ai/recraft/v2/text-to-image": [
        ("prompt", STRING),
        ("image_size", {**SIZE, "default": "square_hd"}),
        ("style", {"type": "string", "default": "realistic_image", "enum": RECRAFT_STYLES}),
        ("colors", {"type": "list<RGBColor>"}),
        ("style_id", STRING),
        ("enable_safety_checker", BOOLEAN),
    ],
    "fal-ai/f-lite/standard": [
        ("prompt", STRING),
        EMPTY_NEGATIVE,
        ("image_size", {**SIZE, "default": "landscape_4_3"}),
        ("num_inference_steps", {"type": "integer", "default": 28}),
        SEED,
        ("guidance_scale", {"type": "number", "default": 3.5}),
        SYNC,
        ONE_IMAGE,
        SAFETY,
    ],
}

IMAGES_OUT = [
    ("images", {"type": "list<Image>"}),
    ("timings", {"type": "Timings"}),
    SEED,
    ("has_nsfw_concepts", {"type": "list<boolean>"}),
    ("prompt", STRING),
]
FILES_OUT = [("images", {"type": "list<File>"}), SEED]
OUTPUTS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "fal-ai/hidream-i1-full": [],
    "fal-ai/ideogram/v2": FILES_OUT,
    "fal-ai/stable-diffusion-v35-large": IMAGES_OUT,
    "fal-ai/omnigen-v2": IMAGES_OUT,
    "fal-ai/imagen4/preview": FILES_OUT,
    "fal-ai/hidream-i1-fast": IMAGES_OUT,
    "fal-ai/flux-1/schnell": IMAGES_OUT,
    "fal-ai/imagen4/preview/fast": FILES_OUT,
    "fal-ai/recraft/v2/text-to-image": [("images", {"type": "list<File>"})],
    "fal-ai/f-lite/standard": IMAGES_OUT,
}

# The page's own definitions of the types each endpoint keeps locally.
PAGE_IMAGE_SIZE = [
    ("width", {"type": "integer", "default": 512}),
    ("height", {"type": "integer", "default": 512}),
]
PAGE_IMAGE = [
    ("url", STRING),
    ("width", INTEGER),
    ("height", INTEGER),
    ("content_type", {"type": "string", "default": "image/jpeg"}),
]
PAGE_FILE = [
    ("url", STRING),
    ("content_type", STRING),
    ("file_name", STRING),
    ("file_size", INTEGER),
    ("file_data", STRING),
]
LOCAL_TYPES: dict[str, dict[str, list[tuple[str, dict[str, Any]]]]] = {
    "fal-ai/hidream-i1-full": {
        "ImageSize": PAGE_IMAGE_SIZE,
        "LoraWeight": [
            ("path", STRING),
            ("weight_name", STRING),
            ("scale", {"type": "number", "default": 1}),
        ],
    },
    "fal-ai/ideogram/v2": {},
    "fal-ai/stable-diffusion-v35-large": {
        "ControlNet": [
            ("path", STRING),
            ("control_image_url", {"type": "string", "file": True}),
            ("conditioning_scale", {"type": "number", "default": 1}),
            ("start_percentage", NUMBER),
            ("end_percentage", {"type": "number", "default": 1}),
        ],
        "IPAdapter": [
            ("path", STRING),
            ("subfolder", STRING),
            ("weight_name", STRING),
            ("image_encoder_path", STRING),
            ("image_encoder_subfolder", STRING),
            ("image_encoder_weight_name", STRING),
            ("image_url", {"type": "string", "file": True}),
            ("mask_image_url", {"type": "string", "file": True}),
            ("mask_threshold", {"type": "number", "default": 0.5}),
            ("scale", NUMBER),
        ],
        "Image": PAGE_IMAGE,
        "ImageSize": PAGE_IMAGE_SIZE,
        "LoraWeight": [("path", STRING), ("scale", {"type": "number", "default": 1})],
    },
    "fal-ai/omnigen-v2": {"Image": PAGE_IMAGE, "ImageSize": PAGE_IMAGE_SIZE},
    "fal-ai/imagen4/preview": {"File": PAGE_FILE},
    "fal-ai/hidream-i1-fast": {"Image": PAGE_IMAGE, "ImageSize": PAGE_IMAGE_SIZE},
    "fal-ai/flux-1/schnell": {"Image": PAGE_IMAGE, "ImageSize": PAGE_IMAGE_SIZE},
    "fal-ai/imagen4/preview/fast": {"File": PAGE_FILE},
    "fal-ai/recraft/v2/text-to-image": {
        "File": PAGE_FILE,
        "ImageSize": PAGE_IMAGE_SIZE,
        "RGBColor": [("r", INTEGER), ("g", INTEGER), ("b", INTEGER)],
    },
    # f-lite ends the file inside its Image: the shared one is used (test_the_whole_file_warns_once)
    "fal-ai/f-lite/standard": {"ImageSize": PAGE_IMAGE_SIZE},
}


# ---------------------------------------------------------------------------- the real page


def test_the_copy_is_the_seed_byte_for_byte() -> None:
    seed = SEEDS / "003_773a62f513335e75.txt"
    if not seed.exists():
        pytest.skip("the shared seeds are not on this machine")
    assert (ROOT / PAGE).read_bytes() == seed.read_bytes()


def test_ten_endpoints_in_page_order(endpoints: dict[str, Endpoint]) -> None:
    assert list(endpoints) == IDS


@pytest.mark.parametrize("endpoint_id", IDS)
def test_inputs(endpoints: dict[str, Endpoint], endpoint_id: str) -> None:
    # only `prompt` is in both the submit snippet and the JSON example request
    assert_fields(endpoints[endpoint_id].input, INPUTS[endpoint_id], frozenset({"prompt"}))


@pytest.mark.parametrize("endpoint_id", IDS)
def test_outputs(endpoints: dict[str, Endpoint], endpoint_id: str) -> None:
    assert_fields(endpoints[endpoint_id].output, OUTPUTS[endpoint_id])


@pytest.mark.parametrize("endpoint_id", IDS)
def test_local_types(endpoints: dict[str, Endpoint], endpoint_id: str) -> None:
    types = endpoints[endpoint_id].types
    expected = LOCAL_TYPES[endpoint_id]
    assert sorted(types) == sorted(expected)
    for name, properties in expected.items():
        assert types[name].type.type == "object"
        assert_fields(types[name].type.properties or (), properties)


@pytest.mark.parametrize("endpoint_id", IDS)
def test_endpoint_facts(endpoints: dict[str, Endpoint], endpoint_id: str) -> None:
    e = endpoints[endpoint_id]
    assert e.provider == "fal"
    assert e.protocols == ("run", "queue")
    assert e.category is None
    assert e.sources[LABEL].path == PAGE
    assert e.sources[LABEL].layout == "fal-playground"
    assert any(n.startswith("Required inputs inferred") for n in e.notes)
    assert e.examples["request"]["prompt"]


def test_titles_and_summaries(endpoints: dict[str, Endpoint]) -> None:
    got = {i: (e.title, e.summary) for i, e in endpoints.items()}
    assert got == {
        "fal-ai/hidream-i1-full": (None, None),
        "fal-ai/ideogram/v2": (
            None,
            "Ideogram's state-of-the-art image generation model."
            " Can be used as an API directly from fal.",
        ),
        "fal-ai/stable-diffusion-v35-large": (None, None),
        "fal-ai/omnigen-v2": (None, None),
        "fal-ai/imagen4/preview": (None, "Generate images using Google's Imagen 4 model."),
        "fal-ai/hidream-i1-fast": (None, None),
        "fal-ai/flux-1/schnell": (
            None,
            "FLUX.1 [schnell], turbo mode for next generation text-to-image model FLUX.",
        ),
        "fal-ai/imagen4/preview/fast": (
            None,
            "Generate images using Google's Imagen 4 Fast model.",
        ),
        "fal-ai/recraft/v2/text-to-image": ("Recraft V2", None),
        "fal-ai/f-lite/standard": ("F-Lite", None),
    }
    imagen = endpoints["fal-ai/imagen4/preview"]
    about = next(n for n in imagen.notes if n.startswith("About:"))
    assert "The model excels at:\nCapturing fine details and textures\n" in about


def test_canonical_names(endpoints: dict[str, Endpoint]) -> None:
    flux = endpoints["fal-ai/flux-1/schnell"]
    assert {f.name: f.canonical for f in flux.input} == {
        "prompt": "prompt",
        "image_size": "image_size",
        "num_inference_steps": "num_inference_steps",
        "seed": "seed",
        "sync_mode": "sync_mode",
        "num_images": "num_images",
        "enable_safety_checker": "enable_safety_checker",
        "output_format": "output_format",
        "acceleration": None,
    }
    omnigen = endpoints["fal-ai/omnigen-v2"]
    assert omnigen.field_named("input", "text_guidance_scale").canonical is None  # type: ignore[union-attr]
    assert omnigen.field_named("input", "scheduler").canonical == "scheduler"  # type: ignore[union-attr]


def test_descriptions_lose_the_default_sentence(endpoints: dict[str, Endpoint]) -> None:
    def description(endpoint_id: str, name: str) -> str | None:
        f = endpoints[endpoint_id].field_named("input", name)
        assert f is not None
        return f.description

    assert description("fal-ai/ideogram/v2", "aspect_ratio") == (
        "The aspect ratio of the generated image"
    )
    assert description("fal-ai/imagen4/preview", "num_images") == (
        "Number of images to generate (1-4)"
    )
    assert description("fal-ai/omnigen-v2", "image_guidance_scale") == (
        "The Image Guidance scale controls how closely the model follows the input images."
        " For image editing: 1.3-2.0, for in-context generation: 2.0-3.0"
    )
    assert description("fal-ai/ideogram/v2", "prompt") is None
    assert description("fal-ai/recraft/v2/text-to-image", "image_size") is None
    image = endpoints["fal-ai/flux-1/schnell"].types["Image"].type.properties or ()
    assert [(p.name, p.description) for p in image][-1] == ("content_type", None)


def test_recraft_style_enum_is_complete(endpoints: dict[str, Endpoint]) -> None:
    style = endpoints["fal-ai/recraft/v2/text-to-image"].field_named("input", "style")
    assert style is not None and style.type.enum is not None
    # The brief said 50; the page lists 47 distinct values, all kept in page order.
    assert len(style.type.enum) == 47
    assert style.type.enum[4] == "realistic_image/b_and_w"
    assert all(isinstance(v, str) for v in style.type.enum)
    assert style.origin["enum"] == at(2247)


def test_ideogram_aspect_ratio_and_ignored_v3_types(endpoints: dict[str, Endpoint]) -> None:
    ideogram = endpoints["fal-ai/ideogram/v2"]
    aspect = ideogram.field_named("input", "aspect_ratio")
    assert aspect is not None and aspect.type.enum is not None
    assert "1:1" in aspect.type.enum
    assert aspect.default == "1:1"
    assert aspect.origin == {
        "type": at(371),
        "description": at(372),
        "default": at(372),
        "enum": at(374),
    }
    # None of the V3 types is used: no types, no parameters from them.
    assert ideogram.types == {}
    assert [f.name for f in ideogram.input] == [name for name, _ in INPUTS["fal-ai/ideogram/v2"]]
    ignored = [n for n in ideogram.notes if n.startswith("`Other types` also lists")]
    for name in ("ReplaceBackgroundInputV3", "ColorPalette", "ColorPaletteMember", "RGBColor"):
        assert f"`Other types` also lists {name}, which" in "\n".join(ignored)


def test_types_identical_to_shared_ones_are_referenced(endpoints: dict[str, Endpoint]) -> None:
    # ideogram/v2's File states exactly what the shared File states: referenced, not copied.
    ideogram = endpoints["fal-ai/ideogram/v2"]
    assert "File" not in ideogram.types
    assert ideogram.output[0].type.items == TypeExpr("File")
    # imagen4's File adds `file_data`: kept locally. Timings is only shared.
    assert "File" in endpoints["fal-ai/imagen4/preview"].types
    assert all("Timings" not in e.types for e in endpoints.values())


def test_shared_types_can_be_passed_in(vocabulary: Vocabulary) -> None:
    shared = {"Timings": TypeDef("Timings", TypeExpr("object", additional=TypeExpr("number")))}
    found = {e.id: e for e in ingest_text(page_text(), vocabulary, shared=shared)}
    # Without a shared File, ideogram/v2 keeps the page's own.
    ideogram_file = found["fal-ai/ideogram/v2"].types["File"].type.properties or ()
    assert [p.name for p in ideogram_file] == ["url", "content_type", "file_name", "file_size"]


def test_prose_bounds_and_their_provenance(endpoints: dict[str, Endpoint]) -> None:
    for endpoint_id, line in (
        ("fal-ai/imagen4/preview", 1404),
        ("fal-ai/imagen4/preview/fast", 2054),
    ):
        imagen = endpoints[endpoint_id]
        assert origin(imagen, "num_images", "minimum") == at(line)
        assert origin(imagen, "num_images", "maximum") == at(line)
    omnigen = endpoints["fal-ai/omnigen-v2"]
    assert origin(omnigen, "input_image_urls", "max_items") == at(1143)
    assert origin(omnigen, "input_image_urls", "file") == at(1142)
    # "For image editing: 1.3-2.0, ..." is advice: no bounds (see the table).


def test_provenance_of_some_facts(endpoints: dict[str, Endpoint]) -> None:
    hidream = endpoints["fal-ai/hidream-i1-full"]
    assert hidream.field_named("input", "guidance_scale").origin == {  # type: ignore[union-attr]
        "type": at(172),
        "description": at(173),
        "default": at(173),
    }
    assert origin(hidream, "image_size", "enum") == at(157)
    assert origin(hidream, "image_size", "examples") == at(159)
    assert origin(hidream, "loras", "items") == at(189)
    flux = endpoints["fal-ai/flux-1/schnell"]
    assert origin(flux, "output_format", "default") == at(1851)
    assert origin(flux, "acceleration", "default") == at(1856)
    assert origin(flux, "seed", "type", section="output") == at(1876)
    width = endpoints["fal-ai/f-lite/standard"].types["ImageSize"].type.properties[0]  # type: ignore[index]
    assert width.origin == {"type": at(2557), "description": at(2558), "default": at(2558)}


def test_custom_size_note_is_the_example(endpoints: dict[str, Endpoint]) -> None:
    for e in endpoints.values():
        size = e.field_named("input", "image_size")
        if size is not None:
            assert size.examples == ({"width": 1280, "height": 720},)


def test_examples(endpoints: dict[str, Endpoint]) -> None:
    hidream = endpoints["fal-ai/hidream-i1-full"]
    assert hidream.examples == {
        "request": {
            "prompt": "a cat holding a skateboard which has 'fal' written on it in red spray paint",
            "negative_prompt": "",
            "image_size": {"height": 1024, "width": 1024},
            "num_inference_steps": 50,
            "guidance_scale": 5,
            "num_images": 1,
            "enable_safety_checker": True,
            "output_format": "jpeg",
            "loras": [],
        }
    }
    assert endpoints["fal-ai/ideogram/v2"].examples["response"] == {
        "images": [{"url": "https://fal.media/files/monkey/cNaoxPl0YAWYb-QVBvO9F_image.png"}],
        "seed": 123456,
    }
    assert endpoints["fal-ai/recraft/v2/text-to-image"].examples["request"] == {
        "prompt": "a red panda in Kyoto",
        "image_size": "square_hd",
        "style": "realistic_image",
        "colors": [],
    }


def test_examples_with_unescaped_quotes_are_read_literally(endpoints: dict[str, Endpoint]) -> None:
    flux = endpoints["fal-ai/flux-1/schnell"]
    assert 'The word "FLUX" is painted over it' in flux.examples["request"]["prompt"]
    assert flux.examples["request"]["acceleration"] == "regular"
    assert any(at(1862) in n and "unescaped quotes" in n for n in flux.notes)
    imagen = endpoints["fal-ai/imagen4/preview"]
    assert '"NET WT 5 LBS (80 OZ) 2.27kg"' in imagen.examples["request"]["prompt"]


def test_notes(endpoints: dict[str, Endpoint]) -> None:
    hidream = endpoints["fal-ai/hidream-i1-full"]
    assert hidream.output == ()
    assert "response" not in hidream.examples
    assert any("documents no output" in n and at(207) in n for n in hidream.notes)
    assert any("streaming" in n and at(43) in n for n in hidream.notes)
    assert any("`Other types` also lists Image," in n for n in hidream.notes)
    assert not any("streaming" in n for n in endpoints["fal-ai/ideogram/v2"].notes)
    assert any("streaming" in n for n in endpoints["fal-ai/hidream-i1-fast"].notes)
    assert any("TextToImageInputTexture" in n for n in endpoints["fal-ai/f-lite/standard"].notes)
    for e in endpoints.values():
        assert not any("is not one of its enum values" in n for n in e.notes)


def test_every_endpoint_loads_as_a_spec(endpoints: dict[str, Endpoint], tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs" / "providers", specs / "providers")
    for name in ("types.yaml", "vocabulary.yaml"):
        shutil.copy(ROOT / "specs" / name, specs / name)
    for e in endpoints.values():
        path = specs / "fal" / f"{e.id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_endpoint(e), encoding="utf-8")
    loaded = load_specs(specs)
    assert sorted(loaded.endpoints) == sorted(IDS)
    for e in endpoints.values():
        assert loaded.endpoints[e.id] == e


# ---------------------------------------------------------------------------- detection


def test_detect_accepts_the_playground_file() -> None:
    assert fal_playground.detect(page_text())


def other_documents() -> list[Path]:
    mine = ROOT / PAGE
    found = [p for p in sorted((ROOT / "sources").rglob("*")) if p.is_file() and p != mine]
    if SEEDS.exists():
        found += [p for p in sorted(SEEDS.glob("0*.txt")) if not p.name.startswith("003_")]
    return found


@pytest.mark.parametrize("path", other_documents(), ids=lambda p: p.name)
def test_detect_rejects_other_documents(path: Path) -> None:
    assert not fal_playground.detect(path.read_text(encoding="utf-8", errors="replace"))


@pytest.mark.parametrize(
    "text",
    [
        '{"1)fal-ai/x": "5. Schema"}',
        "[]",
        "",
        "2)fal-ai/flux-1/schnell\n5. Schema\n#\nInput\n#\n",  # does not start at page 1
        "1)fal-ai/flux-1/schnell\nAbout\n",  # no schema
    ],
)
def test_detect_rejects_lookalikes(text: str) -> None:
    assert not fal_playground.detect(text)


# ---------------------------------------------------------------------------- broken pages


def broken(
    vocabulary: Vocabulary, lines: list[str], **kwargs: Any
) -> tuple[int | None, str | None, str]:
    """Ingest edited lines; answer the (line, field, message) of the one problem raised."""
    with pytest.raises(ProblemsError) as caught:
        ingest_text("\n".join(lines) + "\n", vocabulary, **kwargs)
    (problem,) = caught.value.problems
    assert problem.file == PAGE
    return problem.line, problem.field, problem.message


def page_lines() -> list[str]:
    return page_text().splitlines()


def replaced(line: int, old: str, new: str) -> list[str]:
    lines = page_lines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    return lines


def test_truncated_in_the_middle_of_the_inputs(vocabulary: Vocabulary) -> None:
    lines = page_lines()[:2455]  # f-lite/standard, inside image_size
    line, _, message = broken(vocabulary, lines)
    assert line == 2455
    assert "ends before its `Output` heading" in message


def test_truncated_in_the_middle_of_an_example(vocabulary: Vocabulary) -> None:
    lines = page_lines()[:2485]  # f-lite/standard, inside the request example
    line, _, message = broken(vocabulary, lines)
    assert line == 2485
    assert "ends before its `Output` heading" in message


def test_an_example_that_never_closes(vocabulary: Vocabulary) -> None:
    lines = page_lines()
    del lines[205]  # hidream-i1-full: the `}` closing the request example
    line, _, message = broken(vocabulary, lines)
    assert line == 193
    assert "never closes" in message


def test_truncated_in_the_middle_of_other_types(vocabulary: Vocabulary) -> None:
    lines = page_lines()[:219]  # hidream-i1-full, before LoraWeight is defined
    (first, *_), warnings = warned(vocabulary, lines)
    ((line, _, message),) = warnings
    assert "the file ends inside `ImageSize`" in message and "truncated?" in message
    assert "ImageSize" not in first.types  # the shared one: the page's may be cut
    line, _, message = broken(vocabulary, lines, shared={})
    assert line == 189
    assert "'LoraWeight' is used but neither the page nor specs/types.yaml defines it" in message


def test_truncated_before_the_schema(vocabulary: Vocabulary) -> None:
    lines = page_lines()[:100]
    line, _, message = broken(vocabulary, lines)
    assert line == 1
    assert "no `5. Schema`" in message


def warned(
    vocabulary: Vocabulary, lines: list[str], **kwargs: Any
) -> tuple[list[Endpoint], list[tuple[int | None, str | None, str]]]:
    """Ingest edited lines that still read; answer the endpoints and the warnings beyond the
    one the whole file has (see test_the_whole_file_warns_once)."""
    doc = Document(PAGE, "\n".join(lines) + "\n")
    endpoints = fal_playground.ingest(doc, vocabulary, **kwargs)
    assert all(w.file == PAGE for w in doc.warnings)
    found = [(w.line, w.field, w.message) for w in doc.warnings]
    return endpoints, [w for w in found if w[2] != _LAST_PAGE_WARNING]


_LAST_PAGE_WARNING = (
    "the file ends inside `Image`, the last type of this page (truncated?); "
    "the shared `Image` is used instead"
)


def test_the_whole_file_warns_once(vocabulary: Vocabulary) -> None:
    """f-lite, the last page, ends the file inside its last type (`Image`): the layout cannot
    tell that from a cut, so it says so and uses the shared `Image`."""
    doc = Document(PAGE, page_text())
    (*_, f_lite) = fal_playground.ingest(doc, vocabulary)
    assert [(w.line, w.message) for w in doc.warnings] == [(2565, _LAST_PAGE_WARNING)]
    assert "Image" not in f_lite.types


def test_a_used_type_nobody_defines_is_an_open_object(vocabulary: Vocabulary) -> None:
    doc = Document(PAGE, page_text())
    endpoints, problems = fal_playground.ingest_all(doc, vocabulary, shared={})
    # the last page ends the file inside `Other types`: Timings may have been cut off there
    assert [(p.line, "truncated?" in p.message) for p in problems] == [(2495, True)]
    assert len(endpoints) == 9
    warnings = [(w.line, w.field, w.message) for w in doc.warnings]
    lines = [line for line, _, message in warnings if "'Timings'" in message]
    assert lines[0] == 915  # stable-diffusion-v35-large `timings Timings`: the first use
    sd35 = next(e for e in endpoints if e.id == "fal-ai/stable-diffusion-v35-large")
    assert sd35.types["Timings"].type.additional is True
    assert any(n.startswith(f"Warning: {PAGE}:915:") for n in sd35.notes)


def test_one_broken_page_costs_only_itself(vocabulary: Vocabulary) -> None:
    lines = page_lines()
    del lines[205]  # hidream-i1-full: the `}` closing the request example
    endpoints, problems = fal_playground.ingest_all(
        Document(PAGE, "\n".join(lines) + "\n"), vocabulary
    )
    assert [p.line for p in problems] == [193]
    assert len(endpoints) == 9 and "fal-ai/hidream-i1-full" not in {e.id for e in endpoints}


def test_object_and_null_defaults(vocabulary: Vocabulary) -> None:
    lines = replaced(185, 'Default value: "jpeg"', "Default value: null")
    size = "Default value: {'height': 2048, 'width': 2048}"
    at = next(i for i, t in enumerate(lines) if t.startswith("The size of the generated image"))
    lines[at] = f"{lines[at]} {size}"
    endpoints, warnings = warned(vocabulary, lines)
    assert warnings == []
    first = endpoints[0]
    output_format = first.field_named("input", "output_format")
    assert output_format is not None and output_format.default is MISSING
    assert output_format.type.nullable
    image_size = first.field_named("input", "image_size")
    assert image_size is not None and image_size.default == {"height": 2048, "width": 2048}


@pytest.mark.parametrize(
    ("line", "old", "new", "field", "says"),
    [
        (167, "Default value: 50", "Default value: 5O", "num_inference_steps", "'5O' as a integer"),
        (167, "Default value: 50", "Default value: 50.5", "num_inference_steps", "as a integer"),
        (173, "Default value: 5", "Default value: five", "guidance_scale", "as a float"),
        (182, "Default value: true", "Default value: yes", "enable_safety_checker", "boolean"),
        (185, 'Default value: "jpeg"', 'Default value: "jpeg', "output_format", "as a string"),
        (
            152,
            'Default value: ""',
            'Default value: "" Default value: "x"',
            "negative_prompt",
            "as a string",
        ),
    ],
)
def test_garbled_defaults_cost_a_warning_and_the_default(
    vocabulary: Vocabulary, line: int, old: str, new: str, field: str, says: str
) -> None:
    endpoints, warnings = warned(vocabulary, replaced(line, old, new))
    ((got_line, got_field, message),) = warnings
    assert (got_line, got_field) == (line, field)
    assert says in message and "left without a default" in message
    got = endpoints[0].field_named("input", field)
    assert got is not None and got.default is MISSING


def test_two_default_sentences(vocabulary: Vocabulary) -> None:
    lines = page_lines()
    lines.insert(167, "Default value: 60")  # a second line for num_inference_steps
    got_line, got_field, message = broken(vocabulary, lines)
    assert (got_line, got_field) == (168, "num_inference_steps")
    assert "second `Default value:`" in message


def test_an_enum_type_without_values(vocabulary: Vocabulary) -> None:
    lines = page_lines()
    del lines[186]  # hidream-i1-full: "Possible enum values: jpeg, png"
    got_line, got_field, message = broken(vocabulary, lines)
    assert (got_line, got_field) == (184, "output_format")
    assert "without `Possible enum values`" in message


def test_garbled_example(vocabulary: Vocabulary) -> None:
    got_line, _, message = broken(vocabulary, replaced(200, '"num_inference_steps": 50,', '"num_'))
    assert got_line == 200
    assert "does not parse" in message


def test_pages_out_of_order(vocabulary: Vocabulary) -> None:
    got_line, _, message = broken(vocabulary, replaced(240, "2)fal-ai", "3)fal-ai"))
    assert got_line == 240
    assert "out of order" in message


def test_default_outside_the_enum_is_kept_and_reported(vocabulary: Vocabulary) -> None:
    lines = replaced(185, 'Default value: "jpeg"', 'Default value: "webp"')
    hidream = ingest_text("\n".join(lines), vocabulary)[0]
    assert origin(hidream, "output_format", "default") == at(185)
    assert hidream.field_named("input", "output_format").default == "webp"  # type: ignore[union-attr]
    assert any(
        "'webp'" in n and at(185) in n and at(187) in n and "not one of its enum values" in n
        for n in hidream.notes
    )


def test_required_inputs_are_inferred_from_the_example_request(
    endpoints: dict[str, Endpoint], vocabulary: Vocabulary
) -> None:
    corpus_path = ROOT / "sources/fal/openapi/fal-js-image-endpoints.json"
    corpus = Document(str(corpus_path), corpus_path.read_text(encoding="utf-8"))
    in_corpus, _ = fal_js_corpus.ingest_ids(corpus, vocabulary, sorted(endpoints))
    assert len(in_corpus) >= 5
    for schema in in_corpus:
        inferred = {f.name for f in endpoints[schema.id].input if f.required}
        assert inferred == {f.name for f in schema.input if f.required}, schema.id
    recraft = endpoints["fal-ai/recraft/v2/text-to-image"]
    prompt = recraft.field_named("input", "prompt")
    assert prompt is not None and prompt.required
    assert prompt.origin["required"] == "sources/fal/pages/playground-ten-models.txt:2132"
    assert any("inferred" in n and "`prompt`" in n for n in recraft.notes)
