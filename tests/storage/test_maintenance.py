"""Backups and checks of a real store file: a backup is a consistent, verified copy made
while a writer commits, placed at its path only when complete; a check names what is
wrong with a damaged store and never writes to it."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from storage_helpers import NOW, make_event

from storage import SqliteEventStore, open_store
from storage.db_check import check
from storage.maintenance import BackupFailed, Refused, backup, known_version


async def _sample_store(path: Path) -> SqliteEventStore:
    store = await open_store(path, sample=True, now=NOW)
    await store.add(make_event("2024-03-05", "Budget vote", tags=("politics",)), "test", NOW)
    return store


def _made(path: Path) -> Path:
    """A sample store with one event added, closed."""

    async def make() -> None:
        await (await _sample_store(path)).close()

    asyncio.run(make())
    return path


async def _snapshot(store: SqliteEventStore) -> tuple[object, ...]:
    count = await store.count()
    events = [await store.get(event_id) for event_id in range(1, count + 2)]
    return count, events, await store.changes(limit=100), await store.topics()


def test_a_backup_opens_as_a_store_and_answers_the_same(tmp_path: Path) -> None:
    async def backed_up() -> tuple[object, ...]:
        store = await _sample_store(tmp_path / "live.sqlite3")
        try:
            await asyncio.to_thread(backup, tmp_path / "live.sqlite3", tmp_path / "b.db")
            return await _snapshot(store)
        finally:
            await store.close()

    async def copied() -> tuple[object, ...]:
        copy = await SqliteEventStore.open(tmp_path / "b.db")
        try:
            assert await copy.is_set_up()
            return await _snapshot(copy)
        finally:
            await copy.close()

    before = asyncio.run(backed_up())
    assert asyncio.run(copied()) == before


def test_the_report_says_what_the_copy_holds_and_no_other_file_is_left(tmp_path: Path) -> None:
    report = backup(_made(tmp_path / "live.sqlite3"), tmp_path / "b.db")
    assert (report.events, report.schema_version) == (7, known_version())
    assert report.size == (tmp_path / "b.db").stat().st_size
    assert sorted(p.name for p in tmp_path.iterdir() if "b.db" in p.name) == ["b.db"]


async def test_a_writer_commits_during_the_backup_and_the_copy_is_its_first_snapshot(
    tmp_path: Path,
) -> None:
    store = await _sample_store(tmp_path / "live.sqlite3")
    loop = asyncio.get_running_loop()
    written: list[int] = []

    def write_between_steps(status: int, remaining: int, total: int) -> None:
        # Each commit must finish while the backup is under way: were the backup
        # holding writers up, the store's write would time out and fail the test.
        if len(written) < 5:
            added = asyncio.run_coroutine_threadsafe(
                store.add(make_event("2024-04-01", f"Written mid-backup {len(written)}"),
                          "writer", NOW),
                loop,
            ).result(timeout=30)
            written.append(added.id or 0)

    try:
        first = await store.count()
        report = await asyncio.to_thread(
            backup, tmp_path / "live.sqlite3", tmp_path / "b.db",
            pages_per_step=1, progress=write_between_steps,
        )
        assert len(written) == 5 and await store.count() == first + 5
    finally:
        await store.close()
    assert report.events == first
    assert check(tmp_path / "b.db").problems == ()
    copy = await SqliteEventStore.open(tmp_path / "b.db")
    try:
        assert await copy.count() == first and await copy.get(written[0]) is None
    finally:
        await copy.close()


def test_an_interrupted_backup_leaves_nothing_at_the_path(tmp_path: Path) -> None:
    source = _made(tmp_path / "live.sqlite3")
    folder = tmp_path / "backups"
    folder.mkdir()
    seen: list[bool] = []

    def fail_after_the_first_step(status: int, remaining: int, total: int) -> None:
        seen.append((folder / "b.db").exists())  # mid-copy, as a kill would find it
        raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError, match="disk pulled out"):
        backup(source, folder / "b.db", pages_per_step=1, progress=fail_after_the_first_step)
    assert seen == [False]
    assert list(folder.iterdir()) == []


def test_a_copy_that_fails_verification_is_not_kept(tmp_path: Path) -> None:
    damaged = _damaged_copy(tmp_path)
    offset, _ = _first_page(damaged, "events_start")
    with damaged.open("r+b") as file:
        file.seek(offset + 8)
        file.write(b"\x44\x44")
    with pytest.raises(BackupFailed, match="the copy failed its integrity check: "):
        backup(damaged, tmp_path / "b.db")
    assert sorted(p.name for p in tmp_path.iterdir() if "b.db" in p.name) == []


def test_an_existing_file_is_only_replaced_with_force(tmp_path: Path) -> None:
    source = _made(tmp_path / "live.sqlite3")
    target = tmp_path / "b.db"
    target.write_text("last week's backup")
    with pytest.raises(Refused, match="already exists"):
        backup(source, target)
    assert target.read_text() == "last week's backup"
    assert backup(source, target, force=True).events == 7
    assert check(target).problems == ()


def test_the_source_is_refused_as_target_even_through_a_link(tmp_path: Path) -> None:
    source = _made(tmp_path / "live.sqlite3")
    (tmp_path / "link.db").symlink_to(source)
    os.link(source, tmp_path / "hard.db")
    for target in (source, tmp_path / "link.db", tmp_path / "hard.db",
                   tmp_path / "live.sqlite3-wal"):
        with pytest.raises(Refused, match="is the database being backed up"):
            backup(source, target, force=True)


def test_a_missing_folder_and_a_leftover_log_are_refused(tmp_path: Path) -> None:
    source = _made(tmp_path / "live.sqlite3")
    with pytest.raises(Refused, match="there is no folder"):
        backup(source, tmp_path / "nowhere" / "b.db")
    # Another database's log left beside the path would be replayed into the copy.
    (tmp_path / "b.db-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(28))
    with pytest.raises(Refused, match=r"b\.db-wal is beside it"):
        backup(source, tmp_path / "b.db")
    assert not (tmp_path / "b.db").exists()


def test_a_clean_store_has_no_problems(tmp_path: Path) -> None:
    report = check(_made(tmp_path / "live.sqlite3"))
    assert report.problems == () and report.notes == ()
    assert report.schema_version == report.known_version == known_version()
    assert "4 full-text indexes" in report.checked and "1 R*Tree index" in report.checked


def _damaged_copy(tmp_path: Path, *statements: str) -> Path:
    """A checkpointed copy of a sample store, then changed by ``statements`` run with
    foreign keys off and no Dateline code in the way."""
    copy = tmp_path / "copy.sqlite3"
    backup(_made(tmp_path / "live.sqlite3"), copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()
    return copy


def test_rows_referring_to_missing_events_are_named(tmp_path: Path) -> None:
    copy = _damaged_copy(
        tmp_path,
        "INSERT INTO changes (id, event_id, actor, at, action) VALUES (900, 4242, 'x', 'y', 'z')",
        "INSERT INTO sources (event_id, position, publisher, title) VALUES (4242, 0, 'p', 't')",
    )
    assert check(copy).problems == (
        "table sources, 1 row (it has no row ids): event_id refers to a row of events that "
        "does not exist",
        "table changes, row 900: event_id refers to a row of events that does not exist",
    )


def _first_page(copy: Path, name: str) -> tuple[int, int]:
    """Where the first page of table or index ``name`` starts in the file, and its size."""
    conn = sqlite3.connect(copy)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    page = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (name,)).fetchone()
    conn.close()
    return (page[0] - 1) * size, size


def test_a_broken_index_page_is_named_by_its_index(tmp_path: Path) -> None:
    copy = _damaged_copy(tmp_path)
    offset, size = _first_page(copy, "events_start")
    with copy.open("r+b") as file:
        file.seek(offset + 8)  # the page's first cell pointer, now beyond the page's end
        file.write(b"\x44\x44")
    problems = check(copy).problems
    assert problems[0].startswith(f"page {offset // size + 1} (index events_start) is damaged: ")
    assert "index events_start lacks row " in problems[-1]


def test_an_index_entry_that_differs_from_its_row_is_named(tmp_path: Path) -> None:
    copy = _damaged_copy(tmp_path)
    offset, size = _first_page(copy, "events_start")
    with copy.open("r+b") as file:
        file.seek(offset)
        page = file.read(size)
        file.seek(offset + page.index(b"2024-03-05"))  # the added event's start, indexed
        file.write(b"2024-03-06")
    assert check(copy).problems == (
        "index events_start lacks row 7 of table events (REINDEX rebuilds an index)",
    )


def test_garbage_in_a_table_page_names_the_table(tmp_path: Path) -> None:
    copy = _damaged_copy(tmp_path)
    offset, size = _first_page(copy, "changes")
    with copy.open("r+b") as file:
        file.seek(offset)
        file.write(b"\xff" * size)
    problems = check(copy).problems
    assert problems[0].startswith("table changes (or an index of it) is damaged")


def test_a_full_text_index_out_of_step_with_its_rows_is_named(tmp_path: Path) -> None:
    copy = _damaged_copy(
        tmp_path,
        "DROP TRIGGER events_fts_update",  # so the title changes but its index entry does not
        "UPDATE events SET title = 'Quietly retitled' WHERE id = 1",
    )
    (problem,) = check(copy).problems
    assert problem.startswith("full-text index events_fts fails its check")


def test_an_unfinished_first_start_and_a_newer_schema_are_problems(tmp_path: Path) -> None:
    copy = _damaged_copy(tmp_path, "DELETE FROM meta WHERE key = 'setup'")
    assert check(copy).problems == (
        "its first start never finished: there is no setup mark in table meta (start "
        "Dateline once on it to finish)",
    )
    newer = known_version() + 1
    sqlite3.connect(copy).execute(f"PRAGMA user_version = {newer}").connection.close()
    assert check(copy).problems == (
        f"its schema version is {newer}, newer than this Dateline knows ({known_version()}): "
        "use a newer Dateline with it",
    )


def test_a_check_never_writes_to_the_database(tmp_path: Path) -> None:
    copy = _damaged_copy(tmp_path, "DELETE FROM meta WHERE key = 'setup'")
    before = (hashlib.sha256(copy.read_bytes()).hexdigest(), copy.stat().st_mtime_ns)
    assert check(copy).problems  # including the FTS checks, which SQLite runs as writes
    assert (hashlib.sha256(copy.read_bytes()).hexdigest(), copy.stat().st_mtime_ns) == before
    wal = copy.with_name(copy.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
