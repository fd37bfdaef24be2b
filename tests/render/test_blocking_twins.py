"""Blocking twins derived from the runtime's marked asyncio code (generator/render/blocking_twins.py)."""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.render.blocking_twins import TwinError, with_blocking_twins
from generator.render.runtime import RuntimeCopyError, copied_runtime


def _src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


CLASS_SOURCE = _src(
    '''
    import asyncio


    class Base:
        pass


    # modelgen: blocking twin `Client`
    class AsyncClient(AsyncDriver, Base):
        """Works both ways."""

        async def run(self, value: int) -> int:
            async with self.lock:  # kept comment
                return await self._drive(
                    value,
                )
    '''
)


def test_a_marked_class_gets_its_twin_above_it() -> None:
    derived = with_blocking_twins(CLASS_SOURCE, "m.py")
    twin = _src(
        '''
        class Client(SyncDriver, Base):
            """Works both ways."""

            def run(self, value: int) -> int:
                with self.lock:  # kept comment
                    return self._drive(
                        value,
                    )


        # modelgen: blocking twin `Client`
        class AsyncClient(AsyncDriver, Base):
        '''
    )
    assert twin in derived
    assert derived.endswith(CLASS_SOURCE.split("class Base:\n    pass\n\n\n", 1)[1])
    assert derived.startswith("import asyncio\n\n\nclass Base:\n    pass\n\n\nclass Client(")


def test_a_marked_method_gets_its_twin_with_one_blank_line() -> None:
    source = _src(
        """
        class Catalogue:
            # modelgen: blocking twin `generate`
            async def agenerate(self, n: int) -> int:
                async with self.module.AsyncClient() as client:
                    return await client.call(n)
        """
    )
    derived = with_blocking_twins(source, "m.py")
    assert derived == _src(
        """
        class Catalogue:
            def generate(self, n: int) -> int:
                with self.module.Client() as client:
                    return client.call(n)

            # modelgen: blocking twin `generate`
            async def agenerate(self, n: int) -> int:
                async with self.module.AsyncClient() as client:
                    return await client.call(n)
        """
    )


def test_the_twin_behaves_like_the_original() -> None:
    source = _src(
        """
        class SyncDriver:
            def _drive(self, value: int) -> int:
                return value * 2


        class AsyncDriver:
            async def _drive(self, value: int) -> int:
                return value * 2


        # modelgen: blocking twin `Client`
        class AsyncClient(AsyncDriver):
            async def run(self, value: int) -> int:
                return await self._drive(value) + 1
        """
    )
    namespace: dict[str, Any] = {}
    exec(compile(with_blocking_twins(source, "m.py"), "m.py", "exec"), namespace)
    assert namespace["Client"]().run(20) == 41
    assert asyncio.run(namespace["AsyncClient"]().run(20)) == 41


def test_unmarked_source_is_returned_as_is() -> None:
    source = "async def f() -> None:\n    await g()\n"
    assert with_blocking_twins(source, "m.py") is source


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "# modelgen: blocking twin `f`\ndef af() -> None:\n    pass\n",
            "m.py:1: `af` is not asyncio code",
        ),
        (
            "# modelgen: blocking twin `X`\nX = 1\n",
            "m.py:1: a blocking-twin marker must stand right above a class or an `async def`",
        ),
        (
            "# modelgen: blocking twin `f`\n\nasync def af() -> None:\n    pass\n",
            "m.py:1: a blocking-twin marker must stand right above",
        ),
        (
            "# modelgen: blocking twin `f`\nasync def af() -> None:\n    await asyncio.sleep(1)\n",
            "m.py:3: `asyncio` is asyncio-only and has no blocking name",
        ),
        (
            "# modelgen: blocking twin `C`\nclass AC:\n    async def aclose(self) -> None:\n"
            "        pass\n",
            "m.py:3: `aclose` is asyncio-only",
        ),
        (
            "# modelgen: blocking twin `f`\nasync def af() -> None:\n    await fetch_async()\n",
            "m.py:3: `fetch_async` is asyncio-only",
        ),
        ("# modelgen: blocking twin `f`\nasync def af(:\n", "m.py:2: not valid Python"),
    ],
)
def test_blocks_without_a_sound_twin_are_located_errors(source: str, message: str) -> None:
    with pytest.raises(TwinError) as caught:
        with_blocking_twins(source, "m.py")
    assert str(caught.value).startswith(message)


def test_a_bad_marker_in_the_runtime_stops_the_copy(tmp_path: Path) -> None:
    (tmp_path / "__init__.py").write_text('__all__ = ["Client"]\n')
    (tmp_path / "_client.py").write_text(
        "# modelgen: blocking twin `Client`\nclass AsyncClient:\n"
        "    async def __aenter__(self) -> None:\n        pass\n"
    )
    with pytest.raises(RuntimeCopyError) as caught:
        copied_runtime(tmp_path, "templates/runtime")
    assert str(caught.value).startswith("templates/runtime/_client.py:3: `__aenter__`")
