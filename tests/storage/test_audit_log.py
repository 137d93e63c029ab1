"""The audit log: every write records who, when, what and the event's whole state before
and after, in the same transaction as the change; bulk imports record one entry per
event; entries are read filtered and paged; ids are never given twice."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from storage_helpers import NOW, make_event

from bot.errors import ConflictError, StoreError
from bot.model import Event, Source, Status
from storage import SqliteEventStore

SOURCES = (Source("AP", "Strike", "https://example.com/a", date(2020, 1, 4), "a quote"),)


async def _one(store: SqliteEventStore) -> Event:
    return await store.add(make_event("2020-01-03", "Strike", tags=("Iran", "usa"),
                                      sources=SOURCES, place="Baghdad"), "slack:U1", NOW)


def _sql(db: Path, *statements: str) -> None:
    """Change the file as another program would (a trigger, a delete), no Dateline code."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


async def test_an_add_records_the_whole_event_as_created(store: SqliteEventStore) -> None:
    added = await _one(store)
    [entry] = await store.changes(added.id)
    assert (entry.action, entry.actor, entry.at, entry.before) == ("add", "slack:U1", NOW, None)
    assert entry.after == added and entry.after is not None
    assert (entry.after.sources, entry.after.tags, entry.after.version) == (
        SOURCES, ("Iran", "usa"), 1)


async def test_an_update_records_the_state_before_and_after(store: SqliteEventStore) -> None:
    added = await _one(store)
    later = NOW + timedelta(minutes=5)
    updated = await store.update(
        replace(added, title="Strike at the airport", status=Status.RETRACTED, sources=()),
        "discord:7", later, action="delete",
    )
    [entry, _] = await store.changes(added.id)
    assert (entry.action, entry.actor, entry.at) == ("delete", "discord:7", later)
    assert entry.before == added and entry.after == updated
    assert entry.after is not None and entry.after.status is Status.RETRACTED
    assert entry.after.version == 2 and entry.after.sources == ()


async def test_a_failing_audit_write_leaves_the_event_as_it_was(
    sqlite_store: SqliteEventStore, tmp_path: Path
) -> None:
    added = await _one(sqlite_store)
    _sql(tmp_path / "events.db",
         "CREATE TRIGGER no_audit BEFORE INSERT ON changes "
         "BEGIN SELECT RAISE(ABORT, 'audit refused'); END")
    with pytest.raises(StoreError):
        await sqlite_store.update(replace(added, title="Never saved"), "slack:U1", NOW)
    assert await sqlite_store.get(added.id or 0) == added
    assert await sqlite_store.count_changes() == 1


async def test_a_failing_event_write_leaves_no_audit_entry(
    sqlite_store: SqliteEventStore, tmp_path: Path
) -> None:
    added = await _one(sqlite_store)
    _sql(tmp_path / "events.db",
         "CREATE TRIGGER no_edit BEFORE UPDATE ON events WHEN new.title = 'Never saved' "
         "BEGIN SELECT RAISE(ABORT, 'edit refused'); END")
    with pytest.raises(StoreError):
        await sqlite_store.update(replace(added, title="Never saved"), "a", NOW)
    assert await sqlite_store.get(added.id or 0) == added
    assert await sqlite_store.count_changes() == 1


async def test_a_conflicting_write_of_several_events_writes_none(
    store: SqliteEventStore,
) -> None:
    first, second = await _one(store), await _one(store)
    await store.update(replace(second, title="Changed meanwhile"), "b", NOW)
    entries = await store.count_changes()
    with pytest.raises(ConflictError):
        await store.update_many([replace(first, title="A"), replace(second, title="B")],
                                "a", NOW, "merge")
    assert (await store.get(first.id or 0)) == first
    assert await store.count_changes() == entries


async def test_two_stores_on_one_file_cannot_overwrite_each_others_edit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shared.db"
    one, two = await SqliteEventStore.open(path), await SqliteEventStore.open(path)
    try:
        added = await one.add(make_event("2020-01-03", "Original"), "a", NOW)
        seen_by_one, seen_by_two = await one.get(added.id or 0), await two.get(added.id or 0)
        assert seen_by_one is not None and seen_by_two is not None
        await one.update(replace(seen_by_one, title="One's edit"), "a", NOW)
        with pytest.raises(ConflictError):
            await two.update(replace(seen_by_two, title="Two's edit"), "b", NOW)
        stored = await two.get(added.id or 0)
        assert stored is not None and stored.title == "One's edit"
        assert [c.actor for c in await two.changes(added.id)] == ["a", "a"]
    finally:
        await one.close()
        await two.close()


