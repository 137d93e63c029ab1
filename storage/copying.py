"""``dateline db copy``: moving a whole store between engines (SQLite to PostgreSQL and
back, or between two of one kind), then checking that every table's rows all arrived.

The source is read from one snapshot and never written; the target is written in one
transaction, so an interrupted copy leaves nothing behind. A row whose key the target
has already is skipped, which makes a rerun safe: a second run of the same copy adds
nothing and checks the counts again. A target holding other data (events or history
the source does not have) is refused before anything is written. The identity marks
move with the rows, so the target never hands out a number the source already used.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import aiosqlite

from bot.errors import StoreError
from storage.copy_tables import TABLES, Table, compact_json, to_neutral, to_sqlite

BATCH = 2000


@dataclass(frozen=True, slots=True)
class Copied:
    """One table: rows in the source, rows the copy added, rows the target holds now."""

    table: str
    source: int
    added: int
    target: int


class Side(Protocol):
    """One engine's end of a copy, inside its snapshot (source) or transaction (target)."""

    def rows(self, table: Table) -> AsyncIterator[list[tuple[Any, ...]]]:
        """The table's rows in batches, in the neutral form, in key order."""
        ...

    async def count(self, table: Table) -> int: ...

    async def keys(self, table: Table, columns: Sequence[str]) -> set[tuple[Any, ...]]: ...

    async def insert(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        """Insert ``rows``, skipping those whose key is there already."""
        ...

    async def mark(self, table: Table) -> int: ...

    async def raise_mark(self, table: Table, to: int) -> None: ...


async def copy_all(source: Side, target: Side) -> list[Copied]:
    """Copy every table from ``source`` to ``target`` (both already inside their snapshot
    and transaction); ``StoreError`` when the target holds other data or a count is off."""
    await _refuse_foreign(source, target)
    report: list[Copied] = []
    for table in TABLES:
        before = await target.count(table)
        async for batch in source.rows(table):
            await target.insert(table, batch)
        if table.identity is not None:
            await target.raise_mark(table, await source.mark(table))
        after = await target.count(table)
        report.append(Copied(table.name, await source.count(table), after - before, after))
    short = [c for c in report if c.target < c.source]
    if short:
        raise StoreError("the copy is incomplete: " + ", ".join(
            f"{c.table} has {c.target} of {c.source} rows" for c in short))
    return report


async def _refuse_foreign(source: Side, target: Side) -> None:
    """Refuse a target that already holds events or history the source does not: the
    copy would mix two newsrooms' data, and skipped keys would hide the difference."""
    for name, columns in (("events", ("id", "version", "updated_at", "title")),
                          ("changes", ("id", "at", "actor", "action"))):
        table = next(t for t in TABLES if t.name == name)
        theirs = await target.keys(table, columns)
        if theirs and not theirs <= await source.keys(table, columns):
            raise StoreError(
                f"the target already holds {name} that the source does not; copy into an "
                "empty store (or one an earlier run of this same copy filled)"
            )


# -- SQLite ---------------------------------------------------------------------------


class SqliteSide:
    """A SQLite database as either end of a copy."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def rows(self, table: Table) -> AsyncIterator[list[tuple[Any, ...]]]:
        names = ", ".join(f'"{c.in_sqlite}"' for c in table.columns)
        order = ", ".join(f'"{k}"' for k in table.key)
        cursor = await self.conn.execute(
            f"SELECT {names} FROM {table.name} ORDER BY {order}"  # noqa: S608 - constant fragments only
        )
        kinds = [c.kind for c in table.columns]
        while batch := await cursor.fetchmany(BATCH):
            yield [tuple(to_neutral(k, v) for k, v in zip(kinds, row, strict=True))
                   for row in batch]
        await cursor.close()

    async def count(self, table: Table) -> int:
        rows = list(await self.conn.execute_fetchall(f"SELECT count(*) FROM {table.name}"))  # noqa: S608 - constant fragments only
        return int(rows[0][0])

    async def keys(self, table: Table, columns: Sequence[str]) -> set[tuple[Any, ...]]:
        by_name = {c.name: c for c in table.columns}
        names = ", ".join(f'"{by_name[c].in_sqlite}"' for c in columns)
        rows = await self.conn.execute_fetchall(f"SELECT {names} FROM {table.name}")  # noqa: S608 - constant fragments only
        kinds = [by_name[c].kind for c in columns]
        return {tuple(to_neutral(k, v) for k, v in zip(kinds, row, strict=True))
                for row in rows}

    async def insert(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        names = ", ".join(f'"{c.in_sqlite}"' for c in table.columns)
        marks = ", ".join("?" for _ in table.columns)
        kinds = [c.kind for c in table.columns]
        await self.conn.executemany(
            f"INSERT OR IGNORE INTO {table.name} ({names}) VALUES ({marks})",  # noqa: S608 - constant fragments only
            [tuple(to_sqlite(k, v) for k, v in zip(kinds, row, strict=True)) for row in rows],
        )
        if table.name == "events":
            await self._normalise_sources(table, rows)

    async def _normalise_sources(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        """SQLite also keeps each event's sources as rows; derived from the JSON."""
        at = [c.name for c in table.columns].index("sources")
        await self.conn.executemany(
            "INSERT OR IGNORE INTO sources (event_id, position, publisher, title, url, "
            "published, quote) SELECT ?, key, value ->> 0, value ->> 1, value ->> 2, "
            "value ->> 3, value ->> 4 FROM json_each(?)",
            [(row[0], compact_json(row[at])) for row in rows],
        )

    async def mark(self, table: Table) -> int:
        rows = list(await self.conn.execute_fetchall(
            "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = ?", (table.name,)
        ))
        return int(rows[0][0]) if rows else 0

    async def raise_mark(self, table: Table, to: int) -> None:
        if to <= await self.mark(table):
            return
        await self.conn.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table.name,))
        await self.conn.execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table.name, to)
        )


@asynccontextmanager
async def sqlite_side(path: str, *, write: bool) -> AsyncIterator[SqliteSide]:
    """The database at ``path`` inside one read snapshot, or one write transaction that
    commits when the block ends without an error."""
    uri = f"file:{path}?mode={'rw' if write else 'ro'}"
    try:
        conn = await aiosqlite.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        await conn.execute("PRAGMA busy_timeout = 5000")
        await conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield SqliteSide(conn)
            await conn.execute("COMMIT")
        except BaseException:
            await conn.rollback()
            raise
    except sqlite3.Error as exc:
        raise StoreError(str(exc)) from exc
    finally:
        await conn.close()
