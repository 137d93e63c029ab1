"""``dateline db copy``: a whole store moves from SQLite to PostgreSQL and back with
every table's rows (events, history, subscriptions, the ledger, zones, the review
queue, feeds), the copy can be run again safely, and a target holding other data or a
source that cannot be read is refused with nothing changed."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import asyncpg

from adapters.db_cli import main as db_main
from adapters.transfer_cli import main as transfer_main
from bot.model import Event, EventDate, Source
from bot.reminders.model import Claim, Policy, Subscription
from bot.review_port import NewCandidate
from storage import open_store
from storage.feed_store import SqliteFeedStore
from storage.review_store import SqliteReviewQueue
from storage.zone_store import SqliteZoneStore

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ACTOR = "test:U1"


async def _fill(path: Path) -> None:
    """A sample store with one of everything a newsroom keeps."""
    store = await open_store(path, sample=True, now=NOW)
    try:
        first = (await store.in_period(date(2020, 1, 1), date(2020, 1, 31)))[0]
        await store.update(replace(first, title="Edited"), ACTOR, NOW)
        saved = await store.reminders.save_subscription(
            Subscription("slack", "C0001", Policy(post_at=time(9, 0), tz="Europe/London")),
            ACTOR, NOW, "subscribe", "",
        )
        assert saved.id is not None
        await store.reminders.claim(
            [Claim(saved.id, "digest:2026-11-21", NOW + timedelta(days=1))],
            {saved.id: NOW + timedelta(days=1)},
        )
        await SqliteZoneStore.sharing(store).set_zone("discord", "G1", "Asia/Tokyo", ACTOR, NOW)
        source = Source("Wire", "Headline", "https://a.test/1", date(2020, 1, 20), "A quote.")
        await SqliteReviewQueue.sharing(store).queue([NewCandidate(
            "h1", EventDate.parse("2020-01-03"), "3 January 2020", "Strike", "A summary.",
            "Baghdad", ("US",), source, 0.9, None,
        )], ACTOR, NOW)
        await SqliteFeedStore.sharing(store).add_feed("https://a.test/feed", 0.95, ACTOR, NOW)
    finally:
        await store.close()


async def _cli(main: object, *argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if main is db_main:
        code = await asyncio.to_thread(db_main, list(argv), env or {}, out, err)
    else:
        code = await asyncio.to_thread(transfer_main, list(argv), env or {}, out, err)
    return code, out.getvalue(), err.getvalue()


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("events", "changes", "subscriptions", "deliveries",
                              "space_zones", "candidates", "feeds", "event_tags", "sources")}


async def _export(db: str, out: Path) -> bytes:
    code, _, err = await _cli(transfer_main, "export", "--format", "json", "-o", str(out),
                              env={"DATELINE_DB": db, "DATELINE_SAMPLE": "0"})
    assert code == 0, err
    return await asyncio.to_thread(out.read_bytes)


async def test_a_store_goes_to_postgresql_and_back_with_every_row(
    tmp_path: Path, pg_dsn: str
) -> None:
    source, back = tmp_path / "source.db", tmp_path / "back.db"
    await _fill(source)
    code, out, err = await _cli(db_main, "copy", str(source), pg_dsn)
    assert code == 0, err
    assert "Every table's rows are all in the target." in out
    code, out, err = await _cli(db_main, "copy", pg_dsn, str(back))
    assert code == 0, err
    assert _counts(back) == _counts(source)
    original = await _export(str(source), tmp_path / "a.json")
    assert await _export(pg_dsn, tmp_path / "p.json") == original
    assert await _export(str(back), tmp_path / "b.json") == original


async def test_running_the_same_copy_again_adds_nothing(tmp_path: Path, pg_dsn: str) -> None:
    source = tmp_path / "source.db"
    await _fill(source)
    assert (await _cli(db_main, "copy", str(source), pg_dsn))[0] == 0
    code, out, _ = await _cli(db_main, "copy", str(source), pg_dsn)
    assert code == 0
    added = [line.split(",")[1].split()[0] for line in out.splitlines() if "added" in line]
    assert added and set(added) == {"0"}


async def test_new_ids_in_the_target_continue_after_the_copied_ones(
    tmp_path: Path, pg_dsn: str
) -> None:
    source = tmp_path / "source.db"
    await _fill(source)
    assert (await _cli(db_main, "copy", str(source), pg_dsn))[0] == 0
    conn = await asyncpg.connect(pg_dsn)
    try:
        highest = await conn.fetchval("SELECT max(id) FROM events")
        next_id = await conn.fetchval("SELECT nextval(pg_get_serial_sequence('events', 'id'))")
    finally:
        await conn.close()
    assert next_id == highest + 1


async def test_a_target_holding_other_data_is_refused_and_left_alone(
    tmp_path: Path, pg_dsn: str
) -> None:
    source, other = tmp_path / "source.db", tmp_path / "other.db"
    await _fill(source)
    other_store = await open_store(other, sample=False, now=NOW)
    try:
        await other_store.add(Event(EventDate.parse("1999-12-31"), "Another newsroom"),
                              ACTOR, NOW + timedelta(days=1))
    finally:
        await other_store.close()
    before = _counts(other)
    code, _, err = await _cli(db_main, "copy", str(source), str(other))
    assert code == 3
    assert "holds events that the source does not" in err
    assert _counts(other) == before


async def test_a_missing_source_or_the_same_store_twice_is_refused(tmp_path: Path) -> None:
    code, _, err = await _cli(db_main, "copy", str(tmp_path / "none.db"), str(tmp_path / "t.db"))
    assert code == 3
    assert "there is no database" in err
    assert not (tmp_path / "t.db").exists()
    code, _, err = await _cli(db_main, "copy", str(tmp_path / "a.db"), str(tmp_path / "a.db"))
    assert code == 2
    assert "the same store" in err


async def test_an_unreachable_server_is_named_without_its_password(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    await _fill(source)
    code, _, err = await _cli(db_main, "copy", str(source),
                              "postgresql://newsroom:hunter2@127.0.0.1:1/dateline")
    assert code == 3
    assert "hunter2" not in err
    assert "not done" in err
