"""Calendar periods and their TIMEX3 value strings.

A resolved DATE is a ``Point``: a granularity (day, ISO week, month, quarter, half,
year, decade, century) and a day inside the period. This module shifts points by whole
units, finds the nearest weekday or month in a direction, and formats points as TIMEX3
values ("2020-01-07", "2020-W02", "2020-Q1", "199"). It knows nothing about text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from dateutil.relativedelta import relativedelta

Gran = Literal["D", "W", "M", "Q", "H", "Y", "DE", "CE"]

MIN_YEAR = 1
MAX_YEAR = 9999


@dataclass(frozen=True, slots=True)
class Point:
    """A calendar period: ``gran`` says how much of ``day`` is meaningful."""

    gran: Gran
    day: dt.date

    @property
    def value(self) -> str:
        return format_point(self)


def format_point(p: Point) -> str:
    d = p.day
    match p.gran:
        case "D":
            return d.isoformat()
        case "W":
            year, week, _ = d.isocalendar()
            return f"{year:04d}-W{week:02d}"
        case "M":
            return f"{d.year:04d}-{d.month:02d}"
        case "Q":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        case "H":
            return f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"
        case "Y":
            return f"{d.year:04d}"
        case "DE":
            return f"{d.year // 10:03d}"
        case _:
            return f"{d.year // 100:02d}"


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the parts do not form one (31 April, 29 Feb 2019)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_STEP: dict[Gran, relativedelta] = {
    "D": relativedelta(days=1),
    "W": relativedelta(weeks=1),
    "M": relativedelta(months=1),
    "Q": relativedelta(months=3),
    "H": relativedelta(months=6),
    "Y": relativedelta(years=1),
    "DE": relativedelta(years=10),
    "CE": relativedelta(years=100),
}


def shift(p: Point, n: int, unit: Gran | None = None) -> Point | None:
    """Move ``p`` by ``n`` units (default: its own granularity); None off the calendar."""
    step = _STEP[unit or p.gran]
    try:
        return Point(p.gran, p.day + step * n)
    except (OverflowError, ValueError):
        return None


def weekday_near(anchor: dt.date, weekday: int, direction: int) -> dt.date:
    """The given weekday relative to ``anchor``.

    direction < 0: on or before the anchor; > 0: on or after; 0: the closest one,
    ties going to the past because news mostly reports what already happened.
    """
    back = (anchor.weekday() - weekday) % 7
    if direction < 0:
        return anchor - dt.timedelta(days=back)
    forward = (weekday - anchor.weekday()) % 7
    if direction > 0:
        return anchor + dt.timedelta(days=forward)
    if forward < back:
        return anchor + dt.timedelta(days=forward)
    return anchor - dt.timedelta(days=back)


def pick_year(anchor: dt.date, month: int, day: int | None, direction: int) -> int:
    """The year for a month (and day) written without one.

    direction < 0: the latest such date on or before the anchor's month; > 0: the
    earliest on or after; 0: whichever of last, this or next year lies closest.
    """
    target = (month, day or 1)
    here = (anchor.month, anchor.day if day is not None else 1)
    if direction < 0:
        return anchor.year if target <= here else anchor.year - 1
    if direction > 0:
        return anchor.year if target >= here else anchor.year + 1
    best_year = anchor.year
    best_gap: int | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        cand = safe_date(year, month, min(day or 1, 28 if month == 2 else day or 1))
        if cand is None:
            continue
        gap = abs((cand - anchor).days)
        if best_gap is None or gap < best_gap:
            best_year, best_gap = year, gap
    return best_year


def duration_value(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration such as "P3Y", "PT24H", "P2Y6M" or "PXY" for an unknown amount."""
    time_unit = unit in ("H", "MIN", "S")
    letter = "M" if unit == "MIN" else unit
    prefix = "PT" if time_unit else "P"
    if amount is None:
        return f"{prefix}X{letter}"
    if amount == int(amount):
        return f"{prefix}{int(amount)}{letter}"
    whole = int(amount)
    half = _HALF_UNIT.get(unit)
    if half is not None and amount - whole == 0.5:
        head = f"{prefix}{whole}{letter}" if whole else prefix
        return head + half
    return f"{prefix}{amount:g}{letter}"


# Half of a unit, spelt in the next smaller unit: "2 1/2 years" is "P2Y6M".
_HALF_UNIT: dict[str, str] = {"Y": "6M", "M": "15D", "D": "T12H", "H": "30M", "MIN": "30S"}
