"""The pieces the Segmind ingesters share: type words, request examples, parameter headers,
one-fact readers; and the structure errors of the newer page (identity, title)."""

from __future__ import annotations

import pytest

from generator.ingest import segmind_legacy_page, segmind_page
from generator.ingest.base import Document
from generator.ingest.page_text import FieldDraft
from generator.ingest.segmind_example import Code, code_lines, literal, read_example
from generator.ingest.segmind_facts import read_values, set_bound, set_default, settle_default
from generator.ingest.segmind_params import header
from generator.ingest.segmind_types import parse
from generator.spec.errors import ProblemsError
from generator.spec.model import TypeExpr
from tests.ingest.test_segmind_variants import SUPPORT, text_of

# ---------------------------------------------------------------------------- type words


@pytest.mark.parametrize(
    ("word", "type_", "is_list", "file", "url", "enum"),
    [
        ("string", "string", False, False, False, False),
        ("str", "string", False, False, False, False),
        ("string (uri)", "string", False, False, True, False),
        ("str (url)", "string", False, False, True, False),
        ("string (base64)", "string", False, True, False, False),
        ("string[]", "string", True, False, False, False),
        ("object[]", "object", True, False, False, False),
        ("integer []", "integer", True, False, False, False),
        ("enum:int", "integer", False, False, False, True),
        ("enum:str", "string", False, False, False, True),
        ("enum: float", "number", False, False, False, True),
        ("image", "string", False, True, False, False),
        ("bool", "boolean", False, False, False, False),
        ("array", "array", True, False, False, False),
        ("array[string]", "string", True, False, False, False),
        ("list<int>", "integer", True, False, False, False),
    ],
)
def test_type_words_are_read_by_structure(
    word: str, type_: str, is_list: bool, file: bool, url: bool, enum: bool
) -> None:
    read = parse(word)
    assert read is not None
    assert (read.type, read.is_list, read.file, read.url, read.is_enum) == (
        type_,
        is_list,
        file,
        url,
        enum,
    )
    assert read.unknown_qualifier is None


def test_unknown_words_and_qualifiers() -> None:
    assert parse("vector") is None
    assert parse("Guidance scale") is None
    odd = parse("string (hex)")
    assert odd is not None and odd.type == "string" and odd.unknown_qualifier == "hex"


# ---------------------------------------------------------------------------- examples


def code(text: str) -> tuple[Document, Code]:
    doc = Document("page.txt", text)
    return doc, code_lines(doc, 1, len(doc.lines) + 1)


@pytest.mark.parametrize(
    "text",
    [
        'const reqBody = { "seed": 3, "fast": true }; axios.post(url, reqBody);',
        'const data = {"seed": 3, "fast": true};',
        'let body = {\n  "seed": 3,\n  "fast": true,\n};',
        'payload = {\n    "seed": 3,\n    "fast": True,\n}',
        'data = {"seed": 3, "fast": True}\nresponse = requests.post(url, json=data)',
        'result = segmind.run(\n    "demo",\n    seed=3,\n    fast=True,\n)',
        "const body = { seed: 3, fast: true };",
        "curl -X POST https://api.segmind.com/v1/demo -H 'x-api-key: KEY' \\\n"
        '  -d \'{"seed": 3, "fast": true}\'',
    ],
)
def test_request_example_in_any_language(text: str) -> None:
    doc, lines = code(text)
    example = read_example(doc, lines)
    assert example.body == {"seed": 3, "fast": True}
    assert example.line is not None and not doc.warnings


def test_headers_object_is_not_the_body_and_gutters_are_removed() -> None:
    doc, lines = code(
        ' 1headers = {"x-api-key": "KEY"}\n 2payload = {"steps": 2}\n 3print(payload)'
    )
    example = read_example(doc, lines)
    assert (example.body, example.line) == ({"steps": 2}, 2)
    assert lines.lines[1] == (2, 'payload = {"steps": 2}')


