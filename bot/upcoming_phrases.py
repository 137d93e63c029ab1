"""Reading questions about coming anniversaries: how far ahead, and which ones.

"what anniversaries are coming up?", "upcoming 2 weeks", "upcoming 60", "upcoming
milestones" (milestone anniversaries only), "any anniversaries in January?" (the next
January, as a window of its own). The same reading serves the natural question and the
``upcoming`` command's arguments. Pure: ``today`` comes in.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot import wording
from bot.numbers import is_number
from bot.queries import InvalidQuery, Query, UpcomingQuery
from bot.temporal.lexicon import MONTHS, NUMBER_WORDS, count_number

MAX_UPCOMING_DAYS = 366
DEFAULT_DAYS = 30

_NUM = (
    r"(?:\d{1,4}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-[a-z]+|"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    + ")"
)
_TRIGGER = re.compile(r"\b(?:anniversar\w*|coming up|upcoming|milestones?)\b")
_SPAN = re.compile(
    rf"\b(?:(?:next|coming|following|within|upcoming|for|over) (?:the )?)?(?:(?P<n>{_NUM}) )?"
    r"(?P<unit>days?|weeks?|fortnight|months?|years?)\b"
)
_BARE_COUNT = re.compile(r"\bupcoming (?P<n>\d{1,4})\b(?! (?:days?|weeks?|months?|years?))")
_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
_IN_MONTH = re.compile(rf"\b(?:in|during|for|of) (?P<m>{_MONTH_WORD})\b(?: (?P<y>\d{{4}}))?")
_UNIT_DAYS = {"d": 1, "w": 7, "f": 14, "m": 30, "y": 365}
_MONTH_REL = re.compile(r"\b(?P<rel>this|next) month\b")


def parse_upcoming(clean: str, today: date) -> Query | None:
    """An ``UpcomingQuery`` if ``clean`` asks about coming anniversaries."""
    if not _TRIGGER.search(clean):
        return None
    milestones = bool(re.search(r"\bmilestones?\b", clean))
    window = _window(clean, today)
    if isinstance(window, InvalidQuery):
        return window
    start, days, label = window
    if not 1 <= days <= MAX_UPCOMING_DAYS:
        return InvalidQuery(f"I can look ahead between 1 and {MAX_UPCOMING_DAYS} days")
    if (date.max - start).days < days - 1:
        return InvalidQuery(
            "that window runs outside the calendar Dateline can count (years 1 to 9999)")
    return UpcomingQuery(start, days, milestones=milestones, label=label)


def _window(clean: str, today: date) -> tuple[date, int, str] | InvalidQuery:
    """(first day, number of days, label or "") of the window asked about."""
    month = _month_window(clean, today)
    if month is not None:
        return month
    if match := _BARE_COUNT.search(clean):
        return today, int(match.group("n")), ""
    if match := _SPAN.search(clean):
        try:
            count = count_number(match.group("n")) if match.group("n") else 1
        except KeyError:
            return InvalidQuery(f"I could not read “{match.group('n')}” as a number of days")
        return today, count * _UNIT_DAYS[match.group("unit")[0]], ""
    if re.search(r"\bthis week\b", clean):
        return today, 7, ""
    if re.search(r"\b(?:today|tomorrow)\b", clean):
        return today, 2 if "tomorrow" in clean else 1, ""
    return today, DEFAULT_DAYS, ""


def _month_window(clean: str, today: date) -> tuple[date, int, str] | InvalidQuery | None:
    """ "in January": the next January (this one while it lasts), from today if current."""
    if match := _MONTH_REL.search(clean):
        step = 0 if match.group("rel") == "this" else 1
        months = today.year * 12 + today.month - 1 + step
        year, month = divmod(months, 12)
        return _month_span(today, year, month + 1)
    match = _IN_MONTH.search(clean)
    if match is None:
        return None
    month = MONTHS[match.group("m")]
    if match.group("y"):
        year = int(match.group("y"))
    else:
        year = today.year if month >= today.month else today.year + 1
    return _month_span(today, year, month)


def _month_span(today: date, year: int, month: int) -> tuple[date, int, str] | InvalidQuery:
    if not 1 <= year <= 9999:
        return InvalidQuery("that month is outside the calendar")
    first = max(date(year, month, 1), today)
    last = date(year, month, calendar.monthrange(year, month)[1])
    label = f"in {wording.month_year(year, month)}"
    if last < today:
        return InvalidQuery(f"{wording.month_year(year, month)} has passed; anniversaries look "
                            "ahead, so ask about a coming month")
    return first, (last - first).days + 1, label


_KNOWN = frozenset(
    (
        "anniversary anniversaries milestone milestones upcoming coming up next following in "
        "the a an for over within of this day days week weeks fortnight month months year "
        "years today tomorrow any couple few during"
    ).split()
)


def unknown_words(clean: str) -> list[str]:
    """Words of an ``upcoming`` command's arguments that its grammar does not use."""
    return [
        w for w in re.findall(r"[\w'-]+", clean)
        if w not in _KNOWN and w not in MONTHS and not is_number(w) and w not in NUMBER_WORDS
    ]


def window_end(query: UpcomingQuery) -> date:
    """The last day of the window."""
    return query.start + timedelta(days=query.days - 1)
