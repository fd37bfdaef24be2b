"""Importing `modelclients` stays cheap however many endpoints the catalogue holds: the package
loads the runtime only, and an endpoint module is imported when it is used, alone. Importing an
endpoint and building its first `Input` loads no client runtime (plans, retries, the transport,
httpx): `Client` and `AsyncClient` are made when first named (`_runtime/_lazy.py`), and mypy
still sees them as classes.

Each check runs in a fresh interpreter (a subprocess with PYTHONPATH=generated), since this test
process has long since imported endpoint modules. Nothing is timed: the modules in `sys.modules`
are the measure (`bench/bench_import.py` has the timings).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.emulator.values import FileRef, OutputContext, build_value

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"

_REPORT = """
import json, sys
{statement}
print(json.dumps(sorted(n for n in sys.modules if n.split(".")[0] in {roots!r})))
"""


@cache
def _index() -> dict[str, Any]:
    endpoints: dict[str, Any] = json.loads((GENERATED / "index.json").read_text("utf-8"))[
        "endpoints"
    ]
    return endpoints


def _providers() -> set[str]:
    return {entry["provider"] for entry in _index().values()}


def _one_endpoint_per_provider() -> list[str]:
    firsts: dict[str, str] = {}
    for endpoint_id in sorted(_index()):
        firsts.setdefault(_index()[endpoint_id]["provider"], endpoint_id)
    return sorted(firsts.values())


def _loaded_after(
    statement: str, roots: tuple[str, ...] = ("modelclients", "jsonschema")
) -> set[str]:
    """The modules below `roots` a fresh interpreter holds after `statement`."""
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    done = subprocess.run(
        [sys.executable, "-c", _REPORT.format(statement=statement, roots=roots)],
        capture_output=True,
        text=True,
        env=env,
        cwd=GENERATED,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return set(loaded)


def _first_input(module: str) -> str:
    """Import `module` and build its `Input` from its first valid fixture (as bench_import does)."""
    stem = module.removeprefix("modelclients.").replace(".", "/")
    fixtures = json.loads((GENERATED / "fixtures" / f"{stem}.json").read_text("utf-8"))
    payload = fixtures["valid"][0]["payload"]
    return f"import {module} as m\nm.Input.model_validate({payload!r})"


INPUT_RUNTIME = frozenset(
    {
        "modelclients._runtime",
        "modelclients._runtime._endpoint_info",  # ENDPOINT
        "modelclients._runtime._lazy",  # Client and AsyncClient, made on first use
        "modelclients._runtime._files",  # RemoteFile, FileInput, FileOutput
        "modelclients._runtime._output_model",  # OutputModel, the outputs' base
    }
)
"""The runtime modules an endpoint import and its first `Input` may load: no client module."""


def _endpoint_modules(loaded: set[str]) -> set[str]:
    """Loaded modules below a provider package (`modelclients.fal.kolors`), not the package."""
    providers = _providers()
    return {
        name
        for name in loaded
        if len(parts := name.split(".")) >= 3
        and parts[0] == "modelclients"
        and parts[1] in providers
    }


def test_import_modelclients_loads_no_endpoint_module() -> None:
    loaded = _loaded_after("import modelclients")
    assert "modelclients" in loaded
    assert _endpoint_modules(loaded) == set()
    assert not any(name.split(".")[0] == "jsonschema" for name in loaded)


@pytest.mark.parametrize("endpoint_id", _one_endpoint_per_provider())
def test_importing_one_endpoint_loads_only_that_one(endpoint_id: str) -> None:
    module = _index()[endpoint_id]["module"]
    loaded = _loaded_after(f"import {module}")
    assert _endpoint_modules(loaded) == {module}
    assert not any(name.split(".")[0] == "jsonschema" for name in loaded), (
        "importing a client must not import jsonschema (validate() imports it on first use)"
    )
    assert "modelclients._payload_validation" not in loaded, "validate() loads it on first use"


@pytest.mark.parametrize("endpoint_id", _one_endpoint_per_provider())
def test_validate_loads_its_module_on_first_call(endpoint_id: str) -> None:
    module = _index()[endpoint_id]["module"]
    statement = (
        f"import {module} as m\nissues = m.validate({{}})\nassert isinstance(issues, list), issues"
    )
    loaded = _loaded_after(statement, ("modelclients", "jsonschema"))
    assert {"modelclients._payload_validation", "jsonschema"} <= loaded


@pytest.mark.parametrize("endpoint_id", _one_endpoint_per_provider())
def test_get_loads_only_that_endpoint(endpoint_id: str) -> None:
    module = _index()[endpoint_id]["module"]
    loaded = _loaded_after(f"import modelclients; modelclients.get({endpoint_id!r})")
    assert _endpoint_modules(loaded) == {module}


def test_a_fal_endpoint_loads_no_segmind_runtime_cli_httpx_or_logging() -> None:
    """The runtime's names are imported on first use: a fal client and its first `Input` need
    neither Segmind's modules, the image CLI, httpx nor logging (both imported at the first
    request)."""
    fal_first = next(e for e in _one_endpoint_per_provider() if _index()[e]["provider"] == "fal")
    module = _index()[fal_first]["module"]
    loaded = _loaded_after(
        f"import {module} as m; m.Input.model_json_schema()",
        ("modelclients", "httpx", "logging"),
    )
    unwanted = {
        name
        for name in loaded
        if name in ("httpx", "logging")
        or "segmind" in name
        or name.split(".")[-1] in ("_cli", "_images")
    }
    assert module in loaded and unwanted == set(), sorted(unwanted)


def _endpoints_to_check() -> list[str]:
    """fal-ai/kolors (the one bench_import times) and the first endpoint of each provider."""
    return sorted({"fal-ai/kolors", *_one_endpoint_per_provider()} & set(_index()))


@pytest.mark.parametrize("endpoint_id", _endpoints_to_check())
def test_endpoint_and_first_input_load_no_client_runtime(endpoint_id: str) -> None:
    """Importing an endpoint and building its `Input` loads no client class, plan, retry or
    transport module, and not httpx: `Client` and `AsyncClient` are made on first use."""
    module = _index()[endpoint_id]["module"]
    transport = ("httpx", "httpcore", "sniffio")
    loaded = _loaded_after(_first_input(module), ("modelclients", *transport))
    runtime = {name for name in loaded if name.startswith("modelclients._runtime")}
    assert runtime <= INPUT_RUNTIME, sorted(runtime - INPUT_RUNTIME)
    assert not any(name.split(".")[0] in transport for name in loaded), sorted(loaded)


def _module_text(endpoint_id: str) -> str:
    stem = _index()[endpoint_id]["module"].removeprefix("modelclients.").replace(".", "/")
    return (GENERATED / "modelclients" / f"{stem}.py").read_text("utf-8")


RULES = ("modelclients._checked_input", "modelclients._runtime._multiple_of")
"""The field rules pydantic lacks and the decimal `multipleOf` rule they use."""


def test_the_field_rules_load_only_with_a_model_that_has_one() -> None:
    """An endpoint whose models have no `multipleOf`, `uniqueItems` or numeric-enum field loads
    neither `_checked_input` nor the decimal rule; one that has such a field loads both."""
    ruled = sorted(e for e in _index() if "CheckedInputModel" in _module_text(e))
    plain = [e for e in _endpoints_to_check() if e not in ruled]
    assert ruled and plain
    for endpoint_id in plain:
        module = _index()[endpoint_id]["module"]
        assert not set(RULES) & _loaded_after(_first_input(module)), endpoint_id
    module = _index()[ruled[0]]["module"]
    assert set(RULES) <= _loaded_after(_first_input(module))


_CLIENTS_ON_FIRST_USE = """
import sys
import {module} as m
assert "modelclients._runtime._base" not in sys.modules
assert {{"Client", "AsyncClient"}} <= set(dir(m)), dir(m)
client = m.Client
from {module} import AsyncClient, Client
from modelclients._runtime import {base}, {async_base}
assert Client is client is m.Client and AsyncClient is m.AsyncClient
assert issubclass(Client, {base}) and issubclass(AsyncClient, {async_base})
for cls in (Client, AsyncClient):
    assert cls.endpoint is m.ENDPOINT and cls.input_model is m.Input
    assert cls.output_model is m.Output
    assert cls.__module__ == {module!r} and cls.__qualname__ in ("Client", "AsyncClient")
    assert {endpoint_id!r} in cls.__doc__
