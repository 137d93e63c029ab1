"""Recognising the date phrases of chat questions: "7 January", "2020-01-07",
"between 3 and 8 January 2020", "first week of January 2020", "in 2020".

Everything here is pure: the asker's local date comes in as ``today``. A
phrase that names an impossible date becomes an ``InvalidQuery`` naming the
problem rather than a guess.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from bot.queries import DayQuery, InvalidQuery, MonthQuery, Query, RangeQuery, YearQuery
from bot.wording import MONTH_NAMES, ordinal

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES[1:], start=1):
    MONTHS[_name.lower()] = _number
    MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9

_ORDINAL_WORDS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
)
ORDINALS: dict[str, int] = {word: i for i, word in enumerate(_ORDINAL_WORDS, start=1)}
for _i, _word in enumerate(_ORDINAL_WORDS[:9], start=21):
    ORDINALS[f"twenty-{_word}"] = _i
    ORDINALS[f"twenty {_word}"] = _i
ORDINALS["thirtieth"] = 30
ORDINALS["thirty-first"] = 31
ORDINALS["thirty first"] = 31

# A leap year stands in for "any year" so that 29 February is a valid yearless day.
ANY_YEAR = 2000

_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORD})"
_YEAR = r"\d{4}"


class NumericOrder(StrEnum):
    """How to read purely numeric dates such as "7/1"."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"


