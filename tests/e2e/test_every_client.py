"""Every generated client, sync and async, completes its protocol against the emulator.

For each endpoint of generated/index.json: the generated module is imported, its minimal and
full fixtures are sent through the real HTTP protocol on loopback (fal: run and subscribe over
the queue; Segmind: v1 run and v2 subscribe), and each answer parses into the module's Output.
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


def check_sync(module: ModuleType, emu: Emulator, payload: dict[str, Any]) -> None:
    with module.Client(**client_kwargs(module, emu)) as client:
        updates: list[Any] = []
        result = client.subscribe(payload, on_update=updates.append)
        assert isinstance(result, module.Output)
        assert updates, "subscribe reported no update"
        answer = client.run(payload)
        if module.ENDPOINT.provider == "fal":
            assert isinstance(answer, module.Output)
        else:
            assert answer.data and answer.content_type.startswith("image/")


async def check_async(module: ModuleType, emu: Emulator, payload: dict[str, Any]) -> None:
    async with module.AsyncClient(**client_kwargs(module, emu)) as client:
        result = await client.subscribe(payload)
        assert isinstance(result, module.Output)


@pytest.mark.parametrize("endpoint_id", sorted(entries()))
def test_generated_client_completes_its_protocol(emulator: Emulator, endpoint_id: str) -> None:
    entry = entries()[endpoint_id]
    module = importlib.import_module(entry["module"])
    payloads = fixtures_of(entry)
    before = len(emulator.requests)
    check_sync(module, emulator, payloads["minimal"])
    asyncio.run(check_async(module, emulator, payloads["full"]))
    assert len(emulator.requests) > before
