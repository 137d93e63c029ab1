"""The event store's date reads: events on a (month, day) in any year, and events that
answer a question about a period, each also as a chat page with its true total.

A page (``on_month_days_page``, ``in_period_page``) is one statement when it can be:
the page, the total and the first and last start dates come back together, so an
answer makes one round trip and decodes only the events it shows. A single day's page,
whose cost is bounded by that day's share of the store, is read on the loop's own
thread (``storage.inline_reads``) rather than through aiosqlite's.
"""

from __future__ import annotations

import heapq
import itertools
import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from bot.model import Event, Status
from bot.ports import PUBLISHED_ONLY, EventPage
from storage import queries
from storage.database import Database
from storage.event_reads import EventReads
from storage.inline_reads import InlineReader
from storage.rows import event_from_row

#: Up to this many (status, month, day) lookups are merged in Python, each reading only
#: ``limit`` index entries; more (say, a whole month of days) use one sorted query.
_MAX_MERGED_LOOKUPS = 12

_SHORT_SPAN = timedelta(days=queries.SHORT_SPAN_DAYS)


def _json(values: Sequence[Any]) -> str:
    return json.dumps(list(values))


def _statuses(statuses: Sequence[Status]) -> str:
    return _json([Status(s).value for s in statuses])


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _page(rows: Sequence[Sequence[Any]]) -> EventPage:
    """An ``EventPage`` from the rows of a ``queries._PAGE`` statement: the total and the
    first and last start in the first three columns of every row, then the event (NULL
    on the one row of an empty page), then the two sort keys."""
    first_row = rows[0]
    events = [event_from_row(row[3:-2]) for row in rows if row[3] is not None]
    return EventPage(events, int(first_row[0]), _day(first_row[1]), _day(first_row[2]))


def period_params(start: date, end: date, statuses: Sequence[Status]) -> tuple[Any, ...]:
    """Parameters ?1 to ?6 of the period queries (see ``queries._PERIOD_HITS``)."""
    low = date.min if start - date.min <= _SHORT_SPAN else start - _SHORT_SPAN
    return (low.isoformat(), end.isoformat(), start.isoformat(), _statuses(statuses),
            start.toordinal(), end.toordinal())


