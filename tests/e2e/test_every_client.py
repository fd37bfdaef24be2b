"""Every generated client, sync and async, completes its protocol against the emulator.

For each endpoint of generated/index.json: the generated module is imported, its minimal and
full fixtures are sent through the real HTTP protocol on loopback, with the verbs the endpoint's
declared protocols allow (fal: `run` for run, `subscribe` for queue; Segmind: `run` for v1,
`subscribe` for v2), and each answer parses into the module's Output.
"""

from __future__ import annotations

import asyncio
import importlib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.emulator import Emulator, Scenario
from generator.emulator.testing import emulator_for_index

from .conftest import fal_kwargs, segmind_kwargs

GENERATED = Path(__file__).resolve().parents[2] / "generated"
INDEX = GENERATED / "index.json"


@cache
def entries() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(INDEX.read_text(encoding="utf-8"))["endpoints"]
    return data


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with emulator_for_index(INDEX, Scenario(queue_positions=1, progress_polls=1)) as emu:
        yield emu


def fixtures_of(entry: dict[str, Any]) -> dict[str, Any]:
    _, provider, name = entry["module"].split(".")
    data: dict[str, Any] = json.loads(
        (GENERATED / "fixtures" / provider / f"{name}.json").read_text()
    )
    return {case["name"]: case["payload"] for case in data["valid"]}


def client_kwargs(module: ModuleType, emu: Emulator) -> dict[str, Any]:
    return fal_kwargs(emu) if module.ENDPOINT.provider == "fal" else segmind_kwargs(emu)


QUEUED = {"fal": "queue", "segmind": "v2"}
"""The protocol behind `subscribe` (submit, poll, fetch) for each provider."""
DIRECT = {"fal": "run", "segmind": "v1"}
"""The protocol behind `run` (one request answered with the output) for each provider."""


def verbs(module: ModuleType) -> tuple[bool, bool]:
    """(subscribe, run): which verbs the endpoint's declared protocols allow."""
    provider, protocols = module.ENDPOINT.provider, set(module.ENDPOINT.protocols)
    allowed = (QUEUED[provider] in protocols, DIRECT[provider] in protocols)
    assert any(allowed), f"{module.ENDPOINT.id} declares no protocol its client can call"
    return allowed


def check_run_answer(module: ModuleType, answer: Any) -> None:
    if module.ENDPOINT.provider == "fal":
        assert isinstance(answer, module.Output)
    else:
        assert answer.data and answer.content_type.startswith("image/")


def check_sync(module: ModuleType, emu: Emulator, payload: dict[str, Any]) -> None:
    subscribe, run = verbs(module)
    with module.Client(**client_kwargs(module, emu)) as client:
        if subscribe:
            updates: list[Any] = []
            result = client.subscribe(payload, on_update=updates.append)
            assert isinstance(result, module.Output)
            assert updates, "subscribe reported no update"
        if run:
            check_run_answer(module, client.run(payload))


async def check_async(module: ModuleType, emu: Emulator, payload: dict[str, Any]) -> None:
    subscribe, _ = verbs(module)
    async with module.AsyncClient(**client_kwargs(module, emu)) as client:
        if subscribe:
            assert isinstance(await client.subscribe(payload), module.Output)
        else:
            check_run_answer(module, await client.run(payload))


@pytest.mark.parametrize("endpoint_id", sorted(entries()))
def test_generated_client_completes_its_protocol(emulator: Emulator, endpoint_id: str) -> None:
    entry = entries()[endpoint_id]
    module = importlib.import_module(entry["module"])
    payloads = fixtures_of(entry)
    before = len(emulator.requests)
    check_sync(module, emulator, payloads["minimal"])
    asyncio.run(check_async(module, emulator, payloads["full"]))
    assert len(emulator.requests) > before
