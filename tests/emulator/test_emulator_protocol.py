"""The emulator answered with raw httpx: documented paths, shapes, headers and error bodies."""

from __future__ import annotations

import argparse
import io
import json
import threading
import time
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path

import httpx
import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]
from PIL import Image

from generator.emulator import Catalogue, Emulator, EndpointEntry, Fault, Scenario
from generator.emulator.cli import register, serve
from tests.runtime.fake_catalogue import FAL_KOLORS_INPUT, FAL_KOLORS_OUTPUT, catalogue

FAL = {"Authorization": "Key emulator-fal-key"}
SEG = {"x-api-key": "emulator-segmind-key"}


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(catalogue(), Scenario(queue_positions=1, progress_polls=1)) as emulator:
        yield emulator


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as client:
        yield client


def test_fal_queue_shapes(emu: Emulator, http: httpx.Client) -> None:
    r = http.post(f"{emu.fal_queue_url}/fal-ai/kolors", json={"prompt": "x"}, headers=FAL)
    assert r.status_code == 200
    data = r.json()
    rid = data["request_id"]
    base = f"{emu.fal_queue_url}/fal-ai/kolors/requests/{rid}"
    assert (data["status_url"], data["response_url"], data["cancel_url"]) == (
        f"{base}/status",
        base,
        f"{base}/cancel",
    )
    assert r.headers["x-fal-request-id"] == rid
    queued = http.get(f"{base}/status", headers=FAL).json()
    assert (queued["status"], queued["queue_position"], queued["logs"]) == ("IN_QUEUE", 0, None)
    running = http.get(f"{base}/status", params={"logs": 1}, headers=FAL).json()
    assert running["status"] == "IN_PROGRESS"
    assert {"message", "level", "source", "timestamp"} <= running["logs"][0].keys()
    done = http.get(f"{base}/status", headers=FAL).json()
    assert done["status"] == "COMPLETED" and "metrics" in done
    output = http.get(base, headers=FAL).json()
    Draft202012Validator(FAL_KOLORS_OUTPUT).validate(output)
    assert http.get(output["images"][0]["url"]).headers["content-type"] == "image/png"
    # status/result/cancel without the sub-path only; the sub-path form is unknown
    wrong = http.get(
        f"{emu.fal_queue_url}/fal-ai/kolors/image-to-image/requests/{rid}/status", headers=FAL
    )
    assert wrong.status_code == 404


def test_fal_validation_error_body(emu: Emulator, http: httpx.Client) -> None:
    r = http.post(
        f"{emu.fal_run_url}/fal-ai/kolors",
        json={"guidance_scale": 50, "image_size": {"width": 0}},
        headers=FAL,
    )
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert {(tuple(d["loc"]), d["type"]) for d in detail} >= {
        (("body", "prompt"), "missing"),
        (("body", "guidance_scale"), "maximum"),
    }
    assert all(set(d) == {"loc", "msg", "type"} for d in detail)


def test_fal_auth_and_unknown_app(emu: Emulator, http: httpx.Client) -> None:
    r = http.post(f"{emu.fal_run_url}/fal-ai/kolors", json={"prompt": "x"})
    assert r.status_code == 401 and "detail" in r.json()
    r = http.post(
        f"{emu.fal_run_url}/fal-ai/kolors",
        json={"prompt": "x"},
        headers={"Authorization": "Bearer x"},
    )
    assert r.status_code == 401
    r = http.post(f"{emu.fal_run_url}/fal-ai/nope", json={"prompt": "x"}, headers=FAL)
    assert r.status_code == 404
    assert [rec.headers.get("authorization") for rec in emu.requests] == [None, "***", "***"]


