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
        skip = max(page.offset - total, 0)  # how much of this day earlier pages showed
        count, marked, found = await _on_day(ctx, query, day, skip, page.size - len(shown))
        total += count
        milestones += marked
        shown += found
    return _upcoming_reply(ctx, query, shown, total, milestones)


async def _on_day(
    ctx: Context, query: UpcomingQuery, day: date, skip: int, room: int
) -> tuple[int, int, list[Occasion]]:
    """(anniversaries on ``day``, how many are milestones, the ones this page shows)."""
    milestone_dates = list(origins(day, DEFAULT_MILESTONES))
    if query.milestones:
        refs = sorted(await ctx.store.refs_on_dates(milestone_dates), key=lambda r: (r.start, r.id))
        events = [e for r in refs[skip : skip + max(room, 0)] if (e := await ctx.store.get(r.id))]
        return len(refs), len(refs), [_occasion(e, day) for e in events]
    pairs = month_days_on(day)
    count = await ctx.store.count_recurring(pairs, before=day)
    if not count:
        return 0, 0, []
    marked = len(await ctx.store.refs_on_dates(milestone_dates))
    if room <= 0 or skip >= count:
        return count, marked, []
    events = await ctx.store.recurring(pairs, before=day, limit=room, offset=skip)
    return count, marked, [_occasion(e, day) for e in events]


def _occasion(event: Event, day: date) -> Occasion:
    return Occasion(event, day, day.year - event.date.start.year)


def _upcoming_reply(
    ctx: Context, query: UpcomingQuery, shown: list[Occasion], total: int, milestones: int
) -> Reply:
    page = ctx.page
    window = query.label or f"in the next {wording.plural(query.days, 'day')}"
    noun = ("milestone anniversary", "milestone anniversaries") if query.milestones else (
        "anniversary", "anniversaries")
    if not total:
        return Reply(
            ReplyKind.EMPTY,
            f"No {noun[1]} coming up",
            f"No recorded event has {'a ' + noun[0] if query.milestones else 'an anniversary'} "
            f"{window}.",
        )
    if not shown:
        return Reply(ReplyKind.EMPTY, "No more", page.beyond(total, noun[1]))
    lead = f"{wording.plural(total, *noun)} {window}"
    lead += "." if query.milestones else f", {milestones:,} of them milestones."
    return Reply(
        ReplyKind.LIST,
        "Upcoming milestones" if query.milestones else "Upcoming anniversaries",
        lead,
        tuple(occasion_section(o, ctx.today, ids=ctx.shows_ids) for o in shown),
        tuple(o.event for o in shown),
        page.actions(len(shown), total),
        footer=page.footer(len(shown), total),
        total=total,
        next=page.next(len(shown), total),
    )
