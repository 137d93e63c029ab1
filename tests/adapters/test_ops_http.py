"""The operations endpoint served for real on a free loopback port and read with aiohttp's
client: ``/healthz`` healthy and not (a store that cannot be reached, a platform not
connected, a stopped scheduler), and ``/metrics`` counting real answers, scheduled
posts recorded in a real ledger, and queue depths read from the store."""

from __future__ import annotations

import asyncio
import io
import math
from datetime import UTC, date, datetime
from pathlib import Path

from adapters.console import ConsoleSession, ask_once
from adapters.health import Health, ping_store
from adapters.metrics import Metrics
from adapters.scheduling import make_scheduler
from bot.errors import DeliveryFailed
from bot.messages import Role
from bot.reminders.model import Policy, Subscription
from bot.reminders.scheduler_settings import SchedulerSettings
from storage import open_store
from tests.adapters.ops_helpers import (
    get_json,
    get_text,
    health_of,
    measured_bot,
    sample,
    serving,
)
from tests.bot.scheduling_fakes import RecordingPublisher
from tests.conftest import FakeClock

NEW_YEAR = datetime(2026, 1, 1, tzinfo=UTC)


async def answers() -> None:
    """A store probe that answers at once."""


async def test_healthz_is_200_with_a_reachable_store_and_a_running_scheduler(
    tmp_path: Path,
) -> None:
    metrics = Metrics()
    async with measured_bot(tmp_path, metrics) as bot:
        health = health_of(bot)
        running = asyncio.create_task(asyncio.Event().wait())
        health.scheduler(running, "host:1:abc")
        try:
            async with serving(health, metrics) as server:
                status, body = await get_json(f"{server.url}/healthz")
        finally:
            running.cancel()
    assert status == 200
    assert body == {
        "status": "ok",
        "problems": [],
        "store": {"reachable": True, "error": None},
        "platforms": {},
        "scheduler": {"running": True, "this_process": "host:1:abc", "lease_holder": "host:1:abc"},
    }


async def test_healthz_is_503_when_the_store_cannot_be_reached(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "gone.sqlite3", sample=False, now=NEW_YEAR)
    await store.close()  # the connection is gone, as a database server's can be
    health = Health(lambda: ping_store(store))
    async with serving(health, Metrics()) as server:
        status, body = await get_json(f"{server.url}/healthz")
    assert status == 503
    assert body["status"] == "unhealthy"
    assert body["store"]["reachable"] is False
    assert body["store"]["error"]
    assert body["problems"] == [f"store: {body['store']['error']}"]


async def test_a_store_that_does_not_answer_in_time_is_unhealthy() -> None:
    async def never_answers() -> None:
        await asyncio.Event().wait()

    health = Health(never_answers, timeout=0.05)
    async with serving(health, Metrics()) as server:
        status, body = await get_json(f"{server.url}/healthz")
    assert status == 503
    assert body["store"] == {"reachable": False, "error": "no answer within 0.05 seconds"}


async def test_a_platform_not_connected_and_a_stopped_scheduler_are_unhealthy(
    tmp_path: Path,
) -> None:
    async def up() -> bool:
        return True

    async def down() -> bool:
        return False

    metrics = Metrics()
    async with measured_bot(tmp_path, metrics) as bot:
        health = health_of(bot)
        health.platform("discord", up)
        health.platform("slack", down)
        stopped = asyncio.create_task(asyncio.sleep(0))
        await stopped
        health.scheduler(stopped, "host:1:abc")
        async with serving(health, metrics) as server:
            status, body = await get_json(f"{server.url}/healthz")
    assert status == 503
    assert body["platforms"] == {"discord": {"connected": True}, "slack": {"connected": False}}
    assert body["scheduler"] == {
        "running": False, "this_process": "host:1:abc", "lease_holder": None,
    }
    assert body["problems"] == ["slack: not connected", "scheduler: not running"]


async def test_the_lease_holder_is_read_from_what_the_scheduler_side_registers(
    tmp_path: Path,
) -> None:
    async def other_process() -> str | None:
        return "elsewhere:2:def"

    metrics = Metrics()
    async with measured_bot(tmp_path, metrics) as bot:
        health = health_of(bot)
        running = asyncio.create_task(asyncio.Event().wait())
        health.scheduler(running, "host:1:abc")
        health.read_lease_holder_with(other_process)
        try:
            async with serving(health, metrics) as server:
                status, body = await get_json(f"{server.url}/healthz")
        finally:
            running.cancel()
    assert status == 200  # another process holding the lease is normal
    assert body["scheduler"]["lease_holder"] == "elsewhere:2:def"


