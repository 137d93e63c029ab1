"""Named days news dates things by: fixed feasts and the movable ones.

"Christmas" is always 25 December; "Thanksgiving" is the fourth Thursday of November,
"Easter" follows the Gregorian computus (dateutil's), "Election Day" is the US one (the
Tuesday after the first Monday of November). ``holiday_in`` gives the day in a year and
``holiday_near`` the one before, after or closest to an anchor. Pure calendar code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dateutil.easter import easter

_MONDAY, _TUESDAY, _THURSDAY, _SUNDAY = 0, 1, 3, 6


def _fixed(month: int, day: int) -> Callable[[int], dt.date]:
    return lambda year: dt.date(year, month, day)


def _nth_weekday(month: int, weekday: int, n: int) -> Callable[[int], dt.date]:
    """The n-th such weekday of the month; n = -1 for the last one."""

    def day_in(year: int) -> dt.date:
        if n > 0:
            first = dt.date(year, month, 1)
            return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)

    return day_in


def _from_easter(offset: int) -> Callable[[int], dt.date]:
    return lambda year: easter(year) + dt.timedelta(days=offset)


def _election_day(year: int) -> dt.date:
    return _nth_weekday(11, _MONDAY, 1)(year) + dt.timedelta(days=1)


# Lower-case name -> the day in a given year.
HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "new year's day": _fixed(1, 1),
    "new year's eve": _fixed(12, 31),
    "valentine's day": _fixed(2, 14),
    "independence day": _fixed(7, 4),
    "halloween": _fixed(10, 31),
    "christmas eve": _fixed(12, 24),
    "christmas day": _fixed(12, 25),
    "christmas": _fixed(12, 25),
    "boxing day": _fixed(12, 26),
    "bastille day": _fixed(7, 14),
    "st. patrick's day": _fixed(3, 17),
    "thanksgiving day": _nth_weekday(11, _THURSDAY, 4),
    "thanksgiving": _nth_weekday(11, _THURSDAY, 4),
    "martin luther king day": _nth_weekday(1, _MONDAY, 3),
    "presidents' day": _nth_weekday(2, _MONDAY, 3),
    "memorial day": _nth_weekday(5, _MONDAY, -1),
    "labor day": _nth_weekday(9, _MONDAY, 1),
    "mother's day": _nth_weekday(5, _SUNDAY, 2),
    "father's day": _nth_weekday(6, _SUNDAY, 3),
    "election day": _election_day,
    "good friday": _from_easter(-2),
    "easter sunday": _from_easter(0),
    "easter monday": _from_easter(1),
    "easter": _from_easter(0),
    # Whole weeks, dated by the ISO week that holds Easter Sunday.
    "easter week": _from_easter(0),
    "holy week": _from_easter(0),
}
WEEK_LONG: frozenset[str] = frozenset({"easter week", "holy week"})


def holiday_in(name: str, year: int) -> dt.date | None:
    """The day ``name`` falls on in ``year``, or None off the calendar."""
    try:
        return HOLIDAYS[name](year)
    except (ValueError, OverflowError):
        return None


def holiday_near(name: str, anchor: dt.date, direction: int) -> dt.date | None:
    """The occurrence on or before (< 0), on or after (> 0) or nearest (0) the anchor.

    A week-long feast counts as begun from the Monday of its week.
    """
    days = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1)
            if (d := holiday_in(name, y)) is not None]
    lead = dt.timedelta(days=6 if name in WEEK_LONG else 0)
    if direction < 0:
        return max((d for d in days if d - lead <= anchor), default=None)
    if direction > 0:
        return min((d for d in days if d >= anchor), default=None)
    return min(days, key=lambda d: abs((d - anchor).days), default=None)
