"""Malformed and hostile files give one located error and exit status 1, never a traceback, a
hang or a memory blow-up (issue: hostile input, items 2, 4 and 8 on the generator side)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.spec import input_files
from generator.spec.errors import ProblemsError
from generator.spec.input_files import MAX_JSON_DEPTH, load_json, read_text
from generator.spec.located_yaml import MAX_DEPTH, load_located

from .conftest import ROOT, SPEC, Run, make_specs

SCHNELL = ROOT / "sources/fal/openapi/raw/nodetool-fal/fal-ai__flux__schnell.json"


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def errors_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


def deep_yaml(depth: int) -> str:
    return "input:\n  x:\n    examples: " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize(
    ("rel", "content", "expected"),
    [
        ("fal/demo.yaml", SPEC + billion_laughs(), "fal/demo.yaml:14: expands to more than"),
        ("types.yaml", "types: {}\n" + billion_laughs(), "types.yaml:7: expands to more than"),
        ("fal/demo.yaml", SPEC.encode("utf-8") + "é: 1\n".encode("latin-1"), "is not UTF-8 text"),
        ("fal/demo.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "is not UTF-8 text"),
        ("providers/fal.yaml", "provider: fal\x00\n", "fal.yaml:1: not readable as YAML text"),
        ("providers/fal.yaml", ":::\n\t- [\n", "fal.yaml:2: YAML syntax error"),
        ("fal/demo.yaml", SPEC + "yes: 1\n", "demo.yaml:9: key 'yes' is read as a boolean"),
        (
            "fal/demo.yaml",
            SPEC.replace("  steps:", "  1:"),
            "demo.yaml:6: input: key '1' is read as an integer",
        ),
        (
            "fal/demo.yaml",
            SPEC + "types:\n  Base: &b {type: object}\n  Other:\n    <<: *b\n",
            "demo.yaml:12: types.Other: merge keys (<<) are not supported",
        ),
        (
            "fal/demo.yaml",
            SPEC.replace("maximum: 50", "maximum: .nan"),
            ".nan is not a finite number",
        ),
        (
            "fal/demo.yaml",
            SPEC.replace("default: 4", "default: .inf"),
            ".inf is not a finite number",
        ),
        (
            "fal/demo.yaml",
            SPEC + deep_yaml(MAX_DEPTH + 1),
            f"nested deeper than {MAX_DEPTH} levels",
        ),
        ("fal/demo.yaml", SPEC + deep_yaml(100_000), f"nested deeper than {MAX_DEPTH} levels"),
        (
            "fal/demo.yaml",
            SPEC + "title: !!python/object/apply:os.system [ls]\n",
            "demo.yaml:9: title: YAML tag",
        ),
        (
            "fal/demo.yaml",
            SPEC + "examples: &x [1, *x]\n",
            "demo.yaml:9: alias *x is inside the collection &x names",
        ),
        (
            "fal/demo.yaml",
            SPEC + "types:\n  Loop: &t\n    type: object\n    properties: {me: {a: [*t]}}\n",
            "demo.yaml:12: alias *t is inside the collection &t names",
        ),
        (
            "types.yaml",
            "types:\n  - &a [&b [*a]]\n",
            "types.yaml:2: alias *a is inside the collection &a names",
        ),
        (
            "fal/demo.yaml",
            SPEC.replace("default: 4", "default: " + "9" * 5000),
            "demo.yaml:6: input.steps.default: 999999999999... (5,000 digits) is too long",
        ),
        (
            "fal/demo.yaml",
            SPEC + "title: !!binary aGVsbG8=\n",
            "demo.yaml:9: title: YAML tag 'tag:yaml.org,2002:binary' is not supported",
        ),
        ("fal/demo.yaml", SPEC + "? [a, b]\n: 1\n", "demo.yaml:9: a list is used as a key"),
    ],
)
def test_broken_spec_trees_give_one_located_error(
    rel: str, content: str | bytes, expected: str, tmp_path: Path, cli: Run
) -> None:
    files: dict[str, str | bytes] = {"fal/demo.yaml": SPEC}
    root = make_specs(tmp_path / "specs", files)
    path = root / rel
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    for command in (("list", "--specs", str(root)), ("show", "--specs", str(root), "fal-ai/demo")):
        status, _, err = cli(*command)
        assert status == 1
        assert any(expected in line for line in errors_of(err)), err


def test_deep_nesting_below_the_limit_still_loads(tmp_path: Path, cli: Run) -> None:
    deep = "    examples: [" + "[" * (MAX_DEPTH - 5) + "]" * (MAX_DEPTH - 5) + "]\n"
    spec = SPEC.replace(
        "  steps: {type: integer, default: 4, minimum: 1, maximum: 50}\n",
        "  steps:\n    type: integer\n" + deep,
    )
    root = make_specs(tmp_path / "specs", {"fal/demo.yaml": spec})
    status, out, _ = cli("list", "--specs", str(root))
    assert status == 0 and out.startswith("fal-ai/demo")


def test_generate_refuses_a_bomb_without_touching_the_output(tmp_path: Path, cli: Run) -> None:
    root = make_specs(tmp_path / "specs", {"fal/demo.yaml": SPEC + billion_laughs()})
    out = tmp_path / "generated"
    for extra in ((), ("--check",)):
        status, _, err = cli(
            "generate", "--specs", str(root), "--out", str(out), "--no-cache", *extra
        )
        assert status == 2 and "expands to more than" in err
    assert not out.exists()


def deep_schema_text(levels: int) -> str:
    """A schema nested `levels` objects deep, as JSON text (json.dumps itself would recurse)."""
    opening = '{"type": "object", "properties": {"inner": ' * levels
    return opening + '{"type": "string"}' + "}}" * levels


@pytest.mark.parametrize("levels", [200, 5000])
def test_deeply_nested_openapi_schema_is_a_located_error(
    levels: int, tmp_path: Path, cli: Run
) -> None:
    document = json.loads(SCHNELL.read_text(encoding="utf-8"))
    document["components"]["schemas"]["FluxSchnellInput"]["properties"]["deep"] = "DEEP"
    doc = tmp_path / "deep.json"
    doc.write_text(json.dumps(document).replace('"DEEP"', deep_schema_text(levels)))
    status, _, err = cli("ingest", str(doc), "--out", str(tmp_path / "out"))
    assert status == 1
    assert errors_of(err) == [f"error: {doc}: JSON nested deeper than {MAX_JSON_DEPTH} levels"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        ("documents: 5\n", "manifest.yaml:1: documents: a manifest lists its documents"),
        ("other: 1\n", "manifest.yaml:1: documents: a manifest lists its documents"),
        ("", "manifest.yaml:1: documents: a manifest lists its documents"),
        ("documents:\n  - 5\n", "manifest.yaml:2: documents.0: a document is a path"),
        ("documents: [a.md]\nyes: 1\n", "manifest.yaml:2: key 'yes' is read as a boolean"),
    ],
)
def test_broken_manifests(manifest: str, expected: str, tmp_path: Path, cli: Run) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_text(manifest)
    status, _, err = cli("ingest", "--manifest", str(path), "--out", str(tmp_path / "out"))
    assert status == 1
    assert any(expected in line for line in errors_of(err)), err
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------- file inputs


def test_missing_folder_fifo_and_device_are_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    cases = {
        tmp_path / "missing.md": "no such file",
        tmp_path: "is a folder, not a file",
        fifo: "is not a regular file",
        Path("/dev/zero"): "is not a regular file",
    }
    for path, expected in cases.items():
        with pytest.raises(ProblemsError) as info:
            read_text(path)
        (problem,) = info.value.problems
        assert problem.file == str(path) and expected in problem.message


def test_unreadable_and_oversized_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "page.md"
    page.write_text("x" * 100)
    monkeypatch.setattr(input_files, "MAX_FILE_BYTES", 10)
    with pytest.raises(ProblemsError, match="is 100 bytes; input files are at most"):
        read_text(page)
    monkeypatch.undo()
    page.chmod(0)
    real_open = open

    def denied(path: object, *args: object, **kwargs: object) -> object:
        if path == page:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", denied)
    with pytest.raises(ProblemsError, match="cannot read: Permission denied"):
        read_text(page)


@pytest.mark.parametrize("path", ["/dev/zero", "missing.md", "."])
def test_ingest_of_a_bad_path_is_one_error(path: str, tmp_path: Path, cli: Run) -> None:
    status, _, err = cli("ingest", path, "--out", str(tmp_path / "out"))
    assert (
        status == 1
        and len(errors_of(err)) == 1
        and errors_of(err)[0].startswith(f"error: {path}: ")
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": NaN}', "NaN is not a JSON number"),
        ('{"a": Infinity}', "Infinity is not a JSON number"),
        ('{"a": [1,}', "f.json:1: not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "JSON nested deeper than"),
    ],
)
def test_json_documents_are_strict(text: str, expected: str) -> None:
    with pytest.raises(ProblemsError) as info:
        load_json(text, "f.json")
    assert expected in str(info.value)


def test_dates_and_ratios_stay_the_text_written() -> None:
    """YAML 1.1 reads a plain `2024-01-31` as a date and `16:9` as the base-60 number 969; the
    loader keeps the text (as YAML 1.2 does), so neither reaches a spec as anything JSON lacks
    or as a number nobody wrote. Quoted, tagged `!!str` and ordinary numbers are unchanged."""
    text = (
        "taken: 2024-01-31\nwhen: 2001-12-14t21:59:43.10-05:00\n"
        "ratios: [16:9, 4:3, '21:9', !!str 1:1]\nplain: [1, 2.5, 0x1F, 1_000, true, null]\n"
        "2024-02-01: a date as a key\n"
    )
    located, problems = load_located(text, "f.yaml")
    assert problems == [] and located is not None
    assert located.data == {
        "taken": "2024-01-31",
        "when": "2001-12-14t21:59:43.10-05:00",
        "ratios": ["16:9", "4:3", "21:9", "1:1"],
        "plain": [1, 2.5, 31, 1000, True, None],
        "2024-02-01": "a date as a key",
    }
