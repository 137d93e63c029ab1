"""``PgReviewQueue``: the review queue (``bot.review_port.ReviewQueue``) on PostgreSQL,
on the event store's pool (PostgreSQL migration 0003).

Queueing is idempotent: a candidate already held for the same article (by content hash
or URL) and sentence is left as it is (``INSERT … ON CONFLICT DO NOTHING`` on the unique
keys; a concurrent queueing of the same sentence waits for the first and then adds
nothing). Each decision is one transaction holding the candidate's new status, the
event written (a new published event, or the matched one with one more source) and
their audit entries. The candidate's row is locked (``FOR UPDATE``) before its status
is checked, so when two processes decide the same candidate at once the second waits,
sees the first's decision and raises ``ConflictError``; an event gaining a source is
locked the same way, and ``event_writes.revise`` checks its version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import asyncpg

from bot.errors import ConflictError, NotFound
from bot.model import Change, EventDate, Precision, Source, Status
from bot.ports import Written
from bot.review_port import Decided, Decision, NewCandidate, Queued, Queueing, ReviewQueue
from bot.review_tags import published_event
from storage.event_writes import stamp_new
from storage.postgres import event_writes
from storage.postgres.database import Conn, PgDatabase
from storage.postgres.rows import EVENT_COLUMNS, aware, event_from_record

if TYPE_CHECKING:
    from storage.postgres.event_store import PgEventStore

_COLUMNS = (
    "id, article_hash, article_url, publisher, article_title, published, quote, start, "
    '"end", precision, date_text, title, summary, place, actors, confidence, matched_event, '
    "status, event_id, created_by, created_at, decided_by, decided_at"
)
INSERT = (
    "INSERT INTO candidates (article_hash, article_url, publisher, article_title, "  # noqa: S608 - constants
    'published, quote, start, "end", precision, date_text, title, summary, place, actors, '
    "confidence, matched_event, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) "
    f"ON CONFLICT DO NOTHING RETURNING {_COLUMNS}"
)
ONE = f"SELECT {_COLUMNS} FROM candidates WHERE id = $1"  # noqa: S608 - constant fragments only
# The decision's first statement: later deciders of the same candidate wait here.
LOCK = f"{ONE} FOR UPDATE"
PENDING = (
    f"SELECT {_COLUMNS} FROM candidates WHERE status = 'pending' "  # noqa: S608 - constants
    "ORDER BY id LIMIT $1 OFFSET $2"
)
COUNT_PENDING = "SELECT count(*) FROM candidates WHERE status = 'pending'"
DECIDE = (
    "UPDATE candidates SET status = $1, event_id = $2, decided_by = $3, decided_at = $4 "
    "WHERE id = $5 AND status = 'pending'"
)
REVISE = (
    'UPDATE candidates SET start = $1, "end" = $2, precision = $3, title = $4, '  # noqa: S608 - constants
    "summary = $5, place = $6, matched_event = $7 WHERE id = $8 AND status = 'pending' "
    f"RETURNING {_COLUMNS}"
)
EVENT_FOR_UPDATE = (
    f"SELECT {EVENT_COLUMNS} FROM events WHERE id = $1 FOR UPDATE"  # noqa: S608 - constants
)


class PgReviewQueue:
    """Candidates waiting for review; shares the event store's ``PgDatabase``."""

    def __init__(self, db: PgDatabase) -> None:
        self._db = db

    @classmethod
    def sharing(cls, store: PgEventStore) -> PgReviewQueue:
        """The queue on ``store``'s pool."""
        return cls(store._db)

    async def queue(self, candidates: Sequence[NewCandidate], actor: str,
                    at: datetime) -> Queueing:
        when = aware(at)
        added: list[Queued] = []
        async with self._db.transaction() as conn:
            for new in candidates:
                row = await conn.fetchrow(INSERT, *_params(new), actor, when)
                if row is not None:
                    added.append(_queued(row))
        return Queueing(tuple(added), len(candidates) - len(added))

    async def candidate(self, candidate_id: int) -> Queued | None:
        rows = await self._db.fetch(ONE, candidate_id)
        return _queued(rows[0]) if rows else None

    async def pending(self, limit: int = 25, offset: int = 0) -> list[Queued]:
        return [_queued(row) for row in await self._db.fetch(PENDING, limit, offset)]

    async def count_pending(self) -> int:
        return int(await self._db.fetchval(COUNT_PENDING))

    async def approve(self, candidate_id: int, actor: str, at: datetime,
                      into: int | None = None) -> Decided:
        async with self._db.transaction() as conn:
            # The writers' lock before the candidate's and the event's row locks, in the
            # order every event write takes them, so a decision and an edit of the same
            # event never wait for each other in a circle.
            await event_writes.lock_for_writing(conn)
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
            row = await conn.fetchrow(REVISE, new.date.start, new.date.end,
                                      new.date.precision.value, new.title, new.summary,
                                      new.place, new.matched_event, changed.id)
            entry = await event_writes.record(conn, Change(None, actor, at, "review edit",
                                                           detail))
        if row is None:  # pragma: no cover - locked pending in the same transaction
            raise NotFound(f"There is no candidate #{changed.id}.")
        return Decided(_queued(row), Written((), (entry,)))


