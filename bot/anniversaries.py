"""Upcoming anniversaries: which day-precision events turn N years old in a window.

The leap-day policy lives here: an event of 29 February has its anniversary on
28 February in common years.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from bot import wording
from bot.context import Context
from bot.messages import Reply, ReplyKind, Section
from bot.model import Event
from bot.presenting import citation
from bot.queries import UpcomingQuery

MILESTONES = frozenset(
    {
        1,
        2,
        5,
        10,
        15,
        20,
        25,
        30,
        40,
        50,
        60,
        70,
        75,
        80,
        90,
        100,
        125,
        150,
        175,
        200,
        250,
        300,
        400,
        500,
    }
)


@dataclass(frozen=True, slots=True)
class Occasion:
    """The ``years``-th anniversary of ``event`` falls on ``on``."""

    event: Event
    on: date
    years: int

    @property
    def milestone(self) -> bool:
        return self.years in MILESTONES


def anniversary_in(event_day: date, year: int) -> date:
    """Where an event's anniversary falls in ``year`` (29 February -> 28 February)."""
    if (event_day.month, event_day.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, event_day.month, event_day.day)


def month_days_in(start: date, days: int) -> list[tuple[int, int]]:
    """The (month, day) pairs whose events have an anniversary in ``start .. start+days-1``."""
    pairs: list[tuple[int, int]] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        pairs.append((day.month, day.day))
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            pairs.append((2, 29))
    return list(dict.fromkeys(pairs))


def occasions(events: list[Event], start: date, days: int) -> list[Occasion]:
    """Anniversaries of ``events`` inside the window, soonest first; year 0 is skipped."""
    end = start + timedelta(days=days - 1)
    found: list[Occasion] = []
    for event in events:
        for year in range(start.year, end.year + 1):
            on = anniversary_in(event.date.start, year)
            years = year - event.date.start.year
            if start <= on <= end and years > 0:
                found.append(Occasion(event, on, years))
    found.sort(key=lambda o: (o.on, -o.years, o.event.id or 0))
    return found


def occasion_section(occasion: Occasion, today: date) -> Section:
    event = occasion.event
    days = (occasion.on - today).days
    when = "today" if days == 0 else ("tomorrow" if days == 1 else f"in {days} days")
    mark = " (milestone)" if occasion.milestone else ""
    heading = (
        f"{wording.full_date(occasion.on)}, {when}: {wording.plural(occasion.years, 'year')} "
        f"since {event.title}{mark}"
    )
    lines = [f"Happened on {wording.full_date(event.date.start)}."]
    if event.summary:
        lines.append(event.summary)
    return Section(heading, tuple(lines), tuple(citation(s) for s in event.sources), event.id)


async def answer_upcoming(ctx: Context, query: UpcomingQuery) -> Reply:
    pairs = month_days_in(query.start, query.days)
    events = await ctx.store.on_month_days(pairs, limit=1000)
    found = occasions(events, query.start, query.days)
    window = f"the next {wording.plural(query.days, 'day')}"
    if not found:
        return Reply(
            ReplyKind.EMPTY,
            "No anniversaries coming up",
            f"No recorded event has an anniversary in {window}.",
        )
    shown = found[: ctx.settings.max_events]
    milestones = sum(1 for o in found if o.milestone)
    return Reply(
        ReplyKind.LIST,
        "Upcoming anniversaries",
        f"{wording.plural(len(found), 'anniversary', 'anniversaries')} in {window}, "
        f"{milestones} of them milestones.",
        tuple(occasion_section(o, query.start) for o in shown),
        tuple(o.event for o in shown),
        footer="" if len(shown) == len(found) else f"Showing the first {len(shown)}.",
    )