def test_images_at_requested_size_and_format(emu: Emulator, http: httpx.Client) -> None:
    emu.scenario.render_max_side = None
    out = http.post(
        f"{emu.fal_run_url}/fal-ai/kolors",
        json={
            "prompt": "x",
            "image_size": "portrait_16_9",
            "output_format": "jpeg",
            "num_images": 3,
        },
        headers=FAL,
    ).json()
    assert len(out["images"]) == 3 and len(out["has_nsfw_concepts"]) == 3
    image = out["images"][0]
    assert (image["width"], image["height"], image["content_type"]) == (576, 1024, "image/jpeg")
    with Image.open(io.BytesIO(http.get(image["url"]).content)) as pil:
        assert (pil.format, pil.size) == ("JPEG", (576, 1024))
    emu.scenario.render_max_side = 64  # rendered small, and reported at the size it has
    small = http.post(
        f"{emu.fal_run_url}/fal-ai/kolors",
        json={"prompt": "x", "image_size": "square_hd"},
        headers=FAL,
    ).json()["images"][0]
    with Image.open(io.BytesIO(http.get(small["url"]).content)) as pil:
        assert (small["width"], small["height"]) == pil.size == (64, 64)
    seg = http.post(
        f"{emu.segmind_url}/kolors", json={"prompt": "x", "width": 1024, "height": 512}, headers=SEG
    )
    with Image.open(io.BytesIO(seg.content)) as pil:
        assert (pil.format, pil.size) == ("WEBP", (64, 32))


def test_segmind_shapes(emu: Emulator, http: httpx.Client) -> None:
    v1 = http.post(
        f"{emu.segmind_url}/kolors", json={"prompt": "x", "output_format": "png"}, headers=SEG
    )
    assert v1.headers["content-type"] == "image/png" and v1.headers["x-remaining-credits"] == "99.9"
    bad = http.post(f"{emu.segmind_url}/kolors", json={"prompt": "x", "cfg": 99}, headers=SEG)
    assert bad.status_code == 422 and "cfg" in bad.json()["error"]
    sub = http.post(f"{emu.url}/segmind/v2/kolors", json={"prompt": "x"}, headers=SEG).json()
    assert sub["status"] == "QUEUED"
    assert set(sub) == {"request_id", "status", "poll_url", "status_url", "response_url"}
    states = [http.get(sub["status_url"], headers=SEG).json()["status"] for _ in range(3)]
    assert states == ["QUEUED", "PROCESSING", "COMPLETED"]
    result = http.get(sub["response_url"], headers=SEG).json()
    assert result["status"] == "COMPLETED" and result["output"].startswith(emu.url)
    assert http.get(sub["poll_url"], headers=SEG).json() == result
    assert http.get(f"{emu.url}/segmind/v2/requests/nope", headers=SEG).status_code == 404
    assert http.post(f"{emu.segmind_url}/kolors", json={"prompt": "x"}).status_code == 401


def test_segmind_failed_is_422_with_body(emu: Emulator, http: httpx.Client) -> None:
    emu.add_fault(Fault.fail("segmind.submit", detail="blocked"))
    sub = http.post(f"{emu.url}/segmind/v2/kolors", json={"prompt": "x"}, headers=SEG).json()
    for _ in range(3):
        http.get(sub["status_url"], headers=SEG)
    for url in (sub["status_url"], sub["response_url"]):
        r = http.get(url, headers=SEG)
        assert (
            r.status_code == 422
            and r.json()["status"] == "FAILED"
            and r.json()["error"] == "blocked"
        )


def test_faults_fire_by_count(emu: Emulator, http: httpx.Client) -> None:
    emu.add_fault(Fault.http("fal.run", 429, times=2, skip=1, retry_after="1"))
    emu.add_fault(Fault.reset("fal.run", skip=3))
    codes: list[int | None] = []
    for _ in range(4):
        try:
            codes.append(
                http.post(
                    f"{emu.fal_run_url}/fal-ai/kolors", json={"prompt": "x"}, headers=FAL
                ).status_code
            )
        except httpx.TransportError:
            codes.append(None)
    assert codes == [200, 429, 429, None]
    assert [r.status for r in emu.requests] == [200, 429, 429, None]
    assert [r.fault for r in emu.requests] == [None, "http", "http", "reset"]
    emu.add_fault(Fault.ingress("fal.submit"))
    r = http.post(f"{emu.fal_queue_url}/fal-ai/kolors", json={"prompt": "x"}, headers=FAL)
    assert r.status_code == 502 and b"nginx" in r.content and "x-fal-request-id" not in r.headers
    emu.reset()
    assert emu.requests == [] and emu.scenario.faults == []


