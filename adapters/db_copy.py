"""``dateline db copy SOURCE TARGET``: the whole store from one engine to another.

SOURCE and TARGET are each a SQLite file or a ``postgresql://`` address. The target
is created and brought to the current schema first (never seeded with the sample);
the source must be at the current schema already and is only read. The copying
itself is ``storage.copying``; this module opens the two ends and reports.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path

from adapters.settings import is_postgres_url
from adapters.store_location import StoreLocation, redact
from adapters.stores import open_event_store
from bot.errors import StoreError
from storage.copying import Copied, Side, copy_all, sqlite_side


def location_of(raw: str) -> StoreLocation:
    if is_postgres_url(raw):
        return StoreLocation(Path("."), raw.strip())
    return StoreLocation(Path(raw).expanduser())


def same_place(one: StoreLocation, other: StoreLocation) -> bool:
    if one.url is not None or other.url is not None:
        return one.url == other.url
    return one.path.resolve() == other.path.resolve()


async def copy_store(source: StoreLocation, target: StoreLocation) -> tuple[list[Copied], float]:
    """Copy everything from ``source`` to ``target``; the report and the seconds taken."""
    started = time.monotonic()
    await _check_source(source)
    prepared = await open_event_store(target, sample=False, now=datetime.now(UTC))
    await prepared.close()
    async with _side(source, write=False) as reading, _side(target, write=True) as writing:
        report = await copy_all(reading, writing)
    return report, time.monotonic() - started


def _side(location: StoreLocation, *, write: bool) -> AbstractAsyncContextManager[Side]:
    if location.url is None:
        return sqlite_side(str(location.path), write=write)
    from storage.postgres.copying import pg_side  # noqa: PLC0415 - only when used

    return pg_side(location.url, write=write)


async def _check_source(source: StoreLocation) -> None:
    """The source exists and is at the schema this Dateline writes (so every column the
    copy reads is there); checked without writing to it."""
    if source.url is None:
        version, latest = _sqlite_version(source.path)
    else:
        version, latest = await _pg_version(source.url)
    if version != latest:
        raise StoreError(
            f"the source is at schema version {version}, not {latest}: start this version "
            "of Dateline on it once (it upgrades the schema), then copy"
        )


def _sqlite_version(path: Path) -> tuple[int, int]:
    from storage.migrations import load_migrations  # noqa: PLC0415

    if not path.is_file():
        raise StoreError(f"there is no database at {path}")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read {path}: {exc}") from exc
    return version, load_migrations()[-1].version


async def _pg_version(url: str) -> tuple[int, int]:
    import asyncpg  # noqa: PLC0415 - only when used

    from storage.postgres.migrations import load_migrations, schema_version  # noqa: PLC0415

    try:
        conn = await asyncpg.connect(url, timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        raise StoreError(f"cannot connect to {redact(url)}: {exc}") from exc
    try:
        return await schema_version(conn), load_migrations()[-1].version
    finally:
        await conn.close()
