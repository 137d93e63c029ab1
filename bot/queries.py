"""The typed queries that questions and commands parse into.

Natural questions ("what happened on 7 January?") and explicit commands
("onthisday 7 January") produce the same types, so one handler serves both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

#: Words of a question that were neither a date nor a question word: the reply says it
#: left them out rather than quietly answering a wider question.
Ignored = tuple[str, ...]


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
    ignored: Ignored = ()


@dataclass(frozen=True, slots=True)
class MonthQuery:
    year: int
    month: int
    ignored: Ignored = ()


@dataclass(frozen=True, slots=True)
class YearQuery:
    year: int
    ignored: Ignored = ()


@dataclass(frozen=True, slots=True)
class RangeQuery:
    """An inclusive range of days. With ``every_year`` only the month and day of
    ``start`` and ``end`` count ("between 3 and 8 January", any year). ``label`` names a
    period the asker named as one ("Q1 2020", "winter 2020", "the 1990s")."""

    start: date
    end: date
    every_year: bool = False
    label: str = ""
    ignored: Ignored = ()


@dataclass(frozen=True, slots=True)
class OpenRangeQuery:
    """Everything before or after a day, nearest first: "before 2020" is ``end`` 31
    December 2019 going back, "since 7 January 2020" is ``start`` 7 January going on."""

    bound: date
    direction: Literal["before", "after"]
    label: str
    ignored: Ignored = ()


@dataclass(frozen=True, slots=True)
class WhenQuery:
    """ "When was X?": find events by keywords. ``elapsed`` asks "how long ago"."""

    keywords: str
    elapsed: bool = False


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    topic: str


@dataclass(frozen=True, slots=True)
class UpcomingQuery:
    """Anniversaries of day-precision events in the ``days`` days from ``start``.

    ``milestones`` keeps only milestone anniversaries; ``label`` names a window the
    asker chose ("in January") instead of "the next N days"."""

    start: date
    days: int = 30
    milestones: bool = False
    label: str = ""


@dataclass(frozen=True, slots=True)
class HelpQuery:
    command: str | None = None


@dataclass(frozen=True, slots=True)
class InvalidQuery:
    """The text looked like a question but cannot be answered as asked: an impossible
    date, or a command missing what it needs. ``title`` heads the reply."""

    problem: str
    title: str = "That date does not work"


PeriodQuery = DayQuery | MonthQuery | YearQuery | RangeQuery | OpenRangeQuery
PERIOD_QUERIES = (DayQuery, MonthQuery, YearQuery, RangeQuery, OpenRangeQuery)


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
    | OpenRangeQuery
    | WhenQuery
    | TimelineQuery
    | UpcomingQuery
    | HelpQuery
    | InvalidQuery
    | NotUnderstood
    | CommandCall
)