def test_sdk_call_gives_the_slug_and_its_keywords() -> None:
    doc, lines = code('import segmind\nresult = segmind.run("flux-demo", prompt="a cat", steps=4)')
    example = read_example(doc, lines)
    assert (example.run_slug, example.run_line) == ("flux-demo", 2)
    assert example.body == {"prompt": "a cat", "steps": 4}


@pytest.mark.parametrize(
    "text",
    [
        'const data = { "image": await toB64("x.png"), "steps": 2 };',
        'data = {\n  "image": image_file_to_base64("x.png"),\n  "steps": 2\n}',
    ],
)
def test_computed_values_are_left_out_of_the_example(text: str) -> None:
    doc, lines = code(text)
    example = read_example(doc, lines)
    assert example.body == {"steps": 2}
    ((warning),) = doc.warnings
    assert warning.line == 1 and "computes image (not a literal)" in warning.message


def test_a_body_that_is_no_literal_at_all_is_a_warning() -> None:
    doc, lines = code("const data = { ...defaults, [key]: f() };")
    example = read_example(doc, lines)
    assert example.body is None
    ((warning),) = doc.warnings
    assert warning.line == 1 and "cannot read the request example 'data'" in warning.message


def test_a_keyword_that_is_not_a_literal_is_left_out_with_a_warning() -> None:
    doc, lines = code('segmind.run(\n  "demo",\n  image=to_b64("x.png"),\n  steps=2,\n)')
    example = read_example(doc, lines)
    assert example.body == {"steps": 2}
    ((warning),) = doc.warnings
    assert warning.line == 3 and "image=" in warning.message


def test_literal_reads_json_python_and_javascript() -> None:
    assert literal('{"a": null, "b": [1, 2,]}') == {"a": None, "b": [1, 2]}
    assert literal("{'a': None}") == {"a": None}
    assert literal("{a: 1, b: 'x: y'}") == {"a": 1, "b": "x: y"}
    assert literal("{a: f(1)}") is None


# ---------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("line", "name", "required", "type_text", "pricing"),
    [
        ("promptrequired", "prompt", True, "", False),
        ("base64optional", "base64", False, "", False),
        ("strengthoptional number", "strength", False, "number", False),
        ("samplesoptional Affects Pricing", "samples", False, "", True),
        ("samplesoptionalAffects Pricing", "samples", False, "", True),
        ("samplesAffects Pricingoptional", "samples", False, "", True),
        ("image_optional_maskoptional", "image_optional_mask", False, "", False),
        ("reference_imagesrequired string[]", "reference_images", True, "string[]", False),
    ],
)
def test_parameter_headers(
    line: str, name: str, required: bool, type_text: str, pricing: bool
) -> None:
    found = header(line)
    assert found is not None
    assert (found.name, found.required, found.type_text, found.pricing) == (
        name,
        required,
        type_text,
        pricing,
    )


@pytest.mark.parametrize(
    "line", ["Whether optional", "required", "Guidance scale", "Default: 6", "optional text here"]
)
def test_prose_is_no_header(line: str) -> None:
    assert header(line) is None


# ---------------------------------------------------------------------------- one fact


def draft(type_: str, **facts: object) -> tuple[Document, FieldDraft, list[str]]:
    doc = Document("page.txt", "\n" * 20)
    d = FieldDraft(doc, "x", type_, 1)
    for fact, value in facts.items():
        d.set(fact, value, 2)
    return doc, d, []


@pytest.mark.parametrize(
    ("type_", "raw", "bare", "expected"),
    [
        ("number", "7.5", False, 7.5),
        ("string", '"webp"', False, "webp"),
        ("string", "webp", False, "webp"),
        ("string", "1024x1024", False, "1024x1024"),
        ("boolean", "true", False, True),
        ("array", "[]", False, []),
        ("string", "EulerDiscreteScheduler", True, "EulerDiscreteScheduler"),
        ("integer", "6", True, 6),
        ("boolean", "true", True, True),
    ],
)
def test_defaults_that_are_read(type_: str, raw: str, bare: bool, expected: object) -> None:
    doc, d, notes = draft(type_)
    set_default(doc, d, 3, raw, notes, bare=bare)
    assert d.default() == expected and not notes and not doc.warnings


