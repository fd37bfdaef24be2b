"""Fixtures: a fresh emulator per test (fast scenario) and clients pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from modelclients._runtime import Backoff

from generator.emulator import Emulator, Scenario
from tests.runtime import fake_kolors, fake_kolors_i2i, fake_segmind_kolors
from tests.runtime.fake_catalogue import catalogue

#: Tiny delays so retry tests take milliseconds; Retry-After up to 1 s is honoured.
FAST = Backoff(initial=0.001, maximum=0.01, jitter=0.5, max_retry_after=1.0)


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(catalogue(), Scenario()) as emulator:
        yield emulator


def fal_kwargs(emu: Emulator, **extra: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "key": emu.fal_key,
        "run_url": emu.fal_run_url,
        "queue_url": emu.fal_queue_url,
        "rest_url": emu.fal_rest_url,
        "backoff": FAST,
        "poll_interval": 0.001,
        "timeout": 5.0,
    }
    kwargs.update(extra)
    return kwargs


def segmind_kwargs(emu: Emulator, **extra: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "api_key": emu.segmind_key,
        "base_url": emu.segmind_url,
        "backoff": FAST,
        "poll_interval": 0.001,
        "timeout": 5.0,
    }
    kwargs.update(extra)
    return kwargs


@pytest.fixture
def fal(emu: Emulator) -> Iterator[fake_kolors.Client]:
    with fake_kolors.Client(**fal_kwargs(emu)) as client:
        yield client


@pytest.fixture
def fal_i2i(emu: Emulator) -> Iterator[fake_kolors_i2i.Client]:
    with fake_kolors_i2i.Client(**fal_kwargs(emu)) as client:
        yield client


@pytest.fixture
def segmind(emu: Emulator) -> Iterator[fake_segmind_kolors.Client]:
    with fake_segmind_kolors.Client(**segmind_kwargs(emu)) as client:
        yield client
