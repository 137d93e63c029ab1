"""Reading the dates moderators type into commands: an event's date, with its precision
and range, and a source's publication day.

ISO dates ("2020-01-08", "2020-01", "2020", "2020-01-03 to 2020-01-08") are read
directly. Anything else is read as a question's dates are (``bot.parsing``), so
"8 January 2020", "Jan 8, 2020", "January 2020", "3-8 January 2020" and "Q1 2020" all
work, and an impossible date is named as it is in a question. A day without a year,
or a date with words left over, is refused rather than guessed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from bot.context import Context
from bot.errors import BadDate, FieldError
from bot.model import EventDate, Precision, parse_iso
from bot.queries import (
    DayQuery,
    InvalidQuery,
    MonthQuery,
    OpenRangeQuery,
    Query,
    RangeQuery,
    YearQuery,
)

_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
FORMS = "8 January 2020, January 2020, 2020, 3-8 January 2020 or 2020-01-08"


class BadEventDate(FieldError, BadDate):
    """A bad date in an event's "date" field: still a ``BadDate``, and a form shows it
    on that field."""

    def __init__(self, message: str) -> None:
        super().__init__("date", message)


def event_date(text: str, ctx: Context) -> EventDate:
    """The date an event field names, at the precision it was written with."""
    try:
        return _event_date(text, ctx)
    except BadDate as err:
        raise BadEventDate(str(err)) from err.__cause__


def _event_date(text: str, ctx: Context) -> EventDate:
    text = " ".join(text.split())
    if not text:
        raise BadDate(f"An event needs a date, such as {FORMS}.")
    start, _, end = text.partition(" to ")
    if _ISO.match(start) and (not end or _ISO.match(end.strip())):
        try:
            return EventDate.parse(start, end.strip() or None)
        except ValueError as err:
            raise BadDate(f"Bad date: {err}.") from err
    return _from_query(_read(text, ctx), text)


def source_day(text: str, ctx: Context) -> date:
    """The day a source was published: a whole date with its year."""
    text = " ".join(text.split())
    if _ISO.match(text):
        try:
            day, precision = parse_iso(text)
        except ValueError as err:
            raise BadDate(f"Bad publication date: {err}.") from err
        if precision is Precision.DAY:
            return day
    query = _read(text, ctx)
    if isinstance(query, DayQuery) and query.year is not None:
        return date(query.year, query.month, query.day)
    raise BadDate(f"A source's publication date is one day with its year, such as "
                  f"8 January 2020 or 2020-01-08, not “{text[:60]}”.")


def _read(text: str, ctx: Context) -> Query:
    # The question parser brings the date tagger: loaded only for dates not in ISO form.
    from bot.parsing import normalise, parse_period  # noqa: PLC0415

    query = parse_period(normalise(text), ctx.today, ctx.settings.parse_settings)
    if query is None:
        raise BadDate(f"Bad date: “{text[:60]}” is not a date I can read; write it as "
                      f"{FORMS}.")
    if isinstance(query, InvalidQuery):
        raise BadDate(f"Bad date: {query.problem}.")
    ignored = getattr(query, "ignored", ())
    if ignored:
        raise BadDate(f"Bad date: I read a date in “{text[:60]}” but not "
                      f"“{' '.join(ignored)}”; write the date alone, such as {FORMS}.")
    return query


def _from_query(query: Query, text: str) -> EventDate:
    if isinstance(query, DayQuery):
        if query.year is None:
            raise BadDate(f"Bad date: “{text[:60]}” has no year; an event's date needs "
                          "one (8 January 2020).")
        return EventDate(date(query.year, query.month, query.day))
    if isinstance(query, MonthQuery):
        return EventDate(date(query.year, query.month, 1), Precision.MONTH)
    if isinstance(query, YearQuery):
        return EventDate(date(query.year, 1, 1), Precision.YEAR)
    if isinstance(query, RangeQuery) and not query.every_year:
        return _range(query.start, query.end)
    raise BadDate(f"Bad date: “{text[:60]}” is not one date or range with its year; write "
                  f"it as {FORMS}.")


def _range(start: date, end: date) -> EventDate:
    """A range at the coarsest precision that covers exactly its days: "2019-2020" is
    two whole years, "January to March 2020" three whole months."""
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole_months and (start.month, end.month, end.day) == (1, 12, 31):
        if start.year != end.year:
            return EventDate(start, Precision.YEAR, date(end.year, 1, 1))
        return EventDate(start, Precision.YEAR)
    if whole_months and (start.year, start.month) != (end.year, end.month):
        return EventDate(start, Precision.MONTH, date(end.year, end.month, 1))
    if whole_months:
        return EventDate(start, Precision.MONTH)
    return EventDate(start, Precision.DAY, None if end == start else end)


def since_day(text: str, ctx: Context) -> date:
    """The first day of "since TEXT": "since 1 November 2026", "since yesterday"."""
    from bot.parsing import normalise, parse_period  # noqa: PLC0415 - see _read

    query = parse_period(normalise(f"since {text}"), ctx.today, ctx.settings.parse_settings)
    if isinstance(query, OpenRangeQuery) and query.direction == "after" and not query.ignored:
        return query.bound
    if isinstance(query, InvalidQuery):
        raise BadDate(f"Bad date: {query.problem}.")
    raise BadDate(f"“since {text[:60]}” names no day; say, for example, “since 1 November "
                  "2026” or “since yesterday”.")