@pytest.mark.parametrize("raw", ["null", "None", "none", ""])
def test_no_default_words(raw: str) -> None:
    doc, d, notes = draft("string")
    set_default(doc, d, 3, raw, notes, bare=True)
    assert not d.has("default") and not notes


@pytest.mark.parametrize(
    ("type_", "raw", "bare", "fragment"),
    [
        ("string", "1", True, "the default 1 of a text field is a placeholder"),
        ("boolean", "1", True, "the default 1 is not a boolean"),
        ("integer", "2.5", False, "the default 2.5 is not an integer"),
        ("string", "1", False, "the default 1 is not a string"),
        ("integer", "six", True, "cannot read the default 'six'"),
    ],
)
def test_defaults_that_contradict_the_type_are_warnings(
    type_: str, raw: str, bare: bool, fragment: str
) -> None:
    doc, d, notes = draft(type_)
    set_default(doc, d, 3, raw, notes, bare=bare)
    assert not d.has("default")
    ((warning),) = doc.warnings
    assert (warning.line, warning.field) == (3, "x") and fragment in warning.message
    assert notes == [f"Warning: page.txt:3: {warning.message}"]


def test_defaults_that_contradict_the_bounds_or_values_are_placeholders() -> None:
    for facts, value, fragment in (
        ({"minimum": 3, "maximum": 9}, 1, "below the minimum 3"),
        ({"minimum": 3, "maximum": 9}, 12, "above the maximum 9"),
        ({"enum": (2, 4, 8)}, 3, "not one of the allowed values"),
    ):
        doc, d, notes = draft("integer", **facts)
        d.set("default", value, 4)
        settle_default(doc, d, notes)
        assert not d.has("default") and "default" not in d.origin
        ((warning),) = doc.warnings
        assert warning.line == 4 and fragment in warning.message


def test_second_min_is_the_maximum() -> None:
    doc, d, notes = draft("integer")
    set_bound(doc, d, 5, "min", "4,", notes)
    set_bound(doc, d, 7, "min", "10", notes)
    assert (d.type_facts["minimum"], d.type_facts["maximum"]) == (4, 10)
    assert d.origin["maximum"] == "page.txt:7" and not notes


def test_second_min_below_the_first_is_a_warning() -> None:
    doc, d, notes = draft("integer")
    set_bound(doc, d, 5, "min", "4,", notes)
    set_bound(doc, d, 7, "min", "2", notes)
    assert "maximum" not in d.type_facts and doc.warnings[0].line == 7


@pytest.mark.parametrize(
    ("type_", "lines", "enum"),
    [
        ("string", ['"webp""jpg""png"'], ("webp", "jpg", "png")),
        ("string", ["", "1:1", "16:9"], ("1:1", "16:9")),
        ("string", ["", '"a"', '"b"'], ("a", "b")),
        ("integer", ["", "2", "4", "8"], (2, 4, 8)),
        ("integer", ["2, 4, 8"], (2, 4, 8)),
    ],
)
def test_allowed_values(type_: str, lines: list[str], enum: tuple[object, ...]) -> None:
    doc, d, notes = draft(type_)
    read_values(doc, d, list(enumerate(lines, start=10)), notes)
    assert d.type_facts["enum"] == enum and not doc.warnings


@pytest.mark.parametrize(
    ("type_", "lines", "fragment"),
    [
        ("integer", ["", "248"], "look run together"),
        ("string", ["(13 total)", '"a"', '"b"', "+11 more"], "only part of the allowed values"),
        ("string", ["", '"a"', "..."], "only part of the allowed values"),
        ("string", [""], "lists none"),
        ("integer", ["", "2", "four"], "cannot read the allowed value 'four'"),
        ("string", ['"webp""jpg'], "cannot read the allowed value"),
    ],
)
def test_allowed_values_that_give_no_enum(type_: str, lines: list[str], fragment: str) -> None:
    doc, d, notes = draft(type_)
    read_values(doc, d, list(enumerate(lines, start=10)), notes)
    assert "enum" not in d.type_facts
    ((warning),) = doc.warnings
    assert fragment in warning.message and warning.line is not None