@dataclass(frozen=True, slots=True)
class Partial:
    """A date phrase with whichever parts it named."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    problem: str | None = None


def _day_value(text: str) -> int:
    text = text.strip()
    if text in ORDINALS:
        return ORDINALS[text]
    return int(re.sub(r"(st|nd|rd|th)$", "", text))


def _month_value(text: str) -> int:
    return MONTHS[text.rstrip(".")[:3] if text.rstrip(".") not in MONTHS else text.rstrip(".")]


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("iso", r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b"),
        ("numeric", r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<y>\d{4}|\d{2}))?\b"),
        ("isomonth", r"\b(?P<y>\d{4})-(?P<m>\d{1,2})\b(?![-/.]\d)"),
        ("dmy", rf"\b(?:the )?(?P<d>{_DAY}) (?:of )?(?P<m>{_MON})(?: (?P<y>{_YEAR}))?\b"),
        ("mdy", rf"\b(?P<m>{_MON}) (?:the )?(?P<d>{_DAY})(?: (?P<y>{_YEAR}))?\b(?! ?(?:{_MON}))"),
        ("my", rf"\b(?P<m>{_MON}) (?:of )?(?P<y>{_YEAR})\b"),
        ("year", rf"\b(?P<y>{_YEAR})\b"),
        ("month", rf"\b(?P<m>{_MON})(?=$|[^\w])"),
        ("day", rf"\b(?:the )?(?P<d>{_DAY})\b"),
    )
)


def find_partials(text: str, order: NumericOrder | None) -> list[Partial]:
    """Non-overlapping date phrases in ``text``, left to right, longest first at a tie."""
    found: list[tuple[int, int, int, Partial]] = []
    for rank, (kind, pattern) in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            partial = _to_partial(kind, match, order)
            if partial is not None:
                found.append((match.start(), -(match.end() - match.start()), rank, partial))
    found.sort(key=lambda item: item[:3])
    chosen: list[Partial] = []
    for _, _, _, partial in found:
        if chosen and partial.start < chosen[-1].end:
            continue
        chosen.append(partial)
    return chosen


def _to_partial(kind: str, match: re.Match[str], order: NumericOrder | None) -> Partial | None:
    groups = match.groupdict()
    begin, finish = match.start(), match.end()
    if kind == "numeric":
        return _numeric_partial(match, order)
    if kind == "month" and match.group("m").rstrip(".") == "may":
        return None  # "may" alone is far more often the verb than the month
    year = int(groups["y"]) if groups.get("y") else None
    month = _month_value(groups["m"]) if kind in ("dmy", "mdy", "my", "month") else None
    if kind in ("iso", "isomonth"):
        month = int(groups["m"])
    day = _day_value(groups["d"]) if groups.get("d") else None
    if day is not None and not 1 <= day <= 31:
        return (
            None
            if kind == "day"
            else Partial(begin, finish, problem=f"there is no day {day} in a month")
        )
    if year is not None and not 1000 <= year <= 2999:
        return None
    return _checked(Partial(begin, finish, year=year, month=month, day=day))


def _numeric_partial(match: re.Match[str], order: NumericOrder | None) -> Partial:
    first, second = int(match.group("a")), int(match.group("b"))
    begin, finish = match.start(), match.end()
    if order is None:
        return Partial(
            begin,
            finish,
            problem=(
                f"“{match.group(0)}” is ambiguous: write the month as a word, "
                "for example “7 January”, or ask the bot's operator to set a day-first "
                "or month-first date order"
            ),
        )
    day, month = (first, second) if order is NumericOrder.DAY_FIRST else (second, first)
    year_text = match.group("y")
    year = None
    if year_text:
        year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    return _checked(Partial(begin, finish, year=year, month=month, day=day))


def _checked(partial: Partial) -> Partial:
    """Attach the problem with an impossible month or day, naming it plainly."""
    month, day = partial.month, partial.day
    if month is not None and not 1 <= month <= 12:
        return replace(partial, problem=f"there is no month {month}; months run from 1 to 12")
    if month is not None and day is not None:
        year = partial.year if partial.year is not None else ANY_YEAR
        last = calendar.monthrange(year, month)[1]
        if day > last:
            if partial.year is None:
                problem = f"{MONTH_NAMES[month]} never has a {ordinal(day)} day"
            else:
                problem = f"{MONTH_NAMES[month]} {year} has no {ordinal(day)} day (it has {last})"
            return replace(partial, problem=problem)
    return partial


_CONNECTOR = re.compile(r"^\s*(?:-|to|and|until|till|through|thru)\s*(?:the\s+)?$")
_RANGE_LEAD = re.compile(r"(?:between|from)\s*$")


_MONTH_FIRST_RANGE = re.compile(
    rf"\b(?P<m>{_MON}) (?P<d1>{_DAY}) ?(?:-|to|until|through) ?(?P<d2>{_DAY})(?: (?P<y>{_YEAR}))?\b"
)


def find_range(text: str, partials: list[Partial], today: date) -> Query | None:
    """A range between two consecutive date phrases joined by "and", "to" or "-"."""
    if match := _MONTH_FIRST_RANGE.search(text):
        month = _month_value(match.group("m"))
        year = int(match.group("y")) if match.group("y") else None
        left = _checked(Partial(0, 0, year, month, _day_value(match.group("d1"))))
        right = _checked(Partial(0, 0, year, month, _day_value(match.group("d2"))))
        if left.problem or right.problem:
            return InvalidQuery(left.problem or right.problem or "")
        return _range_from(left, right, today)
    for left, right in itertools.pairwise(partials):
        between = text[left.end : right.start]
        if not _CONNECTOR.match(between):
            continue
        word = between.strip()
        if word == "and" and not _RANGE_LEAD.search(text[: left.start]):
            continue
        if left.problem or right.problem:
            return InvalidQuery(left.problem or right.problem or "")
        return _range_from(left, right, today)
    return None


def _range_from(left: Partial, right: Partial, today: date) -> Query:
    year = right.year if left.year is None else left.year
    left = replace(left, year=year, month=left.month or right.month)
    if left.day is not None and left.month is None:
        return InvalidQuery("I could not tell which month that range starts in")
    left = _checked(left)
    if left.problem:
        return InvalidQuery(left.problem)
    start = _first_day(left, today)
    end = _last_day(right, today)
    if end < start:
        return InvalidQuery("the range ends before it starts")
    if (end - start).days > 366 * 20:
        return InvalidQuery("that range is longer than 20 years; ask about a shorter one")
    every_year = left.year is None and right.year is None and left.day is not None
    return RangeQuery(start, end, every_year=every_year)


def _first_day(partial: Partial, today: date) -> date:
    year = partial.year if partial.year is not None else _default_year(partial, today)
    return date(year, partial.month or 1, partial.day or 1)


def _last_day(partial: Partial, today: date) -> date:
    year = partial.year if partial.year is not None else _default_year(partial, today)
    month = partial.month or 12
    day = partial.day or calendar.monthrange(year, month)[1]
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _default_year(partial: Partial, today: date) -> int:
    """A yearless month means its most recent occurrence; yearless days use a leap year."""
    if partial.day is not None:
        return ANY_YEAR
    if partial.month is not None and partial.month > today.month:
        return today.year - 1
    return today.year


def single(partial: Partial, today: date) -> Query | None:
    """The query for one date phrase on its own."""
    if partial.problem:
        return InvalidQuery(partial.problem)
    if partial.month is not None and partial.day is not None:
        return DayQuery(partial.month, partial.day, partial.year)
    if partial.month is not None:
        return MonthQuery(partial.year or _default_year(partial, today), partial.month)
    if partial.year is not None:
        return YearQuery(partial.year)
    return None


_WEEK_OF = re.compile(
    r"\b(?P<n>first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th) week (?:of|in) $"
)
_WEEK_NUMBERS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
}


def week_of_month(text: str, partial: Partial, today: date) -> Query | None:
    """ "first week of January 2020": days 1-7, 8-14 and so on; "last week" is the final 7."""
    match = _WEEK_OF.search(text[: partial.start])
    if match is None or partial.month is None or partial.day is not None:
        return None
    year = partial.year or _default_year(partial, today)
    last = calendar.monthrange(year, partial.month)[1]
    if match.group("n") == "last":
        return RangeQuery(date(year, partial.month, last - 6), date(year, partial.month, last))
    first_day = 1 + 7 * (_WEEK_NUMBERS[match.group("n")] - 1)
    if first_day > last:
        return InvalidQuery(f"{MONTH_NAMES[partial.month]} {year} has no fifth week")
    end_day = min(first_day + 6, last)
    return RangeQuery(date(year, partial.month, first_day), date(year, partial.month, end_day))


def week_containing(day: date) -> RangeQuery:
    """The Monday-to-Sunday week that contains ``day``."""
    monday = day - timedelta(days=day.weekday())
    return RangeQuery(monday, monday + timedelta(days=6))