def test_slow_and_processing_time(emu: Emulator, http: httpx.Client) -> None:
    emu.add_fault(Fault.slow("fal.run", 0.1))
    started = time.monotonic()
    http.post(f"{emu.fal_run_url}/fal-ai/kolors", json={"prompt": "x"}, headers=FAL)
    assert time.monotonic() - started >= 0.1


def test_fault_parse() -> None:
    fault = Fault.parse("fal.submit:429:times=2:retry_after=1")
    assert (fault.op, fault.action, fault.status, fault.times, fault.retry_after) == (
        "fal.submit",
        "http",
        429,
        2,
        "1",
    )
    assert Fault.parse("fal.*:reset").matches("fal.status")
    assert Fault.parse("fal.run:slow:delay=2").delay == 2
    for bad in ("nope", "fal.submit:explode", "x.y:reset", "fal.run:slow:speed=1"):
        with pytest.raises(ValueError):
            Fault.parse(bad)


def test_catalogue_from_index(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "in.json").write_text(json.dumps(FAL_KOLORS_INPUT))
    (tmp_path / "schemas" / "out.json").write_text(json.dumps(FAL_KOLORS_OUTPUT))
    index = {
        "format": 1,
        "providers": {"fal": {"image_size_presets": {"tiny": [16, 8]}}, "segmind": {}},
        "endpoints": {
            "fal-ai/kolors": {
                "id": "fal-ai/kolors",
                "provider": "fal",
                "protocols": ["run", "queue"],
                "input_schema": "schemas/in.json",
                "output_schema": "schemas/out.json",
            },
            "segmind/kolors": {
                "id": "segmind/kolors",
                "provider": "segmind",
                "slug": "kolors",
                "input_schema": "schemas/in.json",
            },
        },
    }
    (tmp_path / "index.json").write_text(json.dumps(index))
    loaded = Catalogue.from_index(tmp_path / "index.json")
    assert loaded.image_size_presets["tiny"] == (16, 8)
    assert loaded.image_size_presets["square_hd"] == (1024, 1024)
    assert loaded.segmind_endpoint("kolors") is not None
    assert loaded.fal_endpoint("fal-ai/kolors/extra") == (
        loaded.endpoints["fal-ai/kolors"],
        "extra",
    )


def test_cli_serve_prints_exports(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_text(json.dumps({"format": 1, "endpoints": {}}))
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(
        ["serve", "--port", "0", "--index", str(tmp_path / "index.json"), "--fault", "fal.run:500"]
    )
    stop = threading.Event()
    out = io.StringIO()
    thread = threading.Thread(target=lambda: setattr(args, "rc", serve(args, stop)))
    with redirect_stdout(out):
        thread.start()
        for _ in range(100):
            if "SEGMIND_BASE_URL" in out.getvalue():
                break
            time.sleep(0.01)
        stop.set()
        thread.join(5)
    text = out.getvalue()
    assert args.rc == 0
    assert "export FAL_RUN_URL=http://127.0.0.1:" in text and "/fal/queue" in text
    bad = parser.parse_args(["serve", "--index", str(tmp_path / "missing.json")])
    assert serve(bad) == 2


def test_segmind_v2_results_always_carry_output(http: httpx.Client) -> None:
    # a typed output schema without `output` (as many specs have): the result still has one
    typed = EndpointEntry(
        id="segmind/typed",
        provider="segmind",
        input_schema={"type": "object", "properties": {"prompt": {"type": "string"}}},
        output_schema={
            "type": "object",
            "properties": {"seed": {"type": "integer"}},
            "required": ["seed"],
        },
    )
    with Emulator(Catalogue.of(typed)) as emu:
        sub = http.post(f"{emu.url}/segmind/v2/typed", json={"prompt": "x"}, headers=SEG).json()
        result = http.get(sub["response_url"], headers=SEG).json()
        assert {"status", "metrics", "output", "seed"} <= set(result)
        image = http.get(result["output"])
        assert image.status_code == 200 and image.headers["content-type"].startswith("image/")
