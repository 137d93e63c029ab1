"""Numbered schema migrations, shipped as ``storage/migrations/NNNN_name.sql``.

Each migration runs in one transaction together with its ``PRAGMA
user_version`` bump, so a migration is either fully applied or not at all.
An applied migration is never edited; a schema change is a new file.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources

import aiosqlite

from bot.errors import StoreError

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: the ``user_version`` it brings the database to, and its SQL."""

    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """Read the packaged migrations, checking they are numbered 1, 2, 3... without gaps."""
    folder = resources.files("storage").joinpath("migrations")
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match is None:
            continue
        found.append(Migration(int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise StoreError(
                f"migration {migration.version:04d} found where {expected:04d} was due"
            )
    return found


async def schema_version(conn: aiosqlite.Connection) -> int:
    rows = list(await conn.execute_fetchall("PRAGMA user_version"))
    return int(rows[0][0])


async def migrate(
    conn: aiosqlite.Connection, migrations: list[Migration] | None = None
) -> int:
    """Apply every migration newer than the database; return the final version.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    steps = load_migrations() if migrations is None else migrations
    latest = steps[-1].version if steps else 0
    current = await schema_version(conn)
    if current > latest:
        raise StoreError(
            f"the database is at schema version {current}, but this version of Dateline "
            f"only knows up to {latest}; upgrade Dateline before opening it"
        )
    for step in steps:
        if step.version > current:
            await _apply(conn, step)
            current = step.version
    return current


async def _apply(conn: aiosqlite.Connection, step: Migration) -> None:
    # The version is an int from the file name, never user input; PRAGMA takes no parameters.
    script = (
        "BEGIN IMMEDIATE;\n"
        f"{step.sql}\n;\n"
        f"PRAGMA user_version = {int(step.version)};\n"
        "COMMIT;\n"
    )
    log.info("applying migration %04d_%s", step.version, step.name)
    try:
        await conn.executescript(script)
    except Exception as exc:
        if conn.in_transaction:
            await conn.rollback()
        raise StoreError(f"migration {step.version:04d}_{step.name} failed: {exc}") from exc
