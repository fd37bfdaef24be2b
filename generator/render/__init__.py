"""Rendering: specs/ -> generated/ (`modelgen generate`).

    inputs unchanged since the last run (same specs, same generator)? ─ yes ─▶ that run's tree
    load_specs ─▶ names (module per id, collisions fail) ─▶ per endpoint, in id order:
        schemas (spec.json_schema) ─▶ cache hit? ─ yes ─▶ its stored files
                                              └ no ──▶ models (datamodel-code-generator)
                             ─▶ context ─▶ templates (module, docs, fixtures, tests)
        (the misses render in `jobs` forked processes, a batch of endpoints at a time, and
         each batch is formatted by one ruff run in its worker while the others render;
         results taken back in id order)
    ─▶ package files (index.json, __init__s, pyproject, docs index), one ruff run over them
    ─▶ runtime copy ─▶ the whole tree, in memory
    ─▶ --check: compare with generated/ and list every difference
       otherwise: swap it in (only when something changed)

`generate` is reproducible byte for byte: no timestamps, sorted iteration, paths in stamps
relative to the specs folder, one pinned formatter with settings that ship in generated/.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from generator import parallel
from generator.spec.loader import load_specs
from generator.spec.model import JSON, SpecSet

from . import cache as cache_mod
from . import headers, names, package, runtime
from .catalogue import CatalogueEntry, entry
from .context import EndpointContext, Paths, paths_for
from .endpoint import SpecFile, context_only, render_endpoint, schemas
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
    jobs: int | None = None,
) -> GenerateReport:
    """Render every spec under `specs_root` into `out_dir` (or compare, with `check=True`).

    Raises `ProblemsError` for bad specs and `GenerationError` for anything else that stops
    generation (name collisions, a type the code generator refuses, unfixable lint); in both
    cases `out_dir` is left as it was. The per-endpoint cache lives in `cache_dir` (default:
    `cache.default_cache_dir()`); `use_cache=False` renders everything afresh.
    Endpoints render in `jobs` processes (`parallel.jobs`: default `$MODELGEN_JOBS`, else every
    usable core; 1 is serial); the output does not depend on the number.
    """
    templates_dir = templates_dir or TEMPLATES_DIR
    runtime_dir = runtime_dir or RUNTIME_DIR
    cache = cache_mod.EndpointCache(
        (cache_dir or cache_mod.default_cache_dir()) if use_cache else None
    )
    try:
        workers = parallel.jobs(jobs)
    except parallel.JobsError as exc:
        raise GenerationError(str(exc)) from exc
    fingerprint = _fingerprint(templates_dir, runtime_dir)
    run_key = cache_mod.digest([fingerprint, *_input_files(specs_root)])
    previous = cache.get_run(run_key)
    if previous is not None:  # the very same inputs generated this tree before
        ids, text_tree = previous
        tree = {p: t.encode() for p, t in text_tree.items()}
        rendered: tuple[str, ...] = ()
        reused = ids
    else:
        specs = load_specs(specs_root, jobs=workers)
        try:
            tree, rendered, reused = _build(
                specs, specs_root, templates_dir, runtime_dir, cache, fingerprint, workers
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


@dataclass(frozen=True)
class _Planned:
    """One endpoint before rendering: where its files go and the cache key they are stored by."""

    endpoint_id: str
    spec: SpecFile
    paths: Paths
    schemas: dict[str, dict[str, JSON]]
    key: str


def _build(
    specs: SpecSet,
    specs_root: Path,
    templates_dir: Path,
    runtime_dir: Path,
    cache: cache_mod.EndpointCache,
    fingerprint: bytes,
    workers: int,
) -> tuple[dict[str, bytes], tuple[str, ...], tuple[str, ...]]:
    env = environment(templates_dir)
    label = specs_root.resolve().name
    modules = names.module_names(specs.endpoints.values())
    planned = [
        _plan(specs, specs_root, label, modules[endpoint_id], endpoint_id, fingerprint)
        for endpoint_id in sorted(specs.endpoints)
    ]
    stored = {p.endpoint_id: cache.get(p.key) for p in planned}
    misses = [p for p in planned if stored[p.endpoint_id] is None]

    pyproject = package.pyproject(env)

    def render_one(plan: _Planned) -> tuple[EndpointContext, dict[str, str]]:
        endpoint = specs.endpoints[plan.endpoint_id]
        try:
            return render_endpoint(env, specs, endpoint, plan.paths, plan.spec, plan.schemas)
        except (ValueError, RuntimeError) as exc:
            raise GenerationError(f"{plan.spec.path}: {exc}") from exc

    def render_batch(batch: list[_Planned]) -> list[tuple[EndpointContext, dict[str, str]]]:
        done = [render_one(plan) for plan in batch]
        formatted = _formatted([files for _, files in done], pyproject)
        return [(ctx, {p: formatted.get(p, t) for p, t in files.items()}) for ctx, files in done]

    batches = parallel.batches(misses, workers)
    results = [r for done in parallel.ordered_map(render_batch, batches, workers) for r in done]
    fresh = dict(zip((p.endpoint_id for p in misses), results, strict=True))

    contexts: list[EndpointContext] = []
    entries: dict[str, CatalogueEntry] = {}
    finished: dict[str, str] = {}  # path -> final text
    for plan in planned:
        hit = stored[plan.endpoint_id]
        if hit is not None:
            endpoint = specs.endpoints[plan.endpoint_id]
            ctx = context_only(specs, endpoint, plan.paths, plan.spec)
            finished.update(hit)
        else:
            ctx = fresh[plan.endpoint_id][0]
        contexts.append(ctx)
        entries[plan.endpoint_id] = entry(ctx)

    shared = package.package_files(
        env, specs, contexts, entries, runtime.exported_names(runtime_dir), label
    )
    for plan in misses:
        final = fresh[plan.endpoint_id][1]
        cache.put(plan.key, final)
        finished.update(final)
    formatted = _formatted([shared], pyproject)
    finished.update({p: formatted.get(p, t) for p, t in shared.items()})

    tree = {p: t.encode() for p, t in finished.items()}
    tree.update(runtime.copied_runtime(runtime_dir, "templates/runtime"))
    rendered = tuple(p.endpoint_id for p in misses)
    reused = tuple(p.endpoint_id for p in planned if stored[p.endpoint_id] is not None)
    return dict(sorted(tree.items())), rendered, reused


def _formatted(groups: Iterable[Mapping[str, str]], pyproject: str) -> dict[str, str]:
    """The files ruff formats among `groups` (path -> text), formatted in one ruff run."""
    chosen = {p: t for files in groups for p, t in files.items() if p.endswith(FORMATTED_SUFFIXES)}
    return format_files(chosen, pyproject)


def _plan(
    specs: SpecSet,
    specs_root: Path,
    label: str,
    module: str,
    endpoint_id: str,
    fingerprint: bytes,
) -> _Planned:
    endpoint = specs.endpoints[endpoint_id]
    spec_file = Path(specs.paths[endpoint_id])
    data = spec_file.read_bytes()
    rel = spec_file.resolve().relative_to(specs_root.resolve()).as_posix()
    spec = SpecFile(f"{label}/{rel}", headers.sha256(data))
    paths = paths_for(endpoint, module)
    endpoint_schemas = schemas(specs, endpoint)
    key = cache_mod.digest(
        [
            fingerprint,
            data,
            spec.path.encode(),
            paths.module.encode(),
            json.dumps(endpoint_schemas, sort_keys=True).encode(),
            _provider_facts(specs, endpoint.provider),
        ]
    )
    return _Planned(endpoint_id, spec, paths, endpoint_schemas, key)


def _provider_facts(specs: SpecSet, provider: str) -> bytes:
    """The endpoint's provider file as loaded (`auth.env` is in every client's docstrings), for
    its cache key: editing `specs/providers/<provider>.yaml` re-renders that provider's endpoints."""
    known = specs.providers.get(provider)
    facts = dataclasses.asdict(known) if known is not None else None
    return json.dumps(facts, sort_keys=True).encode()


def _fingerprint(templates_dir: Path, runtime_dir: Path) -> bytes:
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
        f"{sys.version_info[:2]}".encode(),
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
