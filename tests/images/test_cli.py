"""The `modelclients` console script, run in a subprocess against the emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from generator.emulator import Catalogue, Emulator, Scenario

SCRIPT = Path(sys.executable).with_name("modelclients")


@pytest.fixture
def served(generated_catalogue: Catalogue) -> Iterator[Emulator]:
    scenario = Scenario(queue_positions=2, progress_polls=2)
    with Emulator(generated_catalogue, scenario) as emulator:
        yield emulator


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FAL_", "SEGMIND_"))}
    clean.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(SCRIPT), *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_script_is_installed_and_imports_without_pythonpath(tmp_path: Path) -> None:
    done = run(["list", "--search", "kolors", "--provider", "segmind"], {}, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["segmind/kolors\tsegmind\t-\tkolors"]


def test_list_filters_by_category(tmp_path: Path) -> None:
    done = run(["list", "--category", "text-to-image", "--search", "kolors"], {}, tmp_path)
    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == ["fal-ai/kolors"]


def test_describe_shows_types_ranges_enums_defaults(tmp_path: Path) -> None:
    done = run(["describe", "segmind/kolors"], {}, tmp_path)
    assert done.returncode == 0
    assert "  cfg: number; 0..20; default 6 [canonical: guidance_scale]" in done.stdout
    assert "output_format: string; one of webp, jpg, png" in done.stdout


def test_run_help_lists_every_parameter(tmp_path: Path) -> None:
    done = run(["run", "segmind/kolors", "--help"], {}, tmp_path)
    assert done.returncode == 0
    for option in ("--cfg", "--scheduler", "--output-quality", "--guidance-scale", "--num-images"):
        assert option in done.stdout
    assert "0..100" in done.stdout


def test_run_saves_images_and_prints_paths(served: Emulator, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run(
        [
            "run",
            "kolors",
            "--provider",
            "fal",
            "--prompt",
            "a red panda",
            "--num-images",
            "2",
            "--seed",
            "5",
            "-o",
            str(out),
        ],
        served.env(),
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    paths = [Path(line) for line in done.stdout.splitlines()]
    assert [p.name for p in paths] == ["fal-ai_kolors-seed5-1.png", "fal-ai_kolors-seed5-2.png"]
    for path in paths:
        assert path.parent == out
        with Image.open(path) as picture:
            picture.verify()
    # Not a TTY: plain progress lines, queue positions then the model's log lines.
    assert "queued, position" in done.stderr
    assert "log: Generating image" in done.stderr
    assert "\r" not in done.stderr


def test_run_segmind_with_provider_option(served: Emulator, tmp_path: Path) -> None:
    done = run(
        [
            "run",
            "segmind/kolors",
            "--prompt",
            "p",
            "--cfg",
            "3",
            "--output-format",
            "png",
            "-o",
            str(tmp_path),
        ],
        served.env(),
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    (path,) = [Path(line) for line in done.stdout.splitlines()]
    with Image.open(path) as picture:
        assert picture.format == "PNG"


def test_invalid_input_is_one_line_exit_2(served: Emulator, tmp_path: Path) -> None:
    done = run(
        ["run", "segmind/kolors", "--prompt", "p", "--guidance-scale", "25"], served.env(), tmp_path
    )
    assert done.returncode == 2
    assert (
        done.stderr
        == "modelclients: error: guidance_scale=25.0: segmind/kolors cfg allows 0 to 20\n"
    )
    assert done.stdout == ""


def test_unknown_model_exit_2(tmp_path: Path) -> None:
    done = run(["run", "nope", "--prompt", "p"], {}, tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("modelclients: error: unknown model")


def test_missing_key_exit_2_and_no_traceback(served: Emulator, tmp_path: Path) -> None:
    env = {k: v for k, v in served.env().items() if k != "FAL_KEY"}
    done = run(["run", "fal-ai/kolors", "--prompt", "p"], env, tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("modelclients: error:") and "FAL_KEY" in done.stderr
    assert "Traceback" not in done.stderr


def test_provider_error_exit_1_without_the_key(
    generated_catalogue: Catalogue, tmp_path: Path
) -> None:
    with Emulator(generated_catalogue, Scenario(credits=0.0)) as emulator:
        done = run(["run", "segmind/kolors", "--prompt", "p"], emulator.env(), tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("modelclients: error:") == 1
    assert emulator.segmind_key and emulator.segmind_key not in done.stderr


def test_compare_saves_images_contact_sheet_and_timings(served: Emulator, tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    done = run(
        [
            "compare",
            "--prompt",
            "a red panda",
            "--models",
            "fal-ai/kolors,segmind/kolors,fal-ai/kolors/image-to-image",
            "--num-images",
            "2",
            "--image",
            "https://example.invalid/x.png",
            "-o",
            str(out),
        ],
        served.env(),
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    saved = [Path(line) for line in lines if line.startswith(str(out))]
    sheet = out / "contact-sheet.png"
    assert saved[-1] == sheet
    images = saved[:-1]
    # fal text-to-image: 2 images (`image` dropped with a warning), segmind: 1, fal i2i: 2.
    assert len(images) == 5
    for path in images:
        with Image.open(path) as picture:
            picture.verify()
    with Image.open(sheet) as picture:
        assert picture.format == "PNG"
        assert picture.size == (4 * 256, 2 * (256 + 36))
    table = lines[lines.index("") + 1 :]
    assert table[0].split() == ["endpoint", "images", "seed", "seconds"]
    assert [row.split()[0] for row in table[1:]] == [
        "fal-ai/kolors",
        "segmind/kolors",
        "fal-ai/kolors/image-to-image",
    ]
    assert "image: fal-ai/kolors has no parameter for it; dropped" in done.stderr


def test_compare_unknown_model_sends_nothing(served: Emulator, tmp_path: Path) -> None:
    done = run(
        ["compare", "--prompt", "p", "--models", "fal-ai/kolors,nope", "-o", str(tmp_path / "c")],
        served.env(),
        tmp_path,
    )
    assert done.returncode == 2 and "unknown model 'nope'" in done.stderr
    assert not (tmp_path / "c").exists()
