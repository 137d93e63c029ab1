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
from bot.presenting import citation
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


def occasion_section(occasion: Occasion, today: date, *, ids: bool = False) -> Section:
    event = occasion.event
    number = f"#{event.id} " if ids and event.id else ""
    days = (occasion.on - today).days
    when = "today" if days == 0 else ("tomorrow" if days == 1 else f"in {days} days")
    mark = " (milestone)" if occasion.milestone else ""
    heading = (
        f"{number}{wording.full_date(occasion.on)}, {when}: "
        f"{wording.plural(occasion.years, 'year')} since {event.title}{mark}"
    )
    lines = [f"Happened on {wording.full_date(event.date.start)}."]
    if event.summary:
        lines.append(event.summary)
    return Section(heading, tuple(lines), tuple(citation(s) for s in event.sources), event.id)


async def answer_upcoming(ctx: Context, query: UpcomingQuery) -> Reply:
    page = ctx.page
    shown: list[Occasion] = []
    total = milestones = 0
    for offset in range(query.days):
        day = query.start + timedelta(days=offset)
        pairs = month_days_on(day)
        count = await ctx.store.count_recurring(pairs, before=day)
        if not count:
            continue
        milestones += len(await ctx.store.refs_on_dates(list(origins(day, DEFAULT_MILESTONES))))
        skip = max(page.offset - total, 0)  # how much of this day earlier pages showed
        total += count
        room = page.size - len(shown)
        if room > 0 and skip < count:
            events = await ctx.store.recurring(pairs, before=day, limit=room, offset=skip)
            shown += [Occasion(e, day, day.year - e.date.start.year) for e in events]
    window = f"the next {wording.plural(query.days, 'day')}"
    if not total:
        return Reply(
            ReplyKind.EMPTY,
            "No anniversaries coming up",
            f"No recorded event has an anniversary in {window}.",
        )
    if not shown:
        return Reply(ReplyKind.EMPTY, "No more", page.beyond(total, "anniversaries"))
    return Reply(
        ReplyKind.LIST,
        "Upcoming anniversaries",
        f"{wording.plural(total, 'anniversary', 'anniversaries')} in {window}, "
        f"{milestones:,} of them milestones.",
        tuple(occasion_section(o, query.start, ids=ctx.shows_ids) for o in shown),
        tuple(o.event for o in shown),
        page.actions(len(shown), total),
        footer=page.footer(len(shown), total),
        total=total,
        next=page.next(len(shown), total),
    )
