"""Anniversary arithmetic, posting instants and occasion keys. Pure functions.

The leap-day policy (``bot.model.anniversary_in``): an event of 29 February has its
anniversary on 28 February in common years. Ranges count from their start.
Posting instants are computed with ``zoneinfo``: a local posting time that does
not exist on a spring-forward day is read with the offset in force before the
change (09:30 in a 09:00-10:00 gap posts at 10:30 local, the same instant), and
one that occurs twice on a fall-back day posts at its first occurrence.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from bot.reminders.model import Kind

FRIDAY, SATURDAY, SUNDAY = 4, 5, 6


def month_days_on(day: date) -> list[tuple[int, int]]:
    """The (month, day) pairs whose anniversaries fall on ``day``: its own, and
    29 February on 28 February of a common year."""
    pairs = [(day.month, day.day)]
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
        pairs.append((2, 29))
    return pairs


def origins(occurs_on: date, years: Iterable[int]) -> dict[date, int]:
    """Every date whose ``n``-th anniversary (``n`` in ``years``) falls on ``occurs_on``,
    mapped to ``n``. The inverse of ``bot.model.anniversary_in``."""
    found: dict[date, int] = {}
    for n in years:
        year = occurs_on.year - n
        if n < 1 or year < 1:
            continue
        for month, day in month_days_on(occurs_on):
            if day <= calendar.monthrange(year, month)[1]:
                found[date(year, month, day)] = n
    return found


def years_between(origin: date, occurs_on: date) -> int:
    """How many years an anniversary on ``occurs_on`` marks (by calendar year)."""
    return occurs_on.year - origin.year


@cache
def zone(tz: str) -> ZoneInfo:
    """The zone named ``tz``, held for the life of the process: zoneinfo keeps only a
    few zones strongly, and re-reading zone files for each of many channels is slow."""
    return ZoneInfo(tz)


def posting_instant(day: date, at: time, tz: str) -> datetime:
    """The UTC instant of local time ``at`` on ``day`` in zone ``tz`` (see the module
    docstring for days when that local time is skipped or repeated)."""
    local = datetime.combine(day, at, tzinfo=zone(tz)).replace(fold=0)
    return local.astimezone(UTC)


def local_day(instant: datetime, tz: str) -> date:
    return instant.astimezone(zone(tz)).date()


def posting_days(after: datetime, until: datetime, at: time, tz: str) -> list[date]:
    """Local days whose posting instant lies in ``(after, until]``, in order."""
    if until <= after:
        return []
    first = local_day(after, tz) - timedelta(days=1)
    last = local_day(until, tz) + timedelta(days=1)
    return [
        day
        for day in days_between(first, last)
        if after < posting_instant(day, at, tz) <= until
    ]


def next_posting_instant(after: datetime, at: time, tz: str) -> datetime:
    """The first posting instant strictly after ``after``."""
    day = local_day(after, tz) - timedelta(days=1)
    while True:
        instant = posting_instant(day, at, tz)
        if instant > after:
            return instant
        day += timedelta(days=1)


def days_between(first: date, last: date) -> Iterator[date]:
    """``first`` to ``last`` inclusive."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def is_weekend(day: date) -> bool:
    return day.weekday() in (SATURDAY, SUNDAY)


def send_day(natural: date, weekend_friday: bool) -> date:
    """The day an alert planned for ``natural`` goes out: the Friday before when it
    falls on a weekend and the subscription asks for that."""
    if weekend_friday and is_weekend(natural):
        return natural - timedelta(days=natural.weekday() - FRIDAY)
    return natural


def natural_days_sent_on(day: date, weekend_friday: bool) -> list[date]:
    """The planned days whose alerts go out on ``day`` (the inverse of ``send_day``)."""
    if not weekend_friday:
        return [day]
    if is_weekend(day):
        return []
    if day.weekday() == FRIDAY:
        return [day, day + timedelta(days=1), day + timedelta(days=2)]
    return [day]


def digest_key(day: date) -> str:
    return f"{Kind.DIGEST.value}:{day.isoformat()}"


def alert_key(event_id: int, occurs_on: date, lead_days: int) -> str:
    return f"{Kind.ALERT.value}:{event_id}:{occurs_on.isoformat()}:{lead_days}"


def parse_key(key: str) -> tuple[Kind, date, int | None, int | None]:
    """(kind, date, event id, lead days) from an occasion key; ``ValueError`` if malformed.

    For a digest the date is its local day; for an alert, the anniversary date.
    """
    kind, _, rest = key.partition(":")
    if kind == Kind.DIGEST.value:
        return Kind.DIGEST, date.fromisoformat(rest), None, None
    if kind == Kind.ALERT.value:
        event_id, day, lead = rest.split(":")
        return Kind.ALERT, date.fromisoformat(day), int(event_id), int(lead)
    raise ValueError(f"not an occasion key: {key!r}")


def posting_order(key: str) -> tuple[int, str, int]:
    """Sort key for one channel's posts due at the same time: the digest first, then
    alerts, the soonest anniversary first."""
    try:
        kind, on, event_id, _ = parse_key(key)
    except ValueError:
        return (2, "", 0)
    if kind is Kind.DIGEST:
        return (0, "", 0)
    return (1, on.isoformat(), event_id or 0)
