"""The scheduler on a real SQLite store with a fake clock and a recording publisher:
posts go out once at the channel's local time, survive restarts and crashes, catch
up after downtime within the window, and one failing channel holds up no other."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.errors import ChannelUnavailable, DeliveryFailed
from bot.model import Event, EventDate, Status
from bot.reminders.model import Policy, Subscription
from bot.reminders.scheduler import Scheduler
from bot.reminders.scheduler_settings import SchedulerSettings
from storage import SqliteEventStore
from tests.bot.scheduling_fakes import RecordingPublisher, SteppedClock

T0 = datetime(2025, 12, 1, 12, tzinfo=UTC)


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def add(store: SqliteEventStore, when: str, title: str, **fields: object) -> Event:
    event = Event(EventDate.parse(when), title, **fields)  # type: ignore[arg-type]
    return await store.add(event, "test", T0)


async def subscribe(
    store: SqliteEventStore, channel: str, *, created: datetime = T0, platform: str = "slack",
    **policy: object,
) -> Subscription:
    sub = Subscription(platform, channel, Policy(**policy))  # type: ignore[arg-type]
    return await store.reminders.save_subscription(sub, "test", created, "subscribe", "")


def scheduler(
    store: SqliteEventStore, publisher: RecordingPublisher, clock: SteppedClock | None = None,
    owner: str = "one", **settings: object,
) -> Scheduler:
    return Scheduler(
        store, store.reminders, clock or SteppedClock(T0), {"slack": publisher},
        owner=owner, settings=SchedulerSettings(**settings),  # type: ignore[arg-type]
    )


async def test_alerts_and_digest_go_out_at_the_local_time_once(store: SqliteEventStore) -> None:
    await add(store, "2024-01-03", "Strike at the airport")
    await subscribe(store, "C1")
    pub = RecordingPublisher()
    run = scheduler(store, pub)
    await run.tick(at(2025, 12, 4, 8, 59))
    assert pub.posts == []
    await run.tick(at(2025, 12, 4))
    assert pub.keys() == ["alert:1:2026-01-03:30"]
    assert pub.posts[0].reply.title == (
        "In 30 days: 2 years since Strike at the airport (3 January 2024)"
    )
    await run.tick(at(2025, 12, 27))
    await run.tick(at(2026, 1, 3))
    await run.tick(at(2026, 1, 3, 9, 1))  # a second tick close after posts nothing more
    assert pub.keys() == [
        "alert:1:2026-01-03:30", "alert:1:2026-01-03:7", "digest:2026-01-03",
        "alert:1:2026-01-03:0",
    ]
    assert pub.posts[-1].reply.title == "2 years ago today: Strike at the airport (3 January 2024)"
    assert pub.posts[2].reply.title == "On this day: 3 January"
    assert not any(p.retry for p in pub.posts)


async def test_a_subscription_gets_nothing_due_before_it_existed(store: SqliteEventStore) -> None:
    await add(store, "2024-01-03", "Strike")
    await subscribe(store, "C1", created=at(2026, 1, 3, 10))
    pub = RecordingPublisher()
    await scheduler(store, pub).tick(at(2026, 1, 3, 12))
    assert pub.posts == []


async def test_restart_in_the_middle_of_a_run_of_deliveries(store: SqliteEventStore) -> None:
    for year in range(2016, 2025):
        await add(store, f"{year}-01-03", f"Event of {year}")
    await subscribe(store, "C1", lead_days=(0,))
    pub = RecordingPublisher()
    first = scheduler(store, pub, owner="first")
    pub.hang_after_landing.add("C1")
    crashed = asyncio.create_task(first.tick(at(2026, 1, 3)))
    await asyncio.wait_for(pub.hanging.wait(), 5)
    crashed.cancel()  # the process dies after the platform took the first post
    with pytest.raises(asyncio.CancelledError):
        await crashed
    pub.hang_after_landing.clear()
    second = scheduler(store, pub, owner="second")
    await second.tick(at(2026, 1, 3, 9, 1))  # the dead attempt still holds its lease
    await second.tick(at(2026, 1, 3, 9, 5))
    keys = pub.keys()
    assert len(keys) == len(set(keys)) == 6  # digest + alerts for 2, 3, 4, 5 and 10 years
    retried = [p for p in pub.attempts if p.retry]
    assert [p.key for p in retried] == [keys[0]]
    counters = (await store.reminders.counters())[1]
    assert (counters.posted, counters.deduplicated, counters.pending) == (6, 1, 0)


async def test_two_processes_on_one_store_post_each_occasion_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    one, two = await SqliteEventStore.open(path), await SqliteEventStore.open(path)
    try:
        for year in range(2000, 2025):
            await add(one, f"{year}-01-03", f"Event of {year}")
        for channel in ("C1", "C2", "C3"):
            await subscribe(one, channel)
        pub = RecordingPublisher()
        await asyncio.gather(
            scheduler(one, pub, owner="a").tick(at(2026, 1, 3)),
            scheduler(two, pub, owner="b").tick(at(2026, 1, 3)),
            scheduler(one, pub, owner="c").tick(at(2026, 1, 3)),
        )
        for channel in ("C1", "C2", "C3"):
            keys = pub.keys(channel)
            assert len(keys) == len(set(keys)) > 5
    finally:
        await one.close()
        await two.close()


async def test_catch_up_inside_the_window_posts_marked_late(store: SqliteEventStore) -> None:
    await add(store, "2024-01-03", "Strike")
    await subscribe(store, "C1", lead_days=(0,), created=at(2026, 1, 3, 8))
    pub = RecordingPublisher()
    report = await scheduler(store, pub).tick(at(2026, 1, 3, 14, 30))  # 5.5 hours late
    assert pub.keys() == ["digest:2026-01-03", "alert:1:2026-01-03:0"]
    assert all(
        p.reply.text.startswith("Posted late: this was due at 09:00 on 3 January 2026 (UTC).")
        for p in pub.posts
    )
    assert report.late == 2
    assert (await store.reminders.counters())[1].late == 2


async def test_an_alert_caught_up_after_midnight_counts_from_the_day_it_goes_out(
    store: SqliteEventStore,
) -> None:
    await add(store, "2024-01-10", "Strike")
    await subscribe(store, "C1", digest=False, lead_days=(7,), post_at=time(23, 30),
                    created=at(2026, 1, 2))
    pub = RecordingPublisher()
    await scheduler(store, pub).tick(at(2026, 1, 4, 1, 0))  # due 3 January 23:30
    assert pub.keys() == ["alert:1:2026-01-10:7"]
    assert pub.posts[0].reply.title.startswith("In 6 days: 2 years since Strike")


async def test_catch_up_outside_the_window_records_why_it_skipped(
    store: SqliteEventStore,
) -> None:
    await add(store, "2024-01-03", "Strike")
    await add(store, "2024-01-04", "Aftermath")
    await subscribe(store, "C1", lead_days=(0,), created=at(2026, 1, 2, 12))
    pub = RecordingPublisher()
    report = await scheduler(store, pub).tick(at(2026, 1, 4, 12))  # down since the 2nd
    assert pub.keys() == ["digest:2026-01-04", "alert:2:2026-01-04:0"]  # 3 hours late: sent
    assert {key: reason[:30] for _, key, reason in report.skipped} == {
        "digest:2026-01-03": "missed: it was due 27 hours ea",
        "alert:1:2026-01-03:0": "missed: it was due 27 hours ea",
    }
    counters = (await store.reminders.counters())[1]
    assert (counters.skipped, counters.posted) == (2, 2)
    known = await store.reminders.known(1, ["digest:2026-01-03", "alert:1:2026-01-03:0"])
    assert known == {"digest:2026-01-03", "alert:1:2026-01-03:0"}


async def test_a_rate_limited_channel_backs_off_while_others_keep_posting(
    store: SqliteEventStore,
) -> None:
    await add(store, "2024-01-03", "Strike")
    for channel in ("C1", "C2", "C3"):
        await subscribe(store, channel, lead_days=(0,), digest=False)
    pub = RecordingPublisher()
    pub.failures["C2"] = [DeliveryFailed("Slack: ratelimited", retry_after=120) for _ in range(4)]
    run = scheduler(store, pub)
    now = at(2026, 1, 3)
    await run.tick(now)
    assert sorted(p.channel for p in pub.posts) == ["C1", "C3"]
    retry = await store.reminders.next_attempt(["slack"])
    assert retry == now + timedelta(seconds=120)  # Retry-After outranks the 10 s backoff
    for _ in range(3):
        assert retry is not None
        await run.tick(retry - timedelta(seconds=1))  # never before Retry-After
        assert [p.channel for p in pub.posts].count("C2") == 0
        await run.tick(retry)
        retry = await store.reminders.next_attempt(["slack"])
    failing = (await store.reminders.counters())[2]
    assert (failing.failed, failing.failing, failing.pending) == (4, 4, 1)
    assert retry is not None
    await run.tick(retry)
    assert [p.channel for p in pub.posts].count("C2") == 1
    assert (await store.reminders.counters())[2].failing == 0


async def test_backoff_doubles_and_is_capped() -> None:
    run = Scheduler(
        None, None, SteppedClock(T0), {}, owner="x",  # type: ignore[arg-type]
        settings=SchedulerSettings(backoff_first=timedelta(seconds=10),
                                   backoff_max=timedelta(minutes=5)),
    )
    assert [run.backoff(n).total_seconds() for n in (1, 2, 3, 4, 5, 6, 60)] == [
        10, 20, 40, 80, 160, 300, 300
    ]


async def test_a_channel_the_bot_was_removed_from_pauses_with_the_reason(
    store: SqliteEventStore,
) -> None:
    await add(store, "2024-01-03", "Strike")
    await subscribe(store, "C1", lead_days=(0,))
    await subscribe(store, "C2", lead_days=(0,))
    pub = RecordingPublisher()
    pub.failures["C1"] = [ChannelUnavailable("Slack: is_archived")]
    report = await scheduler(store, pub).tick(at(2026, 1, 3))
    assert pub.keys("C2") == ["digest:2026-01-03", "alert:1:2026-01-03:0"]
    gone = await store.reminders.subscription(1)
    assert gone is not None and "is_archived" in gone.paused
    assert [sub.id for sub, _ in report.paused] == [1]
    assert len([a for a in pub.attempts if a.channel == "C1"]) == 1  # not retried for ever
    await scheduler(store, pub).tick(at(2026, 1, 4))
    assert pub.keys("C1") == []
    audit = await store.changes(None, limit=5)
    assert audit[0].action == "pause" and audit[0].actor == "system:scheduler"


async def test_a_paused_subscription_posts_nothing_and_resumes_afresh(
    store: SqliteEventStore,
) -> None:
    await add(store, "2024-01-03", "Strike")
    await add(store, "2024-01-05", "Aftermath")
    sub = await subscribe(store, "C1", lead_days=(0,))
    paused = await store.reminders.save_subscription(
        replace(sub, paused="paused by test"), "test", at(2026, 1, 2), "pause", ""
    )
    pub = RecordingPublisher()
    await scheduler(store, pub).tick(at(2026, 1, 3))
    assert pub.posts == []
    await store.reminders.save_subscription(
        replace(paused, paused=""), "test", at(2026, 1, 3, 10), "resume", ""
    )
    await scheduler(store, pub).tick(at(2026, 1, 5))
    assert pub.keys() == ["digest:2026-01-05", "alert:2:2026-01-05:0"]  # the 3rd is not caught up


@pytest.mark.parametrize(
    ("tz", "day", "post_at", "instant"),
    [
        ("Europe/London", date(2026, 3, 29), time(9), at(2026, 3, 29, 8)),
        ("Europe/London", date(2026, 10, 25), time(9), at(2026, 10, 25, 9)),
        ("Europe/London", date(2026, 3, 29), time(1, 30), at(2026, 3, 29, 1, 30)),
        ("Europe/London", date(2026, 10, 25), time(1, 30), at(2026, 10, 25, 0, 30)),
        ("America/New_York", date(2026, 3, 8), time(9), at(2026, 3, 8, 13)),
        ("America/New_York", date(2026, 11, 1), time(9), at(2026, 11, 1, 14)),
        ("America/New_York", date(2026, 3, 8), time(2, 30), at(2026, 3, 8, 7, 30)),
        ("America/New_York", date(2026, 11, 1), time(1, 30), at(2026, 11, 1, 5, 30)),
    ],
)
async def test_dst_days_post_once_at_the_right_instant(
    store: SqliteEventStore, tz: str, day: date, post_at: time, instant: datetime
) -> None:
    await add(store, day.replace(year=2024).isoformat(), "Something")
    await subscribe(store, "C1", tz=tz, post_at=post_at, lead_days=(0,), alerts=True)
    pub = RecordingPublisher()
    run = scheduler(store, pub)
    await run.tick(instant - timedelta(minutes=1))
    assert pub.posts == []
    for minutes in (0, 30, 60, 90, 120):  # through the repeated hour
        await run.tick(instant + timedelta(minutes=minutes))
    assert pub.keys() == [f"digest:{day}", f"alert:1:{day}:0"]
    assert pub.posts[1].reply.title.startswith("2 years ago today")


async def test_tehran_and_kiritimati_get_their_own_local_day(store: SqliteEventStore) -> None:
    await add(store, "2024-01-03", "Strike")
    await subscribe(store, "CTEHRAN", tz="Asia/Tehran", lead_days=(0,), digest=False)
    await subscribe(store, "CKIRITI", tz="Pacific/Kiritimati", lead_days=(0,), digest=False)
    pub = RecordingPublisher()
    run = scheduler(store, pub)
    await run.tick(at(2026, 1, 2, 19))  # 09:00 on the 3rd in Kiritimati, UTC is still the 2nd
    assert [p.channel for p in pub.posts] == ["CKIRITI"]
    assert pub.posts[0].reply.title.startswith("2 years ago today")
    await run.tick(at(2026, 1, 3, 5, 29))
    assert len(pub.posts) == 1
    await run.tick(at(2026, 1, 3, 5, 30))  # 09:00 in Tehran
    assert [p.channel for p in pub.posts] == ["CKIRITI", "CTEHRAN"]


async def test_leap_day_events_are_remembered_on_28_february(store: SqliteEventStore) -> None:
    await add(store, "2024-02-29", "Leap day vote")
    await subscribe(store, "C1", lead_days=(7, 0))
    pub = RecordingPublisher()
    run = scheduler(store, pub)
    for day in (date(2026, 2, 21), date(2026, 2, 28), date(2026, 3, 1)):
        await run.tick(datetime.combine(day, time(9), tzinfo=UTC))
    assert pub.keys() == [
        "alert:1:2026-02-28:7", "digest:2026-02-28", "alert:1:2026-02-28:0"
    ]
    assert pub.posts[0].reply.title == "In 7 days: 2 years since Leap day vote (29 February 2024)"


async def test_every_due_event_is_found_however_many_share_the_day(
    store: SqliteEventStore,
) -> None:
    events = [
        Event(EventDate(date(800 + n, 1, 3)), f"Old event {800 + n}") for n in range(1200)
    ] + [Event(EventDate(date(2025, 1, 3)), "Last year's event")]
    await store.import_events(events, "test", T0)
    await subscribe(store, "C1", lead_days=(0,), milestones=(1, 1000))
    pub = RecordingPublisher()
    await scheduler(store, pub).tick(at(2026, 1, 3))
    titles = sorted(p.reply.title for p in pub.posts if p.key.startswith("alert"))
    assert titles == [
        "1 year ago today: Last year's event (3 January 2025)",
        "1,000 years ago today: Old event 1026 (3 January 1026)",
    ]
    digest = next(p for p in pub.posts if p.key.startswith("digest"))
    assert "1,201 events from past years" in digest.reply.text
    assert "Showing 25 of 1,201." in digest.reply.footer


async def test_tag_filters_choose_the_events(store: SqliteEventStore) -> None:
    await add(store, "2024-01-03", "Strike", tags=("Iran",))
    await add(store, "2024-01-03", "Football final", tags=("sport",))
    await subscribe(store, "C1", lead_days=(0,), tags=("iran",))
    pub = RecordingPublisher()
    await scheduler(store, pub).tick(at(2026, 1, 3))
    assert pub.keys() == ["digest:2026-01-03", "alert:1:2026-01-03:0"]
    assert [e.title for e in pub.posts[0].reply.events] == ["Strike"]


async def test_an_event_retracted_before_its_post_is_skipped_with_the_reason(
    store: SqliteEventStore,
) -> None:
    event = await add(store, "2024-01-03", "Strike")
    await subscribe(store, "C1", lead_days=(0,), digest=False)
    pub = RecordingPublisher()
    pub.failures["C1"] = [DeliveryFailed("timeout")]
    run = scheduler(store, pub)
    await run.tick(at(2026, 1, 3))
    await store.update(replace(event, status=Status.REJECTED), "test", at(2026, 1, 3, 9, 0))
    report = await run.tick(at(2026, 1, 3, 9, 5))
    assert pub.posts == []
    assert report.skipped[0][2] == "event #1 is no longer published"


async def test_a_dry_run_writes_nothing(store: SqliteEventStore) -> None:
    await add(store, "2024-01-03", "Strike")
    await subscribe(store, "C1", lead_days=(0,))
    pub = RecordingPublisher()
    run = scheduler(store, pub)
    report = await run.tick(at(2026, 1, 3), dry_run=True)
    assert [o.key for _, o in report.would_post] == ["digest:2026-01-03", "alert:1:2026-01-03:0"]
    assert pub.attempts == [] and await store.reminders.counters() == {}
    await run.tick(at(2026, 1, 3))
    assert len(pub.posts) == 2


async def test_the_loop_sleeps_until_the_posting_time_and_wakes_on_a_change(
    store: SqliteEventStore,
) -> None:
    await add(store, "2024-01-03", "Strike")
    await add(store, "2024-01-04", "Aftermath")
    await subscribe(store, "C1", lead_days=(0,), digest=False, created=at(2026, 1, 3, 8, 59))
    clock = SteppedClock(datetime(2026, 1, 3, 8, 59, 30, tzinfo=UTC))
    pub = RecordingPublisher()
    run = scheduler(store, pub, clock, max_sleep=timedelta(hours=2))
    loop = asyncio.create_task(run.run())
    try:
        assert await clock.asleep() == at(2026, 1, 3)  # the posting time, not a poll
        await clock.set(at(2026, 1, 3))
        assert await clock.asleep() == at(2026, 1, 3, 11)  # then up to max_sleep
        assert pub.keys() == ["alert:1:2026-01-03:0"]
        await store.reminders.save_subscription(
            Subscription("slack", "C2", Policy(post_at=time(9, 30), lead_days=(1,))),
            "test", clock.now(), "subscribe", "",
        )
        run.wake.set()  # what a subscribe command does
        assert await clock.asleep() == at(2026, 1, 3, 9, 30)
        await clock.set(at(2026, 1, 3, 9, 30))
        assert await clock.asleep() > at(2026, 1, 3, 9, 30)
        assert pub.keys("C2") == ["digest:2026-01-03", "alert:2:2026-01-04:1"]
    finally:
        loop.cancel()
        with pytest.raises(asyncio.CancelledError):
            await loop


async def test_a_backfill_as_of_the_missed_time_posts_what_was_missed_marked_late(
    store: SqliteEventStore,
) -> None:
    await add(store, "2024-01-03", "Strike")
    await subscribe(store, "C1", lead_days=(0,), created=at(2026, 1, 3, 8))
    pub = RecordingPublisher()
    clock = SteppedClock(at(2026, 1, 3, 16))  # back after seven hours down
    run = scheduler(store, pub, clock)
    await run.tick(at(2026, 1, 3, 9, 5))  # the operator's backfill, as of just after 09:00
    assert pub.keys() == ["digest:2026-01-03", "alert:1:2026-01-03:0"]
    assert all(p.reply.text.startswith("Posted late") for p in pub.posts)
    await run.tick(clock.now())  # the loop's own pass afterwards finds nothing left
    assert len(pub.posts) == 2
