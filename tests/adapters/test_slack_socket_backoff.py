"""Socket Mode losing Slack: the stand-in drops every connection, the real slack_sdk
client retries with exponential, capped backoff (time driven by an injected sleep,
so nothing waits for real), one log line per failed attempt and no traceback; when
the stand-in accepts connections again the app reconnects and answers."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from fake_slack import MEMBER, TIMEOUT, running_app, slash_body

from adapters.slack_.socket import Backoff

FAILURES = 8


async def test_lost_connection_is_retried_with_capped_backoff(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    delays: list[float] = []
    back = asyncio.Event()

    async def sleep(seconds: float) -> None:
        delays.append(seconds)
        if len(delays) == FAILURES:
            harness.fake.refusing = False  # Slack is back after the eighth wait
            back.set()
        await asyncio.sleep(0)

    async with running_app(tmp_path / "e.db", mode="socket", sleep=sleep) as harness:
        caplog.set_level(logging.INFO)
        caplog.clear()
        await harness.fake.refuse()
        await asyncio.wait_for(back.wait(), TIMEOUT)
        await harness.fake.wait_for_sockets(2)
        envelope = {
            "envelope_id": "env-after",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": dict(parse_qsl(slash_body("help", MEMBER, harness.fake.response_url()))),
        }
        await harness.fake.send_envelope(envelope)
        ack = await asyncio.wait_for(harness.fake.socket_received.get(), TIMEOUT)
        assert ack["envelope_id"] == "env-after"
        records = list(caplog.records)
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60]
    failed = [r for r in records if "connection failed" in r.getMessage()]
    assert len(failed) == FAILURES
    assert "retrying in 60 s" in failed[-1].getMessage()
    assert all(r.exc_info is None for r in records)
    assert all(r.levelno < logging.ERROR for r in records)
    assert sum("reconnected" in r.getMessage() for r in records) == 1


def test_backoff_doubles_up_to_its_cap_and_starts_over_after_reset() -> None:
    backoff = Backoff(start=0.5, cap=3)
    assert [backoff.delay() for _ in range(5)] == [0.5, 1, 2, 3, 3]
    backoff.reset()
    assert backoff.delay() == 0.5
