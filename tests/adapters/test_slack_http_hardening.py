"""HTTP mode against hostile and malformed requests: nothing from an unauthenticated
request reaches the logs, and malformed requests get 401 or 400 with at most one
log line and no traceback."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import aiohttp
import pytest
from fake_slack import MEMBER, TIMEOUT, running_app, sign, slash_body

from adapters.logsafe import printable

FORGED_LINE = "\n2026-01-01 09:00:00,000 INFO bot.admin: granted owner to UEVIL0001"


async def post_raw(url: str, body: bytes, timestamp: str, signature: str) -> int:
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    }
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            url, data=body, headers=headers, timeout=aiohttp.ClientTimeout(total=TIMEOUT)
        ) as response,
    ):
        return response.status


def signed(body: bytes, timestamp: str) -> str:
    """Slack's signature over raw bytes (``sign`` in the stand-in takes text)."""
    import hashlib  # noqa: PLC0415
    import hmac  # noqa: PLC0415

    from fake_slack import SIGNING_SECRET  # noqa: PLC0415

    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()


async def test_a_forged_request_never_reaches_the_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_app(tmp_path / "e.db") as h:
        body = slash_body("help" + FORGED_LINE, MEMBER, h.fake.response_url())
        now = str(int(time.time()))
        status = await post_raw(h.events_url, body.encode(), now, sign(body, int(now), "wrong"))
        assert status == 401
    for record in caplog.records:
        message = record.getMessage()
        assert "granted" not in message and "UEVIL" not in message, message
    assert [
        r.getMessage() for r in caplog.records if r.name == "adapters.slack_.http_endpoint"
    ] == [
        "refused a Slack request: bad signature (401)"
    ]


@pytest.mark.parametrize(
    ("body", "timestamp", "good_signature", "expected"),
    [
        (b"command=%2Fdateline&text=help", "abc", False, 401),
        (b"command=%2Fdateline&text=help", "12e3", True, 401),
        (b"command=%2Fdateline&text=help", "", False, 401),
        (b"command=%2Fdateline&text=\xff\xfe", "now", False, 401),
        (b"command=%2Fdateline&text=\xff\xfe", "now", True, 400),
        (b"payload=%7Bnot+json", "now", True, 400),
        (b"{not json", "now", True, 400),
    ],
)
async def test_malformed_requests_are_refused_quietly(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    timestamp: str,
    good_signature: bool,
    expected: int,
) -> None:
    async with running_app(tmp_path / "e.db") as h:
        caplog.clear()
        caplog.set_level(logging.INFO)
        stamp = str(int(time.time())) if timestamp == "now" else timestamp
        signature = signed(body, stamp) if good_signature else "v0=" + "0" * 64
        status = await post_raw(h.events_url, body, stamp, signature)
        records = list(caplog.records)
    assert status == expected
    assert len(records) <= 1, [r.getMessage() for r in records]
    assert all(r.exc_info is None for r in records)
    assert h.fake.of("response_url") == []


def test_printable_escapes_control_characters_and_shortens() -> None:
    assert printable("a\nb\r\x1b[31mc\u2028d") == "a\\nb\\r\\x1b[31mc\\u2028d"
    assert len(printable("x" * 500)) == 80
