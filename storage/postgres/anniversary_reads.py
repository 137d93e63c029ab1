"""``PgEventStore``'s anniversary lookups and the suggestions after an empty answer.

As on SQLite (``storage.anniversary_reads``): exact origin dates for alerts, every event
recurring on a day for digests and "upcoming" (a page with an exact count, or every
match as references), and where the store does have events when a question found none:
the nearest (month, day) pairs, dates and years. None of them has a hidden cap.

The nearest-neighbour reads are index seeks, not scans: the distinct (month, day)
pairs are walked one seek each (a loose index scan by recursive query), and the nearest
years one ordered seek per year found.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import asyncpg

from bot.model import Event, EventRef, Precision, Status
from storage.postgres.database import PgDatabase
from storage.postgres.date_reads import month_day_arrays
from storage.postgres.rows import E_EVENT_COLUMNS, event_from_record

# Events of a precision and status recurring on (month, day) pairs before a date,
# carrying any of some tags (an empty array: no tag filter). One lookup per pair in
# events_month_day. Parameters: precision, months, days, before, tag keys.
_RECURRING_HITS = (
    "SELECT h.id, h.start, h.tags_text FROM unnest($2::smallint[], $3::smallint[]) "
    "AS p (month, day) CROSS JOIN LATERAL (SELECT id, start, tags_text FROM events "
    "WHERE precision = $1 AND status = 'published' AND month = p.month AND day = p.day "
    "AND start < $4) AS h "
    "WHERE cardinality($5::text[]) = 0 OR EXISTS (SELECT 1 FROM event_tags AS t "
    "WHERE t.event_id = h.id AND t.tag_key = ANY($5::text[]))"
)
RECURRING = (
    f"WITH page AS ({_RECURRING_HITS} ORDER BY start, id LIMIT $6 OFFSET $7) "  # noqa: S608 - constant fragments only
    f"SELECT {E_EVENT_COLUMNS} FROM page AS p JOIN events AS e ON e.id = p.id "
    "ORDER BY p.start, p.id"
)
COUNT_RECURRING = f"SELECT count(*) FROM ({_RECURRING_HITS}) AS hits"  # noqa: S608 - constant fragments only
REFS_RECURRING = f"{_RECURRING_HITS} ORDER BY start, id"
# Day events starting on exact dates (events_day_start). Parameters: the dates.
REFS_ON_DATES = (
    "SELECT id, start, tags_text FROM events WHERE precision = 'day' "
    "AND status = 'published' AND start = ANY($1::date[]) ORDER BY start, id"
)

# The distinct (month, day) of published day events, ascending: a loose index scan of
# events_month_day, one seek per pair found (at most 366). Parameters: status.
PUBLISHED_MONTH_DAYS = """
WITH RECURSIVE md (month, day) AS (
    (SELECT month, day FROM events WHERE precision = 'day' AND status = $1
     ORDER BY month, day LIMIT 1)
    UNION ALL
    SELECT n.month, n.day FROM md CROSS JOIN LATERAL (
        SELECT e.month, e.day FROM events AS e
        WHERE e.precision = 'day' AND e.status = $1 AND (e.month, e.day) > (md.month, md.day)
        ORDER BY e.month, e.day LIMIT 1) AS n
)
SELECT month, day FROM md
"""
# The nearest dates with published day events on either side (events_day_start).
# Parameters: the date, limit.
DATES_AROUND = (
    "(SELECT DISTINCT start FROM events WHERE precision = 'day' AND status = 'published' "
    "AND start < $1 ORDER BY start DESC LIMIT $2) UNION ALL "
    "(SELECT DISTINCT start FROM events WHERE precision = 'day' AND status = 'published' "
    "AND start > $1 ORDER BY start LIMIT $2)"
)
# Years with published day or month events in a month (events_month_day, whose start
# gives the year without reading the table). Parameters: month, year left out, limit.
YEARS_WITH_MONTH = (
    "SELECT y FROM (SELECT DISTINCT extract(year FROM start)::integer AS y FROM events "
    "WHERE precision IN ('day', 'month') AND status = 'published' AND month = $1) AS years "
    "WHERE y <> $2 ORDER BY abs(y - $2), y LIMIT $3"
)
# Years with published events before and after a year, nearest first on each side: one
# ordered seek of events_period per year found. Parameters: first day of the year, last
# day of the year, how many a side.
_NEXT_YEAR = (
    "SELECT extract(year FROM start)::integer FROM events WHERE status = 'published' "
    "AND start {op} {bound} ORDER BY start {order} LIMIT 1"
)
NEAREST_YEARS = f"""
WITH RECURSIVE before (n, y) AS (
    SELECT 1, ({_NEXT_YEAR.format(op="<", bound="$1::date", order="DESC")})
    UNION ALL
    SELECT n + 1, ({_NEXT_YEAR.format(op="<", bound="make_date(y, 1, 1)", order="DESC")})
    FROM before WHERE y IS NOT NULL AND n < $3
), after (n, y) AS (
    SELECT 1, ({_NEXT_YEAR.format(op=">", bound="$2::date", order="ASC")})
    UNION ALL
    SELECT n + 1, ({_NEXT_YEAR.format(op=">", bound="make_date(y, 12, 31)", order="ASC")})
    FROM after WHERE y IS NOT NULL AND n < $3
)
SELECT y FROM before WHERE y IS NOT NULL UNION ALL SELECT y FROM after WHERE y IS NOT NULL
"""  # noqa: S608 - constant fragments only


def tag_keys(tags: Sequence[str]) -> list[str]:
    """Tags as the keys the tag filter compares with ``event_tags.tag_key``."""
    return sorted({" ".join(t.split()).lower() for t in tags if t.strip()})


def _ref(row: asyncpg.Record) -> EventRef:
    tags_text = str(row[2])
    tags = frozenset(" ".join(t.split()).lower() for t in tags_text.split("\n") if t.strip())
    return EventRef(int(row[0]), row[1], tags)


def _recurring_params(
    month_days: Sequence[tuple[int, int]], before: date, precision: Precision,
    tags: Sequence[str],
) -> tuple[Any, ...]:
    months, days = month_day_arrays(month_days)
    return (Precision(precision).value, months, days, before, tag_keys(tags))


def _year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of ``year``; a year outside the calendar's is clamped to
    its first or last day, so that every event lies on one side of it."""
    if year < date.min.year:
        return date.min, date.min
    if year > date.max.year:
        return date.max, date.max
    return date(year, 1, 1), date(year, 12, 31)