async def test_an_import_records_one_entry_per_event_with_its_state(
    store: SqliteEventStore,
) -> None:
    events = [make_event(f"2020-01-{d:02d}", f"Event {d}", sources=SOURCES) for d in (1, 2, 3)]
    assert await store.import_events(events, "system:import", NOW) == 3
    entries = await store.changes(limit=10)
    assert [(c.event_id, c.action, c.detail) for c in reversed(entries)] == [
        (1, "import", "Event 1"), (2, "import", "Event 2"), (3, "import", "Event 3")]
    for entry in entries:
        assert entry.before is None and entry.after == await store.get(entry.event_id or 0)
        assert entry.operation is None


async def test_event_ids_are_never_given_twice_even_after_a_delete(
    sqlite_store: SqliteEventStore, tmp_path: Path
) -> None:
    first, last = await _one(sqlite_store), await _one(sqlite_store)
    # Delete the newest event outright, as a tool might (Dateline itself retracts).
    _sql(tmp_path / "events.db", "PRAGMA foreign_keys = OFF",
         f"DELETE FROM events WHERE id = {last.id}")
    again = await _one(sqlite_store)
    assert (first.id, last.id, again.id) == (1, 2, 3)
    imported = await sqlite_store.import_events([make_event("2020-02-02")], "x", NOW)
    assert imported == 1 and (await sqlite_store.changes(limit=1))[0].event_id == 4
    # A new event never inherits the deleted one's history.
    assert [c.event_id for c in await sqlite_store.changes(3)] == [3]


async def test_the_audit_log_is_append_only_so_entry_numbers_are_never_reused(
    sqlite_store: SqliteEventStore, tmp_path: Path
) -> None:
    await _one(sqlite_store)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        _sql(tmp_path / "events.db", "DELETE FROM changes")
    assert await sqlite_store.count_changes() == 1


async def test_entries_are_filtered_by_event_actor_and_time_and_paged(
    store: SqliteEventStore,
) -> None:
    a = await store.add(make_event("2020-01-01", "A"), "slack:U1", NOW)
    b = await store.add(make_event("2020-01-02", "B"), "slack:U2", NOW + timedelta(hours=1))
    for minutes in range(1, 6):
        a = await store.update(replace(a, summary=str(minutes)), "slack:U2",
                               NOW + timedelta(hours=2, minutes=minutes))
    assert await store.count_changes() == 7
    assert await store.count_changes(a.id) == 6
    assert await store.count_changes(actor="slack:U2") == 6
    assert await store.count_changes(since=NOW + timedelta(hours=1)) == 6
    page = await store.changes(a.id, limit=2, offset=2)
    assert [c.after.summary for c in page if c.after] == ["3", "2"]
    mine = await store.changes(limit=5, actor="slack:U1")
    assert [(c.event_id, c.action) for c in mine] == [(a.id, "add")]
    recent = await store.changes(limit=10, since=NOW + timedelta(hours=1))
    assert recent[-1].event_id == b.id and len(recent) == 6
    bare = await store.changes(limit=1, states=False)
    assert bare[0].after is None and bare[0].action == "edit"


async def test_entries_written_together_make_one_operation(store: SqliteEventStore) -> None:
    first, second = await _one(store), await _one(store)
    written = await store.update_many(
        [replace(first, title="Kept"), replace(second, status=Status.RETRACTED,
                                               merged_into=first.id)],
        "a", NOW, "merge", ["merged in", "merged away"])
    assert [e.merged_into for e in written.events] == [None, first.id]
    operation = await store.operation(written.entries[1])
    assert [c.id for c in operation] == list(written.entries)
    assert [c.detail for c in operation] == ["merged in", "merged away"]
    assert {c.operation for c in operation} == {written.entries[0]}
    alone = await store.update(replace(written.events[0], title="Again"), "a", NOW)
    [entry] = await store.changes(alone.id, limit=1)
    assert [c.id for c in await store.operation(entry.id or 0)] == [entry.id]
    assert await store.operation(999) == []
