"""How dates, ages and counts are worded in replies ("7 January 2020", "6 years ago")."""

from __future__ import annotations

import calendar
from datetime import date

from bot.model import EventDate, Precision

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
    """Completed years from ``earlier`` to ``later`` (negative when ``earlier`` is later)."""
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


def age(when: date, today: date, precision: Precision = Precision.DAY) -> str:
    """How long ago ``when`` was, in words, as of ``today``."""
    if precision is not Precision.DAY:
        years = today.year - when.year
    else:
        years = whole_years_between(when, today)
    if when > today and precision is Precision.DAY:
        days = (when - today).days
        return "tomorrow" if days == 1 else f"in {days} days"
    if years <= 0:
        if precision is Precision.DAY:
            days = (today - when).days
            return _days_ago(days)
        return (
            "this year" if precision is Precision.YEAR or when.year == today.year else "last year"
        )
    return "1 year ago" if years == 1 else f"{years} years ago"


def _days_ago(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    word = noun if count == 1 else (nouns or noun + "s")
    return f"{count:,} {word}"


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