async def test_metrics_count_a_question_answered_through_the_console(tmp_path: Path) -> None:
    metrics = Metrics()
    async with measured_bot(tmp_path, metrics) as bot:
        owner = ConsoleSession("UTC", today=date(2026, 1, 7))
        member = ConsoleSession("UTC", Role.MEMBER, today=date(2026, 1, 7))
        out = io.StringIO()
        assert await ask_once(bot, owner, "what happened on 7 January?", out)
        assert "Ain al-Asad" in out.getvalue()
        assert not await ask_once(bot, member, "audit", out)  # refused: an error reply
        async with serving(health_of(bot), metrics) as server:
            status, kind, scrape = await get_text(f"{server.url}/metrics")
    assert status == 200
    assert kind.startswith("text/plain")
    assert sample(scrape, "dateline_answers_total", command="ask", outcome="answered") == 1
    assert sample(scrape, "dateline_answers_total", command="audit", outcome="error") == 1
    assert sample(scrape, "dateline_answer_seconds_count", platform="console") == 2
    seconds = sample(scrape, "dateline_answer_seconds_sum", platform="console")
    assert seconds is not None and seconds > 0


async def test_metrics_count_scheduled_posts_as_the_ledger_records_them(tmp_path: Path) -> None:
    metrics = Metrics()
    publisher = RecordingPublisher()
    async with measured_bot(tmp_path, metrics) as bot:
        assert bot.reminders is not None
        every_day = Policy(alerts=False, post_empty=True)
        await bot.reminders.save_subscription(
            Subscription("slack", "C1", every_day), "test", NEW_YEAR, "subscribe", ""
        )
        scheduler = make_scheduler(
            bot, {"slack": publisher}, SchedulerSettings(), FakeClock(NEW_YEAR)
        )
        await scheduler.tick(datetime(2026, 1, 1, 9, tzinfo=UTC))  # on time
        await scheduler.tick(datetime(2026, 1, 2, 9, 30, tzinfo=UTC))  # half an hour late
        # After downtime: the 3rd is past the catch-up window, the 4th is on time.
        await scheduler.tick(datetime(2026, 1, 4, 9, tzinfo=UTC))
        publisher.failures["C1"] = [DeliveryFailed("Slack answered 500")]
        await scheduler.tick(datetime(2026, 1, 5, 9, tzinfo=UTC))
        async with serving(health_of(bot), metrics) as server:
            _, _, scrape = await get_text(f"{server.url}/metrics")
    assert publisher.keys() == ["digest:2026-01-01", "digest:2026-01-02", "digest:2026-01-04"]
    posts = {
        outcome: sample(scrape, "dateline_scheduled_posts_total", outcome=outcome)
        for outcome in ("sent", "late", "skipped", "failed")
    }
    assert posts == {"sent": 2, "late": 1, "skipped": 1, "failed": 1}
    # The failed post waits in the ledger for its retry.
    assert sample(scrape, "dateline_pending_deliveries") == 1
    assert sample(scrape, "dateline_pending_review_candidates") == 0


async def test_a_queue_that_cannot_be_read_is_reported_as_unknown(tmp_path: Path) -> None:
    metrics = Metrics()
    async with measured_bot(tmp_path, metrics) as bot:
        health = health_of(bot)
    # The store is closed now: the scrape still answers, with unknown depths.
    async with serving(health, metrics) as server:
        status, _, scrape = await get_text(f"{server.url}/metrics")
    assert status == 200
    depth = sample(scrape, "dateline_pending_deliveries")
    assert depth is not None and math.isnan(depth)


async def test_every_scheduled_post_outcome_is_shown_before_it_happens() -> None:
    async with serving(Health(answers), Metrics()) as server:
        _, _, scrape = await get_text(f"{server.url}/metrics")
    for outcome in ("sent", "late", "skipped", "failed"):
        assert sample(scrape, "dateline_scheduled_posts_total", outcome=outcome) == 0


async def test_two_metrics_never_count_into_each_other(tmp_path: Path) -> None:
    counted, untouched = Metrics(), Metrics()
    async with measured_bot(tmp_path, counted) as bot:
        await ask_once(bot, ConsoleSession("UTC"), "help", io.StringIO())
        async with serving(health_of(bot), untouched) as server:
            _, _, scrape = await get_text(f"{server.url}/metrics")
    assert sample(scrape, "dateline_answers_total", command="help", outcome="answered") is None


async def test_other_paths_are_not_found() -> None:
    async with serving(Health(answers), Metrics()) as server:
        status, _, _ = await get_text(f"{server.url}/")
    assert status == 404
