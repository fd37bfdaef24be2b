"""Rendering: specs/ -> generated/ (`modelgen generate`).

    inputs unchanged since the last run (same specs, same generator)? ─ yes ─▶ that run's tree
    providers, shared types, vocabulary ─▶ the endpoint spec files, cut into batches, each
    batch in one of `jobs` forked processes, per file:
        read and check it (schema, rules) ─▶ module name ─▶ schemas (spec.json_schema)
        ─▶ cache hit? ─ yes ─▶ its stored files
                     └ no ──▶ models (datamodel-code-generator; one call per distinct document)
                             ─▶ context ─▶ templates (module, docs, fixtures, tests)
        then one ruff run over the batch's fresh files, and every file of the batch written
        into the staging folder (beside generated/; for --check, a scratch folder)
    ─▶ set-wide checks (one file per id, one module per endpoint); any problem stops the run
    ─▶ package files (index.json, __init__s, pyproject, docs index), one ruff run over them,
       and the runtime copy, written into the staging folder ─▶ the whole tree
    ─▶ --check: compare with generated/ and list every difference
       otherwise: swap the staging folder in (only when something changed)

`generate` is reproducible byte for byte: no timestamps, sorted iteration, paths in stamps
relative to the specs folder, one pinned formatter with settings that ship in generated/.
Which process renders a file, and in which batch, never changes its bytes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

import jinja2

from generator import parallel
from generator.spec import modules
from generator.spec.loader import CheckedFile, assemble, check_file, endpoint_files, load_support
from generator.spec.model import JSON, Endpoint, SpecSet

from . import cache as cache_mod
from . import headers, names, package, runtime
from .catalogue import CatalogueEntry, entry, is_generated_tree
from .context import EndpointContext, Paths, paths_for
from .endpoint import SpecFile, context_only, render_endpoint, schemas
from .formatting import FORMATTED_SUFFIXES, format_files, ruff_executable, scratch_parent
from .models import ModelMemo
from .templating import environment
from .writer import (
    Difference,
    Staging,
    differences,
    output_refusal,
    read_tree,
    recover_leftovers,
    replace_tree,
)

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
    cases `out_dir` is left as it was, and no folder the run made is left behind. The
    cache (the last run's files) lives in `cache_dir` (default: `cache.default_cache_dir()`);
    `use_cache=False` renders everything afresh. Endpoints are read and rendered in `jobs`
    processes (`parallel.jobs`: default `$MODELGEN_JOBS`, else every usable core; 1 is serial);
    the output does not depend on the number.
    """
    refusal = output_refusal(out_dir, specs_root, is_generated_tree)
    if refusal is not None:
        raise GenerationError(f"{out_dir} {refusal}; nothing was written")
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
    repairs = () if check else tuple(recover_leftovers(out_dir))
    if previous is not None:  # the very same inputs generated this tree before
        ids = previous.endpoints
        tree = {p: t.encode() for p, t in previous.tree.items()}
        found = tuple(differences(tree, read_tree(out_dir)))
        if not check and found:
            try:
                replace_tree(out_dir, tree)
            except (OSError, ValueError) as exc:
                raise GenerationError(f"cannot write {out_dir}: {exc}") from exc
        return _report(out_dir, check, len(tree), (), ids, found, repairs)
    try:
        staging = Staging.scratch(scratch_parent()) if check else Staging.beside(out_dir)
    except OSError as exc:
        raise GenerationError(f"cannot write beside {out_dir}: {exc}") from exc
    try:
        rendered, reused, entries = _build(
            specs_root, staging, templates_dir, runtime_dir, cache, fingerprint, workers
        )
        tree = read_tree(staging.root)
        text_tree = {p: d.decode() for p, d in tree.items()}
        cache.put_run(run_key, (*rendered, *reused), text_tree, entries)
        found = tuple(differences(tree, read_tree(out_dir)))
        if not check and found:
            try:
                staging.swap_in(out_dir)
            except OSError as exc:
                raise GenerationError(f"cannot write {out_dir}: {exc}") from exc
    except (names.NameCollisionError, ValueError, RuntimeError) as exc:
        raise GenerationError(str(exc)) from exc
    finally:
        staging.discard()
    return _report(out_dir, check, len(tree), rendered, reused, found, repairs)


