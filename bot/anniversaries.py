"""Upcoming anniversaries: which day-precision events turn N years old in a window.

The window is walked day by day, each day an exact count and (until a page is
full) an index lookup, so the total is true and no event is dropped by a cap,
however many share a day. The leap-day rule is the scheduler's
(``bot.reminders.rules``): 29 February events come round on 28 February in
common years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot import wording
from bot.context import Context
from bot.messages import Reply, ReplyKind, Section
from bot.model import Event
from bot.presenting import citation, shown_footer
from bot.queries import UpcomingQuery
from bot.reminders.model import DEFAULT_MILESTONES
from bot.reminders.rules import month_days_on, origins


@dataclass(frozen=True, slots=True)
class Occasion:
    """The ``years``-th anniversary of ``event`` falls on ``on``."""

    event: Event
    on: date
    years: int

    @property
    def milestone(self) -> bool:
        return self.years in DEFAULT_MILESTONES


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
    page_size = ctx.settings.max_events
    page: list[Occasion] = []
    total = milestones = 0
    for offset in range(query.days):
        day = query.start + timedelta(days=offset)
        pairs = month_days_on(day)
        count = await ctx.store.count_recurring(pairs, before=day)
        if not count:
            continue
        total += count
        milestones += len(await ctx.store.on_dates(list(origins(day, DEFAULT_MILESTONES))))
        if len(page) < page_size:
            events = await ctx.store.recurring(pairs, before=day, limit=page_size - len(page))
            page += [Occasion(e, day, day.year - e.date.start.year) for e in events]
    window = f"the next {wording.plural(query.days, 'day')}"
    if not total:
        return Reply(
            ReplyKind.EMPTY,
            "No anniversaries coming up",
            f"No recorded event has an anniversary in {window}.",
        )
    return Reply(
        ReplyKind.LIST,
        "Upcoming anniversaries",
        f"{wording.plural(total, 'anniversary', 'anniversaries')} in {window}, "
        f"{milestones:,} of them milestones.",
        tuple(occasion_section(o, query.start) for o in page),
        tuple(o.event for o in page),
        footer=shown_footer(len(page), total, "").strip(),
    )
