"""Migration 0011 rebuilds the events table (a retracted status, merged_into, ids never
reused) and extends the audit log, keeping every event, source, tag, index entry and
old audit entry as it was; and the audit log's reads are index lookups."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import aiosqlite
import pytest
from storage_helpers import NOW, make_event, words

from bot.model import Source, Status
from storage import SqliteEventStore, queries
from storage.event_writes import insert, stamp_new
from storage.migrations import load_migrations, migrate

EVENTS = [
    make_event("2020-01-03", "Soleimani killed", tags=("Iran", "usa"), place="Baghdad",
               sources=(Source("AP", "Strike", "https://example.com/a", date(2020, 1, 4)),)),
    make_event("2020-01-07", "Missiles hit bases", end="2020-01-30", tags=("iraq",)),
    make_event("2020-01", "Secret draft", status=Status.DRAFT, tags=("usa",)),
]


async def _version_10(path: Path) -> list[tuple[object, ...]]:
    """A database as Dateline left it before 0011, with events and old audit entries;
    returns every row of its sources and tags tables."""
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    try:
        await migrate(conn, load_migrations()[:10])
        await insert(conn, [stamp_new(e, "slack:U1", NOW) for e in EVENTS], 1)
        await conn.execute("UPDATE events SET version = 3 WHERE id = 1")
        await conn.executemany(
            "INSERT INTO changes (event_id, actor, at, action, detail) VALUES (?, ?, ?, ?, ?)",
            [(1, "slack:U1", "2024-05-01T12:00:00.000000+00:00", "add", "Soleimani killed"),
             (None, "slack:U2", "2024-05-01T12:01:00.000000+00:00", "subscribe", "C1")])
        rows = await conn.execute_fetchall("SELECT * FROM sources UNION ALL "
                                           "SELECT event_id, position, tag, tag_key, status, "
                                           "NULL, NULL FROM event_tags ORDER BY 1, 2")
        return list(map(tuple, rows))
    finally:
        await conn.close()


async def test_an_older_store_keeps_everything_through_0011(tmp_path: Path) -> None:
    path = tmp_path / "v10.db"
    children = await _version_10(path)
    store = await SqliteEventStore.open(path)
    try:
        first = await store.get(1)
        assert first is not None and first.version == 3 and first.merged_into is None
        assert (first.title, first.tags, first.sources) == (
            EVENTS[0].title, EVENTS[0].tags, EVENTS[0].sources)
        assert [e.id for e in await store.search(words("soleimani"))] == [1]
        assert [e.id for e in await store.in_period(date(2020, 1, 20), date(2020, 1, 21))] == [2]
        assert await store.topics("us") == ["usa"]
        old = await store.changes(limit=10)
        assert [(c.action, c.event_id, c.before, c.after, c.operation) for c in old] == [
            ("subscribe", None, None, None, None), ("add", 1, None, None, None)]
        assert not any(c.undoable for c in old)
        retracted = await store.update(replace(first, status=Status.RETRACTED), "a", NOW)
        assert retracted.status is Status.RETRACTED and await store.search(words("soleimani")) == []
        assert (await store.add(make_event("2021-01-01"), "a", NOW)).id == 4
    finally:
        await store.close()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT * FROM sources UNION ALL SELECT event_id, position, tag, "
                            "tag_key, status, NULL, NULL FROM event_tags ORDER BY 1, 2")
        after = [r for r in rows if r[0] != 1]  # event 1 was retracted since: its tags too
        assert after == [r for r in children if r[0] != 1]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_an_event_merged_into_another_must_be_retracted(tmp_path: Path) -> None:
    store = await SqliteEventStore.open(tmp_path / "m.db")
    try:
        first = await store.add(make_event("2020-01-01"), "a", NOW)
        second = await store.add(make_event("2020-01-02"), "a", NOW)
        with pytest.raises(Exception, match="CHECK"):
            await store.update(replace(second, merged_into=first.id), "a", NOW)
    finally:
        await store.close()


@pytest.fixture
async def conn(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    connection = await aiosqlite.connect(str(tmp_path / "plan.db"), isolation_level=None)
    await migrate(connection)
    await connection.execute("ANALYZE")
    yield connection
    await connection.close()


@pytest.mark.parametrize(
    ("sql", "params", "index"),
    [
        (queries.ALL_CHANGES, (20, 0), "changes_at"),
        (queries.EVENT_CHANGES_PAGE, (1, 20, 0), "changes_event"),
        (queries.ACTOR_CHANGES, ("slack:U1", 20, 0), "changes_actor"),
        (queries.SINCE_CHANGES, ("2026-01-01", 20, 0), "changes_at"),
        (queries.COUNT_ACTOR_CHANGES, ("slack:U1",), "changes_actor"),
        (queries.OPERATION_CHANGES, (5,), "changes_operation"),
        (queries.TAGGED_IDS, ("usa",), "event_tags_status_key"),
    ],
)
async def test_audit_reads_are_index_lookups(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...], index: str
) -> None:
    rows = await conn.execute_fetchall("EXPLAIN QUERY PLAN " + sql, params)
    steps = [str(row[3]) for row in rows]
    assert not [s for s in steps if s.startswith("SCAN") and "INDEX" not in s], steps
    assert any(index in s for s in steps), steps


def test_the_state_json_names_its_fields() -> None:
    from storage.audit_rows import state_from_json, state_json  # noqa: PLC0415

    event = replace(stamp_new(EVENTS[0], "a", NOW), id=7, merged_into=3,
                    status=Status.RETRACTED)
    text = state_json(event)
    assert json.loads(text)["sources"][0]["url"] == "https://example.com/a"
    assert state_from_json(text) == event
