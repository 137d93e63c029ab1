"""One tagged date expression as the period a question means, and ranges built from two.

A ``Piece`` is the first and last day an expression covers, how fine it is (day, month,
year or a named period such as "Q1 2020"), and whether it named a year at all. Yearless
days keep a leap year (``ANY_YEAR``) so that 29 February stays a valid day; yearless
months are placed at their most recent occurrence. Pure: ``today`` comes in.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from bot import wording
from bot.model import anniversary_in
from bot.queries import (
    DayQuery,
    InvalidQuery,
    MonthQuery,
    OpenRangeQuery,
    Query,
    RangeQuery,
    YearQuery,
)
from bot.temporal.holidays import HOLIDAYS, holiday_in
from bot.temporal.lexicon import MONTHS, count_number
from bot.temporal.ranges import Bound
from bot.temporal.timex import Timex

ANY_YEAR = 2000
MAX_RANGE_DAYS = 366 * 20
OUTSIDE_CALENDAR = "that date falls outside the calendar Dateline can count (years 1 to 9999)"

Grain = Literal["day", "month", "year", "period"]
_RANK: dict[Grain, int] = {"day": 4, "month": 3, "period": 2, "year": 1}

_RELATIVE_WORD = re.compile(r"\b(?:last|next|this|coming|past|previous|ago|yesterday|today"
                            r"|tomorrow|tonight)\b", re.IGNORECASE)
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b", re.IGNORECASE)
_ON_THIS_DAY = re.compile(r"(?:the day (?:before|after) )?(?:today|yesterday|tomorrow|tonight)"
                          r"|\bthis day\b", re.IGNORECASE)
_AGO = re.compile(r"(?P<n>.+?)\s+(?P<unit>day|week|month|year)s?\s+(?:ago|back|earlier)$",
                  re.IGNORECASE)
_DIRECTION = re.compile(r"\b(?P<w>next|coming|following|last|past|previous|preceding)\b",
                        re.IGNORECASE)
_DURATION = re.compile(r"^P(?P<n>\d+)(?P<unit>[DWMY])$")
_UNIT_DAYS = {"D": 1, "W": 7, "M": 30, "Y": 365}
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


@dataclass(frozen=True, slots=True)
class Piece:
    """The days one date expression of a question covers."""

    start: int
    end: int
    text: str
    first: date
    last: date
    grain: Grain
    yearless: bool = False
    on_this_day: bool = False
    anniversary: bool = False
    label: str = ""

    @property
    def rank(self) -> int:
        """How specific the piece is: a day beats a month beats a named period or year."""
        return _RANK[self.grain]

    def query(self, today: date) -> Query:
        first = self.first
        if self.grain == "day":
            year = None if self.yearless or self.on_this_day else first.year
            return DayQuery(first.month, first.day, year, anniversary=self.anniversary)
        if self.grain == "month":
            return MonthQuery(first.year, first.month)
        if self.grain == "year":
            return YearQuery(first.year)
        return RangeQuery(first, self.last, label=self.label)


def piece_for(timex: Timex, today: date, needs_anchor: bool) -> Piece | InvalidQuery | None:
    """The period ``timex`` names; ``needs_anchor`` says its value came from ``today``."""
    if timex.value is None:
        return InvalidQuery(OUTSIDE_CALENDAR) if _RELATIVE_WORD.search(timex.text) else None
    try:
        if timex.type == "DURATION":
            return _duration(timex, today)
        ago = _AGO.match(timex.text)
        if ago is not None and not _ON_THIS_DAY.search(timex.text):
            return _ago(timex, today, ago)
        return _dated(timex, today, needs_anchor)
    except (ValueError, OverflowError):
        return InvalidQuery(OUTSIDE_CALENDAR)
    except KeyError:
        return None  # a count the number table does not know: not a date after all


def _dated(timex: Timex, today: date, needs_anchor: bool) -> Piece | None:
    value = timex.value or ""
    base = Piece(timex.start, timex.end, timex.text, today, today, "day")
    if value == "PRESENT_REF":
        return base  # "from 2019 to now"
    calendar_name = needs_anchor and not _RELATIVE_WORD.search(timex.text)
    if match := re.match(r"^(\d{4})-(\d\d)-(\d\d)", value):
        day = date(*(int(g) for g in match.groups()))
        if _ON_THIS_DAY.fullmatch(timex.text.strip()):
            return replace(base, first=day, last=day, on_this_day=True,
                           anniversary=day == today)
        if calendar_name and _is_fixed_day(timex.text):
            return replace(base, first=_any_year(day), last=_any_year(day), yearless=True)
        return replace(base, first=day, last=day)
    if match := re.fullmatch(r"(\d{4})-(\d\d)", value):
        year, month = int(match.group(1)), int(match.group(2))
        yearless = calendar_name and bool(_MONTH_WORD.search(timex.text))
        if yearless:
            year = today.year if month <= today.month else today.year - 1
        piece = replace(base, first=date(year, month, 1), last=_month_end(year, month),
                        grain="month", yearless=yearless)
        return _part_of(piece, timex.text)
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        piece = replace(base, first=date(year, 1, 1), last=date(year, 12, 31), grain="year")
        return _part_of(piece, timex.text)
    period = _named_period(value)
    if period is None:
        return None
    label = _period_name(timex.text) if period[2] is None else period[2]
    return replace(base, first=period[0], last=period[1], grain="period", label=label)


_PART = re.compile(r"^(?:the\s+)?(?P<w>early|mid|middle|late|beginning|start|end)\b",
                   re.IGNORECASE)
# Thirds of a month (days 1-10, 11-20, 21-end) and of a year (four months each).
_THIRD = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}


def _part_of(piece: Piece, text: str) -> Piece:
    """ "early January 2020", "mid-2019", "the end of 2020": the third it names, not all
    of the month or year (the tagger's value drops the modifier)."""
    match = _PART.match(text.strip())
    if match is None:
        return piece
    third = _THIRD[match.group("w").lower()]
    first = piece.first
    if piece.grain == "month":
        start = date(first.year, first.month, 1 + 10 * third)
        end = piece.last if third == 2 else date(first.year, first.month, 10 + 10 * third)
    else:
        start = date(first.year, 1 + 4 * third, 1)
        end = _month_end(first.year, 4 + 4 * third)
    return replace(piece, first=start, last=end, grain="period", label=_period_name(text))


def _period_name(text: str) -> str:
    """The asker's words for a period, tidied for a heading ("q1 2020" → "Q1 2020")."""
    name = " ".join(text.split())
    return re.sub(r"\b([qh])([1-4])\b", lambda m: m.group(1).upper() + m.group(2), name)


def _is_fixed_day(text: str) -> bool:
    """A calendar day with no year, or a holiday that falls on the same day every year
    (Christmas, yes; Easter, no: that one needs a year to be a day)."""
    name = " ".join(text.lower().split())
    name = re.sub(r"^(?:on |the )", "", name)
    if name not in HOLIDAYS:
        return True
    days = {(d.month, d.day) for y in (2001, 2002, 2003) if (d := holiday_in(name, y))}
    return len(days) == 1


def _named_period(value: str) -> tuple[date, date, str | None] | None:
    """First and last day of a quarter, half, season, ISO week, decade or century, and
    "" where the dates say it better than the words (a week)."""
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        year, quarter = int(match.group(1)), int(match.group(2))
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter), None
    if match := re.fullmatch(r"(\d{4})-H([12])", value):
        year, half = int(match.group(1)), int(match.group(2))
        return date(year, 6 * half - 5, 1), _month_end(year, 6 * half), None
    if match := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        year, (first, last) = int(match.group(1)), _SEASON_MONTHS[match.group(2)]
        # Meteorological seasons; the winter of a year is the one its February ends.
        start_year = year - 1 if first > last else year
        return date(start_year, first, 1), _month_end(year, last), None
    if match := re.fullmatch(r"(\d{4})-W(\d\d)", value):
        monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        return monday, monday + timedelta(days=6), ""
    if re.fullmatch(r"\d{3}", value):
        decade = int(value) * 10
        return date(max(decade, 1), 1, 1), date(decade + 9, 12, 31), None
    if re.fullmatch(r"\d{2}", value):
        century = int(value) * 100
        return date(max(century, 1), 1, 1), date(century + 99, 12, 31), None
    return None


