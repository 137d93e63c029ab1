"""Answers to date questions: days, months, years, ranges, "when", timelines and
upcoming anniversaries. Each handler reads through the ``EventStore`` port and
returns a ``Reply``; none of them reads the clock.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from bot import wording
from bot.context import Context
from bot.messages import Reply, ReplyKind
from bot.model import Event, Precision
from bot.presenting import event_sections, shown_footer, year_span
from bot.queries import DayQuery, MonthQuery, RangeQuery, TimelineQuery, WhenQuery, YearQuery
from bot.suggesting import nothing_for_date, nothing_for_month_days, nothing_for_words

NARROW_HINT = "Add a year to narrow it down, for example “7 January 2020”."


def _is_leap(year: int) -> bool:
    return calendar.isleap(year)


async def answer_day(ctx: Context, query: DayQuery) -> Reply:
    if query.year is None:
        return await _every_year(ctx, query)
    day = date(query.year, query.month, query.day)
    label = wording.full_date(day)
    return await _period(ctx, day, day, f"What happened on {label}", label)


async def _every_year(ctx: Context, query: DayQuery) -> Reply:
    pairs = [(query.month, query.day)]
    if query.anniversary and (query.month, query.day) == (2, 28) and not _is_leap(ctx.today.year):
        pairs.append((2, 29))  # leap-day events are remembered on 28 February in common years
    label = wording.day_month(query.month, query.day)
    limit = ctx.settings.max_events
    events = await ctx.store.on_month_days(pairs, limit=limit)
    if not events:
        return await nothing_for_month_days(ctx, query.month, query.day, label)
    total = await ctx.store.count_on_month_days(pairs) if len(events) >= limit else len(events)
    title = f"On this day: {label}" if query.anniversary else f"What happened on {label}"
    return Reply(
        ReplyKind.ANSWER,
        title,
        f"{wording.plural(total, 'event')} on {label} {year_span(events)}, oldest first.",
        event_sections(events, ctx.today),
        tuple(events),
        footer=shown_footer(len(events), total, NARROW_HINT),
    )


async def answer_month(ctx: Context, query: MonthQuery) -> Reply:
    start = date(query.year, query.month, 1)
    end = date(query.year, query.month, calendar.monthrange(query.year, query.month)[1])
    label = wording.month_year(query.year, query.month)
    return await _period(ctx, start, end, f"What happened in {label}", label)


async def answer_year(ctx: Context, query: YearQuery) -> Reply:
    label = str(query.year)
    start, end = date(query.year, 1, 1), date(query.year, 12, 31)
    return await _period(ctx, start, end, f"What happened in {label}", label)


async def answer_range(ctx: Context, query: RangeQuery) -> Reply:
    if query.every_year:
        return await _every_year_range(ctx, query)
    label = wording.date_range(query.start, query.end)
    return await _period(ctx, query.start, query.end, f"What happened {_from(label)}", label)


def _from(label: str) -> str:
    return f"from {label}" if " to " in label else f"on {label}"


def answers_period(event: Event, start: date, end: date) -> bool:
    """Whether an event belongs in the answer for ``start..end``.

    A day-precision event answers when it overlaps the period. A coarser event
    ("October 2019", "2019") answers only when the period covers all of it, so a
    month-precision event is never the answer to a single-day question.
    """
    if event.date.precision is Precision.DAY:
        return event.date.start <= end and event.date.last_day >= start
    return start <= event.date.start and event.date.last_day <= end


async def _period(ctx: Context, start: date, end: date, title: str, label: str) -> Reply:
    limit = ctx.settings.max_events
    fetched = await ctx.store.overlapping(start, end, limit=limit * 4)
    events = [e for e in fetched if answers_period(e, start, end)][:limit]
    if not events:
        return await nothing_for_date(ctx, start, end, label)
    total = len(events)
    if len(fetched) >= limit * 4:
        total = max(total, await ctx.store.count_overlapping(start, end))
    return Reply(
        ReplyKind.ANSWER,
        title,
        f"{wording.plural(total, 'event')} for {label}, oldest first.",
        event_sections(events, ctx.today),
        tuple(events),
        footer=shown_footer(len(events), total, "Ask about a shorter period to see the rest."),
    )


async def _every_year_range(ctx: Context, query: RangeQuery) -> Reply:
    pairs: list[tuple[int, int]] = []
    day = query.start
    while day <= query.end and len(pairs) < 366:
        pairs.append((day.month, day.day))
        day += timedelta(days=1)
    label = (
        f"{wording.day_month(query.start.month, query.start.day)} to "
        f"{wording.day_month(query.end.month, query.end.day)}"
    )
    limit = ctx.settings.max_events
    events = await ctx.store.on_month_days(pairs, limit=limit)
    if not events:
        return await nothing_for_month_days(ctx, query.start.month, query.start.day, label)
    total = await ctx.store.count_on_month_days(pairs) if len(events) >= limit else len(events)
    return Reply(
        ReplyKind.ANSWER,
        f"What happened from {label}",
        f"{wording.plural(total, 'event')} from {label} {year_span(events)}, oldest first.",
        event_sections(events, ctx.today),
        tuple(events),
        footer=shown_footer(len(events), total, NARROW_HINT),
    )


async def answer_when(ctx: Context, query: WhenQuery) -> Reply:
    events = await ctx.store.search(query.keywords, limit=10)
    if not events:
        return await nothing_for_words(ctx, query.keywords)
    best = _best_dated(events)
    events = [best, *(e for e in events if e is not best)]
    lead = (
        f"Best match: {wording.event_date(best.date)} "
        f"({wording.age(best.date.start, ctx.today, best.date.precision)})."
    )
    if len(events) > 1:
        lead += f" {wording.plural(len(events) - 1, 'other match', 'other matches')} below."
    return Reply(
        ReplyKind.ANSWER,
        f"When: {query.keywords}",
        lead,
        event_sections(events, ctx.today),
        tuple(events),
    )


def _best_dated(ranked: list[Event]) -> Event:
    """A "when" question asks for a date: among the few most relevant matches, an
    event known to the day beats one known only to the month or year."""
    for event in ranked[:3]:
        if event.date.precision is Precision.DAY:
            return event
    return ranked[0]


async def answer_timeline(ctx: Context, query: TimelineQuery) -> Reply:
    limit = ctx.settings.max_events
    found = await ctx.store.search(query.topic, limit=limit)
    if not found:
        return await nothing_for_words(ctx, query.topic)
    events = sorted(found, key=lambda e: (e.date.start, e.id or 0))
    span = f"{wording.event_date(events[0].date)} to {wording.event_date(events[-1].date)}"
    return Reply(
        ReplyKind.LIST,
        f"Timeline: {query.topic}",
        f"{wording.plural(len(events), 'event')}, {span}.",
        event_sections(events, ctx.today),
        tuple(events),
        footer="Showing the best matches only." if len(found) >= limit else "",
    )
