"""A first start on PostgreSQL: the sample is seeded once, however many processes start
together; a finished store is never seeded again; a store holding a user's data but
no setup mark is adopted as it is; an interrupted seed leaves the store unfinished."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from bot.model import Status
from storage.postgres import open_pg_store
from storage.postgres.event_store import PgEventStore
from storage.sample import SAMPLE_ACTOR
from tests.storage.storage_helpers import NOW, make_event

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_EVENTS = 6


async def assert_seeded_once(dsn: str) -> None:
    store = await open_pg_store(dsn, sample=True, now=NOW)
    try:
        assert await store.count() == SAMPLE_EVENTS
        imports = [c for c in await store.changes(limit=50) if c.action == "import"]
        assert [c.actor for c in imports] == [SAMPLE_ACTOR] * SAMPLE_EVENTS
        assert sorted(c.event_id or 0 for c in imports) == list(range(1, SAMPLE_EVENTS + 1))
        assert "iran" in await store.topics("ir")
    finally:
        await store.close()


async def setup_mark(dsn: str) -> str | None:
    conn = await asyncpg.connect(dsn)
    try:
        value = await conn.fetchval("SELECT value FROM meta WHERE key = 'setup'")
        return None if value is None else str(value)
    finally:
        await conn.close()


async def test_several_first_starts_at_once_seed_the_sample_once(pg_dsn: str) -> None:
    stores = await asyncio.gather(*(open_pg_store(pg_dsn, sample=True, now=NOW)
                                    for _ in range(4)))
    for store in stores:
        await store.close()
    await assert_seeded_once(pg_dsn)
    assert await setup_mark(pg_dsn) == "sample"


async def test_a_finished_store_is_not_seeded_again_even_if_empty(pg_dsn: str) -> None:
    store = await open_pg_store(pg_dsn, sample=False, now=NOW)
    await store.close()
    assert await setup_mark(pg_dsn) == "empty"
    store = await open_pg_store(pg_dsn, sample=True, now=NOW)
    try:
        assert await store.count() == 0 and await store.is_set_up()
        assert await store.finish_setup([make_event("2020-01-01")], "x", NOW) is None
    finally:
        await store.close()


async def test_a_store_with_user_data_but_no_mark_is_adopted_not_seeded(pg_dsn: str) -> None:
    older = await PgEventStore.open(pg_dsn)
    await older.add(make_event("2021-05-05", "Mine"), "slack:U1", NOW)
    await older.close()
    store = await open_pg_store(pg_dsn, sample=True, now=NOW)
    try:
        assert await store.count() == 1 and (await store.get(1) or make_event("1")).title == "Mine"
    finally:
        await store.close()
    assert await setup_mark(pg_dsn) == "adopted"


async def test_a_bad_sample_leaves_the_store_unfinished(pg_dsn: str) -> None:
    with pytest.raises(ValueError, match="not valid JSON"):
        await open_pg_store(pg_dsn, sample=True, now=NOW, sample_data=b"{")
    assert await setup_mark(pg_dsn) is None
    await assert_seeded_once(pg_dsn)


async def test_a_seed_that_fails_halfway_writes_nothing(pg_dsn: str) -> None:
    store = await PgEventStore.open(pg_dsn)
    try:
        bad = make_event("2020-01-03", status="nonsense")  # type: ignore[arg-type]
        with pytest.raises(AttributeError):
            await store.finish_setup([make_event("2020-01-01"), bad], SAMPLE_ACTOR, NOW)
        assert not await store.is_set_up() and await store.is_empty()
        assert await store.finish_setup([make_event("2020-01-01", status=Status.DRAFT)],
                                        SAMPLE_ACTOR, NOW) == 1
    finally:
        await store.close()


def test_processes_starting_a_new_database_at_once_seed_it_once(pg_dsn: str) -> None:
    """Real processes, released together once each has imported everything."""
    opener = (
        "import asyncio, sys\n"
        "from datetime import UTC, datetime\n"
        "from storage.postgres import open_pg_store\n"
        "async def main():\n"
        "    store = await open_pg_store(sys.argv[1], sample=True, now=datetime.now(UTC))\n"
        "    print(await store.count())\n"
        "    await store.close()\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "asyncio.run(main())\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", opener, pg_dsn], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )
        for _ in range(4)
    ]
    for process in processes:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    results = [p.communicate(timeout=60) for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, [err for _, err in results]
    assert [out.strip() for out, _ in results] == [str(SAMPLE_EVENTS)] * 4
    asyncio.run(assert_seeded_once(pg_dsn))
