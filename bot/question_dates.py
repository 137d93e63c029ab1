"""Reading the dates of a chat question with the temporal tagger.

``bot.temporal`` finds and resolves date expressions the same way in a question as in
an article: holidays, quarters, seasons, decades, years read out, "the day before
yesterday", "last Friday", "7th Jan '20". This module decides what they ask:

- a day named without a year ("7 January", "Christmas") is that day in every year;
  "today", "yesterday" and "on this day" are on-this-day questions too;
- a month named without a year is its most recent occurrence;
- "N days/weeks/months/years ago" is that one day;
- two dates joined as a range ("between 3 and 8 January 2020", "2009-2010") are one
  period, and "before", "since", "until", "from … onwards" leave it open;
- a yearless day followed by "in 2020" is that day in 2020.

``read`` also returns the stretches of text it used, so the parser can say what it
left out. Pure: the asker's date comes in as ``today``.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot import wording
from bot.date_order import NumericOrder
from bot.model import anniversary_in
from bot.queries import DayQuery, InvalidQuery, Query, RangeQuery
from bot.question_periods import (
    ANY_YEAR,
    OUTSIDE_CALENDAR,
    Piece,
    open_range,
    piece_for,
    range_between,
)
from bot.temporal import tag
from bot.temporal.lexicon import MONTHS
from bot.temporal.ranges import bounds, spans
from bot.temporal.timex import Timex

Used = list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Reading:
    """The query the dates of a question make, and the character spans it came from."""

    query: Query | None
    used: Used
    text: str = ""  # the text ``used`` indexes: the question after rewriting numeric dates
    others: Used = field(default_factory=list)  # dates found but not part of the answer


_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_TOKEN = re.compile(rf"\b(?:{_MONTH_WORD})\b")
_NUMERIC = re.compile(r"(?<![\w/.-])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<y>\d{4}|\d\d))?"
                      r"(?![\w/]|\.\d)")
# A date expression that writes its year ("2020", "'20", "nineteen ninety-nine") rather
# than taking it from today; what does not is yearless unless it is relative.
_NAMES_A_YEAR = re.compile(
    r"\d{4}|['’]\d\d\b|\b(?:sixteen|seventeen|eighteen|nineteen|two thousand)\b", re.IGNORECASE
)
_ISO_SLASHED = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_NEGATION = re.compile(r"\b(?:not|except|excluding|other than|apart from|outside|but not)"
                       r"\s+(?:on\s+|in\s+|for\s+|during\s+)?$")
_THIS_DAY = re.compile(r"\b(?:on )?this day\b")
_IN_YEAR = re.compile(r"^\s*(?:,|in|of|during)?\s*$")
_WEEK_OF = re.compile(
    r"\b(?P<n>first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th) week (?:of|in) $"
)
_WEEK_NUMBERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
                 "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}


def read(clean: str, today: date, order: NumericOrder | None) -> Reading:
    """The period a normalised question asks about, if it names one."""
    numeric = _numeric_dates(clean, order)
    if isinstance(numeric, InvalidQuery):
        return Reading(numeric, [])
    text = _THIS_DAY.sub("today", numeric)
    problem = impossible_date(text)
    if problem is not None:
        return Reading(InvalidQuery(problem), [])
    cased = _cased(text)
    timexes = [t for t in tag(cased, today) if t.type in ("DATE", "TIME", "DURATION")]
    yearless = {(t.start, t.end) for t in timexes if not _NAMES_A_YEAR.search(t.text)}
    for timex in timexes:
        if _NEGATION.search(cased, 0, timex.start):
            return Reading(InvalidQuery(
                f"I can only answer about a date, not leave one out (“{timex.text}”); "
                "ask about the days you want instead"), [])
    try:
        reading = _compose(cased, today, timexes, yearless)
    except (ValueError, OverflowError):
        # A yearless date moved a year past either end of the calendar.
        return Reading(InvalidQuery(OUTSIDE_CALENDAR), [])
    others = [(t.start, t.end) for t in timexes
              if not any(t.start < end and start < t.end for start, end in reading.used)]
    return Reading(reading.query, reading.used, text, others)


def _compose(text: str, today: date, timexes: list[Timex], yearless: set[tuple[int, int]]
             ) -> Reading:
    def piece(timex: Timex, partner: Timex | None = None) -> Piece | InvalidQuery | None:
        anchored = (timex.start, timex.end) in yearless
        if partner is not None and timex not in timexes:
            # A bare day ("3" in "3-8 January") borrows its month and year from the other end.
            anchored = (partner.start, partner.end) in yearless
        return piece_for(timex, today, anchored)

    for span in spans(text, timexes):
        left, right = piece(span.left, span.right), piece(span.right, span.left)
        return Reading(range_between(left, right, today), [(span.start, span.end)])
    for bound in bounds(text, timexes):
        return Reading(open_range(piece(bound.timex), bound, today), [(bound.start, bound.end)])
    pieces = [p for p in (piece(t) for t in timexes) if p is not None]
    for problem in (p for p in pieces if isinstance(p, InvalidQuery)):
        return Reading(problem, [])
    return _single(text, today, [p for p in pieces if isinstance(p, Piece)])


def _single(text: str, today: date, pieces: list[Piece]) -> Reading:
    if not pieces:
        return Reading(None, [])
    for first, second in itertools.pairwise(pieces):
        combined = _in_year(text, first, second)
        if combined is not None:
            return Reading(combined, [(first.start, second.end)])
    best = max(pieces, key=lambda p: (p.rank, -p.start))
    week = _week_of_month(text, best)
    if week is not None:
        return Reading(week, [(text.rfind(" week ", 0, best.start) - 6, best.end)])
    return Reading(best.query(today), [(best.start, best.end)])


def _in_year(text: str, day: Piece, year: Piece) -> Query | None:
    """ "3 Jan in 2020", "on this day in 2019": a yearless day placed in a named year."""
    if day.grain != "day" or not (day.yearless or day.on_this_day) or year.grain != "year":
        return None
    if year.yearless or not _IN_YEAR.match(text[day.end : year.start]):
        return None
    moved = anniversary_in(date(ANY_YEAR, day.first.month, day.first.day), year.first.year)
    if (day.first.month, day.first.day) == (2, 29) and moved.day == 28:
        return InvalidQuery(f"{year.first.year} has no 29 February; it is not a leap year")
    return DayQuery(moved.month, moved.day, moved.year)


def _week_of_month(text: str, piece: Piece) -> Query | None:
    """ "first week of January 2020": days 1-7, 8-14 and so on; "last week" the final 7."""
    match = _WEEK_OF.search(text[: piece.start].lower())
    if match is None or piece.grain != "month":
        return None
    year, month = piece.first.year, piece.first.month
    last = calendar.monthrange(year, month)[1]
    if match.group("n") == "last":
        return RangeQuery(date(year, month, last - 6), date(year, month, last))
    first_day = 1 + 7 * (_WEEK_NUMBERS[match.group("n")] - 1)
    if first_day > last:
        return InvalidQuery(f"{wording.MONTH_NAMES[month]} {year} has no fifth week")
    return RangeQuery(date(year, month, first_day), date(year, month, min(first_day + 6, last)))


def week_containing(day: date) -> RangeQuery:
    """The Monday-to-Sunday week that contains ``day``."""
    monday = day - timedelta(days=day.weekday())
    return RangeQuery(monday, monday + timedelta(days=6))


def _cased(text: str) -> str:
    """Month names capitalised, as the tagger reads a lower-case "may" or "march" as a
    verb unless it is capitalised. In a date question they are months."""
    return _MONTH_TOKEN.sub(lambda m: m.group(0).capitalize(), text)


def _numeric_dates(text: str, order: NumericOrder | None) -> str | InvalidQuery:
    """ "7/1" and "07.01.2020" rewritten with the month as a word, in the newsroom's
    configured order; without one they are refused as ambiguous rather than guessed."""
    def rewrite(match: re.Match[str]) -> str:
        first, second = int(match.group("a")), int(match.group("b"))
        day, month = (first, second) if order is NumericOrder.DAY_FIRST else (second, first)
        if not 1 <= month <= 12:
            raise _Refused(f"there is no month {month}; months run from 1 to 12")
        year = match.group("y") or ""
        if len(year) == 2:
            year = f"20{year}"
        return f"{day} {wording.MONTH_NAMES[month]} {year}".strip()

    text = _ISO_SLASHED.sub(
        lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", text)
    if not _NUMERIC.search(text):
        return text
    if order is None:
        shown = _NUMERIC.search(text)
        return InvalidQuery(
            f"“{shown.group(0) if shown else ''}” is ambiguous: write the month as a word, "
            "for example “7 January”, or ask the bot's operator to set a day-first or "
            "month-first date order")
    try:
        return _NUMERIC.sub(rewrite, text)
    except _Refused as refused:
        return InvalidQuery(str(refused))


class _Refused(Exception):
    """A numeric date that names no month."""


_DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<m>{_MONTH_WORD})\b\.?"
    rf"(?:,? (?P<y>\d{{4}}))?"
    rf"|\b(?P<m2>{_MONTH_WORD})\.? (?:the )?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:,? (?P<y2>\d{{4}}))?",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?\b")


def impossible_date(text: str) -> str | None:
    """The problem with a date that cannot exist ("31 February", "2020-13-01"), named
    plainly, since the tagger rightly finds no date there to answer."""
    for match in _ISO.finditer(text):
        month = int(match.group("m"))
        if not 1 <= month <= 12:
            return f"there is no month {month}; months run from 1 to 12"
        if match.group("d"):
            problem = _day_problem(int(match.group("y")), month, int(match.group("d")))
            if problem:
                return problem
    for match in _DAY_MONTH.finditer(text):
        day = int(match.group("d") or match.group("d2"))
        month = MONTHS[(match.group("m") or match.group("m2")).lower().rstrip(".")]
        year_text = match.group("y") or match.group("y2")
        problem = _day_problem(int(year_text) if year_text else None, month, day)
        if problem:
            return problem
    return None


def _day_problem(year: int | None, month: int, day: int) -> str | None:
    if not 1 <= day <= 31:
        return f"there is no day {day} in a month"
    last = calendar.monthrange(year if year is not None else ANY_YEAR, month)[1]
    return None if day <= last else missing_day(month, day, year)


def missing_day(month: int, day: int, year: int | None) -> str:
    """ "February 2021 has no 29th day (it has 28)", or "February never has a 31st day"
    without a year: the one wording of a day a month lacks, in chat and on the CLI."""
    name = wording.MONTH_NAMES[month]
    if year is None:
        return f"{name} never has a {wording.ordinal(day)} day"
    last = calendar.monthrange(year, month)[1]
    return f"{name} {year} has no {wording.ordinal(day)} day (it has {last})"


__all__ = ["ANY_YEAR", "NumericOrder", "Reading", "impossible_date", "missing_day", "read",
           "week_containing"]
