"""The event model: dated news events, their sources and their change history.

These frozen dataclasses are the only shape in which events cross layers.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Precision(StrEnum):
    """How much of an event's date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Status(StrEnum):
    """Where an event stands in moderation. Only published events answer questions;
    a retracted one was deleted by a moderator (kept, with its history, so the
    deletion can be undone) or merged into another."""

    DRAFT = "draft"
    PUBLISHED = "published"
    REJECTED = "rejected"
    RETRACTED = "retracted"


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, slots=True)
class EventDate:
    """A calendar date with a precision and an optional inclusive end.

    ``start`` is always a real date: the first day of the month for month
    precision and 1 January for year precision. ``end``, when present, is the
    last day of a range such as 3 to 8 January 2020 and uses the same
    precision as ``start``.
    """

    start: date
    precision: Precision = Precision.DAY
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("an event's end cannot come before its start")

    @property
    def last_day(self) -> date:
        """The last calendar day this date covers."""
        return period_end(self.end or self.start, self.precision)

    def iso(self) -> str:
        return format_iso(self.start, self.precision)

    def end_iso(self) -> str | None:
        return None if self.end is None else format_iso(self.end, self.precision)

    @classmethod
    def parse(cls, text: str, end: str | None = None) -> EventDate:
        """Read ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (and the same for ``end``)."""
        start, precision = parse_iso(text)
        if end is None or end == "":
            return cls(start, precision)
        stop, end_precision = parse_iso(end)
        if end_precision != precision:
            raise ValueError("a range's start and end must have the same precision")
        return cls(start, precision, stop)


def parse_iso(text: str) -> tuple[date, Precision]:
    """Parse an ISO date of day, month or year precision; ``ValueError`` names the problem."""
    text = text.strip()
    if m := _ISO_DAY.match(text):
        year, month, day = (int(g) for g in m.groups())
        _check_month(month)
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"{calendar.month_name[month]} {year} has no day {day}")
        return date(year, month, day), Precision.DAY
    if m := _ISO_MONTH.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        _check_month(month)
        return date(year, month, 1), Precision.MONTH
    if m := _ISO_YEAR.match(text):
        return date(int(m.group(1)), 1, 1), Precision.YEAR
    raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY")


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}; months run from 1 to 12")


def format_iso(day: date, precision: Precision) -> str:
    if precision is Precision.YEAR:
        return f"{day.year:04d}"
    if precision is Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def period_end(day: date, precision: Precision) -> date:
    """The last day of the month or year that ``day`` stands for."""
    if precision is Precision.YEAR:
        return date(day.year, 12, 31)
    if precision is Precision.MONTH:
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def anniversary_in(origin: date, year: int) -> date:
    """Where the anniversary of ``origin`` falls in ``year``: the one leap-day rule, by
    which 29 February comes round on 28 February in common years."""
    if (origin.month, origin.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, origin.month, origin.day)


@dataclass(frozen=True, slots=True)
class Source:
    """Where an event is documented. ``published`` is the article's date, not the event's."""

    publisher: str
    title: str
    url: str | None = None
    published: date | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A dated news event. ``id`` is ``None`` until the store assigns one.

    ``version`` is the stored version this copy was read at (0 for an event never
    stored); the store refuses an update whose version is no longer the stored one,
    so a change based on an old read cannot undo another's. ``merged_into`` names the
    event a retracted event was merged into: looking it up shows that one instead.
    """

    date: EventDate
    title: str
    summary: str = ""
    place: str = ""
    tags: tuple[str, ...] = ()
    status: Status = Status.PUBLISHED
    sources: tuple[Source, ...] = ()
    id: int | None = None
    created_by: str = ""
    created_at: datetime | None = None
    updated_by: str = ""
    updated_at: datetime | None = None
    version: int = 0
    merged_into: int | None = None


@dataclass(frozen=True, slots=True)
class EventRef:
    """What planning posts needs of an event, without its text: its id, its first day
    and its tags (lower-cased, as tag filters compare them)."""

    id: int
    start: date
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of an event's change history (and of the audit log).

    ``before`` and ``after`` are the whole event as it was before and after the change
    (``before`` is None for an event the change created; both are None for entries
    made before the audit kept states, and for entries not about an event).
    ``operation`` is the id of the first entry of a change made to several events at
    once (a merge, a tag rename), which are undone together; None when it stands alone.
    """

    event_id: int | None
    actor: str
    at: datetime
    action: str
    detail: str = ""
    id: int | None = field(default=None, compare=False)
    before: Event | None = field(default=None, compare=False)
    after: Event | None = field(default=None, compare=False)
    operation: int | None = field(default=None, compare=False)

    @property
    def undoable(self) -> bool:
        """Whether the entry holds what undo needs: the event and its state after."""
        return self.event_id is not None and self.after is not None
