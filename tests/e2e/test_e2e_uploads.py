"""fal uploads against the emulator's storage API: upload(), upload_file(), and file inputs over
the client's threshold uploaded instead of inlined (with the 20 MB end-to-end case)."""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path

import httpx
import pytest
from modelclients._runtime import (
    AuthenticationError,
    BadRequestError,
    InputValidationError,
    ServerError,
)

from generator.emulator import Emulator
from tests.e2e.conftest import fal_kwargs
from tests.runtime import fake_kolors_i2i

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _served(url: str) -> bytes:
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200
    return response.content


def test_upload_and_upload_file_share_one_token(emu: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "photo one.png"
    path.write_bytes(PNG[::-1])
    with fake_kolors_i2i.Client(**fal_kwargs(emu)) as client:
        first = client.upload(PNG, "image/png", "in.png")
        second = client.upload_file(path)
    assert first.startswith(f"{emu.url}/files/") and first.endswith("in.png")
    assert _served(first) == PNG and _served(second) == PNG[::-1]
    assert httpx.get(first).headers["content-type"] == "image/png"
    (token,) = emu.requests_for("fal.token")
    assert token.path == "/fal/rest/storage/auth/token" and token.headers["authorization"] == "***"
    uploads = emu.requests_for("fal.upload")
    assert [u.headers["x-fal-file-name"] for u in uploads] == ["in.png", "photo one.png"]
    assert [u.headers["content-type"] for u in uploads] == ["image/png", "image/png"]


def test_async_upload_and_cdn_url_from_the_environment(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAL_REST_URL", emu.fal_rest_url)
    monkeypatch.setenv("FAL_CDN_URL", emu.fal_cdn_url)
    kwargs = fal_kwargs(emu)
    del kwargs["rest_url"]

    async def go() -> list[str]:
        async with fake_kolors_i2i.AsyncClient(**kwargs) as client:
            return [await client.upload(PNG), await client.upload(b"second")]

    urls = asyncio.run(go())
    assert [_served(u) for u in urls] == [PNG, b"second"]
    assert len(emu.requests_for("fal.token")) == 1
    assert [u.path for u in emu.requests_for("fal.upload")] == ["/fal/cdn/files/upload"] * 2


def test_upload_file_refuses_what_is_not_a_regular_file(emu: Emulator, tmp_path: Path) -> None:
    with fake_kolors_i2i.Client(**fal_kwargs(emu)) as client:
        for bad in (tmp_path / "missing.png", tmp_path):
            with pytest.raises(InputValidationError, match="upload_file: "):
                client.upload_file(bad)
    assert emu.requests == []


def test_inputs_over_the_threshold_are_uploaded(emu: Emulator) -> None:
    big, small = PNG * 4, PNG[:64]
    with fake_kolors_i2i.Client(**fal_kwargs(emu, upload_threshold=len(PNG))) as client:
        client.submit({"prompt": "x", "image_url": big, "mask_urls": [small, big]})
    (submit,) = emu.requests_for("fal.submit")
    image_url, (mask_small, mask_big) = submit.body["image_url"], submit.body["mask_urls"]
    assert image_url.startswith(f"{emu.url}/files/") and _served(image_url) == big
    assert mask_small.startswith("data:image/png;base64,")  # under the threshold: inlined
    assert _served(mask_big) == big
    assert len(emu.requests_for("fal.upload")) == 2


def test_threshold_none_inlines_everything(emu: Emulator) -> None:
    with fake_kolors_i2i.Client(**fal_kwargs(emu, upload_threshold=None)) as client:
        client.submit({"prompt": "x", "image_url": PNG * 4})
    assert emu.requests_for("fal.submit")[0].body["image_url"].startswith("data:image/png")
    assert emu.requests_for("fal.upload") == []


def test_a_20_mb_file_input_travels_as_an_uploaded_url(emu: Emulator, tmp_path: Path) -> None:
    data = b"\xff\xd8\xff\xe0" + os.urandom(20 * 1024 * 1024)
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    with fake_kolors_i2i.Client(**fal_kwargs(emu, timeout=60.0)) as client:
        out = client.run(fake_kolors_i2i.Input(prompt="x", image_url=path))
    assert out.images
    upload, run = emu.requests_for("fal.upload"), emu.requests_for("fal.run")
    assert len(upload) == 1 and upload[0].status == 200
    assert upload[0].headers["content-type"] == "image/jpeg"
    sent = run[0].body["image_url"]
    assert sent.startswith(f"{emu.url}/files/") and not sent.startswith("data:")
    assert [r.op for r in emu.requests] == ["fal.token", "fal.upload", "fal.run"]
    assert hashlib.sha256(_served(sent)).digest() == hashlib.sha256(data).digest()


def test_uploads_are_retried_like_other_calls(emu: Emulator) -> None:
    from generator.emulator import Fault

    emu.add_fault(Fault.http("fal.token", 503))
    emu.add_fault(Fault.reset("fal.upload"))
    with fake_kolors_i2i.Client(**fal_kwargs(emu)) as client:
        url = client.upload(PNG)
    assert _served(url) == PNG
    assert [r.status for r in emu.requests_for("fal.token")] == [503, 200]
    assert [r.status for r in emu.requests_for("fal.upload")] == [None, 200]


def _lowered_multipart(client: fake_kolors_i2i.Client | fake_kolors_i2i.AsyncClient) -> None:
    """The documented per-client attributes, lowered so a multipart upload needs kilobytes."""
    client.multipart_threshold = 4096
    client.multipart_part_size = 1000


def test_large_uploads_go_in_parts(emu: Emulator) -> None:
    data = os.urandom(4500)
    with fake_kolors_i2i.Client(**fal_kwargs(emu)) as client:
        _lowered_multipart(client)
        url = client.upload(data, "image/png", "big.png")
        small = client.upload(PNG)  # under the multipart threshold: one request
    assert _served(url) == data and _served(small) == PNG
    assert url.endswith("big.png")
    (start,) = emu.requests_for("fal.multipart")
    assert start.headers["x-fal-file-name"] == "big.png"
    parts = emu.requests_for("fal.multipart_part")
    assert [p.path.rsplit("/", 1)[1] for p in parts] == ["1", "2", "3", "4", "5"]
    assert all(p.headers["authorization"] == "***" for p in parts)
    (complete,) = emu.requests_for("fal.multipart_complete")
    assert [p["partNumber"] for p in complete.body["parts"]] == [1, 2, 3, 4, 5]
    assert len(emu.requests_for("fal.upload")) == 1
    assert httpx.get(url).headers["content-type"] == "image/png"


def test_async_large_file_input_is_uploaded_in_parts(emu: Emulator) -> None:
    data = PNG * 6

    async def go() -> None:
        async with fake_kolors_i2i.AsyncClient(**fal_kwargs(emu, upload_threshold=100)) as client:
            _lowered_multipart(client)
            await client.submit({"prompt": "x", "image_url": data})

    asyncio.run(go())
    (submit,) = emu.requests_for("fal.submit")
    assert _served(submit.body["image_url"]) == data
    assert len(emu.requests_for("fal.multipart_part")) == -(-len(data) // 1000)
    assert emu.requests_for("fal.upload") == []


def test_when_the_fallback_fails_too_its_error_is_raised_chained(emu: Emulator) -> None:
    from generator.emulator import Fault

    emu.add_fault(Fault.http("fal.multipart_complete", 400))
    emu.add_fault(Fault.http("fal.initiate", 500))
    with fake_kolors_i2i.Client(**fal_kwargs(emu, max_retries=0)) as client:
        _lowered_multipart(client)
        with pytest.raises(ServerError) as caught:
            client.upload(os.urandom(5000))
    assert isinstance(caught.value.__cause__, BadRequestError)  # the CDN's error, chained
    assert emu.requests_for("fal.signed_put") == []


def test_the_fallback_repository_is_used_when_the_cdn_fails(emu: Emulator) -> None:
    from generator.emulator import Fault

    emu.add_fault(Fault.http("fal.upload", 503))
    with fake_kolors_i2i.Client(**fal_kwargs(emu, max_retries=0)) as client:
        url = client.upload(PNG, "image/png", "fallback.png")
    assert _served(url) == PNG and url.endswith("fallback.png")
    (initiate,) = emu.requests_for("fal.initiate")
    assert initiate.body == {"file_name": "fallback.png", "content_type": "image/png"}
    (put,) = emu.requests_for("fal.signed_put")
    assert "authorization" not in put.headers  # a pre-signed URL never gets the key
    assert [r.op for r in emu.requests][:4] == [
        "fal.token",
        "fal.upload",
        "fal.initiate",
        "fal.signed_put",
    ]


def test_async_fallback_and_a_rejected_key_does_not_fall_back(emu: Emulator) -> None:
    from generator.emulator import Fault

    emu.add_fault(Fault.reset("fal.token"))

    async def go() -> str:
        async with fake_kolors_i2i.AsyncClient(**fal_kwargs(emu, max_retries=0)) as client:
            return await client.upload(b"async fallback")

    assert _served(asyncio.run(go())) == b"async fallback"
    assert len(emu.requests_for("fal.signed_put")) == 1
    emu.add_fault(Fault.http("fal.token", 401))
    with (
        fake_kolors_i2i.Client(**fal_kwargs(emu, max_retries=0)) as client,
        pytest.raises(AuthenticationError),
    ):
        client.upload(PNG)
    assert len(emu.requests_for("fal.initiate")) == 1


def test_the_threshold_can_be_set_per_call(emu: Emulator) -> None:
    big = PNG * 4
    with fake_kolors_i2i.Client(**fal_kwargs(emu, upload_threshold=None)) as client:
        client.submit({"prompt": "x", "image_url": big}, upload_threshold=len(PNG))
        client.run({"prompt": "x", "image_url": big})  # the client's None: inlined
    (submit,) = emu.requests_for("fal.submit")
    assert _served(submit.body["image_url"]) == big
    assert emu.requests_for("fal.run")[0].body["image_url"].startswith("data:image/png")
    assert len(emu.requests_for("fal.upload")) == 1


def test_async_per_call_threshold_none_inlines(emu: Emulator) -> None:
    big = PNG * 4

    async def go() -> None:
        kwargs = fal_kwargs(emu, upload_threshold=len(PNG))
        async with fake_kolors_i2i.AsyncClient(**kwargs) as client:
            await client.subscribe({"prompt": "x", "image_url": big}, upload_threshold=None)
            await client.run({"prompt": "x", "image_url": big}, upload_threshold=len(big))
            await client.run({"prompt": "x", "image_url": big})

    asyncio.run(go())
    assert emu.requests_for("fal.submit")[0].body["image_url"].startswith("data:")
    runs = [r.body["image_url"] for r in emu.requests_for("fal.run")]
    assert runs[0].startswith("data:") and _served(runs[1]) == big
    assert len(emu.requests_for("fal.upload")) == 1
