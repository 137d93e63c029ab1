"""The vocabulary behind spelling correction stays in step with the published events:
triggers count every word of an event's own fields on insert, edit, status change and
delete, and never the words of drafts or of source headlines. The tests that read
SQLite's tables are SQLite's; those at the end read through the store, on every engine."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import aiosqlite
from storage_helpers import NOW, make_event

from bot.model import Source, Status
from bot.ports import StoredWord
from storage.sqlite_store import SqliteEventStore


async def vocabulary(path: Path) -> dict[str, int]:
    conn = await aiosqlite.connect(str(path))
    try:
        rows = await conn.execute_fetchall("SELECT word, events FROM search_words")
        return {str(word): int(events) for word, events in rows if events}
    finally:
        await conn.close()


async def test_new_events_add_their_own_words_only(tmp_path: Path) -> None:
    store = await SqliteEventStore.open(tmp_path / "s.db")
    try:
        await store.import_events([
            make_event("2020-01-03", "Soleimani killed", place="Baghdad", tags=("Quds Force",),
                       sources=(Source("Reuters", "Headline words"),)),
            make_event("2020-01-06", "Mourners for Soleimani", summary="In Tehran."),
            make_event("2020-01-07", "Draft about Zarif", status=Status.DRAFT),
        ], "a", NOW)
    finally:
        await store.close()
    assert await vocabulary(tmp_path / "s.db") == {
        "soleimani": 2, "killed": 1, "baghdad": 1, "quds": 1, "force": 1, "mourners": 1,
        "for": 1, "in": 1, "tehran": 1,
    }


async def test_edits_and_status_changes_move_the_counts(tmp_path: Path) -> None:
    store = await SqliteEventStore.open(tmp_path / "s.db")
    try:
        event = await store.add(make_event("2020-01-03", "Soleimani killed"), "a", NOW)
        event = await store.update(replace(event, title="Soleimani assassinated"), "b", NOW)
        assert await vocabulary(tmp_path / "s.db") == {"soleimani": 1, "assassinated": 1}
        event = await store.update(replace(event, status=Status.REJECTED), "b", NOW)
        assert await vocabulary(tmp_path / "s.db") == {}
        assert [w.word for w in await store.similar_words("soleimany")] == []
        republished = replace(event, title="Qasem Soleimani", status=Status.PUBLISHED)
        await store.update(republished, "b", NOW)
        assert await vocabulary(tmp_path / "s.db") == {"qasem": 1, "soleimani": 1}
    finally:
        await store.close()


async def test_deleting_an_event_takes_its_words_out(tmp_path: Path) -> None:
    store = await SqliteEventStore.open(tmp_path / "s.db")
    try:
        await store.add(make_event("2020-01-03", "Soleimani killed"), "a", NOW)
        await store.add(make_event("2020-01-06", "Soleimani mourned"), "a", NOW)
    finally:
        await store.close()
    conn = await aiosqlite.connect(str(tmp_path / "s.db"))
    try:
        await conn.execute("DELETE FROM events WHERE title = 'Soleimani killed'")
        await conn.commit()
    finally:
        await conn.close()
    assert await vocabulary(tmp_path / "s.db") == {"soleimani": 1, "mourned": 1}


async def test_a_bulk_import_counts_as_adding_one_by_one(tmp_path: Path) -> None:
    events = [
        make_event("2020-01-03", f"Soleimani story {n}", tags=("iran", f"tag{n % 3}"),
                   status=Status.DRAFT if n % 4 == 0 else Status.PUBLISHED)
        for n in range(12)
    ]
    one = await SqliteEventStore.open(tmp_path / "one.db")
    bulk = await SqliteEventStore.open(tmp_path / "bulk.db")
    try:
        for event in events:
            await one.add(event, "a", NOW)
        await bulk.import_events(events[:5], "a", NOW)
        await bulk.import_events(events[5:], "a", NOW)
        await bulk.add(make_event("2021-01-01", "One more Soleimani story"), "a", NOW)
        await one.add(make_event("2021-01-01", "One more Soleimani story"), "a", NOW)
    finally:
        await one.close()
        await bulk.close()
    counted = await vocabulary(tmp_path / "bulk.db")
    assert counted == await vocabulary(tmp_path / "one.db")
    assert counted["soleimani"] == 10 and counted["iran"] == 9
    conn = await aiosqlite.connect(str(tmp_path / "bulk.db"))
    try:
        marks = await conn.execute_fetchall("SELECT count(*) FROM meta WHERE key = 'bulk_words'")
        assert list(marks) == [(0,)]
    finally:
        await conn.close()


# -- the same contract through the store's own reads, on every engine ---------------------


async def test_the_vocabulary_holds_the_own_words_of_published_events(
    store: SqliteEventStore,
) -> None:
    await store.import_events([
        make_event("2020-01-03", "Soleimani killed", place="Baghdad", tags=("Quds Force",),
                   sources=(Source("Reuters", "Headline words"),)),
        make_event("2020-01-06", "Mourners for Soleimani", summary="In Tehran, Müller spoke."),
        make_event("2020-01-07", "Draft about Zarif", status=Status.DRAFT),
    ], "a", NOW)
    assert await store.word_forms("soleim") == [StoredWord("soleimani", 2)]
    assert await store.word_forms("qud") == [StoredWord("quds", 1)]
    assert await store.word_forms("mull") == [StoredWord("muller", 1)]  # folded, not stemmed
    assert await store.word_forms("kill") == [StoredWord("killed", 1)]
    assert await store.word_forms("reuter") == []  # a source headline's word
    assert await store.word_forms("zari") == []  # a draft's word
    close = {w.word: w.events for w in await store.similar_words("suleimani")}
    assert close["soleimani"] == 2


async def test_word_forms_are_most_used_first(store: SqliteEventStore) -> None:
    await store.import_events([
        make_event("2020-01-03", "Lockdown begins"), make_event("2020-01-04", "Lockdown ends"),
        make_event("2020-01-05", "Doors locked"), make_event("2020-01-06", "Locksmith called"),
    ], "a", NOW)
    forms = await store.word_forms("lock")
    assert forms == [StoredWord("lockdown", 2), StoredWord("locked", 1),
                     StoredWord("locksmith", 1)]
    assert await store.word_forms("lock", limit=1) == [StoredWord("lockdown", 2)]
    assert await store.word_forms("") == []


async def test_edits_and_status_changes_move_what_the_store_suggests(
    store: SqliteEventStore,
) -> None:
    event = await store.add(make_event("2020-01-03", "Soleimani killed"), "a", NOW)
    event = await store.update(replace(event, title="Soleimani assassinated"), "b", NOW)
    assert await store.word_forms("kill") == []
    assert await store.word_forms("assass") == [StoredWord("assassinated", 1)]
    event = await store.update(replace(event, status=Status.REJECTED), "b", NOW)
    assert await store.word_forms("soleim") == []
    assert [w.word for w in await store.similar_words("soleimany")] == []
    await store.update(replace(event, title="Qasem Soleimani", status=Status.PUBLISHED), "b",
                       NOW)
    assert await store.word_forms("soleim") == [StoredWord("soleimani", 1)]
    assert "soleimani" in [w.word for w in await store.similar_words("soleimany")]
