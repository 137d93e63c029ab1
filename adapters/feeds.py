"""Polling the subscribed RSS and Atom feeds (``FeedPoller``, the ``bot.feed_port``
``FeedService`` the chat commands use): fetch a feed under ``adapters.fetching``'s
network policy, read it (``adapters.feed_items``), and for each item not seen with its
current content, take the feed's own text when it is the full article or else fetch the
linked page, extract the candidate events and queue them for review
(``bot.review_queueing``), auto-publishing per the feed's threshold. A failed poll backs
off exponentially (``bot.feed_port.backoff``) and keeps its error for ``feeds``/``status``.

``run`` is the loop ``dateline run`` starts beside the scheduler: it polls the feeds that
are due, then sleeps on the injected clock until the next one is; ``poll_due`` is one
such pass, which ``dateline feeds poll`` runs once. A feed is due again ``poll_every``
after a successful poll (``DATELINE_FEED_POLL_MINUTES``, 30 by default).

The fetching and extraction modules load on the first poll: a one-off ``dateline ask``
builds this service but never polls, and should not pay for trafilatura.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from adapters.feed_items import FeedItem, NotAFeed, ParsedFeed
from bot.errors import UserError
from bot.feed_port import POLL_EVERY, Feed, FeedService, FeedStore, PollResult, backoff
from bot.ports import Clock, EventStore
from bot.review_port import ReviewQueue

if TYPE_CHECKING:  # the extraction package brings the date tagger: loaded on first poll
    from bot.extraction import Article

log = logging.getLogger(__name__)
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml", "application/x-rss+xml"})
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8"
FEED_MAX_BYTES = 2 * 1024 * 1024


class _Skip(Exception):
    """One item could not be read; ``seen`` says whether to stop trying it."""

    def __init__(self, reason: str, *, seen: bool) -> None:
        super().__init__(reason)
        self.seen = seen


class FeedPoller:
    """Polls feeds into the review queue; one per process, over the shared store."""

    def __init__(self, store: EventStore, feeds: FeedStore, review: ReviewQueue, *,
                 allow_private: bool, poll_every: timedelta = POLL_EVERY) -> None:
        self._events, self._feeds, self._review = store, feeds, review
        self._allow_private = allow_private
        # How long after a successful poll a feed is next due (DATELINE_FEED_POLL_MINUTES).
        self.poll_every = poll_every
        # Set when a feed is added, so the loop polls it without waiting for its sleep.
        self.changed = asyncio.Event()

    @property
    def store(self) -> FeedStore:
        return self._feeds

    def checked_url(self, raw: str) -> str:
        from adapters.fetching import FetchRefused, checked_url  # noqa: PLC0415 - see above

        try:
            return str(checked_url(raw, self._allow_private))
        except FetchRefused as err:
            raise UserError(str(err)) from None

    def wake(self) -> None:
        self.changed.set()

    async def run(self, clock: Clock) -> None:
        """Poll due feeds for ever, sleeping on ``clock`` until the next is due."""
        while True:
            self.changed.clear()  # before polling: a feed added meanwhile wakes the next nap
            await self.poll_due(clock.now())
            feeds = [f for f in await self._feeds.feeds() if not f.paused]
            wake = min((f.next_poll_at for f in feeds), default=clock.now() + self.poll_every)
            sleeping = asyncio.ensure_future(clock.sleep_until(wake))
            changed = asyncio.ensure_future(self.changed.wait())
            try:
                await asyncio.wait((sleeping, changed), return_when=asyncio.FIRST_COMPLETED)
            finally:
                sleeping.cancel()
                changed.cancel()

    async def poll_due(self, at: datetime) -> list[PollResult]:
        """Poll every feed due at ``at``; one feed's failure never stops the others."""
        return [await self.poll(feed, at) for feed in await self._feeds.due(at)]

    async def poll(self, feed: Feed, at: datetime) -> PollResult:
        """Poll ``feed`` now: queue its new items' candidates, or record the failure."""
        try:
            parsed = await self._read_feed(feed.url)
        except Exception as err:  # any failure backs off, and is shown
            error = _reason(err)
            log.warning("feed %d failed: %s", feed.id, error)
            await self._feeds.failed(feed.id, at, error, at + backoff(feed.failures + 1))
            return PollResult(feed.id, error=error)
        result = PollResult(feed.id)
        for item in parsed.items:
            if await self._feeds.seen(feed.id, item.key, item.content_hash):
                continue
            result = await self._take(feed, parsed, item, at, result)
        await self._feeds.polled(feed.id, at, at + self.poll_every)
        return result

    async def _read_feed(self, url: str) -> ParsedFeed:
        from adapters.feed_items import parse_feed  # noqa: PLC0415 - see above
        from adapters.fetching import fetch_bytes  # noqa: PLC0415 - see above

        fetched = await fetch_bytes(url, allow_private=self._allow_private,
                                    max_bytes=FEED_MAX_BYTES, accept=FEED_ACCEPT,
                                    types=FEED_TYPES, kind="an RSS or Atom feed")
        return await asyncio.to_thread(parse_feed, fetched.body)

    async def _take(self, feed: Feed, parsed: ParsedFeed, item: FeedItem, at: datetime,
                    result: PollResult) -> PollResult:
        """Queue one new or changed item's candidates; the result with its counts added."""
        try:
            report = await self._queue_item(feed, parsed, item, at)
        except _Skip as skip:
            if skip.seen:
                await self._feeds.mark_seen(feed.id, item.key, item.content_hash, at)
            return replace(result, skipped=(*result.skipped, f"{item.key}: {skip}"))
        await self._feeds.mark_seen(feed.id, item.key, item.content_hash, at)
        return replace(result, items=result.items + 1,
                       queued=result.queued + report[0], already=result.already + report[1],
                       published=result.published + report[2])

    async def _queue_item(self, feed: Feed, parsed: ParsedFeed, item: FeedItem,
                          at: datetime) -> tuple[int, int, int]:
        from bot.extraction import Article, extract_text  # noqa: PLC0415 - see above
        from bot.review_queueing import queue_article  # noqa: PLC0415 - see above

        today = at.date()
        article = Article(item.text, _not_after(item.published, today), parsed.title,
                          item.title, item.link)
        if not item.full_text:
            article = await self._fetch_item(item, article, today)
        found = await asyncio.to_thread(extract_text, article)
        if not found.candidates:
            return 0, 0, 0
        # The moderator who subscribed the feed (and chose its threshold) is who queued.
        report = await queue_article(self._events, self._review, found.candidates,
                                     article.text, actor=feed.added_by, at=at,
                                     auto_publish=feed.auto_publish)
        return report.queued, report.already, len(report.published)

    async def _fetch_item(self, item: FeedItem, article: Article, today: date) -> Article:
        """The linked page as the article; the feed's own text if the page has none."""
        from adapters.fetching import FetchFailed, FetchRefused, fetch_article  # noqa: PLC0415

        if item.link is None:
            if not item.text:
                raise _Skip("no link and no text", seen=True)
            return article
        try:
            page = await fetch_article(item.link, allow_private=self._allow_private,
                                       latest=today)
        except FetchRefused as err:
            if item.text:
                return article
            raise _Skip(str(err), seen=True) from None  # refused now, refused next time
        except FetchFailed as err:
            raise _Skip(str(err), seen=False) from None  # may work next poll: retried
        return replace(article, text=page.text,
                       published=article.published or _not_after(page.published, today),
                       publisher=article.publisher or page.publisher or "",
                       title=article.title or page.title or "")


def _not_after(day: date | None, today: date) -> date | None:
    # A date after today would push every relative date into the future: unused.
    return day if day is not None and day <= today else None


def _reason(err: BaseException) -> str:
    from adapters.fetching import FetchFailed, FetchRefused  # noqa: PLC0415 - see above

    if isinstance(err, FetchFailed | FetchRefused | NotAFeed):
        return str(err)
    return f"{type(err).__name__}: {err}"[:200]


def _implements_port(poller: FeedPoller) -> FeedService:
    """Never called: makes mypy check that the poller satisfies the port."""
    return poller