def _report(
    out_dir: Path,
    check: bool,
    files: int,
    rendered: tuple[str, ...],
    reused: tuple[str, ...],
    found: tuple[Difference, ...],
    repairs: tuple[str, ...],
) -> GenerateReport:
    endpoints = len(rendered) + len(reused)
    if check:
        return GenerateReport(out_dir, endpoints, files, rendered, reused, False, True, found)
    return GenerateReport(
        out_dir, endpoints, files, rendered, reused, bool(found), False, (), repairs
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


@dataclass(frozen=True)
class _Done:
    """What a worker answers for one spec file: the file as checked and, when it was rendered
    or taken from the cache (its files are then in the staging folder), its context, its cache
    key and the paths of its files."""

    checked: CheckedFile
    ctx: EndpointContext | None
    fresh: bool
    key: str = ""
    paths: tuple[str, ...] = ()


@dataclass
class _Worker:
    """The work of one batch of spec files, run in a forked worker (or in this process):
    everything it needs is inherited at fork time, only the paths and the `_Done`s cross."""

    env: jinja2.Environment
    support: SpecSet
    render: bool
    """False when the providers, types or vocabulary have problems: check the files only."""
    specs_root: Path
    label: str
    cache: cache_mod.EndpointCache
    fingerprint: bytes
    pyproject: str
    staging: Staging
    scratch: str
    memo: ModelMemo
    provider_facts: dict[str, bytes] = field(default_factory=dict)
    """Each provider's part of the cache key, computed once per worker (`_provider_facts`)."""

    def run(self, batch: list[Path]) -> list[_Done]:
        done: list[_Done] = []
        fresh: list[tuple[_Planned, EndpointContext, dict[str, str]]] = []
        for path in batch:
            checked = check_file(self.support, path)
            endpoint = checked.endpoint
            if endpoint is None or checked.problems or checked.set_problems or not self.render:
                done.append(_Done(checked, None, False))
                continue
            facts = self.provider_facts.get(endpoint.provider)
            if facts is None:
                facts = _provider_facts(self.support, endpoint.provider)
                self.provider_facts[endpoint.provider] = facts
            plan = _plan(
                self.support, endpoint, path, self.specs_root, self.label, self.fingerprint, facts
            )
            stored = self.cache.get(plan.key)
            if stored is not None:
                self.staging.write({p: t.encode() for p, t in stored.items()})
                ctx = context_only(self.support, endpoint, plan.paths, plan.spec)
                done.append(_Done(checked, ctx, False, plan.key, tuple(stored)))
                continue
            try:
                ctx, files = render_endpoint(
                    self.env, self.support, endpoint, plan.paths, plan.spec, plan.schemas, self.memo
                )
            except (ValueError, RuntimeError) as exc:
                raise GenerationError(f"{plan.spec.path}: {exc}") from exc
            fresh.append((plan, ctx, files))
            done.append(_Done(checked, ctx, True, plan.key, tuple(files)))
        formatted = _formatted([files for _, _, files in fresh], self.pyproject, self.scratch)
        for _, _, files in fresh:
            self.staging.write({p: formatted.get(p, t).encode() for p, t in files.items()})
        return done


def _build(
    specs_root: Path,
    staging: Staging,
    templates_dir: Path,
    runtime_dir: Path,
    cache: cache_mod.EndpointCache,
    fingerprint: bytes,
    workers: int,
) -> tuple[tuple[str, ...], tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Write the whole tree into `staging`; answers the endpoints rendered and those reused,
    and each endpoint's files by its cache key."""
    env = environment(templates_dir)
    label = specs_root.resolve().name
    support, problems = load_support(specs_root)
    files = endpoint_files(specs_root)
    pyproject = package.pyproject(env)
    with tempfile.TemporaryDirectory(prefix="modelgen-run-", dir=scratch_parent()) as scratch:
        memo_dir = Path(scratch, "models")
        memo_dir.mkdir()
        worker = _Worker(
            env,
            support,
            not problems,
            specs_root,
            label,
            cache,
            fingerprint,
            pyproject,
            staging,
            scratch,
            ModelMemo(memo_dir),
        )
        batches = parallel.batches(files, workers)
        done = [d for part in parallel.ordered_map(worker.run, batches, workers) for d in part]
        specs = assemble(support, [d.checked for d in done], problems)

        contexts: list[EndpointContext] = []
        entries: dict[str, CatalogueEntry] = {}
        for d in sorted(done, key=lambda d: d.ctx.endpoint.id if d.ctx else ""):
            if d.ctx is None:  # not reachable: assemble refused every file not rendered
                raise GenerationError(f"{d.checked.path}: not rendered")
            contexts.append(d.ctx)
            entries[d.ctx.endpoint.id] = entry(d.ctx)
        shared = package.package_files(
            env, specs, contexts, entries, runtime.exported_names(runtime_dir), label
        )
        copied = runtime.copied_runtime(runtime_dir, "templates/runtime")
        formatted = _formatted([shared, copied], pyproject, scratch)
    tree = {p: formatted.get(p, t).encode() for files in (shared, copied) for p, t in files.items()}
    staging.write(tree)
    rendered = tuple(sorted(d.ctx.endpoint.id for d in done if d.fresh and d.ctx))
    reused = tuple(sorted(d.ctx.endpoint.id for d in done if not d.fresh and d.ctx))
    return rendered, reused, {d.key: d.paths for d in done if d.ctx}


def _formatted(groups: Iterable[Mapping[str, str]], pyproject: str, scratch: str) -> dict[str, str]:
    """The files ruff formats among `groups` (path -> text), formatted in one ruff run."""
    chosen = {p: t for files in groups for p, t in files.items() if p.endswith(FORMATTED_SUFFIXES)}
    return format_files(chosen, pyproject, scratch)


def _plan(
    support: SpecSet,
    endpoint: Endpoint,
    spec_file: Path,
    specs_root: Path,
    label: str,
    fingerprint: bytes,
    provider_facts: bytes,
) -> _Planned:
    data = spec_file.read_bytes()
    rel = spec_file.resolve().relative_to(specs_root.resolve()).as_posix()
    spec = SpecFile(f"{label}/{rel}", headers.sha256(data))
    paths = paths_for(endpoint, modules.module_name(endpoint))
    endpoint_schemas = schemas(support, endpoint)
    key = cache_mod.digest(
        [
            fingerprint,
            data,
            spec.path.encode(),
            paths.module.encode(),
            json.dumps(endpoint_schemas, sort_keys=True).encode(),
            provider_facts,
        ]
    )
    return _Planned(endpoint.id, spec, paths, endpoint_schemas, key)


def _provider_facts(specs: SpecSet, provider: str) -> bytes:
    """The endpoint's provider file as loaded (`auth.env` is in every client's docstrings), for
    its cache key: editing `specs/providers/<provider>.yaml` re-renders that provider's endpoints."""
    known = specs.providers.get(provider)
    facts = asdict(known) if known is not None else None
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
