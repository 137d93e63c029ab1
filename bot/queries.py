"""The typed queries that questions and commands parse into.

Natural questions ("what happened on 7 January?") and explicit commands
("onthisday 7 January") produce the same types, so one handler serves both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class DayQuery:
    """One calendar day; ``year=None`` means that day in every year.

    ``anniversary`` marks "today"-style questions, whose answer in a common
    year's 28 February also includes 29 February events (the leap-day policy).
    """

    month: int
    day: int
    year: int | None = None
    anniversary: bool = False


@dataclass(frozen=True, slots=True)
class MonthQuery:
    year: int
    month: int


@dataclass(frozen=True, slots=True)
class YearQuery:
    year: int


@dataclass(frozen=True, slots=True)
class RangeQuery:
    """An inclusive range of days. With ``every_year`` only the month and day of
    ``start`` and ``end`` count ("between 3 and 8 January", any year)."""

    start: date
    end: date
    every_year: bool = False


@dataclass(frozen=True, slots=True)
class WhenQuery:
    """ "When was X?": find events by keywords."""

    keywords: str


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    topic: str


@dataclass(frozen=True, slots=True)
class UpcomingQuery:
    """Anniversaries of day-precision events in the next ``days`` days, from ``start``."""

    start: date
    days: int = 30


@dataclass(frozen=True, slots=True)
class HelpQuery:
    command: str | None = None


@dataclass(frozen=True, slots=True)
class InvalidQuery:
    """The text looked like a date question but named an impossible date."""

    problem: str


@dataclass(frozen=True, slots=True)
class NotUnderstood:
    text: str


@dataclass(frozen=True, slots=True)
class CommandCall:
    """An explicit command the question parser does not interpret itself
    (moderator commands); its handler parses ``args``."""

    name: str
    args: str


Query = (
    DayQuery
    | MonthQuery
    | YearQuery
    | RangeQuery
    | WhenQuery
    | TimelineQuery
    | UpcomingQuery
    | HelpQuery
    | InvalidQuery
    | NotUnderstood
    | CommandCall
)
