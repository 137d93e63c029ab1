"""The ``ReminderStore`` port: subscriptions and the delivery ledger.

The ledger, not memory, decides what was sent. A record is created (claimed)
before a post is attempted, under a unique (subscription, occasion key), so a
restart, a second tick or a second process can never create it twice; taking a
record for sending is one atomic update, so only one sender attempts it at a
time. Every subscription change writes an audit entry in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from bot.reminders.model import Claim, Counters, Delivery, Failure, Subscription


class ReminderStore(Protocol):
    # -- subscriptions ---------------------------------------------------------------

    async def subscriptions(self, platforms: Collection[str] | None = None) -> list[Subscription]:
        """Every subscription (paused ones too, removed ones never), by id."""
        ...

    async def subscription(self, subscription_id: int) -> Subscription | None: ...

    async def subscription_for(self, platform: str, channel: str) -> Subscription | None: ...

    async def save_subscription(
        self, subscription: Subscription, actor: str, at: datetime, action: str, detail: str
    ) -> Subscription:
        """Insert (``id`` is None) or update a subscription and audit it.

        An update must carry the ``version`` it was based on; a stale one raises
        ``ConflictError``. A second subscription for one channel raises
        ``ConflictError`` too. ``checked_until`` is set by the store: to ``at``
        for a new subscription and on resuming, so nothing from before is posted.
        """
        ...

    async def remove_subscription(
        self, subscription: Subscription, actor: str, at: datetime, detail: str
    ) -> None:
        """Remove a subscription (its ledger is kept; its pending posts are skipped);
        audited; version-checked."""
        ...

    # -- the ledger --------------------------------------------------------------------

    async def claim(
        self, claims: Sequence[Claim], watermarks: dict[int, datetime]
    ) -> int:
        """Create ledger records that do not exist yet and advance each subscription's
        ``checked_until`` to its watermark, in one transaction. Returns how many
        records were new."""
        ...

    async def known(self, subscription_id: int, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` already have a ledger record."""
        ...

    async def take(
        self,
        platforms: Collection[str],
        now: datetime,
        lease_until: datetime,
        owner: str,
        limit: int,
    ) -> list[Delivery]:
        """Atomically take up to ``limit`` records for sending, oldest first: pending
        ones that are due, and "sending" ones whose lease ran out (the attempt died
        with its process). The taker holds each until ``lease_until``. Only active
        subscriptions on ``platforms``. A record whose earlier attempt began is
        taken with ``retry`` set."""
        ...

    async def attempting(self, delivery: Delivery, owner: str, lease_until: datetime) -> bool:
        """Count an attempt as begun (from now on a retry must check the platform first)
        and extend the lease; False when the record is no longer this owner's."""
        ...

    async def posted(
        self,
        delivery: Delivery,
        owner: str,
        at: datetime,
        message_id: str,
        *,
        late: bool,
        deduplicated: bool,
    ) -> None: ...

    async def failed(
        self, delivery: Delivery, owner: str, at: datetime, error: str, retry_at: datetime
    ) -> int:
        """Put the record back as pending until ``retry_at`` and log the failure;
        returns the subscription's consecutive failures."""
        ...

    async def skipped(self, delivery: Delivery, owner: str, at: datetime, reason: str) -> None: ...

    async def release(self, delivery: Delivery, owner: str, retry_at: datetime) -> None:
        """Put back a record that was taken but not attempted (its channel is backing
        off): pending until ``retry_at``."""
        ...

    async def pause_for(
        self, subscription_id: int, reason: str, actor: str, at: datetime
    ) -> None:
        """Pause a subscription because its channel cannot be posted to; audited."""
        ...

    async def reclaim(self, owner: str, at: datetime) -> int:
        """Make every record another process left "sending" due again at ``at``, so that
        a scheduler that has just taken the lease over from a holder that stopped
        mid-send retries those posts now rather than when their leases run out (one
        that was attempted is taken with ``retry``, so the platform is asked first).
        Returns how many there were."""
        ...

    async def next_attempt(self, platforms: Collection[str]) -> datetime | None:
        """When the earliest pending record of an active subscription is due."""
        ...

    async def counters(self) -> dict[int, Counters]: ...

    async def failures(self, limit: int = 5) -> list[Failure]:
        """The newest failed attempts, newest first."""
        ...
