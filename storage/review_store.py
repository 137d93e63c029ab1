"""``SqliteReviewQueue``: the review queue (``bot.review_port.ReviewQueue``) on the event
store's shared connection, so it shares that store's lock and transactions.

Queueing is idempotent: a candidate already held for the same article (by content hash
or URL) and sentence is left as it is (``INSERT OR IGNORE`` on migration 0012's unique
keys). Each decision is one ``BEGIN IMMEDIATE`` transaction holding the candidate's new
status, the event written (a new published event, or the matched one with one more
source) and their audit entries, so a decision is never half carried out or unaudited.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.errors import ConflictError, NotFound
from bot.model import Change, EventDate, Precision, Source, Status
from bot.ports import Written
from bot.review_port import Decided, Decision, NewCandidate, Queued, Queueing, ReviewQueue
from bot.review_tags import published_event
from storage import event_writes, queries
from storage.database import Database
from storage.rows import event_from_row, timestamp

if TYPE_CHECKING:
    from storage.sqlite_store import SqliteEventStore

_COLUMNS = (
    "id, article_hash, article_url, publisher, article_title, published, quote, start, "
    '"end", precision, date_text, title, summary, place, actors, confidence, matched_event, '
    "status, event_id, created_by, created_at, decided_by, decided_at"
)
INSERT = (
    "INSERT OR IGNORE INTO candidates (article_hash, article_url, publisher, article_title, "
    'published, quote, start, "end", precision, date_text, title, summary, place, actors, '
    "confidence, matched_event, created_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
ONE = f"SELECT {_COLUMNS} FROM candidates WHERE id = ?"  # noqa: S608 - constant fragments only
PENDING = (
    f"SELECT {_COLUMNS} FROM candidates WHERE status = 'pending' "  # noqa: S608 - constants
    "ORDER BY id LIMIT ? OFFSET ?"
)
COUNT_PENDING = "SELECT COUNT(*) FROM candidates WHERE status = 'pending'"
DECIDE = (
    "UPDATE candidates SET status = ?, event_id = ?, decided_by = ?, decided_at = ? "
    "WHERE id = ? AND status = 'pending'"
)
REVISE = (
    'UPDATE candidates SET start = ?, "end" = ?, precision = ?, title = ?, summary = ?, '
    "place = ?, matched_event = ? WHERE id = ? AND status = 'pending'"
)


class SqliteReviewQueue:
    """Candidates waiting for review; shares the event store's ``Database``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    def sharing(cls, store: SqliteEventStore) -> SqliteReviewQueue:
        """The queue on ``store``'s connection (see ``SqliteZoneStore.sharing``)."""
        return cls(store._db)

    async def queue(self, candidates: Sequence[NewCandidate], actor: str,
                    at: datetime) -> Queueing:
        when = timestamp(at)
        added: list[int] = []
        async with self._db.transaction() as conn:
            for new in candidates:
                cursor = await conn.execute(INSERT, (*_params(new), actor, when))
                if cursor.rowcount == 1 and cursor.lastrowid is not None:
                    added.append(cursor.lastrowid)
                await cursor.close()
            rows = [await _row(conn, number) for number in added]
        return Queueing(tuple(_queued(r) for r in rows if r is not None),
                        len(candidates) - len(added))

    async def candidate(self, candidate_id: int) -> Queued | None:
        async with self._db.lock:
            rows = await self._db.fetch(ONE, (candidate_id,))
        return _queued(rows[0]) if rows else None

    async def pending(self, limit: int = 25, offset: int = 0) -> list[Queued]:
        async with self._db.lock:
            rows = await self._db.fetch(PENDING, (limit, offset))
        return [_queued(row) for row in rows]

    async def count_pending(self) -> int:
        async with self._db.lock:
            rows = await self._db.fetch(COUNT_PENDING)
        return int(rows[0][0])

    async def approve(self, candidate_id: int, actor: str, at: datetime,
                      into: int | None = None) -> Decided:
        async with self._db.transaction() as conn:
            found = await _pending(conn, candidate_id)
            target = into if into is not None else found.new.matched_event
            detail = f"candidate #{candidate_id}: {found.new.title}"
            if target is None:
                written = await _publish(conn, found, actor, at, detail)
                status = Decision.APPROVED
            else:
                written = await _attach(conn, found, target, actor=actor, at=at, detail=detail)
                status = Decision.APPROVED if into is None else Decision.MERGED
            event_id = written.events[0].id if written.events else target
            await _decide(conn, found, status, event_id, actor=actor, at=at)
        return Decided(_decided(found, status, event_id, actor, at), written)

    async def reject(self, candidate_id: int, actor: str, at: datetime) -> Decided:
        async with self._db.transaction() as conn:
            found = await _pending(conn, candidate_id)
            await _decide(conn, found, Decision.REJECTED, None, actor=actor, at=at)
            entry = await event_writes.record(conn, Change(
                None, actor, at, "reject", f"candidate #{candidate_id}: {found.new.title}"))
        return Decided(_decided(found, Decision.REJECTED, None, actor, at), Written((), (entry,)))

    async def revise(self, changed: Queued, actor: str, at: datetime, detail: str) -> Decided:
        new = changed.new
        async with self._db.transaction() as conn:
            await _pending(conn, changed.id)
            await conn.execute(REVISE, (new.date.start.isoformat(), _end(new.date),
                                        new.date.precision.value, new.title, new.summary,
                                        new.place, new.matched_event, changed.id))
            entry = await event_writes.record(conn, Change(None, actor, at, "review edit",
                                                           detail))
            row = await _row(conn, changed.id)
        if row is None:  # pragma: no cover - read in the same transaction
            raise NotFound(f"There is no candidate #{changed.id}.")
        return Decided(_queued(row), Written((), (entry,)))


