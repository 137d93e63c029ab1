"""Answers to date questions: days, months, years, ranges, "when", timelines and
upcoming anniversaries. Each handler reads through the ``EventStore`` port and
returns a ``Reply``; none of them reads the clock.
"""

from __future__ import annotations

import calendar
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot import matching, wording
from bot.context import Context
from bot.messages import Reply, ReplyKind
from bot.model import Event
from bot.ports import EventPage
from bot.presenting import event_sections, listed
from bot.queries import (
    DayQuery,
    MonthQuery,
    OpenRangeQuery,
    RangeQuery,
    TimelineQuery,
    WhenQuery,
    YearQuery,
)
from bot.reminders.rules import month_days_on
from bot.suggesting import (
    nothing_for_date,
    nothing_for_month,
    nothing_for_month_days,
    nothing_for_words,
    nothing_for_year,
)

Fetch = Callable[[int, int], Awaitable[list[Event]]]  # (limit, offset) -> a page, oldest first


@dataclass(frozen=True, slots=True)
class Found:
    """One page of a timeline's events, with the true total and the first and last of all.
    (Date questions read an ``EventPage`` from the store in one call instead.)"""

    events: list[Event]
    total: int
    first: Event | None
    last: Event | None


async def _find(ctx: Context, fetch: Fetch, count: Callable[[], Awaitable[int]]) -> Found:
    """The asked-for page, counting everything only when there is more than one page."""
    page = ctx.page
    events = await fetch(page.size, page.offset)
    total = len(events) if page.number == 1 and len(events) < page.size else await count()
    if not total:
        return Found([], 0, None, None)
    first = events[0] if page.number == 1 and events else (await fetch(1, 0))[0]
    complete = events and page.offset + len(events) >= total
    last = events[-1] if complete else (await fetch(1, total - 1))[0]
    return Found(events, total, first, last)


def _years(found: EventPage) -> str:
    """"in 2020" or "from 1825 to 2024": the years of every event, not just this page."""
    if found.first is None or found.last is None:
        return ""
    first, last = found.first.year, found.last.year
    return f"in {first}" if first == last else f"from {first} to {last}"


def _beyond(ctx: Context, found: Found | EventPage) -> Reply:
    return Reply(ReplyKind.EMPTY, "No more", ctx.page.beyond(found.total, "events"))


async def answer_day(ctx: Context, query: DayQuery) -> Reply:
    if query.year is None:
        return await _every_year(ctx, query)
    day = date(query.year, query.month, query.day)
    label = wording.full_date(day)
    return await _period(ctx, day, day, f"What happened on {label}", label)


async def _every_year(ctx: Context, query: DayQuery) -> Reply:
    pairs = [(query.month, query.day)]
    if query.anniversary and (query.month, query.day) == (2, 28):
        # leap-day events are remembered on 28 February in common years (the one rule)
        pairs = month_days_on(date(ctx.today.year, 2, 28))
    label = wording.day_month(query.month, query.day)
    page = ctx.page
    found = await ctx.store.on_month_days_page(pairs, limit=page.size, offset=page.offset)
    if not found.total:
        return await nothing_for_month_days(ctx, query.month, query.day, label)
    if not found.events:
        return _beyond(ctx, found)
    title = f"On this day: {label}" if query.anniversary else f"What happened on {label}"
    lead = f"{wording.plural(found.total, 'event')} on {label}, {_years(found)}, oldest first."
    return listed(ctx, ReplyKind.ANSWER, title, lead, found.events, total=found.total)


async def answer_month(ctx: Context, query: MonthQuery) -> Reply:
    start = date(query.year, query.month, 1)
    end = date(query.year, query.month, calendar.monthrange(query.year, query.month)[1])
    label = wording.month_year(query.year, query.month)
    return await _period(
        ctx, start, end, f"What happened in {label}", label,
        suggest=lambda: nothing_for_month(ctx, query.year, query.month, label),
    )


async def answer_year(ctx: Context, query: YearQuery) -> Reply:
    label = str(query.year)
    start, end = date(query.year, 1, 1), date(query.year, 12, 31)
    return await _period(
        ctx, start, end, f"What happened in {label}", label,
        suggest=lambda: nothing_for_year(ctx, query.year, label),
    )


