"""Every error class provoked through the emulator, and retries that recover without losing or
duplicating a job (checked in the emulator's request log)."""

from __future__ import annotations

import asyncio
import logging
import time
from email.utils import formatdate

import pytest
from modelclients._runtime import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InputValidationError,
    InsufficientCreditsError,
    MissingCredentialsError,
    NotFoundError,
    RateLimitError,
    RequestFailedError,
    ServerError,
    WaitTimeoutError,
)

from generator.emulator import Emulator, Fault
from tests.e2e.conftest import fal_kwargs, segmind_kwargs
from tests.runtime import fake_kolors, fake_segmind_kolors

# -- errors -------------------------------------------------------------------------------------


def test_input_validation_error_before_anything_is_sent(
    fal: fake_kolors.Client, emu: Emulator
) -> None:
    with pytest.raises(InputValidationError) as caught:
        fal.submit({"prompt": "x", "guidance_scale": 11})
    assert caught.value.errors[0]["loc"] == ["guidance_scale"]
    assert "guidance_scale" in str(caught.value)
    with pytest.raises(InputValidationError):
        fal.run({"prompt": "x", "unknown": 1})
    assert emu.requests == []


def test_missing_credentials(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET"):
        monkeypatch.delenv(name, raising=False)
    client = fake_kolors.Client(**fal_kwargs(emu, key=None))
    with pytest.raises(MissingCredentialsError, match="FAL_KEY"):
        client.run({"prompt": "x"})
    assert emu.requests == []


def test_wrong_key_is_authentication_error(emu: Emulator) -> None:
    client = fake_kolors.Client(**fal_kwargs(emu, key="wrong-key"))
    with pytest.raises(AuthenticationError) as caught:
        client.submit({"prompt": "x"})
    assert caught.value.status_code == 401
    assert "Invalid or missing key" in str(caught.value.detail)
    seg = fake_segmind_kolors.Client(**segmind_kwargs(emu, api_key="wrong"))
    with pytest.raises(AuthenticationError) as seg_caught:
        seg.run({"prompt": "x"})
    assert seg_caught.value.status_code == 401 and seg_caught.value.provider == "segmind"


def test_failed_request_raises_request_failed_with_detail(
    fal: fake_kolors.Client, emu: Emulator
) -> None:
    emu.add_fault(
        Fault.fail("fal.submit", detail="NSFW content", error_type="content_policy_violation")
    )
    with pytest.raises(RequestFailedError) as caught:
        fal.subscribe({"prompt": "x"})
    error = caught.value
    assert error.status_code == 422
    assert error.request_id is not None and error.request_id in emu.jobs
    assert error.detail[0]["msg"] == "NSFW content"
    assert error.detail[0]["type"] == "content_policy_violation"
    assert "NSFW content" in str(error)


def test_failed_sync_run(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.add_fault(Fault.fail("fal.run", detail="image too large", error_type="image_too_large"))
    with pytest.raises(RequestFailedError) as caught:
        fal.run({"prompt": "x"})
    assert caught.value.request_id is not None  # from x-fal-request-id
    assert caught.value.detail[0]["type"] == "image_too_large"


def test_unknown_and_expired_request_is_not_found(fal: fake_kolors.Client, emu: Emulator) -> None:
    with pytest.raises(NotFoundError) as caught:
        fal.result("no-such-request")
    assert caught.value.request_id == "no-such-request" and caught.value.status_code == 404
    emu.scenario.result_ttl = 0.0
    handle = fal.submit({"prompt": "x"})
    fal.status(handle)  # completes (and starts the ttl)
    emu.scenario.result_ttl = -1.0
    with pytest.raises(NotFoundError, match="expired"):
        fal.result(handle)


def test_rate_limited_after_retries(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.add_fault(Fault.http("fal.submit", 429, times=10, retry_after="0"))
    with pytest.raises(RateLimitError) as caught:
        fal.submit({"prompt": "x"}, max_retries=2)
    assert caught.value.status_code == 429
    assert len(emu.requests_for("fal.submit")) == 3
    assert emu.jobs == {}


def test_server_error_after_retries(fal: fake_kolors.Client, emu: Emulator) -> None:
    handle = fal.submit({"prompt": "x"})
    emu.add_fault(Fault.http("fal.result", 500, times=10))
    with pytest.raises(ServerError) as caught:
        fal.result(handle)
    assert caught.value.status_code == 500
    assert caught.value.error_type == "internal_error"
    assert caught.value.request_id == handle.request_id
    assert len(emu.requests_for("fal.result")) == 1 + fal.max_retries


def test_bad_request(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.add_fault(Fault.http("fal.status", 400, detail="bad logs value"))
    with pytest.raises(BadRequestError, match="bad logs value"):
        fal.status("whatever")


def test_timeout(fal: fake_kolors.Client, emu: Emulator) -> None:
    handle = fal.submit({"prompt": "x"})
    emu.add_fault(Fault.slow("fal.status", 0.5, times=10))
    with pytest.raises(APITimeoutError) as caught:
        fal.status(handle, timeout=0.05, max_retries=1)
    assert caught.value.request_id == handle.request_id
    assert caught.value.status_code is None
    assert isinstance(caught.value, TimeoutError)


def test_sync_run_timeout_is_not_retried(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.add_fault(Fault.slow("fal.run", 0.5))
    with pytest.raises(APITimeoutError) as caught:
        fal.run({"prompt": "x"}, timeout=0.05)
    assert caught.value.may_have_been_sent
    # The server records a request on its own thread, which a loaded machine may run after the
    # client gave up: wait for the record, then long enough for a retry's to arrive too.
    deadline = time.monotonic() + 5
    while not emu.requests_for("fal.run") and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    assert len(emu.requests_for("fal.run")) == 1


def test_wait_timeout_cancels(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.scenario.queue_positions = 1000
    with pytest.raises(WaitTimeoutError) as caught:
        fal.subscribe({"prompt": "x"}, max_wait=0.05, poll_interval=0.01)
    rid = caught.value.request_id
    assert emu.jobs[rid].cancelled
    assert len(emu.requests_for("fal.cancel")) == 1


def test_insufficient_credits_segmind(segmind: fake_segmind_kolors.Client, emu: Emulator) -> None:
    emu.scenario.credits = 0.15
    emu.scenario.cost = 0.1
    assert segmind.run({"prompt": "x"}).remaining_credits == pytest.approx(0.05)
    with pytest.raises(InsufficientCreditsError) as caught:
        segmind.run({"prompt": "x"})
    assert caught.value.status_code == 406
    assert caught.value.detail == "Insufficient credits"
    with pytest.raises(InsufficientCreditsError):
        segmind.submit({"prompt": "x"})


def test_segmind_failed_request(segmind: fake_segmind_kolors.Client, emu: Emulator) -> None:
    emu.add_fault(Fault.fail("segmind.submit", detail="RAI block"))
    handle = segmind.submit({"prompt": "x"})
    status = segmind.status(handle)
    assert status.failed and status.error == "RAI block"
    with pytest.raises(RequestFailedError) as caught:
        segmind.result(handle)
    assert (caught.value.status_code, caught.value.detail) == (422, "RAI block")
    assert caught.value.request_id == handle.request_id
    emu.add_fault(Fault.fail("segmind.submit"))
    with pytest.raises(RequestFailedError):
        segmind.subscribe({"prompt": "y"})


def test_segmind_expired_is_not_found(segmind: fake_segmind_kolors.Client, emu: Emulator) -> None:
    handle = segmind.submit({"prompt": "x"})
    emu.add_fault(Fault.http("segmind.status", 404, detail="expired"))
    with pytest.raises(NotFoundError) as caught:
        segmind.status(handle)
    assert caught.value.request_id == handle.request_id and caught.value.detail == "expired"


def test_segmind_server_side_validation(emu: Emulator) -> None:
    client = fake_segmind_kolors.Client(**segmind_kwargs(emu))
    # bypass the client-side model to reach the server's 422
    body = client.prepare_input({"prompt": "x"})
    assert body == {"prompt": "x"}
    emu.catalogue.endpoints["segmind/kolors"].input_schema["properties"]["cfg"]["maximum"] = 1
    emu.catalogue.endpoints["segmind/kolors"]._validator.clear()
    with pytest.raises(RequestFailedError) as caught:
        client.run({"prompt": "x", "cfg": 5})
    assert "cfg" in str(caught.value.detail)


# -- retries ------------------------------------------------------------------------------------


def test_submit_retries_429_honouring_retry_after(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.add_fault(Fault.http("fal.submit", 429, times=2, retry_after="0.05"))
    out = fal.subscribe({"prompt": "x"})
    submits = emu.requests_for("fal.submit")
    assert [r.status for r in submits] == [429, 429, 200]
    assert submits[2].at - submits[0].at >= 0.1  # two waits of Retry-After: 0.05
    assert len(emu.jobs) == 1
    assert out.prompt == "x"


def test_retry_after_http_date(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.add_fault(Fault.http("fal.run", 429, retry_after=formatdate(usegmt=True)))
    assert fal.run({"prompt": "x"}).prompt == "x"
    assert [r.status for r in emu.requests_for("fal.run")] == [429, 200]


def test_status_and_result_retry_500_and_resets(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.scenario.queue_positions = 1
    emu.add_fault(Fault.http("fal.status", 500))
    emu.add_fault(Fault.reset("fal.status", skip=1))
    emu.add_fault(Fault.reset("fal.result"))
    emu.add_fault(Fault.http("fal.result", 503, skip=1))
    out = fal.subscribe({"prompt": "x"})
    assert out.prompt == "x"
    assert len(emu.jobs) == 1
    assert len(emu.requests_for("fal.submit")) == 1
    assert [r.status for r in emu.requests_for("fal.result")] == [None, 503, 200]


def test_submit_reset_is_not_retried_and_creates_no_duplicate(
    fal: fake_kolors.Client, emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    emu.add_fault(Fault.reset("fal.submit"))
    with (
        caplog.at_level(logging.WARNING, logger="modelclients"),
        pytest.raises(APIConnectionError) as caught,
    ):
        fal.submit({"prompt": "x"})
    assert caught.value.may_have_been_sent
    assert len(emu.requests_for("fal.submit")) == 1
    assert emu.jobs == {}
    assert any("not retried" in r.getMessage() for r in caplog.records)


def test_submit_500_is_not_retried_but_ingress_502_is(
    fal: fake_kolors.Client, emu: Emulator
) -> None:
    emu.add_fault(Fault.http("fal.submit", 500))
    with pytest.raises(ServerError):
        fal.submit({"prompt": "x"})
    assert len(emu.requests_for("fal.submit")) == 1
    emu.add_fault(Fault.ingress("fal.submit", 502))
    handle = fal.submit({"prompt": "y"})
    assert [r.status for r in emu.requests_for("fal.submit")] == [500, 502, 200]
    assert list(emu.jobs) == [handle.request_id]


def test_user_requested_timeout_504_is_never_retried(
    fal: fake_kolors.Client, emu: Emulator
) -> None:
    emu.add_fault(
        Fault.http("fal.status", 504, headers={"X-Fal-Request-Timeout-Type": "user"}, times=5)
    )
    with pytest.raises(ServerError) as caught:
        fal.status("abc")
    assert caught.value.status_code == 504
    assert len(emu.requests_for("fal.status")) == 1


def test_run_reset_is_not_retried(fal: fake_kolors.Client, emu: Emulator) -> None:
    emu.add_fault(Fault.reset("fal.run"))
    with pytest.raises(APIConnectionError):
        fal.run({"prompt": "x"})
    assert len(emu.requests_for("fal.run")) == 1


def test_segmind_retries_rate_limit_reset_header(
    segmind: fake_segmind_kolors.Client, emu: Emulator
) -> None:
    emu.add_fault(Fault.http("segmind.submit", 429, headers={"x-rate-limit-reset-at-utc": "0"}))
    emu.add_fault(Fault.reset("segmind.status"))
    emu.add_fault(Fault.http("segmind.result", 500))
    out = segmind.subscribe({"prompt": "x"})
    assert out.status == "COMPLETED"
    assert [r.status for r in emu.requests_for("segmind.submit")] == [429, 200]
    assert len(emu.jobs) == 1


def test_async_retries(emu: Emulator) -> None:
    emu.add_fault(Fault.http("fal.submit", 429, retry_after="0"))
    emu.add_fault(Fault.reset("fal.status"))
    emu.add_fault(Fault.http("fal.result", 502))

    async def main() -> str:
        async with fake_kolors.AsyncClient(**fal_kwargs(emu)) as client:
            return (await client.subscribe({"prompt": "a"})).prompt

    assert asyncio.run(main()) == "a"
    assert len(emu.jobs) == 1
    assert [r.status for r in emu.requests_for("fal.submit")] == [429, 200]


def test_async_errors(emu: Emulator) -> None:
    emu.add_fault(Fault.http("segmind.v1", 406))

    async def main() -> None:
        async with fake_segmind_kolors.AsyncClient(**segmind_kwargs(emu)) as client:
            await client.run({"prompt": "x"})

    with pytest.raises(InsufficientCreditsError):
        asyncio.run(main())
