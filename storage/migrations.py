"""Numbered schema migrations, shipped as ``storage/migrations/NNNN_name.sql``.

Each migration runs in one ``BEGIN IMMEDIATE`` transaction together with its
``PRAGMA user_version`` bump, so a migration is either fully applied or not at
all, and the version is read inside that transaction, so two processes opening
the same database never both apply one.
An applied migration is never edited; a schema change is a new file.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

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


def load_migrations(folder: Path | None = None, label: str = "migration") -> list[Migration]:
    """Read the packaged migrations (SQLite's, unless another engine's ``folder`` is
    given), checking they are numbered 1, 2, 3... without gaps."""
    # A plain path, not importlib.resources: Dateline is never run from a zip, and the
    # resources machinery costs a cold start more than reading the files does.
    folder = folder or Path(__file__).with_name("migrations")
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
                f"{label} {migration.version:04d} found where {expected:04d} was due"
            )
    return found


async def schema_version(conn: aiosqlite.Connection) -> int:
    rows = list(await conn.execute_fetchall("PRAGMA user_version"))
    return int(rows[0][0])


async def migrate(
    conn: aiosqlite.Connection, migrations: list[Migration] | None = None
) -> int:
    """Apply every migration newer than the database; return the final version.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Another process
    may be migrating the same file at the same time: each step re-reads the version
    inside its own write transaction, so every step is applied exactly once.
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
            current = await _apply(conn, step)
    return current


def statements(sql: str) -> list[str]:
    """The statements of a migration script, one by one (triggers and quoted ``;`` kept
    whole), so they can run inside a transaction this module controls:
    ``executescript`` would commit it first."""
    found: list[str] = []
    pending = ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\r\n;"):
                found.append(pending.strip())
            pending = ""
    if pending.strip(" \t\r\n;"):
        raise StoreError(f"a migration ends with an incomplete statement: {pending[:60]!r}")
    return found


async def _apply(conn: aiosqlite.Connection, step: Migration) -> int:
    """Apply ``step`` unless another connection already has; return the version after."""
    try:
        await conn.execute("BEGIN IMMEDIATE")
        # Read under the write lock: the version read before may be stale by now.
        current = await schema_version(conn)
        if current >= step.version:
            await conn.execute("COMMIT")
            return current
        log.info("applying migration %04d_%s", step.version, step.name)
        for statement in statements(step.sql):
            await conn.execute(statement)
        # The version is an int from the file name, never user input; PRAGMA takes no
        # parameters.
        await conn.execute(f"PRAGMA user_version = {int(step.version)}")
        await conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            await conn.rollback()
        if isinstance(exc, Exception):
            raise StoreError(f"migration {step.version:04d}_{step.name} failed: {exc}") from exc
        raise
    return step.version
