"""Rendering: specs/ -> generated/ (`modelgen generate`).

    inputs unchanged since the last run (same specs, same generator)? ─ yes ─▶ that run's tree
    load_specs ─▶ names (module per id, collisions fail) ─▶ per endpoint, in id order:
        cache hit?  ─ yes ─▶ its stored files
                    └ no ──▶ schemas (spec.json_schema) ─▶ models (datamodel-code-generator)
                             ─▶ context ─▶ templates (module, docs, fixtures, tests)
    ─▶ package files (index.json, __init__s, pyproject, docs index) + runtime copy
    ─▶ one ruff run over the freshly rendered files ─▶ the whole tree, in memory
    ─▶ --check: compare with generated/ and list every difference
       otherwise: swap it in (only when something changed)

`generate` is reproducible byte for byte: no timestamps, sorted iteration, paths in stamps
relative to the specs folder, one pinned formatter with settings that ship in generated/.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from generator.spec.loader import load_specs
from generator.spec.model import SpecSet

from . import cache as cache_mod
from . import headers, names, package, runtime
from .catalogue import CatalogueEntry, entry
from .context import EndpointContext, paths_for
from .endpoint import FixtureBuilder, SpecFile, context_only, render_endpoint, schemas
from .formatting import FORMATTED_SUFFIXES, format_files, ruff_executable
from .templating import environment
from .writer import Difference, differences, read_tree, recover_leftovers, replace_tree

__all__ = ["GenerateReport", "GenerationError", "generate"]

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = REPO_ROOT / "templates"
RUNTIME_DIR = TEMPLATES_DIR / "runtime"


class GenerationError(Exception):
    """Generation stopped; generated/ is untouched. str() says what and how to fix it."""


@dataclass(frozen=True)
class GenerateReport:
    out_dir: Path
    endpoints: int
    files: int
    rendered: tuple[str, ...]
    """Endpoint ids rendered from scratch in this run."""
    reused: tuple[str, ...]
    """Endpoint ids whose files came from the cache."""
    written: bool
    """Whether generated/ was replaced (False for --check and for runs that changed nothing)."""
    check: bool
    differences: tuple[Difference, ...] = field(default=())
    """With check=True: every file that differs from, is missing from, or is extra in out_dir."""
    repairs: tuple[str, ...] = field(default=())
    """What this run repaired of a killed earlier run (restored or removed trees), one line each."""

    @property
    def ok(self) -> bool:
        return not self.differences

    def summary(self) -> str:
        work = f"{len(self.rendered)} rendered, {len(self.reused)} reused from cache"
        if self.check:
            state = "up to date" if self.ok else f"{len(self.differences)} file(s) out of date"
            return f"check {self.out_dir}: {state} ({self.endpoints} endpoints, {work})"
        state = "written" if self.written else "unchanged"
        return f"{self.out_dir}: {state}, {self.files} files, {self.endpoints} endpoints ({work})"


def generate(
    specs_root: Path,
    out_dir: Path,
    *,
    check: bool = False,
    templates_dir: Path | None = None,
    runtime_dir: Path | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> GenerateReport:
    """Render every spec under `specs_root` into `out_dir` (or compare, with `check=True`).

    Raises `ProblemsError` for bad specs and `GenerationError` for anything else that stops
    generation (name collisions, a type the code generator refuses, unfixable lint); in both
    cases `out_dir` is left as it was. The per-endpoint cache lives in `cache_dir` (default:
    `cache.default_cache_dir()`); `use_cache=False` renders everything afresh.
    """
    templates_dir = templates_dir or TEMPLATES_DIR
    runtime_dir = runtime_dir or RUNTIME_DIR
    cache = cache_mod.EndpointCache(
        (cache_dir or cache_mod.default_cache_dir()) if use_cache else None
    )
    fixtures = _fixture_builder()
    fingerprint = _fingerprint(templates_dir, runtime_dir, fixtures is not None)
    run_key = cache_mod.digest([fingerprint, *_input_files(specs_root)])
    previous = cache.get_run(run_key)
    if previous is not None:  # the very same inputs generated this tree before
        ids, text_tree = previous
        tree = {p: t.encode() for p, t in text_tree.items()}
        rendered: tuple[str, ...] = ()
        reused = ids
    else:
        specs = load_specs(specs_root)
        try:
            tree, rendered, reused = _build(
                specs, specs_root, templates_dir, runtime_dir, cache, fixtures, fingerprint
            )
        except (names.NameCollisionError, ValueError, RuntimeError) as exc:
            raise GenerationError(str(exc)) from exc
        cache.put_run(run_key, (*rendered, *reused), {p: d.decode() for p, d in tree.items()})
    endpoints = len(rendered) + len(reused)
    repairs = () if check else tuple(recover_leftovers(out_dir))
    found = tuple(differences(tree, read_tree(out_dir)))
    if check:
        return GenerateReport(out_dir, endpoints, len(tree), rendered, reused, False, True, found)
    if found:
        try:
            replace_tree(out_dir, tree)
        except (OSError, ValueError) as exc:
            raise GenerationError(f"cannot write {out_dir}: {exc}") from exc
    return GenerateReport(
        out_dir, endpoints, len(tree), rendered, reused, bool(found), False, (), repairs
    )


def _input_files(specs_root: Path) -> list[bytes]:
    """Every file under the specs folder (name and bytes), plus the folder's name (stamps use it)."""
    root = specs_root.resolve()
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return [root.name.encode(), *cache_mod.files_digest(files, root)]


