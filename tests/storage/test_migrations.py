"""Schema migrations: versioning, idempotence, atomicity and refusing newer databases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import aiosqlite
import pytest

from bot.errors import StoreError
from bot.model import Source
from storage.migrations import Migration, load_migrations, migrate, schema_version, statements
from storage.sqlite_store import SqliteEventStore


async def connect(path: Path) -> aiosqlite.Connection:
    return await aiosqlite.connect(str(path), isolation_level=None)


def test_packaged_migrations_are_numbered_from_one() -> None:
    steps = load_migrations()
    assert [m.version for m in steps] == list(range(1, len(steps) + 1))
    assert steps[0].name == "initial"


async def test_fresh_database_ends_at_latest_and_reopen_is_noop(tmp_path: Path) -> None:
    latest = load_migrations()[-1].version
    conn = await connect(tmp_path / "m.db")
    try:
        assert await migrate(conn) == latest
        tables = await conn.execute_fetchall("SELECT count(*) FROM sqlite_master")
        assert await migrate(conn) == latest
        assert await conn.execute_fetchall("SELECT count(*) FROM sqlite_master") == tables
        assert await schema_version(conn) == latest
    finally:
        await conn.close()


async def test_half_applied_migration_leaves_version_and_schema_unchanged(
    tmp_path: Path,
) -> None:
    steps = [
        Migration(1, "one", "CREATE TABLE a (x);"),
        Migration(2, "two", "CREATE TABLE b (x); INSERT INTO missing VALUES (1);"),
    ]
    conn = await connect(tmp_path / "m.db")
    try:
        with pytest.raises(StoreError, match="0002_two"):
            await migrate(conn, steps)
        assert await schema_version(conn) == 1
        names = await conn.execute_fetchall("SELECT name FROM sqlite_master ORDER BY name")
        assert [n[0] for n in names] == ["a"]
        assert not conn.in_transaction
    finally:
        await conn.close()


async def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    conn = await connect(path)
    await conn.execute("PRAGMA user_version = 999")
    await conn.close()
    with pytest.raises(StoreError, match="schema version 999"):
        await SqliteEventStore.open(path)


async def test_store_database_is_in_wal_mode(tmp_path: Path) -> None:
    store = await SqliteEventStore.open(tmp_path / "s.db")
    await store.close()
    conn = await connect(tmp_path / "s.db")
    try:
        assert (await conn.execute_fetchall("PRAGMA journal_mode"))[0][0] == "wal"  # type: ignore[index]
    finally:
        await conn.close()


async def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "not.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open the database"):
        await SqliteEventStore.open(path)


async def test_0003_copies_existing_sources_onto_events(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = await connect(path)
    try:
        await migrate(conn, load_migrations()[:2])
        await conn.execute(
            "INSERT INTO events (id, start, last_day, precision, year, month, day, title, "
            "status, created_by, created_at, updated_by, updated_at) VALUES (1, '2020-01-03', "
            "'2020-01-03', 'day', 2020, 1, 3, 't', 'published', 'a', "
            "'2024-05-01T12:00:00.000000+00:00', 'a', '2024-05-01T12:00:00.000000+00:00')"
        )
        await conn.execute(
            "INSERT INTO sources VALUES (1, 1, 'AP', 'second', NULL, NULL, 'q'), "
            "(1, 0, 'Reuters', 'first', 'https://x', '2020-01-04', NULL)"
        )
    finally:
        await conn.close()
    store = await SqliteEventStore.open(path)
    try:
        event = await store.get(1)
        assert event is not None
        assert event.sources == (
            Source("Reuters", "first", "https://x", date(2020, 1, 4)),
            Source("AP", "second", None, None, "q"),
        )
    finally:
        await store.close()


async def test_0007_gives_a_v6_database_its_vocabulary_and_backfills_it(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    conn = await connect(path)
    try:
        await migrate(conn, load_migrations()[:6])
        for event_id, title, status in [
            (1, "Soleimani killed at Baghdad airport", "published"),
            (2, "Rallies for Soleimani", "published"),
            (3, "Secret draft about Zarif", "draft"),
        ]:
            await conn.execute(
                "INSERT INTO events (id, start, last_day, precision, year, month, day, title, "
                "place, tags_text, status, created_by, created_at, updated_by, updated_at) "
                "VALUES (?, '2020-01-03', '2020-01-03', 'day', 2020, 1, 3, ?, 'Iraq', "
                "'iran\nquds force', ?, 'a', '2024-05-01T12:00:00.000000+00:00', 'a', "
                "'2024-05-01T12:00:00.000000+00:00')",
                (event_id, title, status),
            )
    finally:
        await conn.close()
    store = await SqliteEventStore.open(path)
    try:
        close = {w.word: w.events for w in await store.similar_words("suleimani")}
        assert close["soleimani"] == 2
        assert {w.word for w in await store.similar_words("quds")} >= {"quds"}
        assert "zarif" not in {w.word for w in await store.similar_words("zarif")}  # a draft
    finally:
        await store.close()
    conn = await connect(path)
    try:
        counts = dict(await conn.execute_fetchall("SELECT word, events FROM search_words"))  # type: ignore[arg-type]
        assert counts["soleimani"] == 2 and counts["iraq"] == 2 and counts["force"] == 2
        assert "zarif" not in counts and "secret" not in counts
        leftover = await conn.execute_fetchall("SELECT count(*) FROM word_splitter_terms")
        assert list(leftover) == [(0,)]
    finally:
        await conn.close()


def test_statements_keep_triggers_and_quoted_semicolons_whole() -> None:
    script = (
        "-- a comment; with a semicolon\n"
        "CREATE TABLE a (x);\n"
        "INSERT INTO a VALUES ('one; two');\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  DELETE FROM a WHERE x = 'z';\nEND;\n"
    )
    found = statements(script)
    assert len(found) == 3
    assert found[1] == "INSERT INTO a VALUES ('one; two');"
    assert found[2].startswith("CREATE TRIGGER") and found[2].endswith("END;")
