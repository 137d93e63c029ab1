"""Writing events on PostgreSQL inside a caller's transaction, and finishing a new store.

``PgEventStore`` opens the transactions; these helpers run in them, as
``storage.event_writes`` does for SQLite, with the same audit rules: every write
records its entries (who, when, what, the event's whole state before and after) in the
same transaction, and a bulk import records one entry per event.

Several processes may write at once, so nothing here relies on a lock in this process:
- every transaction that writes events first takes the event writers' lock
  (``lock_for_writing``, a transaction-level advisory lock), so event writes run one
  at a time across processes, as SQLite's single writer does. The triggers of 0001
  keep per-tag and per-word counts that many events share, and update them in the
  order of each event's tags and words; concurrent writers would lock those rows in
  different orders and deadlock (three pools adding 300 events at once deadlocked on
  290 of them). A write takes a few milliseconds, and reads never wait for the lock;
- an update also locks the stored rows (``SELECT … FOR UPDATE``, in id order) before
  comparing versions, and checks the version again in its ``UPDATE``, so exactly one
  of two updates from one read succeeds and the other gets ``ConflictError`` (the row
  lock and the version guarantee that, not the writers' lock);
- ids come from the identity sequences, which never hand out a number twice;
- a first start looks for the setup mark under the writers' lock, so several
  processes starting a new store at once seed it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from bot.errors import ConflictError, NotFound
from bot.model import Change, Event
from bot.ports import Written
from storage.event_writes import stamp_new
from storage.postgres import bulk_counts
from storage.postgres.audit_rows import INSERT_CHANGE, INSERT_CHANGES, change_values
from storage.postgres.database import Conn
from storage.postgres.rows import (
    EVENT_COLUMNS,
    INSERT_EVENT,
    event_from_record,
    event_values,
    tag_values,
)
from storage.rows import clean_tags

INSERT_TAG = (
    "INSERT INTO event_tags (event_id, position, tag, tag_key, status) "
    "VALUES ($1, $2, $3, $4, $5)"
)
# New ids, in the order given out (an identity's sequence: never reused, even when a
# transaction that took one rolls back or the newest event is deleted).
_NEXT_IDS = (
    "SELECT nextval(pg_get_serial_sequence('events', 'id')) FROM generate_series(1, $1)"
)
# The stored rows an update replaces, locked until the transaction ends.
_LOCK_STORED = (
    f"SELECT {EVENT_COLUMNS} FROM events WHERE id = ANY($1::bigint[]) "  # noqa: S608 - constant fragments only
    "ORDER BY id FOR UPDATE"
)
# ``INSERT_EVENT``'s values in the same places ($1 the id), and the version it replaces.
_UPDATE_EVENT = (
    'UPDATE events SET start = $2, "end" = $3, last_day = $4, precision = $5, year = $6, '
    "month = $7, day = $8, title = $9, summary = $10, place = $11, tags_text = $12, "
    "sources_text = $13, sources = $14::jsonb, status = $15, created_by = $16, "
    "created_at = $17, updated_by = $18, updated_at = $19, version = $20, "
    "merged_into = $21 WHERE id = $1 AND version = $22"
)
_DELETE_TAGS = "DELETE FROM event_tags WHERE event_id = $1"
_SET_OPERATION = "UPDATE changes SET operation = $1 WHERE id = $1"

SETUP_MARK = "SELECT value FROM meta WHERE key = 'setup'"
_MARK_SETUP = "INSERT INTO meta (key, value) VALUES ('setup', $1)"
_HOLDS_USER_DATA = (
    "SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM changes) "
    "OR EXISTS (SELECT 1 FROM subscriptions)"
)
# pg_advisory_xact_lock's key for event writers ("events"); the migrations use another.
_WRITERS_LOCK = 0x6576_656E_7473
_TAKE_WRITERS_LOCK = "SELECT pg_advisory_xact_lock($1)"


async def lock_for_writing(conn: Conn) -> None:
    """Wait for, and hold until the transaction ends, the event writers' lock.

    The helpers here take it before their first row lock: taken after one, it could wait
    for a writer that waits for that row (a deadlock, which PostgreSQL breaks by failing
    one of them). A caller that locks rows of its own first (a review decision locking
    its candidate and event) should take it before them. Taking it again in the same
    transaction costs one round trip and changes nothing."""
    await conn.execute(_TAKE_WRITERS_LOCK, _WRITERS_LOCK)


async def next_ids(conn: Conn, count: int) -> list[int]:
    """``count`` new event ids, ascending."""
    rows = await conn.fetch(_NEXT_IDS, count)
    return sorted(int(row[0]) for row in rows)


async def insert_numbered(conn: Conn, pairs: Sequence[tuple[int, Event]]) -> None:
    """Insert each (id, event) with that id (its version and ``merged_into`` as they
    are) and its tags, each kind of row as one pipelined batch."""
    await lock_for_writing(conn)
    await conn.executemany(INSERT_EVENT, [event_values(event, i) for i, event in pairs])
    await conn.executemany(INSERT_TAG, [row for i, e in pairs for row in tag_values(i, e)])


async def record(conn: Conn, change: Change) -> int:
    """Write one audit entry; returns its id."""
    return int(await conn.fetchval(INSERT_CHANGE, *change_values(change)))


async def add(conn: Conn, stamped: Event, actor: str, at: datetime) -> Event:
    """Insert one stamped new event and its ``add`` entry; returns it with its id."""
    [event_id] = await next_ids(conn, 1)
    await insert_numbered(conn, [(event_id, stamped)])
    saved = replace(stamped, id=event_id)
    await record(conn, Change(event_id, actor, at, "add", stamped.title, after=saved))
    return saved


async def import_stamped(
    conn: Conn, stamped: Sequence[Event], actor: str, at: datetime
) -> list[int]:
    """Insert stamped new events, counting their tags and words once (``bulk_counts``),
    with one ``import`` entry each (so each can be looked up, and undone, like an event
    added by hand); returns their ids."""
    ids = await next_ids(conn, len(stamped))
    pairs = list(zip(ids, stamped, strict=True))
    async with bulk_counts.counted_at_once(conn, ids):
        await insert_numbered(conn, pairs)
    await conn.executemany(INSERT_CHANGES, [
        change_values(Change(event_id, actor, at, "import", event.title,
                             after=replace(event, id=event_id)))
        for event_id, event in pairs
    ])
    return ids


async def revise(
    conn: Conn, events: Sequence[Event], change: Change, details: Sequence[str] = ()
) -> Written:
    """Replace stored events with ``events``, each based on the version it carries, and
    audit each with ``change``'s actor, time and action (and its detail, or the one of
    ``details`` in the same place). An event whose stored version differs raises
    ``ConflictError`` before anything is written. Several events make one operation."""
    ids = [event.id for event in events if event.id is not None]
    if len(set(ids)) != len(events):
        raise ValueError("each event is revised once, and must have an id")
    await lock_for_writing(conn)
    stored = await _locked(conn, ids)
    for event in events:
        found = stored.get(event.id or 0)
        if found is None:
            raise NotFound(f"there is no event #{event.id}")
        if found.version != event.version:
            raise ConflictError(
                f"event #{event.id} is at version {found.version}, the update was based "
                f"on version {event.version}"
            )
    saved: list[Event] = []
    entries: list[int] = []
    for position, event in enumerate(events):
        before = stored[event.id or 0]
        new = await _rewrite(conn, before, event, change.actor, change.at)
        detail = details[position] if position < len(details) else change.detail
        entries.append(await record(conn, replace(
            change, event_id=new.id, detail=detail or new.title, before=before, after=new,
            operation=entries[0] if entries else None)))
        saved.append(new)
    if len(entries) > 1:
        await conn.execute(_SET_OPERATION, entries[0])
    return Written(tuple(saved), tuple(entries))


async def _locked(conn: Conn, ids: Sequence[int]) -> dict[int, Event]:
    """The stored events ``ids``, locked: a concurrent update of any of them waits for
    this transaction, and then reads what it wrote."""
    rows = await conn.fetch(_LOCK_STORED, list(ids))
    return {event.id: event for event in map(event_from_record, rows) if event.id is not None}


async def _rewrite(conn: Conn, stored: Event, event: Event, actor: str, at: datetime) -> Event:
    """Write ``event`` over ``stored``: who created it stays, the version goes up."""
    event_id = stored.id or 0
    new = replace(
        event,
        tags=clean_tags(event.tags),
        created_by=stored.created_by,
        created_at=stored.created_at,
        updated_by=actor,
        updated_at=at.astimezone(UTC),
        version=stored.version + 1,
    )
    status = await conn.execute(_UPDATE_EVENT, *event_values(new, event_id), stored.version)
    if status != "UPDATE 1":  # pragma: no cover - the row is locked and its version checked
        raise ConflictError(f"event #{event_id} changed meanwhile")
    # Tag rows carry the event's status (for tag counts): rewritten when either changed.
    if new.tags != stored.tags or new.status is not stored.status:
        await conn.execute(_DELETE_TAGS, event_id)
        await conn.executemany(INSERT_TAG, tag_values(event_id, new))
    return new


async def setup_mark(conn: Conn) -> str | None:
    """How the store was finished ("sample", "empty", "adopted"), or None if it was not."""
    value = await conn.fetchval(SETUP_MARK)
    return None if value is None else str(value)


async def finish_setup(
    conn: Conn, seed: Sequence[Event], actor: str, at: datetime
) -> int | None:
    """In the caller's transaction: seed an unfinished store with ``seed`` and mark it
    finished. Returns how many events were seeded, or None if another start (or an
    earlier one) had already finished it. A store holding a user's data (events, audit
    entries, subscriptions) but no mark is adopted as it is."""
    # Held until commit: a second first start waits here, then finds the first's mark
    # (under READ COMMITTED each statement sees what committed before it began).
    await lock_for_writing(conn)
    if await setup_mark(conn) is not None:
        return None
    if await conn.fetchval(_HOLDS_USER_DATA):
        await conn.execute(_MARK_SETUP, "adopted")
        return 0
    if seed:
        await import_stamped(conn, [stamp_new(e, actor, at) for e in seed], actor, at)
    await conn.execute(_MARK_SETUP, "sample" if seed else "empty")
    return len(seed)
