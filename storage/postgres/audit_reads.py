"""``PgEventStore``'s moderation reads: the audit log (filtered, paged, one entry, one
operation, the whole log for an export) and the tags moderators list, rename and merge.

As on SQLite, each audit listing is one indexed query, newest first: the whole log and
entries since a moment (``changes_at``), one event's history (``changes_event``), one
user's entries (``changes_actor``). Tags are read from ``tag_counts``, one row per
distinct tag of published events kept by a trigger; its key sorts in byte order, as
SQLite's does, so ties and prefix ranges agree across the engines.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.model import Change, Event
from bot.ports import TagUse
from storage.postgres.audit_rows import BARE_CHANGE_COLUMNS, CHANGE_COLUMNS, change_from_record
from storage.postgres.database import PgDatabase
from storage.postgres.rows import EVENT_COLUMNS, aware, event_from_record

# The audit listings: (filter, with states) -> SQL. Parameters: the filter value (none
# for the whole log), limit, offset.
_FILTERS = {
    "all": "",
    "event": "WHERE event_id = $1",
    "actor": "WHERE actor = $1",
    "since": "WHERE at >= $1",
}


def _listing(where: str, columns: str) -> str:
    first = 2 if where else 1
    return (
        f"SELECT {columns} FROM changes {where} "  # noqa: S608 - constant fragments only
        f"ORDER BY at DESC, id DESC LIMIT ${first} OFFSET ${first + 1}"
    )


_LISTINGS = {
    (name, states): _listing(where, CHANGE_COLUMNS if states else BARE_CHANGE_COLUMNS)
    for name, where in _FILTERS.items()
    for states in (True, False)
}
_COUNTS = {
    name: f"SELECT count(*) FROM changes {where}"  # noqa: S608 - constant fragments only
    for name, where in _FILTERS.items()
}
_CHANGE = f"SELECT {CHANGE_COLUMNS} FROM changes WHERE id = $1"  # noqa: S608 - constant fragments only
_LOG_AFTER = f"SELECT {CHANGE_COLUMNS} FROM changes WHERE id > $1 ORDER BY id LIMIT $2"  # noqa: S608 - constant fragments only
# Every entry of the operation an entry belongs to: its first entry (the primary key)
# and the others (changes_operation). An entry standing alone is its own operation.
_OPERATION = (
    "WITH asked AS (SELECT coalesce(operation, id) AS first FROM changes WHERE id = $1) "  # noqa: S608 - constant fragments only
    f"SELECT {CHANGE_COLUMNS} FROM changes WHERE id = (SELECT first FROM asked) "
    "UNION ALL "
    f"SELECT {CHANGE_COLUMNS} FROM changes WHERE operation = (SELECT first FROM asked) "
    "AND id <> operation ORDER BY 1"
)

_TAG_USES = (
    "SELECT tag, uses FROM tag_counts WHERE uses > 0 ORDER BY uses DESC, tag_key "
    "LIMIT $1 OFFSET $2"
)
_COUNT_TAGS = "SELECT count(*) FROM tag_counts WHERE uses > 0"
# A prefix range on tag_counts' primary key (byte order): [prefix, prefix + U+10FFFF).
_TOPICS = (
    "SELECT tag FROM tag_counts WHERE tag_key >= $1 AND tag_key < $2 AND uses > 0 "
    "ORDER BY uses DESC, tag_key LIMIT $3"
)
# Events carrying a tag, whatever their status but retracted (event_tags_status_key).
_TAGGED = (
    f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN ("  # noqa: S608 - constant fragments only
    "SELECT event_id FROM event_tags WHERE status IN ('draft', 'published', 'rejected') "
    "AND tag_key = $1) ORDER BY id"
)


class PgAuditReads:
    """Mixed into ``PgEventStore``; needs its ``_db``."""

    _db: PgDatabase

    async def changes(
        self, event_id: int | None = None, limit: int = 20, *, offset: int = 0,
        actor: str | None = None, since: datetime | None = None, states: bool = True,
    ) -> list[Change]:
        """Audit entries, newest first, by at most one filter; skipping ``offset``.
        Without ``states`` the entries' before and after are not even read."""
        name, params = _filter(event_id, actor, since)
        rows = await self._db.fetch(
            _LISTINGS[name, states], *params, max(limit, 0), max(offset, 0)
        )
        return [change_from_record(row) for row in rows]

    async def count_changes(
        self, event_id: int | None = None, *, actor: str | None = None,
        since: datetime | None = None,
    ) -> int:
        """How many entries ``changes`` with the same filter would list."""
        name, params = _filter(event_id, actor, since)
        return int(await self._db.fetchval(_COUNTS[name], *params))

    async def change(self, entry_id: int) -> Change | None:
        rows = await self._db.fetch(_CHANGE, entry_id)
        return change_from_record(rows[0]) if rows else None

    async def operation(self, entry_id: int) -> list[Change]:
        """Every entry of the operation ``entry_id`` belongs to, oldest first."""
        rows = await self._db.fetch(_OPERATION, entry_id)
        return [change_from_record(row) for row in rows]

    async def log_after(self, entry_id: int, limit: int = 1000) -> list[Change]:
        """The audit entries numbered above ``entry_id``, oldest first: the whole log a
        page at a time, for a full export."""
        rows = await self._db.fetch(_LOG_AFTER, entry_id, max(limit, 0))
        return [change_from_record(row) for row in rows]

    async def tag_uses(self, limit: int = 25, offset: int = 0) -> list[TagUse]:
        rows = await self._db.fetch(_TAG_USES, max(limit, 0), max(offset, 0))
        return [TagUse(tag, int(uses)) for tag, uses in rows]

    async def count_tags(self) -> int:
        return int(await self._db.fetchval(_COUNT_TAGS))

    async def tagged(self, tag: str) -> list[Event]:
        """Every event carrying ``tag`` (any case) but retracted ones, by id."""
        key = " ".join(tag.split()).lower()
        rows = await self._db.fetch(_TAGGED, key)
        return [event_from_record(row) for row in rows]

    async def topics(self, prefix: str = "", limit: int = 25) -> list[str]:
        """Tags of published events starting with ``prefix`` (any case), most used first."""
        low = prefix.strip().lower()
        rows = await self._db.fetch(_TOPICS, low, low + "\U0010ffff", max(limit, 0))
        return [row[0] for row in rows]


def _filter(
    event_id: int | None, actor: str | None, since: datetime | None
) -> tuple[str, tuple[Any, ...]]:
    """The listing's filter (the first one given) and its parameter."""
    if event_id is not None:
        return "event", (event_id,)
    if actor is not None:
        return "actor", (actor,)
    if since is not None:
        return "since", (aware(since),)
    return "all", ()