def _duration(timex: Timex, today: date) -> Piece | None:
    """ "the past two weeks", "the next 3 days": a span ending or starting today."""
    match = _DURATION.match(timex.value or "")
    direction = _DIRECTION.search(timex.text)
    if match is None or direction is None:
        return None
    days = int(match.group("n")) * _UNIT_DAYS[match.group("unit")]
    ahead = direction.group("w").lower() in ("next", "coming", "following")
    first, last = (today, today + timedelta(days=days)) if ahead else (
        today - timedelta(days=days), today)
    return Piece(timex.start, timex.end, timex.text, first, last, "period")


def _ago(timex: Timex, today: date, match: re.Match[str]) -> Piece:
    """ "a week ago", "ten years ago": that one day, counted back from today."""
    count = count_number(re.sub(r"^(?:about|around|some|just|only) ", "", match.group("n")))
    unit = match.group("unit").lower()
    if unit == "year":
        day = anniversary_in(today, today.year - count)
    elif unit == "month":
        months = today.year * 12 + today.month - 1 - count
        year, month = divmod(months, 12)
        day = date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))
    else:
        day = today - timedelta(days=count * (7 if unit == "week" else 1))
    return Piece(timex.start, timex.end, timex.text, day, day, "day")


def range_between(
    left: Piece | InvalidQuery | None, right: Piece | InvalidQuery | None, today: date
) -> Query:
    """The period from the start of ``left`` to the end of ``right``."""
    if isinstance(left, InvalidQuery):
        return left
    if isinstance(right, InvalidQuery):
        return right
    if left is None or right is None:
        return InvalidQuery("I could not read both ends of that range")
    if left.grain == right.grain == "day" and left.yearless and right.yearless:
        last = right.last
        if last < left.first:
            # "from 28 December to 3 January", every year: the range runs over New Year.
            last = anniversary_in(last, ANY_YEAR + 1)
        return RangeQuery(left.first, last, every_year=True)
    if left.yearless and right.yearless:
        year = left.first.year
        left = _placed(left, year)
        right = _placed(right, year if right.first.month >= left.first.month else year + 1)
    elif left.yearless:
        left = _placed(left, right.last.year)
        if left.first > right.last:
            left = _placed(left, right.last.year - 1)
    elif right.yearless:
        right = _placed(right, left.first.year)
        if right.last < left.first:
            right = _placed(right, left.first.year + 1)
    if right.last < left.first:
        return InvalidQuery("the range ends before it starts")
    if (right.last - left.first).days > MAX_RANGE_DAYS:
        return InvalidQuery("that range is longer than 20 years; ask about a shorter one")
    return RangeQuery(left.first, right.last)