async def _publish(conn: aiosqlite.Connection, found: Queued, actor: str, at: datetime,
                   detail: str) -> Written:
    """The candidate as a new published event, with its article as the source and the
    tags ``bot.review_tags`` gives it."""
    stamped = event_writes.stamp_new(published_event(found.new), actor, at)
    event_id = await event_writes.next_id(conn)
    await event_writes.insert(conn, [stamped], event_id)
    saved = replace(stamped, id=event_id)
    entry = await event_writes.record(conn, Change(event_id, actor, at, "approve", detail,
                                                   after=saved))
    return Written((saved,), (entry,))


async def _attach(conn: aiosqlite.Connection, found: Queued, target: int, *, actor: str,
                  at: datetime, detail: str) -> Written:
    """Event ``target`` with the candidate's article as one more source (none added when
    the event already cites that URL: another sentence of the same article)."""
    rows = list(await conn.execute_fetchall(queries.EVENTS_BY_IDS, (json.dumps([target]),)))
    if not rows:
        raise NotFound(f"There is no event #{target}.")
    event = event_from_row(rows[0])
    if event.status is Status.RETRACTED or event.merged_into is not None:
        raise ConflictError(f"event #{target} is deleted or merged away")
    source = found.new.source
    if source.url is not None and any(s.url == source.url for s in event.sources):
        entry = await event_writes.record(conn, Change(
            target, actor, at, "approve", f"{detail} (already a source)"))
        return Written((event,), (entry,))
    revised = replace(event, sources=(*event.sources, source))
    return await event_writes.revise(conn, [revised], Change(None, actor, at, "approve"),
                                     [f"{detail} (source added)"])


async def _pending(conn: aiosqlite.Connection, candidate_id: int) -> Queued:
    row = await _row(conn, candidate_id)
    if row is None:
        raise NotFound(f"There is no candidate #{candidate_id}.")
    found = _queued(row)
    if found.status is not Decision.PENDING:
        raise ConflictError(f"candidate #{candidate_id} was already {found.status.value}")
    return found


async def _decide(conn: aiosqlite.Connection, found: Queued, status: Decision,
                  event_id: int | None, *, actor: str, at: datetime) -> None:
    await conn.execute(DECIDE, (status.value, event_id, actor, timestamp(at), found.id))


def _decided(found: Queued, status: Decision, event_id: int | None, actor: str,
             at: datetime) -> Queued:
    return replace(found, status=status, event_id=event_id, decided_by=actor, decided_at=at)


async def _row(conn: aiosqlite.Connection, candidate_id: int) -> Sequence[Any] | None:
    rows = list(await conn.execute_fetchall(ONE, (candidate_id,)))
    return rows[0] if rows else None


def _end(day: EventDate) -> str | None:
    return None if day.end is None else day.end.isoformat()


def _params(new: NewCandidate) -> tuple[object, ...]:
    source = new.source
    published = None if source.published is None else source.published.isoformat()
    return (new.article_hash, source.url, source.publisher, source.title, published,
            source.quote or "", new.date.start.isoformat(), _end(new.date),
            new.date.precision.value, new.date_text, new.title, new.summary, new.place,
            "\n".join(new.actors), new.confidence, new.matched_event)


def _queued(row: Sequence[Any]) -> Queued:
    (number, digest, url, publisher, article_title, published, quote, start, end, precision,
     date_text, title, summary, place, actors, confidence, matched, status, event_id,
     created_by, created_at, decided_by, decided_at) = row
    day = EventDate(date.fromisoformat(start), Precision(precision),
                    None if end is None else date.fromisoformat(end))
    source = Source(publisher, article_title, url,
                    None if published is None else date.fromisoformat(published), quote)
    new = NewCandidate(digest, day, date_text, title, summary, place,
                       tuple(a for a in str(actors).split("\n") if a), source,
                       float(confidence), matched)
    return Queued(int(number), new, Decision(status), created_by,
                  datetime.fromisoformat(created_at), event_id, decided_by,
                  None if decided_at is None else datetime.fromisoformat(decided_at))


def _implements_port(queue: SqliteReviewQueue) -> ReviewQueue:
    """Never called: makes mypy check that the queue satisfies the port."""
    return queue
