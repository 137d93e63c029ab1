"""``dateline reminders``, run as a real subprocess on a temporary database: setting a
desk up from a terminal, previewing, and one-off passes that never post twice."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

from bot.reminders.model import Policy, Subscription
from storage import open_store
from tests.adapters.test_cli import dateline

CREATED = datetime(2026, 1, 2, 12, tzinfo=UTC)


def test_preview_on_the_sample_shows_the_two_year_alerts(tmp_path: Path) -> None:
    done = dateline("reminders", "preview", "--from", "2021-12-01", "--to", "2022-01-10",
                    "--json", db=tmp_path / "d.sqlite3")
    assert done.returncode == 0, done.stderr
    posts = json.loads(done.stdout)
    strike = [p for p in posts if p["kind"] == "alert" and p["event_date"] == "2020-01-03"]
    assert [(p["date"], p["years"], p["lead_days"]) for p in strike] == [
        ("2021-12-04", 2, 30), ("2021-12-27", 2, 7), ("2022-01-03", 2, 0)
    ]
    assert set(posts[0]) >= {"date", "kind", "channel", "event_id", "event_date", "years",
                             "lead_days", "text"}
    assert strike[0]["text"].startswith("In 30 days: 2 years since US drone strike")
    digests = [p["date"] for p in posts if p["kind"] == "digest"]
    assert digests == ["2022-01-01", "2022-01-03", "2022-01-07", "2022-01-08"]
    assert all(p["event_id"] is None for p in posts if p["kind"] == "digest")


def test_preview_follows_the_policy_given(tmp_path: Path) -> None:
    done = dateline("reminders", "preview", "--from", "2022-01-01", "--to", "2022-01-10",
                    "--alerts", "--lead-days", "0", "--tz", "Pacific/Kiritimati",
                    db=tmp_path / "d.sqlite3")
    assert done.returncode == 0, done.stderr
    assert "── 2022-01-03 09:00 Pacific/Kiritimati · console preview · alert" in done.stdout
    assert "digest" not in done.stdout
    assert done.stdout.rstrip().endswith("3 posts from 2022-01-01 to 2022-01-10.")


def test_subscribe_list_pause_and_remove_from_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    made = dateline("reminders", "subscribe", "--platform", "slack", "--channel", "C0DESK001",
                    "--alerts", "--at", "07:30", "--tz", "europe/london", "--milestones", "1,5",
                    db=db)
    assert made.returncode == 0, made.stderr
    assert "Receives: alerts, posted at 07:30 Europe/London" in made.stdout
    listed = json.loads(dateline("reminders", "list", "--json", db=db).stdout)
    assert listed == [{
        "id": 1, "platform": "slack", "channel": "C0DESK001", "digest": False, "alerts": True,
        "tz": "Europe/London", "at": "07:30", "milestones": [1, 5], "lead_days": [30, 7, 0],
        "tags": [], "weekends": "keep", "empty": False, "paused": None,
    }]
    assert dateline("reminders", "pause", "1", db=db).returncode == 0
    assert "paused: paused by console:local" in dateline("reminders", "list", db=db).stdout
    assert dateline("reminders", "remove", "1", db=db).returncode == 0
    again = dateline("reminders", "remove", "1", db=db)
    assert again.returncode == 2 and "no subscription 1" in again.stderr


def test_bad_values_are_refused_with_exit_code_2(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    for args, named in (
        (("--platform", "slack", "--channel", "general"), "not a channel id"),
        (("--platform", "console", "--channel", "desk", "--tz", "Mars/Base"), "not a time zone"),
        (("--platform", "console", "--channel", "desk", "--at", "25:00"), "not a time of day"),
        (("--platform", "console", "--channel", "desk", "--lead-days", "x"), "Lead days"),
    ):
        done = dateline("reminders", "subscribe", *args, db=db)
        assert done.returncode == 2 and named in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr


async def _subscribe_console(db: Path) -> None:
    store = await open_store(db, sample=True, now=CREATED)
    try:
        sub = Subscription("console", "desk", Policy(lead_days=(0,)))
        await store.reminders.save_subscription(sub, "test", CREATED, "subscribe", "")
    finally:
        await store.close()


def test_a_pass_posts_console_channels_and_never_twice(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    asyncio.run(_subscribe_console(db))
    dry = dateline("reminders", "tick", "--now", "2026-01-03T09:00:00+00:00", "--dry-run", db=db)
    assert "would post digest:2026-01-03 to console desk" in dry.stdout
    first = dateline("reminders", "tick", "--now", "2026-01-03T09:00:00+00:00", db=db)
    assert first.returncode == 0, first.stderr
    assert "── console channel desk · digest:2026-01-03 ──" in first.stdout
    assert "2020 (6 years ago): US drone strike kills Qasem Soleimani" in first.stdout
    assert "Posted 1 (1 late" in first.stdout  # as of 09:00, but really posted now
    second = dateline("reminders", "tick", "--now", "2026-01-03T09:00:00+00:00", db=db)
    assert "console channel desk" not in second.stdout
    assert "Posted 0" in second.stdout


def test_a_pass_in_the_future_is_refused_unless_dry(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    refused = dateline("reminders", "tick", "--now", "2999-01-01T09:00:00+00:00", db=db)
    assert refused.returncode == 2 and "--dry-run" in refused.stderr
    dry = dateline("reminders", "tick", "--now", "2999-01-01T09:00:00+00:00", "--dry-run", db=db)
    assert dry.returncode == 0