def _placed(piece: Piece, year: int) -> Piece:
    """A yearless piece moved into ``year``; 29 February falls back to the 28th."""
    if piece.grain == "month":
        month = piece.first.month
        return replace(piece, first=date(year, month, 1), last=_month_end(year, month),
                       yearless=False)
    if piece.grain == "period":  # "late February": the same part of that year's month
        last = piece.last
        if last.day == _month_end(last.year, last.month).day:
            end = _month_end(year, last.month)
        else:
            end = anniversary_in(last, year)
        return replace(piece, first=anniversary_in(piece.first, year), last=end,
                       yearless=False)
    day = anniversary_in(piece.first, year)
    return replace(piece, first=day, last=day, yearless=False)


def open_range(piece: Piece | InvalidQuery | None, bound: Bound, today: date) -> Query:
    """ "before 2020", "since 7 January 2020", "from March onwards"."""
    if piece is None or isinstance(piece, InvalidQuery):
        return piece or InvalidQuery("I could not read the date that range starts or ends at")
    if piece.yearless:
        piece = _most_recent(piece, today)
    if bound.direction == "before":
        end = piece.last if bound.inclusive else piece.first - timedelta(days=1)
        return OpenRangeQuery(end, "before", f"up to {wording.full_date(end)}")
    start = piece.first if bound.inclusive else piece.last + timedelta(days=1)
    return OpenRangeQuery(start, "after", f"from {wording.full_date(start)}")


def _most_recent(piece: Piece, today: date) -> Piece:
    placed = _placed(piece, today.year)
    return placed if placed.first <= today else _placed(piece, today.year - 1)


def _any_year(day: date) -> date:
    return date(ANY_YEAR, day.month, day.day)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
