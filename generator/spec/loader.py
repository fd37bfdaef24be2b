"""Reading specs/: every file checked against the spec JSON Schema, then by the semantic rules.

All problems of a batch are collected and raised together as one `ProblemsError`, each with
its file, line and field; nothing here prints a traceback for a bad spec.

specs/ layout:
    providers/<provider>.yaml   hosts, auth, protocols, size presets
    types.yaml                  shared named types (Image, ImageSize, LoraWeight, ...)
    vocabulary.yaml             canonical parameter names and their provider spellings
    <provider>/<endpoint id>.yaml  one endpoint each, e.g. fal/fal-ai/kolors.yaml
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

import jsonschema

from generator import parallel

from . import checks, identifiers, modules
from .codec import endpoint_from_raw, origin_from_raw, typedef_from_raw
from .errors import Problem, ProblemsError
from .input_files import read_text
from .located_yaml import Located, Path_, dotted, load_located
from .model import Endpoint, Provider, SpecSet, TypeDef, Vocabulary
from .quick_check import Check, compile_check

SCHEMA_PATH = Path(__file__).with_name("spec.schema.json")
SUPPORT_FILES = ("types.yaml", "vocabulary.yaml")


@cache
def spec_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@cache
def _validator(definition: str | None) -> jsonschema.Draft202012Validator:
    schema = spec_schema()
    if definition is not None:
        schema = {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    return jsonschema.Draft202012Validator(schema)


@cache
def _quick_check(definition: str | None) -> Check | None:
    return compile_check(spec_schema(), definition)


# ---------------------------------------------------------------------------- schema problems


def schema_problems(doc: Located, definition: str | None = None) -> list[Problem]:
    """Validate a parsed file against the spec schema (or one of its `$defs`). A document the
    quick check passes is valid; any other goes to jsonschema, which finds and words the
    problems (`quick_check`)."""
    quick = _quick_check(definition)
    if quick is not None and quick(doc.data):
        return []
    problems = []
    for error in _validator(definition).iter_errors(doc.data):
        for leaf in _leaf_errors(error):
            path = tuple(leaf.absolute_path)
            message = leaf.message
            unexpected = _unexpected_keys(leaf)
            if unexpected:
                for key in unexpected:
                    key_path = (*path, key)
                    problems.append(
                        Problem(doc.file, doc.line_of(key_path), dotted(key_path), "unknown key")
                    )
                continue
            problems.append(Problem(doc.file, doc.line_of(path), dotted(path) or None, message))
    return problems


def _leaf_errors(error: jsonschema.ValidationError) -> Iterable[jsonschema.ValidationError]:
    """For `anyOf` failures, the errors of the branch that fits the instance's shape best."""
    if error.validator != "anyOf" or not error.context:
        yield error
        return
    branches: dict[Any, list[jsonschema.ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [
        subs
        for subs in branches.values()
        if not any(s.validator == "type" and not s.relative_path for s in subs)
    ]
    if not fitting:
        yield error
        return
    for sub in min(fitting, key=len):
        yield from _leaf_errors(sub)


_UNEXPECTED = re.compile(r"'([^']+)'")


def _unexpected_keys(error: jsonschema.ValidationError) -> list[str]:
    if error.validator not in ("additionalProperties", "unevaluatedProperties"):
        return []
    if "unexpected" not in error.message:
        return []
    inside = error.message.split("(", 1)[-1]
    return _UNEXPECTED.findall(inside)


# ---------------------------------------------------------------------------- overrides


def apply_overrides(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[Path_, Path_]]:
    """The effective spec: `overrides:` laid over the ingested facts.

    Returns the effective data and, for each overridden fact, the path of the override, so a
    problem in an overridden value points at the hand edit that caused it.
    """
    overrides = raw.get("overrides") or {}
    moved: dict[Path_, Path_] = {}
    if not overrides:  # nothing laid over: the facts as ingested (copied only where touched)
        effective = dict(raw)
        for section in ("input", "output"):
            effective.setdefault(section, {})
        return effective, moved
    effective = copy.deepcopy(raw)
    for key in ("title", "category", "model", "summary", "protocols", "python_name"):
        if key in overrides:
            effective[key] = copy.deepcopy(overrides[key])
            moved[(key,)] = ("overrides", key)
    for section in ("input", "output"):
        fields = effective.setdefault(section, {})
        for name, change in (overrides.get(section) or {}).items():
            if change is None:
                fields.pop(name, None)
                continue
            merged = dict(fields.get(name, {}))
            origin = origin_from_raw(merged)
            for fact, value in change.items():
                if value is None:
                    merged.pop(fact, None)
                else:
                    merged[fact] = copy.deepcopy(value)
                origin[fact] = "override"
                moved[(section, name, fact)] = ("overrides", section, name, fact)
            merged["from"] = origin
            moved.setdefault((section, name), ("overrides", section, name))
            fields[name] = merged
    return effective, moved


Locate = Callable[[Path_], int | None]
"""The line of a path of the effective spec."""


def _locator(doc: Located, moved: Mapping[Path_, Path_]) -> Locate:
    """The line of a path of the effective spec: the hand edit's line where one applies."""

    def locate(path: Path_) -> int | None:
        for i in range(len(path), 0, -1):
            if path[:i] in moved:
                return doc.line_of(moved[path[:i]] + path[i:])
        return doc.line_of(path)

    return locate


# ---------------------------------------------------------------------------- single files


def parse_endpoint(text: str, file: str) -> tuple[Endpoint | None, list[Problem], Locate]:
    """One endpoint spec from text: the model, its problems (schema and local rules), and the
    line of any path of the effective spec (for problems found later)."""
    doc, problems = load_located(text, file)
    if doc is None:
        return None, problems, lambda path: None
    if not isinstance(doc.data, dict):
        return None, [Problem(file, 1, None, "a spec must be a mapping")], doc.line_of
    problems += schema_problems(doc)
    if problems:
        return None, problems, doc.line_of
    effective, moved = apply_overrides(doc.data)
    locate = _locator(doc, moved)
    if effective != doc.data:  # without overrides it is the very document that just passed
        problems += schema_problems(Located(effective, doc.lines, file))
    if problems:
        return None, problems, locate
    endpoint = endpoint_from_raw(effective)
    problems += [
        Problem(file, locate(path), dotted(path), message)
        for path, message in checks.local_rules(endpoint)
    ]
    return endpoint, problems, locate


def _load_support(path: Path, definition: str) -> tuple[Located | None, list[Problem]]:
    if not path.exists():
        return None, [Problem(str(path), None, None, "file is missing")]
    try:
        text = read_text(path)
    except ProblemsError as exc:
        return None, list(exc.problems)
    doc, problems = load_located(text, str(path))
    if doc is None:
        return None, problems
    problems += schema_problems(doc, definition)
    return (doc if not problems else None), problems


def _id_pattern_problems(doc: Located) -> list[Problem]:
    pattern = doc.data.get("id_pattern")
    if pattern is None:
        return []
    try:
        re.compile(pattern)
    except re.error as exc:
        line = doc.line_of(("id_pattern",))
        return [Problem(doc.file, line, "id_pattern", f"not a regular expression: {exc}")]
    return []


def _provider(data: Mapping[str, Any]) -> Provider:
    return Provider(
        name=data["provider"],
        title=data["title"],
        auth=dict(data["auth"]),
        base_urls=dict(data["base_urls"]),
        protocols=tuple(data["protocols"]),
        image_size_presets={k: (v[0], v[1]) for k, v in data.get("image_size_presets", {}).items()},
        id_pattern=data.get("id_pattern"),
    )


def _vocabulary(data: Mapping[str, Any]) -> Vocabulary:
    aliases: dict[str, str] = {}
    for canonical, entry in data["canonical"].items():
        aliases[canonical] = canonical
        for alias in (entry or {}).get("aliases", ()):
            aliases[alias] = canonical
    return Vocabulary(aliases)


# ---------------------------------------------------------------------------- the whole tree


def endpoint_files(root: Path) -> list[Path]:
    providers_dir = root / "providers"
    return sorted(
        p
        for p in root.rglob("*.yaml")
        if p.parent != root and providers_dir not in p.parents and p.parent != providers_dir
    )


def load_support(root: Path) -> tuple[SpecSet, list[Problem]]:
    """Providers, shared types and vocabulary; no endpoints yet."""
    problems: list[Problem] = []
    providers: dict[str, Provider] = {}
    for path in sorted((root / "providers").glob("*.yaml")):
        doc, found = _load_support(path, "provider_file")
        problems += found
        if doc is not None:
            problems += _id_pattern_problems(doc)
            providers[doc.data["provider"]] = _provider(doc.data)
    types: dict[str, TypeDef] = {}
    doc, found = _load_support(root / "types.yaml", "types_file")
    problems += found
    if doc is not None:
        types = {n: typedef_from_raw(n, t) for n, t in (doc.data.get("types") or {}).items()}
        for name in types:
            problem = identifiers.type_name_problem(name)
            if problem:
                problems.append(Problem(doc.file, doc.line_of(("types", name)), name, problem))
    vocabulary = Vocabulary({})
    doc, found = _load_support(root / "vocabulary.yaml", "vocabulary_file")
    problems += found
    if doc is not None:
        vocabulary = _vocabulary(doc.data)
    return SpecSet(providers, types, vocabulary, {}), problems


@dataclass(frozen=True)
class CheckedFile:
    """One endpoint spec file, read and checked on its own (`check_file`): everything the
    set-wide checks need of it, small enough to cross process boundaries."""

    path: str
    endpoint: Endpoint | None
    """None when the file could not be read as an endpoint (its problems say why)."""
    problems: tuple[Problem, ...]
    """The file's own problems: reading, YAML, the spec schema, the local rules."""
    set_problems: tuple[Problem, ...]
    """The rules that need the providers, shared types and vocabulary (`checks.set_rules`)."""
    id_line: int | None
    python_name_line: int | None
    """Where the set-wide problems (a duplicate id, a module clash) are reported."""


def check_file(support: SpecSet, path: Path) -> CheckedFile:
    """Read, parse and check one endpoint spec against `support` (providers, shared types and
    vocabulary, as `load_support` gives them); no other endpoint is needed."""
    try:
        text = read_text(path)
    except ProblemsError as exc:
        return CheckedFile(str(path), None, exc.problems, (), None, None)
    endpoint, problems, locate = parse_endpoint(text, str(path))
    if endpoint is None:
        return CheckedFile(str(path), None, tuple(problems), (), None, None)
    set_problems = tuple(
        Problem(str(path), locate(where), dotted(where), message)
        for where, message in checks.set_rules(support, endpoint)
    )
    return CheckedFile(
        str(path),
        endpoint,
        tuple(problems),
        set_problems,
        locate(("id",)),
        locate(("python_name",)),
    )


def assemble(
    support: SpecSet, checked: Iterable[CheckedFile], problems: Iterable[Problem] = ()
) -> SpecSet:
    """The spec set of the checked files (in the order given: of two files with one id, the
    second is the duplicate), after the checks that need all of them (one id per file, one
    module per endpoint). Raises ProblemsError listing `problems` and every problem found."""
    found = list(problems)
    kept: dict[str, CheckedFile] = {}
    for file in checked:
        found += file.problems
        endpoint = file.endpoint
        if endpoint is None:
            continue
        if endpoint.id in kept:
            message = f"endpoint {endpoint.id!r} is also defined in {kept[endpoint.id].path}"
            found.append(Problem(file.path, file.id_line, "id", message))
            continue
        kept[endpoint.id] = file
    endpoints = {i: f.endpoint for i, f in kept.items() if f.endpoint is not None}
    for file in kept.values():
        found += file.set_problems
    for first, second, name in modules.module_clashes(endpoints.values()):
        where = ("python_name",) if second.python_name else ("id",)
        other = kept[second.id]
        line = other.python_name_line if second.python_name else other.id_line
        message = f"{modules.clash_message(first, second, name)} (the other: {kept[first.id].path})"
        found.append(Problem(other.path, line, dotted(where), message))
    if found:
        raise ProblemsError(found)
    paths = {i: f.path for i, f in kept.items()}
    return SpecSet(support.providers, support.types, support.vocabulary, endpoints, paths)


def load_specs(
    root: Path, *, endpoints_from: Iterable[Path] | None = None, jobs: int = 1
) -> SpecSet:
    """Load and check everything under `root`. With `endpoints_from`, the endpoint specs come
    from those folders instead, with `root`'s providers, types and vocabulary (how a folder
    written by `ingest --out` is read). The endpoint files are checked in `jobs` forked
    processes (`generator.parallel`; 1, the default, checks them in this one). Raises
    ProblemsError listing every problem."""
    support, problems = load_support(root)
    if endpoints_from is None:
        files = endpoint_files(root)
    else:
        files = [p for folder in endpoints_from for p in sorted(folder.rglob("*.yaml"))]
    checked = parallel.ordered_map(partial(check_file, support), files, jobs)
    return assemble(support, checked, problems)
