"""Several ``dateline run`` processes on one PostgreSQL store: all of them answer, one
at a time runs the scheduler under the lease, and when that one is killed in the
middle of a run of deliveries another takes over and every occasion is posted to the
Slack stand-in exactly once (posts in flight at the kill are found by the survivor's
check of the channel, not sent again)."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from bot.reminders.model import Policy, Subscription
from storage.postgres import open_pg_store
from tests.adapters.fake_slack import FakeSlack
from tests.adapters.test_run_lifecycle import Run, environment, slack_env, start

CHANNELS = 24
TAKEOVER = 45.0  # the lease's 20 s, a standby check, and the posts that remain


@pytest.fixture
async def slow_slack() -> AsyncIterator[FakeSlack]:
    # Each post takes a while, so a kill lands in the middle of the run.
    server = FakeSlack(post_delay=0.4)
    await server.start()
    try:
        yield server
    finally:
        await server.close()


async def _subscribe_every_channel(dsn: str, now: datetime) -> None:
    """Digests due half an hour ago in every channel, subscribed an hour ago: all of
    them are owed at once, as a catch-up, when the processes start."""
    due = (now - timedelta(minutes=30)).time().replace(second=0, microsecond=0)
    store = await open_pg_store(dsn, sample=True, now=now)
    try:
        for number in range(CHANNELS):
            policy = Policy(digest=True, alerts=False, tz="UTC", post_at=due, post_empty=True)
            await store.reminders.save_subscription(
                Subscription("slack", f"C{number:04d}", policy), "test:U1",
                now - timedelta(hours=1), "subscribe", "",
            )
    finally:
        await store.close()


async def _lease_holder_pid(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        holder = await conn.fetchval(
            "SELECT holder FROM scheduler_lease WHERE expires_at > now()"
        )
    finally:
        await conn.close()
    assert holder, "nobody holds the scheduler lease"
    return int(str(holder).split(":")[1])  # host:pid:nonce


async def _posted_channels(slack: FakeSlack, at_least: int, within: float) -> None:
    await slack.wait_until(
        "chat.postMessage", lambda _: len([c for c, m in slack.messages.items() if m]) >= at_least,
        within,
    )


async def test_the_lease_holder_killed_mid_run_still_posts_every_occasion_once(
    tmp_path: Path, pg_dsn: str, slow_slack: FakeSlack
) -> None:
    now = datetime.now(UTC)
    await _subscribe_every_channel(pg_dsn, now)
    env = {**environment(tmp_path), **slack_env(slow_slack), "DATELINE_DB": pg_dsn}
    runs: list[Run] = [await start(env, "--slack") for _ in range(3)]
    try:
        await _posted_channels(slow_slack, 4, 60.0)
        victim = await _lease_holder_pid(pg_dsn)
        killed = next(run for run in runs if run.process.pid == victim)
        killed.process.send_signal(signal.SIGKILL)
        await killed.process.wait()
        posted_at_kill = len([c for c, m in slow_slack.messages.items() if m])
        assert posted_at_kill < CHANNELS, "the run was over before the kill"
        await _posted_channels(slow_slack, CHANNELS, TAKEOVER)
        assert await _lease_holder_pid(pg_dsn) != victim
        await asyncio.sleep(3)  # time for a double post to show, were there one
    finally:
        for run in runs:
            if run.process.returncode is None:
                run.process.send_signal(signal.SIGTERM)
        for run in runs:
            await asyncio.wait_for(run.process.wait(), 30)
    counts = {channel: len(messages) for channel, messages in slow_slack.messages.items()}
    assert counts == {f"C{n:04d}": 1 for n in range(CHANNELS)}
