"""Every update is based on what is stored now: an update from an older read is refused
with ``ConflictError`` and writes nothing, also across processes' connections."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import aiosqlite
import pytest
from storage_helpers import NOW, make_event

from bot.errors import ConflictError
from bot.model import Source, Status
from storage import SqliteEventStore
from storage.event_writes import insert, stamp_new
from storage.migrations import load_migrations, migrate


async def test_an_update_from_a_stale_read_is_refused_and_writes_nothing(
    store: SqliteEventStore,
) -> None:
    added = await store.add(make_event("2020-01-03", sources=(Source("A", "a"),)), "x", NOW)
    first, second = await store.get(added.id or 0), await store.get(added.id or 0)
    assert first is not None and second is not None and first.version == 1
    saved = await store.update(replace(first, sources=(*first.sources, Source("B", "b"))),
                               "alice", NOW, action="cite")
    assert saved.version == 2 and await store.get(added.id or 0) == saved
    with pytest.raises(ConflictError, match="version"):
        await store.update(replace(second, sources=(*second.sources, Source("C", "c"))),
                           "bob", NOW, action="cite")
    stored = await store.get(added.id or 0)
    assert stored is not None and [s.publisher for s in stored.sources] == ["A", "B"]
    assert [(c.actor, c.action) for c in await store.changes(added.id)] == [
        ("alice", "cite"), ("x", "add")
    ]


async def test_two_connections_updating_from_one_read_one_wins(tmp_path: Path) -> None:
    """Two stores on one file, as two processes would have, each updating its own read."""
    path = tmp_path / "s.db"
    one, two = await SqliteEventStore.open(path), await SqliteEventStore.open(path)
    try:
        added = await one.add(make_event("2020-01-03"), "x", NOW)
        reads = [await one.get(added.id or 0), await two.get(added.id or 0)]
        updates = [
            s.update(replace(e, status=status), who, NOW, action="status")  # type: ignore[arg-type]
            for s, e, status, who in zip(
                (one, two), reads, (Status.DRAFT, Status.REJECTED), ("a", "b"), strict=True
            )
        ]
        results = await asyncio.gather(*updates, return_exceptions=True)
        assert sorted(type(r).__name__ for r in results) == ["ConflictError", "Event"]
        assert len([c for c in await one.changes(added.id) if c.action == "status"]) == 1
    finally:
        await one.close()
        await two.close()


async def test_0008_numbers_existing_events_from_one(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    try:
        await migrate(conn, [m for m in load_migrations() if m.version <= 7])
        await insert(conn, [stamp_new(make_event("2020-01-03"), "x", NOW)], 1)
    finally:
        await conn.close()
    store = await SqliteEventStore.open(path)  # brings it to the latest version
    try:
        stored = await store.get(1)
        assert stored is not None and stored.version == 1
        assert (await store.update(stored, "y", NOW)).version == 2
    finally:
        await store.close()
