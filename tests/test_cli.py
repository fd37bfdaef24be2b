"""`modelgen ingest / list / show` as a maintainer uses them: output, exit status, files; and
which sub-command modules a command line imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from generator.cli import PLUGGED_COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]
KOLORS_PAGE = ROOT / "sources/fal/pages/kolors.md"
SEGMIND_PAGES = [
    ROOT / "sources/segmind/pages/kolors.txt",
    ROOT / "sources/segmind/pages/kolors-legacy.txt",
]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_ingest_to_a_folder_then_list_and_show(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "try"
    status, printed, _ = run(capsys, "ingest", *map(str, SEGMIND_PAGES), "--out", str(out))
    assert status == 0
    assert "sources/segmind/pages/kolors.txt: segmind-page, 1 endpoint(s)" in printed
    assert (
        "sources/segmind/pages/kolors-legacy.txt:84: negative_prompt: the default 1 "
        "of a text field is a placeholder, not kept" in printed
    )
    assert (out / "segmind/kolors.yaml").is_file()

    status, printed, _ = run(capsys, "list", "--specs", str(out))
    assert status == 0 and printed.splitlines()[0].startswith("segmind/kolors\tsegmind")

    status, printed, _ = run(capsys, "show", "--specs", str(out), "segmind/kolors")
    assert status == 0
    cfg = next(line for line in printed.splitlines() if line.strip().startswith("cfg "))
    assert cfg.split() == ["cfg", "number", "6", "0", "≤", "x", "≤", "20"]
    negative = next(line for line in printed.splitlines() if "negative_prompt" in line)
    assert negative.split() == ["negative_prompt", "string", '""']


def test_show_input_schema_is_a_standalone_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, printed, _ = run(capsys, "show", "fal-ai/kolors", "--input-schema")
    assert status == 0
    schema = json.loads(printed)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["guidance_scale"]["maximum"] == 10
    assert "ImageSize" in schema["$defs"]
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(
        {"prompt": "a red panda", "image_size": {"width": 640, "height": 480}}
    )
    assert not validator.is_valid({"prompt": "a red panda", "guidance_scale": 11})


def test_unknown_layout_is_refused_with_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "notes.txt"
    page.write_text("Just some notes about a model.\n", encoding="utf-8")
    out = tmp_path / "out"
    status, _, err = run(capsys, "ingest", str(page), "--out", str(out))
    assert status == 1
    assert f"{page}:1: layout not recognised; known layouts: fal-markdown, fal-playground" in err
    assert not out.exists()


def test_a_truncated_page_fails_located_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = KOLORS_PAGE.read_text(encoding="utf-8")
    page = tmp_path / "kolors.md"
    page.write_text(text[: text.index("- **`num_images`**")], encoding="utf-8")
    out = tmp_path / "out"
    status, _, err = run(capsys, "ingest", str(page), str(SEGMIND_PAGES[0]), "--out", str(out))
    assert status == 1
    assert err.startswith(f"error: {page}:")
    assert "nothing was written" in err
    assert not out.exists()


def test_a_garbled_range_is_a_located_warning_and_strict_fails_on_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = KOLORS_PAGE.read_text(encoding="utf-8")
    page = tmp_path / "kolors.md"
    page.write_text(text.replace("Range: `1` to `10`", "Range: `1` to `ten`"), encoding="utf-8")
    line = text[: text.index("Range: `1` to `10`")].count("\n") + 1
    out = tmp_path / "out"
    status, printed, _ = run(capsys, "ingest", str(page), "--out", str(out))
    assert status == 0
    assert f"warning: {page}:{line}: guidance_scale: " in printed
    assert "fal-ai/kolors: 11 input(s)" in printed and "1 warning(s)" in printed
    spec = (out / "fal/fal-ai/kolors.yaml").read_text(encoding="utf-8")
    assert f"Warning: {page}:{line}:" in spec  # outside the project: the path as given
    strict = tmp_path / "strict"
    status, printed, err = run(capsys, "ingest", str(page), "--out", str(strict), "--strict")
    assert status == 1
    assert f"{page}:{line}:" in err and "--strict" in printed
    assert not strict.exists()


def test_a_broken_spec_is_reported_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "specs-only"
    (folder / "fal").mkdir(parents=True)
    (folder / "fal/demo.yaml").write_text(
        "id: fal-ai/demo\nprovider: fal\ninput: {\n", encoding="utf-8"
    )
    status, _, err = run(capsys, "list", "--specs", str(folder))
    assert status == 1
    assert f"{folder}/fal/demo.yaml:" in err and "YAML syntax error" in err


def test_show_names_an_unknown_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    status, printed, _ = run(capsys, "show", "fal-ai/no-such-model")
    assert status == 1 and "no endpoint 'fal-ai/no-such-model'" in printed


_LOADED_AFTER = """
import sys
from generator.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
print(",".join(m for m in {modules!r} if m in sys.modules))
"""


@pytest.mark.parametrize(
    ("argv", "loaded"),
    [
        (["generate", "--help"], {"generator.render.cli"}),
        (["serve", "--help"], {"generator.emulator.cli"}),
        (["contract", "--help"], {"generator.contract.cli"}),
        (["--help"], {"generator.render.cli", "generator.emulator.cli", "generator.contract.cli"}),
        (
            ["list", "--help"],
            {"generator.render.cli", "generator.emulator.cli", "generator.contract.cli"},
        ),
    ],
)
def test_a_command_imports_only_its_own_module(argv: list[str], loaded: set[str]) -> None:
    """`modelgen generate` does not import the emulator or the contract check (httpx and more);
    the top-level help, which lists every command, imports them all. In a fresh interpreter."""
    modules = sorted(PLUGGED_COMMANDS.values())
    done = subprocess.run(
        [sys.executable, "-c", _LOADED_AFTER.format(argv=argv, modules=modules)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert set(filter(None, done.stdout.strip().splitlines()[-1].split(","))) == loaded
    if argv == ["--help"]:
        for command in ("ingest", "list", "show", *PLUGGED_COMMANDS):
            assert f"    {command}" in done.stdout, command