assert Client.__orig_bases__ == ({base}[m.Input, m.Output],)
assert Client(api_key="k").endpoint is m.ENDPOINT
try:
    m.NoSuchName
except AttributeError as exc:
    assert "NoSuchName" in str(exc)
else:
    raise AssertionError("m.NoSuchName did not raise")
"""


@pytest.mark.parametrize("endpoint_id", _endpoints_to_check())
def test_clients_are_made_on_first_use(endpoint_id: str) -> None:
    """`m.Client` and `from m import Client` give one class, the subclass the module declares
    for type checkers, made when first named; `dir(m)` lists them."""
    module = _index()[endpoint_id]["module"]
    base = {"fal": "FalClient", "segmind": "SegmindClient"}[_index()[endpoint_id]["provider"]]
    code = _CLIENTS_ON_FIRST_USE.format(
        module=module, base=base, async_base=f"Async{base}", endpoint_id=endpoint_id
    )
    loaded = _loaded_after(code)
    assert "modelclients._runtime._base" in loaded


MYPY_USER_CODE = """\
from modelclients.fal import kolors
from modelclients.fal.kolors import AsyncClient, Client

client: kolors.Client = kolors.Client(api_key="k")
reveal_type(client)
reveal_type(Client(api_key="k").run(kolors.Input(prompt="x")))
reveal_type(AsyncClient)
kolors.NoSuchName
"""


def test_mypy_sees_the_clients_as_classes(tmp_path: Path) -> None:
    """The clients are declared under TYPE_CHECKING, and the run-time `__getattr__` is hidden
    from mypy: it sees the classes and their types, and still flags a name the module lacks."""
    (tmp_path / "user.py").write_text(MYPY_USER_CODE, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(GENERATED)}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "user.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = done.stdout
    assert 'user.py:5: note: Revealed type is "modelclients.fal.kolors.Client"' in out, out
    assert 'user.py:6: note: Revealed type is "modelclients.fal.kolors.Output"' in out, out
    assert 'user.py:7: note: Revealed type is "def' in out and "kolors.AsyncClient" in out, out
    assert 'user.py:8: error: Module has no attribute "NoSuchName"' in out, out
    assert out.count("error:") == 1, out


def test_an_endpoint_without_file_outputs_loads_no_pydantic_serializers() -> None:
    """`FileOutput` (a `PlainSerializer`) is made when first named: fal-ai/kolors, whose outputs
    are file objects but no bare file URL, never loads pydantic's serializer module."""
    module = _index()["fal-ai/kolors"]["module"]
    loaded = _loaded_after(_first_input(module), ("modelclients", "pydantic"))
    assert "pydantic.functional_serializers" not in loaded
    named = _loaded_after(
        "from modelclients._runtime import FileOutput, RemoteFile\n"
        "from modelclients._runtime._files import FileOutput as again\n"
        "assert FileOutput is again and FileOutput.__origin__ is RemoteFile",
        ("modelclients", "pydantic"),
    )
    assert "pydantic.functional_serializers" in named