def _build(
    specs: SpecSet,
    specs_root: Path,
    templates_dir: Path,
    runtime_dir: Path,
    cache: cache_mod.EndpointCache,
    fixtures: FixtureBuilder | None,
    fingerprint: bytes,
) -> tuple[dict[str, bytes], tuple[str, ...], tuple[str, ...]]:
    env = environment(templates_dir)
    label = specs_root.resolve().name
    modules = names.module_names(specs.endpoints.values())
    with_tests = fixtures is not None and (templates_dir / "test_endpoint.py.jinja").is_file()

    contexts: list[EndpointContext] = []
    entries: dict[str, CatalogueEntry] = {}
    finished: dict[str, str] = {}  # path -> final text
    fresh: dict[str, dict[str, str]] = {}  # key -> files awaiting formatting
    rendered: list[str] = []
    reused: list[str] = []
    for endpoint_id in sorted(specs.endpoints):
        endpoint = specs.endpoints[endpoint_id]
        spec_file = Path(specs.paths[endpoint_id])
        data = spec_file.read_bytes()
        rel = spec_file.resolve().relative_to(specs_root.resolve()).as_posix()
        spec = SpecFile(f"{label}/{rel}", headers.sha256(data))
        paths = paths_for(endpoint, modules[endpoint_id])
        endpoint_schemas = schemas(specs, endpoint)
        key = cache_mod.digest(
            [
                fingerprint,
                data,
                spec.path.encode(),
                paths.module.encode(),
                json.dumps(endpoint_schemas, sort_keys=True).encode(),
            ]
        )
        stored = cache.get(key)
        if stored is not None:
            ctx = context_only(endpoint, paths, spec, endpoint_schemas)
            finished.update(stored)
            reused.append(endpoint_id)
        else:
            try:
                ctx, files = render_endpoint(
                    env, specs, endpoint, paths, spec, endpoint_schemas, fixtures
                )
            except (ValueError, RuntimeError) as exc:
                raise GenerationError(f"{spec.path}: {exc}") from exc
            fresh[key] = files
            rendered.append(endpoint_id)
        contexts.append(ctx)
        entries[endpoint_id] = entry(ctx)

    shared = package.package_files(
        env, specs, contexts, entries, runtime.exported_names(runtime_dir), label, with_tests
    )
    pyproject = shared["pyproject.toml"]
    fresh_files = [*(f.items() for f in fresh.values()), shared.items()]
    to_format = {p: t for files in fresh_files for p, t in files if p.endswith(FORMATTED_SUFFIXES)}
    formatted = format_files(to_format, pyproject)
    for key, files in fresh.items():
        final = {p: formatted.get(p, t) for p, t in files.items()}
        cache.put(key, final)
        finished.update(final)
    finished.update({p: formatted.get(p, t) for p, t in shared.items()})

    tree = {p: t.encode() for p, t in finished.items()}
    tree.update(runtime.copied_runtime(runtime_dir, "templates/runtime"))
    return dict(sorted(tree.items())), tuple(rendered), tuple(reused)


def _fixture_builder() -> FixtureBuilder | None:
    """`generator.render.fixtures.build_fixtures`, when that module exists."""
    if importlib.util.find_spec("generator.render.fixtures") is None:
        return None
    module = importlib.import_module("generator.render.fixtures")
    builder: FixtureBuilder = module.build_fixtures
    return builder


def _fingerprint(templates_dir: Path, runtime_dir: Path, with_fixtures: bool) -> bytes:
    """Everything besides the spec that an endpoint's files depend on."""
    generator_dir = REPO_ROOT / "generator"
    sources = sorted(
        [*(generator_dir / "render").glob("*.py"), *(generator_dir / "spec").glob("*.*")]
    )
    parts: Iterable[bytes] = [
        *cache_mod.files_digest(sources, REPO_ROOT),
        *cache_mod.files_digest(sorted(templates_dir.glob("*.jinja")), templates_dir),
        *cache_mod.files_digest(runtime.runtime_files(runtime_dir), runtime_dir),
        *(
            f"{d}=={metadata.version(d)}".encode()
            for d in ("datamodel-code-generator", "pydantic", "jinja2")
        ),
        _ruff_version().encode(),
        f"{sys.version_info[:2]} fixtures={with_fixtures}".encode(),
    ]
    return cache_mod.digest(parts).encode()


def _ruff_version() -> str:
    try:
        done = subprocess.run(
            [ruff_executable(), "--version"], capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise GenerationError(f"ruff is needed to format generated code: {exc}") from exc
    return done.stdout.strip()
