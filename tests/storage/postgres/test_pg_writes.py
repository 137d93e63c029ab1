"""PostgreSQL writes under concurrent processes, and what the database itself guards:
two stores (two pools, as two processes have) updating one read, the audit log saved
with its change or not at all, ids and entry numbers never given twice, restores."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import asyncpg
import pytest

from bot.errors import ConflictError, StoreError, UserError
from bot.model import Change, Event, Status
from bot.ports import TagUse
from storage.postgres.event_store import PgEventStore
from tests.pg_cluster import TestDatabases
from tests.storage.storage_helpers import NOW, make_event


@pytest.fixture
async def two(pg_dsn: str) -> AsyncIterator[tuple[PgEventStore, PgEventStore]]:
    """Two stores on one database, each with its own pool."""
    one, other = await PgEventStore.open(pg_dsn), await PgEventStore.open(pg_dsn)
    try:
        yield one, other
    finally:
        await one.close()
        await other.close()


async def sql(dsn: str, *statements: str) -> None:
    """Change the database as another program would, no Dateline code."""
    conn = await asyncpg.connect(dsn)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def read(store: PgEventStore, event_id: int | None) -> Event:
    found = await store.get(event_id or 0)
    assert found is not None
    return found


async def test_two_stores_updating_one_read_at_once_one_wins(
    two: tuple[PgEventStore, PgEventStore],
) -> None:
    one, other = two
    for _ in range(10):  # a race: run it often enough to meet both orders
        added = await one.add(make_event("2020-01-03"), "x", NOW)
        reads = [await read(one, added.id), await read(other, added.id)]
        results = await asyncio.gather(
            one.update(replace(reads[0], status=Status.DRAFT), "a", NOW, action="status"),
            other.update(replace(reads[1], status=Status.REJECTED), "b", NOW, action="status"),
            return_exceptions=True,
        )
        assert sorted(type(r).__name__ for r in results) == ["ConflictError", "Event"]
        [won] = [r for r in results if isinstance(r, Event)]
        assert await read(other, added.id) == won and won.version == 2
        assert [c.action for c in await one.changes(added.id)] == ["status", "add"]


async def test_crossed_updates_of_several_events_conflict_without_deadlock(
    two: tuple[PgEventStore, PgEventStore],
) -> None:
    """Rows are locked in id order, so [a, b] against [b, a] cannot deadlock."""
    one, other = two
    a = await one.add(make_event("2020-01-03", "A"), "x", NOW)
    b = await one.add(make_event("2020-01-04", "B"), "x", NOW)
    results = await asyncio.gather(
        one.update_many([replace(a, title="A1"), replace(b, title="B1")], "p", NOW, "merge"),
        other.update_many([replace(b, title="B2"), replace(a, title="A2")], "q", NOW, "merge"),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["ConflictError", "Written"]
    titles = {(await read(one, a.id)).title[1:], (await read(one, b.id)).title[1:]}
    assert len(titles) == 1  # both from the same writer: all or none
    assert await one.count_changes() == 4


async def test_a_stale_update_from_another_store_is_refused(
    two: tuple[PgEventStore, PgEventStore],
) -> None:
    one, other = two
    added = await one.add(make_event("2020-01-03", "Original"), "a", NOW)
    seen_by_one, seen_by_two = await read(one, added.id), await read(other, added.id)
    await one.update(replace(seen_by_one, title="One's edit"), "a", NOW)
    with pytest.raises(ConflictError, match="version"):
        await other.update(replace(seen_by_two, title="Two's edit"), "b", NOW)
    assert (await read(other, added.id)).title == "One's edit"
    assert [c.actor for c in await other.changes(added.id)] == ["a", "a"]


async def test_a_failing_audit_write_leaves_the_event_as_it_was(pg_dsn: str) -> None:
    store = await PgEventStore.open(pg_dsn)
    try:
        added = await store.add(make_event("2020-01-03", "Strike"), "a", NOW)
        await sql(pg_dsn,
                  "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                  "$$ BEGIN RAISE EXCEPTION 'refused'; END $$",
                  "CREATE TRIGGER no_audit BEFORE INSERT ON changes "
                  "FOR EACH ROW EXECUTE FUNCTION refuse()")
        with pytest.raises(StoreError, match="refused"):
            await store.update(replace(added, title="Never saved"), "a", NOW)
        assert await store.get(added.id or 0) == added
        assert await store.count_changes() == 1
    finally:
        await store.close()


async def test_a_failing_event_write_leaves_no_audit_entry(pg_dsn: str) -> None:
    store = await PgEventStore.open(pg_dsn)
    try:
        added = await store.add(make_event("2020-01-03", "Strike"), "a", NOW)
        await sql(pg_dsn,
                  "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                  "$$ BEGIN RAISE EXCEPTION 'refused'; END $$",
                  "CREATE TRIGGER no_edit BEFORE UPDATE ON events FOR EACH ROW "
                  "WHEN (new.title = 'Never saved') EXECUTE FUNCTION refuse()")
        with pytest.raises(StoreError, match="refused"):
            await store.update(replace(added, title="Never saved"), "a", NOW)
        assert await store.get(added.id or 0) == added
        assert await store.count_changes() == 1
    finally:
        await store.close()


async def test_ids_and_entry_numbers_are_never_given_twice(pg_dsn: str) -> None:
    store = await PgEventStore.open(pg_dsn)
    try:
        first = await store.add(make_event("2020-01-03"), "a", NOW)
        last = await store.add(make_event("2020-01-04"), "a", NOW)
        # Delete the newest event outright, as a tool might (Dateline itself retracts).
        await sql(pg_dsn, f"DELETE FROM events WHERE id = {last.id}")
        again = await store.add(make_event("2020-01-05"), "a", NOW)
        assert (first.id, last.id, again.id) == (1, 2, 3)
        assert await store.import_events([make_event("2020-02-02")], "x", NOW) == 1
        assert (await store.changes(limit=1))[0].event_id == 4
        assert [c.event_id for c in await store.changes(3)] == [3]
        with pytest.raises(asyncpg.RaiseError, match="append-only"):
            await sql(pg_dsn, "DELETE FROM changes")
        with pytest.raises(asyncpg.RaiseError, match="append-only"):
            await sql(pg_dsn, "TRUNCATE changes CASCADE")
        assert await store.count_changes() == 4
    finally:
        await store.close()


async def _history(store: PgEventStore) -> tuple[list[Event], list[Change]]:
    """A used store's events (by id) and its whole log, as an export reads them."""
    a = await store.add(make_event("2020-01-03", "A", tags=("Iran",)), "u1", NOW)
    b = await store.add(make_event("2020-01-04", "B", tags=("iran",)), "u2", NOW)
    a = await store.update(replace(a, title="A edited"), "u1", NOW)
    await store.update_many(
        [replace(a, title="Kept"), replace(b, status=Status.RETRACTED, merged_into=a.id)],
        "m", NOW, "merge", ["merged in", "merged away"])
    events = [await read(store, i) for i in (a.id, b.id)]
    return events, await store.log_after(0)


