"""The event store's moderation reads: the audit log (filtered, paged, one entry, one
operation) and the tags moderators rename and merge.

Each audit listing is one indexed query (``storage.queries``): the whole log, one
event's history, one user's entries, or those since a moment, newest first.
"""

from __future__ import annotations

import json
from datetime import datetime

from bot.model import Change, Event
from bot.ports import TagUse
from storage import queries
from storage.audit_rows import CHANGE_COLUMNS, change_from_row
from storage.database import Database
from storage.rows import event_from_row, timestamp

_LOG_AFTER = f"SELECT {CHANGE_COLUMNS} FROM changes WHERE id > ? ORDER BY id LIMIT ?"  # noqa: S608 - constant fragments only


class AuditReads:
    """Mixed into ``SqliteEventStore``; needs its ``_db``."""

    _db: Database

    async def changes(
        self, event_id: int | None = None, limit: int = 20, *, offset: int = 0,
        actor: str | None = None, since: datetime | None = None, states: bool = True,
    ) -> list[Change]:
        """Audit entries, newest first, by at most one filter; skipping ``offset``."""
        sql, params = _listing(event_id, actor, since)
        async with self._db.lock:
            rows = await self._db.fetch(sql, (*params, max(limit, 0), max(offset, 0)))
        return [change_from_row(row, states=states) for row in rows]

    async def log_after(self, entry_id: int, limit: int = 1000) -> list[Change]:
        """The audit entries numbered above ``entry_id``, oldest first: the whole log a
        page at a time, for a full export."""
        async with self._db.lock:
            rows = await self._db.fetch(_LOG_AFTER, (entry_id, max(limit, 0)))
        return [change_from_row(row) for row in rows]

    async def count_changes(
        self, event_id: int | None = None, *, actor: str | None = None,
        since: datetime | None = None,
    ) -> int:
        """How many entries ``changes`` with the same filter would list."""
        sql, params = _count(event_id, actor, since)
        async with self._db.lock:
            rows = await self._db.fetch(sql, params)
        return int(rows[0][0])

    async def change(self, entry_id: int) -> Change | None:
        async with self._db.lock:
            rows = await self._db.fetch(queries.CHANGE_BY_ID, (entry_id,))
        return change_from_row(rows[0]) if rows else None

    async def operation(self, entry_id: int) -> list[Change]:
        """Every entry of the operation ``entry_id`` belongs to, oldest first."""
        async with self._db.lock:
            rows = await self._db.fetch(queries.CHANGE_BY_ID, (entry_id,))
            if not rows:
                return []
            first = change_from_row(rows[0])
            if first.operation is None:
                return [first]
            rows = await self._db.fetch(queries.OPERATION_CHANGES, (first.operation,))
        return [change_from_row(row) for row in rows]

    async def tag_uses(self, limit: int = 25, offset: int = 0) -> list[TagUse]:
        async with self._db.lock:
            rows = await self._db.fetch(queries.TAG_USES, (max(limit, 0), max(offset, 0)))
        return [TagUse(tag, int(uses)) for tag, uses in rows]

    async def count_tags(self) -> int:
        async with self._db.lock:
            rows = await self._db.fetch(queries.COUNT_TAGS)
        return int(rows[0][0])

    async def tagged(self, tag: str) -> list[Event]:
        """Every event carrying ``tag`` (any case) but retracted ones, by id."""
        key = " ".join(tag.split()).lower()
        async with self._db.lock:
            ids = [row[0] for row in await self._db.fetch(queries.TAGGED_IDS, (key,))]
            if not ids:
                return []
            rows = await self._db.fetch(queries.EVENTS_BY_IDS, (json.dumps(ids),))
        return sorted(map(event_from_row, rows), key=lambda event: event.id or 0)


def _listing(
    event_id: int | None, actor: str | None, since: datetime | None
) -> tuple[str, tuple[object, ...]]:
    if event_id is not None:
        return queries.EVENT_CHANGES_PAGE, (event_id,)
    if actor is not None:
        return queries.ACTOR_CHANGES, (actor,)
    if since is not None:
        return queries.SINCE_CHANGES, (timestamp(since),)
    return queries.ALL_CHANGES, ()


def _count(
    event_id: int | None, actor: str | None, since: datetime | None
) -> tuple[str, tuple[object, ...]]:
    if event_id is not None:
        return queries.COUNT_EVENT_CHANGES, (event_id,)
    if actor is not None:
        return queries.COUNT_ACTOR_CHANGES, (actor,)
    if since is not None:
        return queries.COUNT_SINCE_CHANGES, (timestamp(since),)
    return queries.COUNT_ALL_CHANGES, ()