async def _publish(conn: Conn, found: Queued, actor: str, at: datetime,
                   detail: str) -> Written:
    """The candidate as a new published event, with its article as the source and the
    tags ``bot.review_tags`` gives it (as the SQLite store publishes it)."""
    [event_id] = await event_writes.next_ids(conn, 1)
    stamped = stamp_new(published_event(found.new), actor, at)
    await event_writes.insert_numbered(conn, [(event_id, stamped)])
    saved = replace(stamped, id=event_id)
    entry = await event_writes.record(conn, Change(event_id, actor, at, "approve", detail,
                                                   after=saved))
    return Written((saved,), (entry,))


async def _attach(conn: Conn, found: Queued, target: int, *, actor: str,
                  at: datetime, detail: str) -> Written:
    """Event ``target`` with the candidate's article as one more source (none added when
    the event already cites that URL: another sentence of the same article)."""
    # Locked: a concurrent approval into the same event waits, then sees this source.
    row = await conn.fetchrow(EVENT_FOR_UPDATE, target)
    if row is None:
        raise NotFound(f"There is no event #{target}.")
    event = event_from_record(tuple(row))
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


async def _pending(conn: Conn, candidate_id: int) -> Queued:
    """The candidate, locked until the transaction ends; it must still be pending."""
    row = await conn.fetchrow(LOCK, candidate_id)
    if row is None:
        raise NotFound(f"There is no candidate #{candidate_id}.")
    found = _queued(row)
    if found.status is not Decision.PENDING:
        raise ConflictError(f"candidate #{candidate_id} was already {found.status.value}")
    return found


async def _decide(conn: Conn, found: Queued, status: Decision, event_id: int | None, *,
                  actor: str, at: datetime) -> None:
    await conn.execute(DECIDE, status.value, event_id, actor, aware(at), found.id)


def _decided(found: Queued, status: Decision, event_id: int | None, actor: str,
             at: datetime) -> Queued:
    return replace(found, status=status, event_id=event_id, decided_by=actor, decided_at=at)


def _params(new: NewCandidate) -> tuple[object, ...]:
    source = new.source
    return (new.article_hash, source.url, source.publisher, source.title, source.published,
            source.quote or "", new.date.start, new.date.end, new.date.precision.value,
            new.date_text, new.title, new.summary, new.place, "\n".join(new.actors),
            new.confidence, new.matched_event)


def _queued(row: asyncpg.Record) -> Queued:
    (number, digest, url, publisher, article_title, published, quote, start, end, precision,
     date_text, title, summary, place, actors, confidence, matched, status, event_id,
     created_by, created_at, decided_by, decided_at) = row
    source = Source(publisher, article_title, url, published, quote)
    new = NewCandidate(digest, EventDate(start, Precision(precision), end), date_text, title,
                       summary, place, tuple(a for a in str(actors).split("\n") if a),
                       source, float(confidence), matched)
    return Queued(int(number), new, Decision(status), created_by, created_at.astimezone(UTC),
                  event_id, decided_by,
                  None if decided_at is None else decided_at.astimezone(UTC))


def _implements_port(queue: PgReviewQueue) -> ReviewQueue:
    """Never called: makes mypy check that the queue satisfies the port."""
    return queue