async def answer_range(ctx: Context, query: RangeQuery) -> Reply:
    if query.every_year:
        return await _every_year_range(ctx, query)
    label = wording.date_range(query.start, query.end)
    if query.label:
        # A named period shows its days, so "winter 2020" is never a silent guess.
        return await _period(ctx, query.start, query.end, f"What happened in {query.label}",
                             f"{query.label} ({label})")
    return await _period(ctx, query.start, query.end, f"What happened {_from(label)}", label)


async def answer_open_range(ctx: Context, query: OpenRangeQuery) -> Reply:
    """ "before 2020", "since 7 January 2020": every event on that side, nearest first."""
    newest_first = query.direction == "before"
    start, end = (date.min, query.bound) if newest_first else (query.bound, date.max)
    return await _period(
        ctx, start, end, f"What happened {query.label}", query.label,
        suggest=lambda: nothing_for_date(ctx, query.bound, query.bound, query.label,
                                         sentence=f"Nothing recorded {query.label}."),
        newest_first=newest_first, phrase=query.label,
    )


def _from(label: str) -> str:
    return f"from {label}" if " to " in label else f"on {label}"


async def _period(
    ctx: Context,
    start: date,
    end: date,
    title: str,
    label: str,
    *,
    suggest: Callable[[], Awaitable[Reply]] | None = None,
    newest_first: bool = False,
    phrase: str = "",
) -> Reply:
    """One page of the events of ``start..end``; ``phrase`` replaces "for LABEL" in the
    lead (an open range says "up to 31 December 2019")."""
    page = ctx.page
    found = await ctx.store.in_period_page(
        start, end, limit=page.size, offset=page.offset, newest_first=newest_first)
    if not found.total:
        return await (suggest() if suggest else nothing_for_date(ctx, start, end, label))
    if not found.events:
        return _beyond(ctx, found)
    order = "newest first" if newest_first else "oldest first"
    lead = f"{wording.plural(found.total, 'event')} {phrase or 'for ' + label}, {order}."
    return listed(ctx, ReplyKind.ANSWER, title, lead, found.events, total=found.total)


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
    page = ctx.page
    found = await ctx.store.on_month_days_page(pairs, limit=page.size, offset=page.offset)
    if not found.total:
        return await nothing_for_month_days(ctx, query.start.month, query.start.day, label)
    if not found.events:
        return _beyond(ctx, found)
    lead = f"{wording.plural(found.total, 'event')} from {label}, {_years(found)}, oldest first."
    return listed(ctx, ReplyKind.ANSWER, f"What happened from {label}", lead, found.events,
                  total=found.total)


async def answer_when(ctx: Context, query: WhenQuery) -> Reply:
    resolved = await matching.resolve(ctx.store, query.keywords)
    events = await matching.rank(ctx.store, resolved, limit=10)
    if not events:
        return await nothing_for_words(ctx, query.keywords, resolved, "when")
    best = events[0]
    age = wording.age(best.date.start, ctx.today, best.date.precision)
    found = f"Best match: {wording.event_date(best.date)} ({age})."
    if query.elapsed:
        # "How long ago?" leads with the elapsed time, then the date it counts from.
        found = f"{age[:1].upper()}{age[1:]}: {best.title}, {wording.event_date(best.date)}."
    lead = f"{matching.showing(resolved.corrections, events)}{found}"
    if len(events) > 1:
        lead += f" {wording.plural(len(events) - 1, 'other match', 'other matches')} below."
    return Reply(
        ReplyKind.ANSWER,
        f"{'How long ago' if query.elapsed else 'When'}: {query.keywords}",
        lead,
        event_sections(events, ctx.today, ids=ctx.shows_ids),
        tuple(events),
    )


async def answer_timeline(ctx: Context, query: TimelineQuery) -> Reply:
    resolved = await matching.resolve(ctx.store, query.topic, timeline=True)
    words = resolved.query
    if words is None:
        return await nothing_for_words(ctx, query.topic, resolved, "timeline")
    found = await _find(
        ctx,
        lambda limit, offset: ctx.store.topic(words, limit=limit, offset=offset),
        lambda: ctx.store.count_topic(words),
    )
    if not found.total:
        return await nothing_for_words(ctx, query.topic, resolved, "timeline")
    if not found.events or found.first is None or found.last is None:
        return _beyond(ctx, found)
    span = f"{wording.event_date(found.first.date)} to {wording.event_date(found.last.date)}"
    lead = (
        f"{matching.showing(resolved.corrections, found.events)}"
        f"{wording.plural(found.total, 'event')}, {span}."
    )
    return listed(ctx, ReplyKind.LIST, f"Timeline: {query.topic}", lead, found.events,
                  total=found.total)
