"""How dates, ages and counts are worded in replies ("7 January 2020", "6 years ago")."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.messages import Moment
from bot.model import EventDate, Precision, anniversary_in

MONTH_NAMES = tuple(calendar.month_name)  # index 1..12; locale-independent in the C locale


def day_month(month: int, day: int) -> str:
    return f"{day} {MONTH_NAMES[month]}"


def full_date(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


def month_year(year: int, month: int) -> str:
    return f"{MONTH_NAMES[month]} {year}"


def event_date(when: EventDate) -> str:
    """Word an event's date at its precision, including a range's end."""
    start = _at_precision(when.start, when.precision)
    if when.end is None:
        return start
    end = _at_precision(when.end, when.precision)
    if when.precision is Precision.DAY and when.start.year == when.end.year:
        if when.start.month == when.end.month:
            return f"{when.start.day} to {end}"
        return f"{day_month(when.start.month, when.start.day)} to {end}"
    return f"{start} to {end}"


def _at_precision(day: date, precision: Precision) -> str:
    if precision is Precision.YEAR:
        return str(day.year)
    if precision is Precision.MONTH:
        return month_year(day.year, day.month)
    return full_date(day)


def date_range(start: date, end: date) -> str:
    if start == end:
        return full_date(start)
    if start.year == end.year and start.month == end.month:
        return f"{start.day} to {full_date(end)}"
    if start.year == end.year:
        return f"{day_month(start.month, start.day)} to {full_date(end)}"
    return f"{full_date(start)} to {full_date(end)}"


def whole_years_between(earlier: date, later: date) -> int:
    """Completed years from ``earlier`` to ``later``, an anniversary of 29 February
    counting on 28 February in common years (negative when ``earlier`` is later)."""
    years = later.year - earlier.year
    if years > 0 and later < anniversary_in(earlier, later.year):
        years -= 1
    return years


def whole_months_between(earlier: date, later: date) -> int:
    """Completed calendar months from ``earlier`` to ``later`` (day clamped to the month)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    last = calendar.monthrange(later.year, later.month)[1]
    if months > 0 and later.day < min(earlier.day, last):
        months -= 1
    return months


def age(when: date, today: date, precision: Precision = Precision.DAY) -> str:
    """How long ago ``when`` was, in words, as of ``today``: the one rule every answer
    and post uses. Days under a month, months under a year, then whole years."""
    if precision is Precision.YEAR:
        years = today.year - when.year
        return {0: "this year", 1: "last year", -1: "next year"}.get(years, _ago(years, "year"))
    if precision is Precision.MONTH:
        months = (today.year - when.year) * 12 + today.month - when.month
        named = {0: "this month", 1: "last month", -1: "next month"}
        if months in named:
            return named[months]
        if abs(months) < 12:
            return _ago(months, "month")
        return _ago(int(months / 12), "year")  # whole years, towards zero either way
    if when > today:
        days = (when - today).days
        return "tomorrow" if days == 1 else f"in {days:,} days"
    days = (today - when).days
    if days < 2:
        return "today" if days == 0 else "yesterday"
    months = whole_months_between(when, today)
    if months < 1:
        return f"{days} days ago"
    if months < 12:
        return _ago(months, "month")
    return _ago(whole_years_between(when, today), "year")


def _ago(count: int, unit: str) -> str:
    if count < 0:
        return f"in {plural(-count, unit)}"
    return f"{plural(count, unit)} ago"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    word = noun if count == 1 else (nouns or noun + "s")
    return f"{count:,} {word}"


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def moment(at: datetime, tz: str) -> Moment:
    """An instant, worded in zone ``tz`` ("2026-11-30 14:02 GMT") for readers whose
    platform cannot show it in their own zone."""
    local = at.astimezone(ZoneInfo(tz))
    return Moment(at, f"{local:%Y-%m-%d %H:%M} {local.tzname() or tz}")