class DateReads(EventReads):
    """Mixed into ``SqliteEventStore``; needs its ``_db`` and ``_inline``."""

    _db: Database
    _inline: InlineReader

    async def on_month_days(
        self,
        month_days: Sequence[tuple[int, int]],
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 200,
        offset: int = 0,
    ) -> list[Event]:
        """Day-precision events starting on any of the (month, day) pairs, oldest first,
        skipping the first ``offset``."""
        if not month_days or not statuses or limit <= 0:
            return []
        async with self._db.lock:
            return await self._month_day_events(month_days, statuses, limit, max(offset, 0))

    async def _month_day_events(
        self, month_days: Sequence[tuple[int, int]], statuses: Sequence[Status],
        limit: int, offset: int,
    ) -> list[Event]:
        """``on_month_days``; the caller holds the lock."""
        lookups = _lookups(month_days, statuses)
        if len(lookups) == 1:  # the usual question: one query, index order, early stop
            rows = await self._db.fetch(queries.MONTH_DAY_EVENTS, (*lookups[0], limit, offset))
        elif len(lookups) > _MAX_MERGED_LOOKUPS:
            params = (_statuses(statuses), _json(month_days), limit, offset)
            rows = await self._db.fetch(queries.ON_MONTH_DAYS, params)
        else:
            return await self._events_by_ids(
                await self._merged_month_day_ids(lookups, limit, offset)
            )
        return [event_from_row(row) for row in rows]

    async def _merged_month_day_ids(
        self, lookups: Sequence[tuple[str, int, int]], limit: int, offset: int
    ) -> list[int]:
        """Ids of events ``offset`` to ``offset + limit`` by (start, id) over several
        index-ordered lookups.

        Each (status, month, day) lookup reads at most ``offset + limit`` index entries
        already in order, so the cost does not grow with the number of events on that day.
        """
        runs = [
            await self._db.fetch(queries.MONTH_DAY_IDS, (*lookup, offset + limit))
            for lookup in lookups
        ]
        merged = heapq.merge(*runs) if len(runs) > 1 else iter(runs[0])
        return [row[1] for row in itertools.islice(merged, offset, offset + limit)]

    async def count_on_month_days(
        self, month_days: Sequence[tuple[int, int]], statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int:
        """How many events ``on_month_days`` would return without a limit."""
        if not month_days or not statuses:
            return 0
        params = (_statuses(statuses), _json(month_days))
        async with self._db.lock:
            return int((await self._db.fetch(queries.COUNT_ON_MONTH_DAYS, params))[0][0])

    async def on_month_days_page(
        self,
        month_days: Sequence[tuple[int, int]],
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 25,
        offset: int = 0,
    ) -> EventPage:
        """A page of ``on_month_days`` with its total and the first and last start dates:
        one query for one (month, day) (two when the page is empty), two otherwise."""
        if not month_days or not statuses:
            return EventPage([], 0, None, None)
        limit, offset = max(limit, 0), max(offset, 0)
        lookups = _lookups(month_days, statuses)
        async with self._db.lock:
            if len(lookups) == 1:
                return await self._day_page((*lookups[0], limit, offset))
            params = (_statuses(statuses), _json(month_days))
            total, first, last = (await self._db.fetch(queries.MONTH_DAYS_SPAN, params))[0]
            events = (
                await self._month_day_events(month_days, statuses, limit, offset)
                if limit and offset < total else []
            )
        return EventPage(events, int(total), _day(first), _day(last))

    async def _day_page(self, params: tuple[str, int, int, int, int]) -> EventPage:
        """The page of one (status, month, day) lookup; the caller holds the lock.

        Its cost is bounded by one calendar day's share of the store, so it is read on the
        loop's thread when it can be (``storage.inline_reads``). ``DAY_PAGE`` returns rows
        only for a page with events; for an empty page (nothing that day, or past its end)
        ``MONTH_DAY_PAGE`` gives the whole answer, total included, from one snapshot."""
        rows = await self._read_inline(queries.DAY_PAGE, params)
        if not rows:
            return _page(await self._read_inline(queries.MONTH_DAY_PAGE, params))
        first_row = rows[0]
        events = [event_from_row(row[3:]) for row in rows]
        return EventPage(events, int(first_row[0]), _day(first_row[1]), _day(first_row[2]))

    async def _read_inline(self, sql: str, params: Sequence[Any]) -> list[Any]:
        """One read on the loop's thread, or through aiosqlite when that cannot be."""
        rows = self._inline.fetch(sql, params)
        return await self._db.fetch(sql, params) if rows is None else rows

    async def in_period(
        self,
        start: date,
        end: date,
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 200,
        offset: int = 0,
        newest_first: bool = False,
    ) -> list[Event]:
        """The events that answer a question about ``start..end``, oldest first (or newest
        first): day events that overlap it, coarser events only when it covers them whole."""
        if end < start or not statuses or limit <= 0:
            return []
        sql = queries.IN_PERIOD_NEWEST if newest_first else queries.IN_PERIOD
        params = (*period_params(start, end, statuses), limit, max(offset, 0))
        async with self._db.lock:
            rows = await self._db.fetch(sql, params)
        return [event_from_row(row) for row in rows]

    async def count_in_period(
        self, start: date, end: date, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int:
        """How many events ``in_period`` would return without a limit."""
        if end < start or not statuses:
            return 0
        params = period_params(start, end, statuses)
        async with self._db.lock:
            return int((await self._db.fetch(queries.COUNT_IN_PERIOD, params))[0][0])

    async def in_period_page(
        self,
        start: date,
        end: date,
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 25,
        offset: int = 0,
        newest_first: bool = False,
    ) -> EventPage:
        """A page of ``in_period`` with its total and the first and last start dates (in
        the page's order), in one query."""
        if end < start or not statuses:
            return EventPage([], 0, None, None)
        sql = queries.PERIOD_PAGE_NEWEST if newest_first else queries.PERIOD_PAGE
        params = (*period_params(start, end, statuses), max(limit, 0), max(offset, 0))
        async with self._db.lock:
            return _page(await self._db.fetch(sql, params))


def _lookups(
    month_days: Sequence[tuple[int, int]], statuses: Sequence[Status]
) -> list[tuple[str, int, int]]:
    """The distinct (status, month, day) index lookups of a question, in order."""
    return [
        (status, month, day)
        for status in dict.fromkeys(Status(s).value for s in statuses)
        for month, day in dict.fromkeys(month_days)
    ]