async def test_a_restore_keeps_every_number_and_stamp_and_numbers_go_on(
    pg_dsn: str, pg_databases: TestDatabases
) -> None:
    used = await PgEventStore.open(pg_dsn)
    try:
        events, log = await _history(used)
    finally:
        await used.close()
    fresh = await PgEventStore.open(await pg_databases.fresh())
    try:
        assert await fresh.is_empty()
        await fresh.restore(events, log)
        assert not await fresh.is_empty()
        assert [await fresh.get(e.id or 0) for e in events] == events
        again = await fresh.log_after(0)
        assert [(c.id, c.before, c.after, c.operation) for c in again] == [
            (c.id, c.before, c.after, c.operation) for c in log]
        assert await fresh.tag_uses() == [TagUse("Iran", 1)]  # the merged-away one's is not
        added = await fresh.add(make_event("2021-01-01", "New"), "u", NOW)
        assert added.id == 3 and (await fresh.changes(limit=1))[0].id == len(log) + 1
        with pytest.raises(UserError, match="not empty"):
            await fresh.restore([], [])
    finally:
        await fresh.close()


async def test_a_restore_of_a_history_about_missing_events_writes_nothing(
    pg_dsn: str, pg_databases: TestDatabases
) -> None:
    used = await PgEventStore.open(pg_dsn)
    try:
        events, log = await _history(used)
    finally:
        await used.close()
    fresh = await PgEventStore.open(await pg_databases.fresh())
    try:
        with pytest.raises(StoreError):
            await fresh.restore(events[:1], log)
        assert await fresh.is_empty() and await fresh.count() == 0
    finally:
        await fresh.close()


async def _counts(dsn: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    conn = await asyncpg.connect(dsn)
    try:
        tags = await conn.fetch("SELECT tag_key, tag, uses FROM tag_counts ORDER BY tag_key")
        found = await conn.fetch("SELECT word, events FROM search_words ORDER BY word")
        return [tuple(r) for r in tags], [tuple(r) for r in found]
    finally:
        await conn.close()


async def test_an_import_counts_tags_and_words_as_adding_one_by_one_does(
    pg_dsn: str, pg_databases: TestDatabases
) -> None:
    events = [
        make_event(f"2020-01-{d:02d}", f"Strike number {d % 3}", summary="Oil prices rose",
                   place="Baghdad", tags=("Iran", "oil") if d % 2 else ("iran", "Oil", "iran"),
                   status=Status.DRAFT if d == 4 else Status.PUBLISHED)
        for d in range(1, 9)
    ]
    other_dsn = await pg_databases.fresh()
    one, other = await PgEventStore.open(pg_dsn), await PgEventStore.open(other_dsn)
    try:
        assert await one.import_events(events, "x", NOW) == len(events)
        for event in events:
            await other.add(event, "x", NOW)
    finally:
        await one.close()
        await other.close()
    imported, added = await _counts(pg_dsn), await _counts(other_dsn)
    assert imported == added
    assert imported[0] == [("iran", "Iran", 10), ("oil", "oil", 7)]  # a repeated tag twice


async def test_many_writers_sharing_tags_and_words_never_deadlock(pg_dsn: str) -> None:
    """Tag and word counts are shared rows; writers in several pools, each event's tags
    and words in another order, must neither deadlock nor lose a count."""
    tags, words = ["iran", "iraq", "oil", "usa", "gaza", "nato"], "oil strike army vote talks"
    stores = [await PgEventStore.open(pg_dsn) for _ in range(3)]
    try:
        def event(i: int) -> Event:
            turned = i % len(tags)
            return make_event("2020-01-03", " ".join(words.split()[i % 5:] + words.split()),
                              tags=tuple(tags[turned:] + tags[:turned])[:4])

        added = await asyncio.gather(*(stores[i % 3].add(event(i), "a", NOW) for i in range(60)))
        updated = await asyncio.gather(*(
            stores[i % 3].update(replace(e, tags=tuple(reversed(e.tags))[:3]), "b", NOW)
            for i, e in enumerate(added)))
        uses = {tag_use.tag: tag_use.events for tag_use in await stores[0].tag_uses()}
        expected: dict[str, int] = {}
        for e in updated:
            for tag in e.tags:
                expected[tag] = expected.get(tag, 0) + 1
        assert uses == expected
    finally:
        for store in stores:
            await store.close()
