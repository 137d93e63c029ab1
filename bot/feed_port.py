"""The feeds' port and shapes: RSS and Atom feeds a moderator subscribed, what a poll of
one found, and the polling rhythm (every ``POLL_EVERY`` unless the operator sets another
interval, from ``POLL_EVERY_MIN`` to ``POLL_EVERY_MAX``; after failures, an exponential
back-off from ``BACKOFF_FIRST`` up to ``BACKOFF_MAX``). ``storage.feed_store`` keeps the
feeds; ``adapters.feeds`` fetches and reads them (``FeedService``). A paused feed is
kept, with what it has seen, but not polled until it is resumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

POLL_EVERY = timedelta(minutes=30)
POLL_EVERY_MIN = timedelta(minutes=1)
POLL_EVERY_MAX = timedelta(days=1)
BACKOFF_FIRST = timedelta(minutes=5)
BACKOFF_MAX = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class Feed:
    """One subscribed feed. ``failures`` counts failed polls in a row; ``last_error`` is
    the latest one's reason (None once a poll succeeds)."""

    id: int
    url: str
    added_by: str
    added_at: datetime
    auto_publish: float | None
    next_poll_at: datetime
    last_poll_at: datetime | None = None
    failures: int = 0
    last_error: str | None = None
    paused: bool = False


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll did: items read for the first time (or changed), candidates queued,
    queued already, auto-published; the feed's error if it failed, and items skipped."""

    feed_id: int
    items: int = 0
    queued: int = 0
    already: int = 0
    published: int = 0
    error: str | None = None
    skipped: tuple[str, ...] = ()

    def line(self) -> str:
        if self.error is not None:
            return f"feed {self.feed_id} failed: {self.error}"
        text = (f"feed {self.feed_id}: {self.items} new or changed items, queued "
                f"{self.queued} for review ({self.already} already queued)")
        if self.published:
            text += f"; auto-published {self.published}"
        if self.skipped:
            text += f"; {len(self.skipped)} items skipped ({self.skipped[0]})"
        return text


def backoff(failures: int) -> timedelta:
    """How long to wait after ``failures`` failed polls in a row (at least 1)."""
    # Capped exponent: 2**n overflows timedelta long before n matters.
    step = BACKOFF_FIRST * (1 << min(max(failures, 1) - 1, 16))
    return min(step, BACKOFF_MAX)


class FeedStore(Protocol):
    """The subscribed feeds and the items seen in each."""

    async def feeds(self) -> list[Feed]: ...

    async def feed(self, feed_id: int) -> Feed | None: ...

    async def add_feed(self, url: str, auto_publish: float | None, actor: str,
                       at: datetime) -> Feed:
        """Subscribe ``url`` (audited); ``ConflictError`` if it is subscribed already."""
        ...

    async def remove_feed(self, feed_id: int, actor: str, at: datetime) -> Feed | None:
        """Unsubscribe (audited); the feed removed, None if there was none."""
        ...

    async def set_paused(self, feed_id: int, paused: bool, actor: str,
                         at: datetime) -> Feed | None:
        """Pause or resume polling a feed (audited); the feed as it is now, None if there
        is none. Pausing a paused feed (or resuming a polled one) changes nothing and
        writes no audit entry."""
        ...

    async def due(self, at: datetime) -> list[Feed]:
        """The feeds to poll at ``at``: not paused, and their next poll come."""
        ...

    async def seen(self, feed_id: int, key: str, content_hash: str) -> bool: ...

    async def mark_seen(self, feed_id: int, key: str, content_hash: str,
                        at: datetime) -> None: ...

    async def polled(self, feed_id: int, at: datetime, next_at: datetime) -> None: ...

    async def failed(self, feed_id: int, at: datetime, error: str,
                     next_at: datetime) -> None: ...


class FeedService(Protocol):
    """What the chat commands need of feeds: the store, the URL policy, a poll now."""

    @property
    def store(self) -> FeedStore: ...

    def checked_url(self, raw: str) -> str:
        """``raw`` as the URL to subscribe; ``UserError`` when the fetch policy refuses it."""
        ...

    async def poll(self, feed: Feed, at: datetime) -> PollResult: ...

    def wake(self) -> None:
        """A feed was added or resumed: the polling loop looks for due feeds now, not at
        its next."""
        ...
