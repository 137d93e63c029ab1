"""The event store's anniversary lookups: exact origin dates for alerts, and every
event recurring on a day for digests and "upcoming". None of them has a hidden
cap: ``refs_on_dates`` returns every match, and ``recurring`` pairs its page with an
exact count."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from bot.model import Event, EventRef, Precision
from storage import queries
from storage.database import Database
from storage.rows import event_from_row


def _json(values: Sequence[object]) -> str:
    return json.dumps(list(values))


def tag_keys(tags: Sequence[str]) -> str:
    """Tags as the JSON array the tag filter compares with ``event_tags.tag_key``."""
    return _json(sorted({" ".join(t.split()).lower() for t in tags if t.strip()}))


class AnniversaryReads:
    """Mixed into ``SqliteEventStore``; needs its ``_db``."""

    _db: Database

    async def refs_on_dates(self, days: Sequence[date]) -> list[EventRef]:
        """References to every published day-precision event starting on one of ``days``."""
        if not days:
            return []
        params = (_json(sorted({d.isoformat() for d in days})),)
        async with self._db.lock:
            rows = await self._db.fetch(queries.REFS_ON_DATES, params)
        return [_ref(row) for row in rows]

    async def refs_recurring(
        self,
        month_days: Sequence[tuple[int, int]],
        *,
        before: date,
        precision: Precision = Precision.DAY,
    ) -> list[EventRef]:
        """References to every published event recurring on the pairs, before ``before``."""
        if not month_days:
            return []
        params = _recurring_params(month_days, before, precision, ())[:3]
        async with self._db.lock:
            rows = await self._db.fetch(queries.REFS_RECURRING, params)
        return [_ref(row) for row in rows]

    async def recurring(
        self,
        month_days: Sequence[tuple[int, int]],
        *,
        before: date,
        precision: Precision = Precision.DAY,
        tags: Sequence[str] = (),
        limit: int = 200,
        offset: int = 0,
    ) -> list[Event]:
        """Published events recurring on the (month, day) pairs, before ``before``."""
        if not month_days or limit <= 0:
            return []
        params = (*_recurring_params(month_days, before, precision, tags), limit, max(offset, 0))
        async with self._db.lock:
            rows = await self._db.fetch(queries.RECURRING, params)
        return [event_from_row(row) for row in rows]

    async def count_recurring(
        self,
        month_days: Sequence[tuple[int, int]],
        *,
        before: date,
        precision: Precision = Precision.DAY,
        tags: Sequence[str] = (),
    ) -> int:
        """How many events ``recurring`` would return without a limit."""
        if not month_days:
            return 0
        params = _recurring_params(month_days, before, precision, tags)
        async with self._db.lock:
            rows = await self._db.fetch(queries.COUNT_RECURRING, params)
        return int(rows[0][0])


class NearbyReads:
    """Where the store does have events, for suggestions after an empty answer."""

    _db: Database

    async def years_with_month(self, month: int, near: int, limit: int = 3) -> list[int]:
        """Years (other than ``near``) with published day- or month-precision events in
        ``month``, nearest to ``near`` first."""
        async with self._db.lock:
            rows = await self._db.fetch(queries.YEARS_WITH_MONTH, (month, near, limit))
        return [int(row[0]) for row in rows]

    async def nearest_years(self, year: int, limit: int = 3) -> list[int]:
        """Years (other than ``year``) with published events of any precision, nearest
        first: up to ``limit`` found on each side, by one index seek each."""
        found: list[int] = []
        async with self._db.lock:
            before, after = f"{year:04d}-01-01", f"{year:04d}-12-31"
            for _ in range(limit):
                rows = await self._db.fetch(queries.LAST_START_BEFORE, (before,))
                if not rows:
                    break
                found.append(int(str(rows[0][0])[:4]))
                before = f"{found[-1]:04d}-01-01"
            for _ in range(limit):
                rows = await self._db.fetch(queries.FIRST_START_AFTER, (after,))
                if not rows:
                    break
                found.append(int(str(rows[0][0])[:4]))
                after = f"{found[-1]:04d}-12-31"
        return sorted(found, key=lambda y: (abs(y - year), y))[:limit]


def _ref(row: Sequence[object]) -> EventRef:
    tags_text = str(row[2])
    tags = frozenset(" ".join(t.split()).lower() for t in tags_text.split("\n") if t.strip())
    return EventRef(int(str(row[0])), date.fromisoformat(str(row[1])), tags)


def _recurring_params(
    month_days: Sequence[tuple[int, int]], before: date, precision: Precision, tags: Sequence[str]
) -> tuple[str, str, str, str]:
    pairs = _json([list(pair) for pair in dict.fromkeys(month_days)])
    return (Precision(precision).value, pairs, before.isoformat(), tag_keys(tags))
