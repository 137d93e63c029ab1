"""The core's ports: the small interfaces it needs from the outside world.

Storage implements ``EventStore``; adapters implement ``Publisher``; the
composition root supplies a ``Clock``. Tests use the real store on a
temporary database and tiny fakes of the clock and publisher.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from bot.messages import Reply
from bot.model import Change, Event, Status

PUBLISHED_ONLY: tuple[Status, ...] = (Status.PUBLISHED,)


class EventStore(Protocol):
    """Reads and writes dated events. Every method is a single indexed lookup or write."""

    async def on_month_days(
        self,
        month_days: Sequence[tuple[int, int]],
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 200,
    ) -> list[Event]:
        """Day-precision events starting on any (month, day) pair, any year, oldest first."""
        ...

    async def count_on_month_days(
        self, month_days: Sequence[tuple[int, int]], statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int: ...

    async def overlapping(
        self,
        start: date,
        end: date,
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 200,
    ) -> list[Event]:
        """Events of any precision whose covered days overlap ``start..end``, oldest first."""
        ...

    async def count_overlapping(
        self, start: date, end: date, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int: ...

    async def search(
        self, text: str, limit: int = 20, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> list[Event]:
        """Full-text search over titles, summaries, places, tags and sources; best first."""
        ...

    async def nearest_month_days(
        self, month: int, day: int, limit: int = 3
    ) -> list[tuple[int, int]]:
        """The (month, day) pairs closest to the given one that have day-precision events."""
        ...

    async def nearest_dates(self, day: date, limit: int = 3) -> list[date]:
        """The calendar dates closest to ``day`` that have day-precision events."""
        ...

    async def get(self, event_id: int) -> Event | None: ...

    async def add(self, event: Event, actor: str, at: datetime) -> Event:
        """Store a new event and record who created it; returns it with its id."""
        ...

    async def update(self, event: Event, actor: str, at: datetime, action: str = "edit") -> Event:
        """Replace an existing event and record the change."""
        ...

    async def changes(self, event_id: int | None = None, limit: int = 20) -> list[Change]:
        """Change history of one event, or the newest entries of the whole audit log."""
        ...

    async def topics(self, prefix: str = "", limit: int = 25) -> list[str]:
        """Tags that start with ``prefix``, most used first, for autocomplete."""
        ...

    async def count(self) -> int: ...

    async def import_events(self, events: Sequence[Event], actor: str, at: datetime) -> int:
        """Add many events in one transaction; returns how many were added."""
        ...


class Clock(Protocol):
    """The source of "now" for scheduled work. ``bot/`` never reads the system clock."""

    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...

    async def sleep_until(self, when: datetime) -> None: ...


class Publisher(Protocol):
    """Posts a reply into a channel and returns the platform's message id."""

    async def publish(self, channel: str, reply: Reply) -> str: ...
