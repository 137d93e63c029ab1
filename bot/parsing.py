"""Turning a chat question into a typed ``Query``.

``parse`` is pure: the asker's local date comes in as ``today`` and the clock
is never read. It understands dates with and without a year, months, years,
ranges, relative days ("yesterday", "two years ago today"), "when" questions,
timelines, upcoming anniversaries and help.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.datephrases import (
    NumericOrder,
    find_partials,
    find_range,
    single,
    week_containing,
    week_of_month,
)
from bot.queries import (
    DayQuery,
    HelpQuery,
    InvalidQuery,
    MonthQuery,
    NotUnderstood,
    Query,
    RangeQuery,
    TimelineQuery,
    UpcomingQuery,
    WhenQuery,
    YearQuery,
)
from bot.temporal.lexicon import NUMBER_WORDS

MAX_TEXT = 500
MAX_UPCOMING_DAYS = 366

_NUM = r"(?:\d{1,4}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"

STOPWORDS = frozenset(
    (
        "a an the of on in at by to for from with was were is are be been did does do done "
        "has have had will would could should happen happened happening take took place "
        "what which when where who whom why how date day it its there that this those these "
        "me you tell know please about any ever first"
    ).split()
)


_FOLD = str.maketrans("’‘–—,", "''-- ")


@dataclass(frozen=True, slots=True)
class ParseSettings:
    """Per-newsroom parsing choices."""

    numeric_order: NumericOrder | None = None


def normalise(text: str) -> str:
    """Lower-case, fold quotes and dashes, drop mentions and closing punctuation."""
    text = text[:MAX_TEXT].lower()
    text = re.sub(r"<[@#!][^>]*>", " ", text)
    text = text.translate(_FOLD)
    text = re.sub(r"^\s*(?:@?dateline\b:?|/)\s*", "", text)
    text = re.sub(r"(\d)\s*-\s*(\d)", r"\1-\2", text)
    text = re.sub(r"(?<=\w)\s+-\s+(?=\w)", " - ", text)
    text = re.sub(r"[?!;]+", " ", text)
    text = re.sub(r"\.(?=\s|$)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def parse(text: str, today: date, settings: ParseSettings = ParseSettings()) -> Query:
    """Parse one question. Never raises; unknown text becomes ``NotUnderstood``."""
    clean = normalise(text)
    if not clean or re.fullmatch(r"(?:help|commands|\?|what can you do|how does this work)", clean):
        return HelpQuery()
    for recogniser in (_upcoming, _timeline, _when):
        query = recogniser(clean, today)
        if query is not None:
            return query
    query = parse_period(clean, today, settings)
    if query is not None:
        return query
    return NotUnderstood(text.strip()[:MAX_TEXT])


MAX_YEAR = 9999
OUTSIDE_CALENDAR = "that date falls outside the calendar Dateline can count (years 1 to 9999)"


def parse_period(
    clean: str, today: date, settings: ParseSettings = ParseSettings()
) -> Query | None:
    """A date, month, year, range or relative day in already-normalised text."""
    try:
        query = _period(clean, today, settings)
    except OverflowError:
        # Arithmetic off either end of the calendar ("a week ago" on 1 January of year 1).
        return InvalidQuery(OUTSIDE_CALENDAR)
    year = getattr(query, "year", None)
    if isinstance(year, int) and not 1 <= year <= MAX_YEAR:
        return InvalidQuery(OUTSIDE_CALENDAR)  # "next year" in 9999, "last year" in year 1
    return query


def _period(clean: str, today: date, settings: ParseSettings) -> Query | None:
    relative = _relative(clean, today)
    if relative is not None:
        return relative
    partials = find_partials(clean, settings.numeric_order)
    ranged = find_range(clean, partials, today)
    if ranged is not None:
        return ranged
    for partial in (p for p in partials if p.month is not None):
        week = week_of_month(clean, partial, today)
        if week is not None:
            return week
    return _best_single(clean, partials, today)


def _best_single(clean: str, partials: list, today: date) -> Query | None:  # type: ignore[type-arg]
    candidates = [p for p in partials if p.month is not None or p.year is not None or p.problem]
    if not candidates:
        return None
    best = max(
        candidates,
        key=lambda p: (
            p.problem is not None,
            p.day is not None,
            p.month is not None,
            p.year is not None,
        ),
    )
    query = single(best, today)
    if isinstance(query, DayQuery) and query.year is not None and re.search(r"\bweek of\b", clean):
        return week_containing(date(query.year, query.month, query.day))
    return query


def _count(word: str) -> int:
    return NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)


_UPCOMING = re.compile(r"\b(?:anniversar\w*|coming up|upcoming|milestones?)\b")
_NEXT_SPAN = re.compile(
    rf"\b(?:next|coming|following|within) (?:(?P<n>{_NUM}) )?(?P<unit>days?|weeks?|months?|year)\b"
)


def _upcoming(clean: str, today: date) -> Query | None:
    if not _UPCOMING.search(clean):
        return None
    days = 30
    if match := _NEXT_SPAN.search(clean):
        count = _count(match.group("n")) if match.group("n") else 1
        days = count * {"d": 1, "w": 7, "m": 30, "y": 365}[match.group("unit")[0]]
    elif re.search(r"\bthis week\b", clean):
        days = 7
    elif re.search(r"\b(?:today|tomorrow)\b", clean):
        days = 1
    if not 1 <= days <= MAX_UPCOMING_DAYS:
        return InvalidQuery(f"I can look ahead between 1 and {MAX_UPCOMING_DAYS} days")
    return UpcomingQuery(today, days)


_TIMELINE = re.compile(
    r"^(?:show |give |get )?(?:me )?(?:a |the )?timeline"
    r"(?: of| for| on| about)?(?: the)? (?P<a>.+)$"
    r"|^(?:the )?(?P<b>.+?) timeline$"
)


def _timeline(clean: str, today: date) -> Query | None:
    match = _TIMELINE.match(clean)
    if match is None:
        return None
    topic = (match.group("a") or match.group("b") or "").strip()
    return TimelineQuery(topic) if topic else None


_WHEN = re.compile(
    r"(?:^|\b)(?:when|what date|what day|which day|which year|what year)\b(?P<rest>.*)$"
)


def _when(clean: str, today: date) -> Query | None:
    match = _WHEN.search(clean)
    if match is None:
        return None
    words = keywords(match.group("rest"))
    return WhenQuery(" ".join(words)) if words else None


def keywords(text: str) -> list[str]:
    """The content words of a question, for full-text search."""
    return [w for w in re.findall(r"[\w'-]+", text.lower()) if w not in STOPWORDS][:12]


_AGO = re.compile(rf"\b(?P<n>{_NUM}) (?P<unit>day|week|month|year)s? (?:ago|back|earlier)\b")
_YEARS_AGO_TODAY = re.compile(
    rf"\b(?:(?:on )?this day|today) (?:(?P<n>{_NUM}) years? ago|last year)\b"
    rf"|\b(?:(?P<m>{_NUM}) years?|a year) ago today\b"
)
_IN_YEAR = re.compile(r"\bin (?P<y>\d{4})\b")


def _relative(clean: str, today: date) -> Query | None:
    if match := _YEARS_AGO_TODAY.search(clean):
        years = match.group("n") or match.group("m")
        return _years_before(today, _count(years) if years else 1)
    if match := _AGO.search(clean):
        return _ago(today, _count(match.group("n")), match.group("unit"))
    for pattern, shift in (
        (r"\b(?:on )?this day\b|\btoday\b", 0),
        (r"\byesterday\b", -1),
        (r"\btomorrow\b", 1),
    ):
        if re.search(pattern, clean):
            day = today + timedelta(days=shift)
            year = _IN_YEAR.search(clean)
            if year:
                return _day_in_year(day, int(year.group("y")))
            return DayQuery(day.month, day.day, None, anniversary=shift == 0)
    return _calendar_span(clean, today)


def _years_before(today: date, years: int) -> Query:
    return _day_in_year(today, today.year - years)


def _day_in_year(day: date, year: int) -> Query:
    if not 1 <= year <= 9999:
        return InvalidQuery("that year is out of range")
    if (day.month, day.day) == (2, 29) and not _is_leap(year):
        return DayQuery(2, 28, year)
    return DayQuery(day.month, day.day, year)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _ago(today: date, count: int, unit: str) -> Query:
    if unit == "year":
        return _years_before(today, count)
    if unit == "month":
        months = today.year * 12 + today.month - 1 - count
        year, month = divmod(months, 12)
        if year < 1:
            return InvalidQuery("that is too long ago")
        return _clamped_day(year, month + 1, today.day)
    days = count * (7 if unit == "week" else 1)
    if days > 365 * 1000:
        return InvalidQuery("that is too long ago")
    day = today - timedelta(days=days)
    return DayQuery(day.month, day.day, day.year)


def _clamped_day(year: int, month: int, day: int) -> DayQuery:
    return DayQuery(month, min(day, calendar.monthrange(year, month)[1]), year)


_SPAN = re.compile(
    rf"\b(?P<which>this|last|next|past) (?:(?P<n>{_NUM}) )?"
    r"(?P<unit>days?|weeks?|months?|years?)\b(?! (?:of|in)\b)"
)


def _calendar_span(clean: str, today: date) -> Query | None:
    match = _SPAN.search(clean)
    if match is None:
        return None
    which, unit, count_text = (
        match.group("which"),
        match.group("unit").rstrip("s"),
        match.group("n"),
    )
    if count_text or (which == "past" and unit == "day"):
        count = _count(count_text) if count_text else 1
        days = count * {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
        if which == "next":
            return RangeQuery(today, today + timedelta(days=days))
        return RangeQuery(today - timedelta(days=days), today)
    step = {"this": 0, "last": -1, "past": -1, "next": 1}[which]
    if unit == "week":
        return week_containing(today + timedelta(days=7 * step))
    if unit == "month":
        months = today.year * 12 + today.month - 1 + step
        return MonthQuery(months // 12, months % 12 + 1)
    if unit == "year":
        return YearQuery(today.year + step)
    return DayQuery(today.month, today.day, None)


__all__ = ["NumericOrder", "ParseSettings", "keywords", "normalise", "parse", "parse_period"]
