"""The review queue's port and shapes: candidate events waiting for a moderator, and what
the store does when one is decided (``storage.review_store`` implements it).

A queued candidate keeps what extraction found (``bot.extraction.Candidate``) with the
article it came from, the existing event it seems to report (``matched_event``, chosen by
``bot.review_matching``) and, once decided, who decided, when, and which event it became
or was added to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.model import EventDate, Source
from bot.ports import Written


class Decision(StrEnum):
    """Where a candidate stands. Merged: added as a source to an event a moderator chose."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    MERGED = "merged"


@dataclass(frozen=True, slots=True)
class NewCandidate:
    """A candidate to queue: extraction's findings, its source (with the quote) and the
    article's content hash, which with the quote makes it unique."""

    article_hash: str
    date: EventDate
    date_text: str
    title: str
    summary: str
    place: str
    actors: tuple[str, ...]
    source: Source
    confidence: float
    matched_event: int | None = None


@dataclass(frozen=True, slots=True)
class Queued:
    """A candidate as the queue holds it."""

    id: int
    new: NewCandidate
    status: Decision
    created_by: str
    created_at: datetime
    event_id: int | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None

    @property
    def quote(self) -> str:
        return self.new.source.quote or ""


@dataclass(frozen=True, slots=True)
class Queueing:
    """What queueing an article did: the candidates added (in order), and how many were
    there already (the same article, or the same sentence at the same URL)."""

    added: tuple[Queued, ...]
    already: int


@dataclass(frozen=True, slots=True)
class Decided:
    """A decided candidate and the write that carried the decision out (no events for a
    rejection or an edit: those are audited without one)."""

    candidate: Queued
    written: Written


class ReviewQueue(Protocol):
    """Candidates waiting for review. Every decision is one transaction with its audit
    entry; deciding a candidate that is no longer pending raises ``ConflictError``."""

    async def queue(self, candidates: Sequence[NewCandidate], actor: str,
                    at: datetime) -> Queueing: ...

    async def candidate(self, candidate_id: int) -> Queued | None: ...

    async def pending(self, limit: int = 25, offset: int = 0) -> list[Queued]:
        """Pending candidates, oldest first."""
        ...

    async def count_pending(self) -> int: ...

    async def approve(self, candidate_id: int, actor: str, at: datetime,
                      into: int | None = None) -> Decided:
        """Publish the candidate as a new event, or add its source to event ``into``
        (its matched event when ``into`` is None and it has one)."""
        ...

    async def reject(self, candidate_id: int, actor: str, at: datetime) -> Decided: ...

    async def revise(self, changed: Queued, actor: str, at: datetime,
                     detail: str) -> Decided:
        """Store ``changed`` (a pending candidate with edited fields) and audit ``detail``."""
        ...