_MODELS_BUILT_ON_FIRST_USE = """
import {module} as m
import pydantic
models = [v for v in vars(m).values() if isinstance(v, type) and issubclass(v, pydantic.BaseModel)]
assert m.Input in models and m.Output in models, models
assert not any(cls.__pydantic_complete__ for cls in models), "importing built a model"
{first_input}
from modelclients._runtime._output_model import OutputModel
outputs = [cls for cls in models if issubclass(cls, OutputModel)]
assert m.Output in outputs, outputs
assert not any(cls.__pydantic_complete__ for cls in outputs), "an output model was built"
assert m.Input.__pydantic_complete__
try:
    m.Output.model_validate({{}})
except pydantic.ValidationError as exc:
    assert exc.error_count() > 0
else:
    raise AssertionError("an empty result was accepted")
assert m.Output.__pydantic_complete__
"""


@pytest.mark.parametrize("endpoint_id", _endpoints_to_check())
def test_models_are_built_on_first_use(endpoint_id: str) -> None:
    """Importing an endpoint builds none of its models (their bases `InputModel` and
    `OutputModel` defer pydantic's schema work); building its `Input` builds `Input` and none
    of the output models; the first validation of `Output` builds it, and it refuses an empty
    result as a built model would."""
    module = _index()[endpoint_id]["module"]
    code = _MODELS_BUILT_ON_FIRST_USE.format(module=module, first_input=_first_input(module))
    assert module in _loaded_after(code)


def _a_result(stem: str, payload: dict[str, Any]) -> Any:
    """A result the endpoint's output schema admits, as the emulator answers `payload`."""
    schema = json.loads(
        (GENERATED / "modelclients" / "_schemas" / f"{stem}.output.json").read_text("utf-8")
    )

    def make_file(n: int) -> FileRef:
        return FileRef(f"http://127.0.0.1/f/{n}.png", "image/png", 8, 8, f"{n}.png", 64)

    return build_value(schema, schema, OutputContext(input=payload, make_file=make_file))


_FIRST_USE_IN_THREADS = """
import json, sys, threading
sys.setswitchinterval(1e-6)  # threads interleave within a build, not only between builds
{first_input}
payload, result = json.loads({payload!r}), json.loads({result!r})
assert not m.Input.__pydantic_complete__ and not m.Output.__pydantic_complete__
barrier = threading.Barrier(16)
answers, failures = [], []

def first_use():
    barrier.wait()
    try:
        answers.append((m.Input.model_validate(payload).model_dump(by_alias=True, exclude_unset=True),
                        m.Output.model_validate(result).model_dump(by_alias=True)))
    except Exception as exc:
        failures.append(repr(exc))

threads = [threading.Thread(target=first_use) for _ in range(16)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
assert not failures, failures
assert len(answers) == 16 and all(answer == answers[0] for answer in answers), answers
assert answers[0][0] == payload, answers[0][0]
"""


@pytest.mark.parametrize("endpoint_id", _endpoints_to_check())
def test_threads_using_the_models_first_all_get_built_models(endpoint_id: str) -> None:
    """Sixteen threads that validate an `Input` and an `Output` at the same moment, before
    either is built, all get the same answers, the payload back unchanged (a thread that saw a
    half built class would fail, or validate against the base and drop every field). The
    pinned pydantic builds a deferred model under a lock; the generated package's floor is that
    version (`test_package_dependencies`)."""
    module = _index()[endpoint_id]["module"]
    stem = module.removeprefix("modelclients.").replace(".", "/")
    fixtures = json.loads((GENERATED / "fixtures" / f"{stem}.json").read_text("utf-8"))
    payload = fixtures["valid"][0]["payload"]
    code = _FIRST_USE_IN_THREADS.format(
        first_input=f"import {module} as m",
        payload=json.dumps(payload),
        result=json.dumps(_a_result(stem, payload)),
    )
    assert module in _loaded_after(code)