def test_list_enum_goes_on_the_items() -> None:
    doc, d, notes = draft("array", items=TypeExpr("string"))
    read_values(doc, d, [(10, '"a""b"')], notes)
    assert d.type_facts["items"] == TypeExpr("string", enum=("a", "b"))


# ---------------------------------------------------------------------------- structure


def ingest(text: str) -> None:
    segmind_page.ingest(Document("page.txt", text), SUPPORT.vocabulary)


def problem(text: str) -> tuple[int | None, str]:
    with pytest.raises(ProblemsError) as caught:
        ingest(text)
    (found,) = caught.value.problems
    assert found.file == "page.txt"
    return found.line, found.message


def test_pages_that_name_two_models_are_refused() -> None:
    text = text_of("v2-first-nano-banana.txt")
    line, message = problem(text.replace('    "nano-banana-demo",', '    "other-model",', 1))
    assert line == 12 and "'other-model'" in message and "'nano-banana-demo'" in message


def test_a_page_naming_no_model_is_refused() -> None:
    text = text_of("v2-first-nano-banana.txt")
    text = (
        text.replace("POST /v2/nano-banana-demo · submit + poll\n", "")
        .replace(' 7    "nano-banana-demo",\n', " 7\n")
        .replace("POST /v2/nano-banana-demo", "POST the job")
    )
    line, message = problem(text)
    assert line is not None and "no 'POST https://api.segmind.com/v1/<slug>'" in message


def test_a_page_that_opens_with_code_has_no_title() -> None:
    text = text_of("params-controlnet-python.txt")
    body = text.split("\n", 4)[4]  # drop the title, summary and run time
    line, message = problem(body)
    assert line == 1 and "model's name" in message


def test_the_title_suffix_is_optional() -> None:
    for name, title in (
        ("params-fast-flux-js.txt", "Fast Flux Demo Serverless API"),
        ("params-controlnet-python.txt", "SD1.5 ControlNet Depth Demo"),
    ):
        assert text_of(name).splitlines()[0] == title


def test_the_v1_url_may_follow_the_parameters() -> None:
    text = text_of("params-controlnet-python.txt")
    block = "API Endpoint\n\nPOSThttps://api.segmind.com/v1/models/sd15-depth-demo\n\n"
    moved = text.replace(block, "").replace("Response Type\n", block + "Response Type\n")
    assert moved != text
    doc = Document("page.txt", moved)
    (e,) = segmind_page.ingest(doc, SUPPORT.vocabulary)
    assert (e.id, e.path, e.protocols) == (
        "segmind/sd15-depth-demo",
        "/v1/models/sd15-depth-demo",
        ("v1",),
    )
    assert len(e.input) == 11


def test_a_second_description_paragraph_does_not_end_the_attributes() -> None:
    text = text_of("legacy-clarity-upscaler.txt")
    old = "How freely the model may invent detail.\n"
    assert old in text
    doc = Document("page.txt", text.replace(old, old + "\nHigher values drift from the photo.\n"))
    (e,) = segmind_legacy_page.ingest(doc, SUPPORT.vocabulary)
    assert len(e.input) == 13
    creativity = e.field_named("input", "creativity")
    assert creativity is not None and creativity.description == (
        "How freely the model may invent detail. Higher values drift from the photo."
    )


def test_a_parameter_without_a_type_line_keeps_its_description() -> None:
    text = text_of("params-fast-flux-js.txt").replace("promptrequired string", "promptrequired")
    doc = Document("page.txt", text)
    (e,) = segmind_page.ingest(doc, SUPPORT.vocabulary)
    prompt = e.field_named("input", "prompt")
    assert prompt is not None and prompt.type.type == "any" and prompt.required
    assert prompt.description == "Text of the picture to make."
    warning = doc.warnings[0]
    assert (warning.field, warning.message) == (
        "prompt",
        "no type line; the type is left open (any)",
    )
