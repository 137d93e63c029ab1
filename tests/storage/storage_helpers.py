"""Helpers shared by the storage tests (imported by name; conftest holds the fixtures)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.model import Event, EventDate, Source, Status
from bot.ports import WordQuery

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


def words(*required: str | tuple[str, ...], ranking: tuple[str, ...] = ()) -> WordQuery:
    """A ``WordQuery`` requiring each argument: a word, or a tuple of alternative spellings."""
    groups = tuple(g if isinstance(g, tuple) else (g,) for g in required)
    return WordQuery(groups, ranking=ranking)
