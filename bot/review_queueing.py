"""Queueing an article's candidates for review: each is matched against the published
events (``bot.review_matching``) and queued once (``ReviewQueue.queue`` ignores one held
already), and those at or above an auto-publish threshold are approved at once, audited
as decided by whoever queued them. ``dateline ingest`` and the feed poller both use it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from bot.ports import EventStore
from bot.review_matching import find_match
from bot.review_port import Decided, NewCandidate, ReviewQueue

if TYPE_CHECKING:  # extraction brings the date tagger; only its shape is needed here
    from bot.extraction import Candidate


@dataclass(frozen=True, slots=True)
class QueueReport:
    """What queueing did: candidates newly queued, how many of those match an existing
    event, how many were queued already, and the decisions auto-publishing made."""

    queued: int
    matched: int
    already: int
    published: tuple[Decided, ...] = ()

    def line(self) -> str:
        text = (f"queued {self.queued} for review ({self.matched} match existing events, "
                f"{self.already} already queued)")
        if self.published:
            text += f"; auto-published {len(self.published)}"
        return text


def article_hash(text: str) -> str:
    """The article's identity for the queue: its text's SHA-256, spaces normalised, so
    the same text saved again (another line ending, a trailing newline) is the same."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def new_candidate(candidate: Candidate, digest: str) -> NewCandidate:
    return NewCandidate(digest, candidate.date, candidate.date_text, candidate.title,
                        candidate.summary, candidate.place, candidate.actors, candidate.source,
                        candidate.confidence)


async def queue_article(
    store: EventStore, queue: ReviewQueue, candidates: Sequence[Candidate], text: str, *,
    actor: str, at: datetime, auto_publish: float | None = None,
) -> QueueReport:
    """Queue ``candidates`` of the article ``text``; approve those whose confidence is
    at least ``auto_publish`` (when given)."""
    digest = article_hash(text)
    news = [new_candidate(c, digest) for c in candidates]
    matched = [replace(n, matched_event=await find_match(store, n)) for n in news]
    done = await queue.queue(matched, actor, at)
    published: list[Decided] = []
    if auto_publish is not None:
        for queued in done.added:
            if queued.new.confidence >= auto_publish:
                published.append(await queue.approve(queued.id, actor, at))
    return QueueReport(len(done.added),
                       sum(q.new.matched_event is not None for q in done.added),
                       done.already, tuple(published))
