"""Reading the server's wait hints."""

from __future__ import annotations

from email.utils import formatdate

from modelclients._runtime._retry import retry_after_seconds

NOW = 1_700_000_000.0


def test_seconds_and_milliseconds() -> None:
    assert retry_after_seconds({"retry-after": "2"}, NOW) == 2
    assert retry_after_seconds({"retry-after": "0.5"}, NOW) == 0.5
    assert retry_after_seconds({"retry-after-ms": "1500", "retry-after": "9"}, NOW) == 1.5
    assert retry_after_seconds({"retry-after": "-3"}, NOW) == 0
    assert retry_after_seconds({}, NOW) is None
    assert retry_after_seconds({"retry-after": "soon"}, NOW) is None


def test_http_date() -> None:
    value = formatdate(NOW + 30, usegmt=True)
    assert retry_after_seconds({"retry-after": value}, NOW) == 30


def test_segmind_reset_header_iso_and_epoch() -> None:
    assert retry_after_seconds({"x-rate-limit-reset-at-utc": "2023-11-14T22:13:30Z"}, NOW) == 10
    assert retry_after_seconds({"x-rate-limit-reset-at-utc": "2023-11-14T22:13:30"}, NOW) == 10
    assert retry_after_seconds({"x-rate-limit-reset-at-utc": str(NOW + 4)}, NOW) == 4
    assert retry_after_seconds({"x-rate-limit-reset-at-utc": str((NOW + 4) * 1000)}, NOW) == 4
