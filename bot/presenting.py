"""Turning events into reply sections: headings with year and age, summaries, citations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot import wording
from bot.context import Context
from bot.messages import Citation, Reply, ReplyKind, Section
from bot.model import Event, Source


def citation(source: Source) -> Citation:
    published = wording.full_date(source.published) if source.published else ""
    return Citation(source.publisher, source.title, source.url, published)


def event_section(event: Event, today: date, *, prefix: str = "") -> Section:
    """One event as a section whose heading gives its date and how long ago it was."""
    when = wording.event_date(event.date)
    ago = wording.age(event.date.start, today, event.date.precision)
    heading = f"{prefix}{when} ({ago}): {event.title}"
    lines: list[str] = []
    if event.summary:
        lines.append(event.summary)
    if event.place:
        lines.append(f"Place: {event.place}")
    if not event.sources:
        lines.append("Source: none recorded")
    return Section(heading, tuple(lines), tuple(citation(s) for s in event.sources), event.id)


def event_sections(
    events: Iterable[Event], today: date, *, ids: bool = False
) -> tuple[Section, ...]:
    """Sections for events; with ``ids`` each heading starts with the event's number."""
    return tuple(
        event_section(event, today, prefix=f"#{event.id} " if ids and event.id else "")
        for event in events
    )


def listed(
    ctx: Context, kind: ReplyKind, title: str, text: str, events: list[Event], *, total: int
) -> Reply:
    """A page of a list of events: the page's sections, the true total, what the page
    shows, and the command (and "More" button) for the next page."""
    page, shown = ctx.page, len(events)
    return Reply(
        kind,
        title,
        text,
        event_sections(events, ctx.today, ids=ctx.shows_ids),
        tuple(events),
        page.actions(shown, total),
        footer=page.footer(shown, total),
        total=total,
        next=page.next(shown, total),
    )
