"""Helpers shared by the storage tests (imported by name; conftest holds the fixtures)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.model import Event, EventDate, Source, Status

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def make_event(
    when: str,
    title: str = "Something happened",
    *,
    end: str | None = None,
    summary: str = "",
    place: str = "",
    tags: tuple[str, ...] = (),
    status: Status = Status.PUBLISHED,
    sources: tuple[Source, ...] = (),
) -> Event:
    return Event(
        date=EventDate.parse(when, end),
        title=title,
        summary=summary,
        place=place,
        tags=tags,
        status=status,
        sources=sources,
    )