def _day_of_year(month: int, day: int) -> int:
    """Position of (month, day) in a leap year, so Feb 29 has its own place."""
    return date(2000, month, day).timetuple().tm_yday


class PgAnniversaryReads:
    """Mixed into ``PgEventStore``; needs its ``_db``."""

    _db: PgDatabase

    async def refs_on_dates(self, days: Sequence[date]) -> list[EventRef]:
        """References to every published day-precision event starting on one of ``days``."""
        if not days:
            return []
        rows = await self._db.fetch(REFS_ON_DATES, sorted(set(days)))
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
        params = _recurring_params(month_days, before, precision, ())
        return [_ref(row) for row in await self._db.fetch(REFS_RECURRING, *params)]

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
        params = _recurring_params(month_days, before, precision, tags)
        rows = await self._db.fetch(RECURRING, *params, limit, max(offset, 0))
        return [event_from_record(row) for row in rows]

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
        return int(await self._db.fetchval(COUNT_RECURRING, *params))


class PgNearbyReads:
    """Where the store does have events, for suggestions after an empty answer."""

    _db: PgDatabase

    async def nearest_month_days(
        self, month: int, day: int, limit: int = 3
    ) -> list[tuple[int, int]]:
        """The (month, day) pairs nearest in the year that have published day-precision
        events, round the turn of the year; ties go to the earlier in the year."""
        rows = await self._db.fetch(PUBLISHED_MONTH_DAYS, Status.PUBLISHED.value)
        asked = _day_of_year(month, day)
        pairs = [(int(m), int(d)) for m, d in rows if (m, d) != (month, day)]

        def distance(pair: tuple[int, int]) -> tuple[int, int]:
            gap = abs(_day_of_year(*pair) - asked)
            return (min(gap, 366 - gap), _day_of_year(*pair))

        return sorted(pairs, key=distance)[: max(limit, 0)]

    async def nearest_dates(self, day: date, limit: int = 3) -> list[date]:
        """Dates nearest to ``day`` (excluding it) that have published day-precision events."""
        if limit <= 0:
            return []
        found = [row[0] for row in await self._db.fetch(DATES_AROUND, day, limit)]
        return sorted(found, key=lambda d: (abs((d - day).days), d))[:limit]

    async def years_with_month(self, month: int, near: int, limit: int = 3) -> list[int]:
        """Years (other than ``near``) with published day- or month-precision events in
        ``month``, nearest to ``near`` first."""
        rows = await self._db.fetch(YEARS_WITH_MONTH, month, near, max(limit, 0))
        return [int(row[0]) for row in rows]

    async def nearest_years(self, year: int, limit: int = 3) -> list[int]:
        """Years (other than ``year``) with published events of any precision, nearest
        first: up to ``limit`` found on each side, by one index seek each."""
        if limit <= 0:
            return []
        rows = await self._db.fetch(NEAREST_YEARS, *_year_bounds(year), limit)
        found = [int(row[0]) for row in rows]
        return sorted(found, key=lambda y: (abs(y - year), y))[:limit]
