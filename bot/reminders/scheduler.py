"""The scheduler: one async loop that plans, claims, publishes and retries scheduled posts.

Each pass (``tick``) does two things:

1. **Plan and claim.** For every active subscription on a platform this
   process publishes to, the local days whose posting instant fell since the
   subscription's watermark are planned; each occasion is claimed in the ledger
   (pending, or skipped when it is older than the catch-up window), and the
   watermark moves on, in one transaction.
2. **Deliver.** Due ledger records are taken for sending (atomically, so no
   other tick or process sends them too), composed and published; the outcome
   is recorded. Channels are served concurrently and in order within a
   channel; a failure backs off that channel alone.

The loop sleeps until the next posting instant or retry, in chunks of at most
``max_sleep``, re-reading the clock each time, and wakes early when a
subscription changes. It never reads the system clock: time comes from the
``Clock`` port. Given a ``LeaseKeeper`` (``bot.reminders.lease``), it runs only
while this process holds the scheduler lease, so of several processes sharing a
store one runs the passes and the others stand by.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.errors import ChannelUnavailable, DeliveryFailed, StoreError
from bot.ports import Clock, EventStore, Publisher
from bot.reminders import rules
from bot.reminders.lease import LeaseKeeper
from bot.reminders.model import Claim, Delivery, Occasion, Subscription
from bot.reminders.planning import Planner
from bot.reminders.posts import compose
from bot.reminders.scheduler_settings import SchedulerSettings
from bot.reminders.store import ReminderStore

log = logging.getLogger(__name__)

SYSTEM_ACTOR = "system:scheduler"


@dataclass
class TickReport:
    """What one pass did (``would_post`` is filled by a dry run instead of posting)."""

    posted: list[tuple[Subscription, str]] = field(default_factory=list)
    late: int = 0
    deduplicated: int = 0
    skipped: list[tuple[Subscription, str, str]] = field(default_factory=list)
    failed: list[tuple[Subscription, str, str]] = field(default_factory=list)
    paused: list[tuple[Subscription, str]] = field(default_factory=list)
    would_post: list[tuple[Subscription, Occasion]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Pass:
    """One pass: ``now`` is the instant it runs as of (what is due, the catch-up
    window); ``at`` is the real time (leases, retries, lateness, records)."""

    now: datetime
    at: datetime
    report: TickReport


class Scheduler:
    """Runs scheduled posts for the subscriptions on ``publishers``' platforms."""

    def __init__(
        self,
        store: EventStore,
        reminders: ReminderStore,
        clock: Clock,
        publishers: Mapping[str, Publisher],
        *,
        owner: str,
        settings: SchedulerSettings | None = None,
        wake: asyncio.Event | None = None,
        lease: LeaseKeeper | None = None,
    ) -> None:
        self.store = store
        self.reminders = reminders
        self.clock = clock
        self.publishers = dict(publishers)
        self.owner = owner
        self.settings = settings or SchedulerSettings()
        self.wake = wake or asyncio.Event()
        self._channels = asyncio.Semaphore(self.settings.parallel_channels)
        # With a lease, passes run only while this process holds it (bot.reminders.lease).
        self.lease = lease

    # -- the loop ------------------------------------------------------------------------

    async def run(self) -> None:
        """Run passes for ever (until cancelled): all the time without a lease, else
        while this process holds it, standing by while another does."""
        if self.lease is None:
            await self.run_passes()
        else:
            await self.lease.run(self._lead)

    async def _lead(self) -> None:
        """Run passes as the lease's new holder: first, the posts a previous holder was
        sending when it stopped are made due now (each is checked with the platform
        before it is sent again), not two minutes later when their leases run out."""
        try:
            reclaimed = await self.reminders.reclaim(self.owner, self.clock.now())
        except StoreError:
            log.warning("could not reclaim the posts another process was sending",
                        exc_info=True)
        else:
            if reclaimed:
                log.info("retrying %d post(s) another process was sending", reclaimed)
        await self.run_passes()

    async def run_passes(self) -> None:
        """Run passes for ever (until cancelled). A failed pass is logged, not fatal."""
        active = [s for s in await self.reminders.subscriptions(self.publishers) if s.active]
        log.info(
            "scheduler started for %s: %d active subscription(s)",
            ", ".join(sorted(self.publishers)) or "no platform", len(active),
        )
        while True:
            self.wake.clear()
            now = self.clock.now()
            try:
                await self.tick(now)
                wake_at = await self.next_wake(self.clock.now())
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("a scheduler pass failed; trying again shortly")
                wake_at = now + self.settings.max_sleep
            await self._sleep_until(wake_at)

    async def next_wake(self, now: datetime) -> datetime:
        """The next posting instant or retry, but never later than ``max_sleep`` away."""
        candidates = [now + self.settings.max_sleep]
        for sub in await self.reminders.subscriptions(self.publishers):
            if sub.active:
                policy = sub.policy
                candidates.append(rules.next_posting_instant(now, policy.post_at, policy.tz))
        retry = await self.reminders.next_attempt(self.publishers)
        if retry is not None:
            candidates.append(max(retry, now))
        return min(candidates)

    async def _sleep_until(self, when: datetime) -> None:
        if self.wake.is_set():
            return
        sleeper = asyncio.ensure_future(self.clock.sleep_until(when))
        woken = asyncio.ensure_future(self.wake.wait())
        try:
            await asyncio.wait({sleeper, woken}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, woken):
                task.cancel()

    # -- one pass ------------------------------------------------------------------------

    async def tick(self, now: datetime | None = None, *, dry_run: bool = False) -> TickReport:
        """One pass as of ``now``: plan and claim what fell due, then deliver what is due."""
        now = now or self.clock.now()
        report = TickReport()
        subscriptions = [
            s for s in await self.reminders.subscriptions(self.publishers) if s.active
        ]
        claims, watermarks = await self._plan(subscriptions, now, report, dry_run=dry_run)
        if dry_run:
            return report
        await self.reminders.claim(claims, watermarks)
        # A pass may run as of an earlier instant (a backfill); leases, retries and
        # lateness still follow the real clock.
        this = _Pass(now, max(now, self.clock.now()), report)
        await self._deliver({s.id: s for s in subscriptions if s.id is not None}, this)
        return report

    async def _plan(
        self, subscriptions: list[Subscription], now: datetime, report: TickReport, *,
        dry_run: bool,
    ) -> tuple[list[Claim], dict[int, datetime]]:
        planner = Planner(self.store)
        claims: list[Claim] = []
        watermarks: dict[int, datetime] = {}
        due = [(sub, _due_days(sub, now)) for sub in subscriptions]
        await planner.prepare((sub, day) for sub, days in due for day in days)
        for sub, days in due:
            assert sub.id is not None
            if not days:
                continue
            try:
                plans = [await planner.plan(sub, day) for day in days]
            except StoreError:
                # This subscription waits for the next pass (its watermark stays put);
                # the others go on.
                log.exception("planning subscription %s failed", sub.id)
                continue
            if dry_run:
                occasions = [o for plan in plans for o in plan.occasions()]
                known = await self.reminders.known(sub.id, [o.key for o in occasions])
                report.would_post += [(sub, o) for o in occasions if o.key not in known]
                continue
            for plan in plans:
                skipped = self._too_old(plan.due_at, now)
                claims += [Claim(sub.id, key, plan.due_at, skipped) for key in plan.occasion_keys()]
                if skipped:
                    report.skipped += [(sub, key, skipped) for key in plan.occasion_keys()]
            watermarks[sub.id] = now
        return claims, watermarks

    def _too_old(self, due_at: datetime, now: datetime) -> str:
        missed = now - due_at
        if missed <= self.settings.catch_up:
            return ""
        return (
            f"missed: it was due {_hours(missed)} earlier, outside the catch-up window of "
            f"{_hours(self.settings.catch_up)} (Dateline was not running)"
        )

    # -- delivering ----------------------------------------------------------------------

    async def _deliver(self, subscriptions: dict[int, Subscription], this: _Pass) -> None:
        while True:
            taken = await self.reminders.take(
                self.publishers, this.at, this.at + self.settings.lease, self.owner,
                self.settings.batch,
            )
            if not taken:
                return
            by_channel: dict[int, list[Delivery]] = {}
            for delivery in taken:
                by_channel.setdefault(delivery.subscription_id, []).append(delivery)
            async with asyncio.TaskGroup() as group:
                for sub_id, deliveries in by_channel.items():
                    sub = subscriptions.get(sub_id) or await self.reminders.subscription(sub_id)
                    group.create_task(self._serve_channel(sub, deliveries, this))

    async def _serve_channel(
        self, sub: Subscription | None, deliveries: list[Delivery], this: _Pass
    ) -> None:
        """Deliver one channel's records in order; after a failure, the rest wait too."""
        try:
            async with self._channels:
                await self._serve_in_order(sub, deliveries, this)
        except StoreError:
            # Records left "sending" are retried when their lease runs out.
            log.exception(
                "delivering to subscription %s failed", deliveries[0].subscription_id
            )

    async def _serve_in_order(
        self, sub: Subscription | None, deliveries: list[Delivery], this: _Pass
    ) -> None:
        for index, delivery in enumerate(deliveries):
            if sub is None:
                await self.reminders.skipped(delivery, self.owner, this.at, "subscription removed")
                continue
            retry_at = await self._deliver_one(sub, delivery, this)
            if retry_at is not None:
                for rest in deliveries[index + 1 :]:
                    await self.reminders.release(rest, self.owner, retry_at)
                return

    async def _deliver_one(
        self, sub: Subscription, delivery: Delivery, this: _Pass
    ) -> datetime | None:
        """Attempt one record; returns when to try the channel again after a failure."""
        report = this.report
        if this.now - delivery.due_at > self.settings.catch_up:
            reason = f"not delivered within the catch-up window of {_hours(self.settings.catch_up)}"
            await self.reminders.skipped(delivery, self.owner, this.at, reason)
            report.skipped.append((sub, delivery.key, reason))
            return None
        late = this.at - delivery.due_at > self.settings.late_after
        try:
            composed = await compose(
                self.store, sub.policy, delivery.key, delivery.due_at,
                late=late, max_events=self.settings.max_events, posted_at=this.at,
            )
            if composed.reply is None:
                await self.reminders.skipped(delivery, self.owner, this.at, composed.reason)
                report.skipped.append((sub, delivery.key, composed.reason))
                return None
            publisher = self.publishers[sub.platform]
            lease = this.at + self.settings.lease
            if not await self.reminders.attempting(delivery, self.owner, lease):
                return None  # another process took it over; it reports the outcome
            posted = await asyncio.wait_for(
                publisher.publish(
                    sub.channel, composed.reply, key=delivery.key, retry=delivery.retry
                ),
                self.settings.send_timeout,
            )
        except asyncio.CancelledError:
            raise  # a crash mid-send: the record stays "sending" until its lease runs out
        except ChannelUnavailable as err:
            return await self._channel_gone(sub, delivery, this, str(err))
        except DeliveryFailed as err:
            return await self._failed(sub, delivery, this, str(err), err.retry_after)
        except TimeoutError:
            return await self._failed(sub, delivery, this, "timed out", None)
        except Exception as err:
            log.exception("publishing %s to %s failed unexpectedly", delivery.key, sub.where)
            return await self._failed(sub, delivery, this, type(err).__name__, None)
        await self.reminders.posted(
            delivery, self.owner, this.at, posted.message_id,
            late=late, deduplicated=posted.deduplicated,
        )
        log.info("posted %s to %s%s", delivery.key, sub.where, " (late)" if late else "")
        report.posted.append((sub, delivery.key))
        report.late += late
        report.deduplicated += posted.deduplicated
        return None

    async def _failed(
        self,
        sub: Subscription,
        delivery: Delivery,
        this: _Pass,
        error: str,
        retry_after: float | None,
    ) -> datetime:
        wait = self.backoff(delivery.attempts + 1)
        if retry_after is not None:
            wait = max(wait, timedelta(seconds=retry_after))
        retry_at = this.at + wait
        failing = await self.reminders.failed(delivery, self.owner, this.at, error[:300], retry_at)
        log.warning(
            "posting %s to %s failed (%s); attempt %d, %d in a row, next try in %s",
            delivery.key, sub.where, error[:300], delivery.attempts + 1, failing, wait,
        )
        this.report.failed.append((sub, delivery.key, error))
        return retry_at

    async def _channel_gone(
        self, sub: Subscription, delivery: Delivery, this: _Pass, error: str
    ) -> datetime:
        reason = f"Dateline cannot post in this channel ({error[:200]})"
        assert sub.id is not None
        await self.reminders.skipped(delivery, self.owner, this.at, reason)
        await self.reminders.pause_for(sub.id, reason, SYSTEM_ACTOR, this.at)
        log.warning("paused subscription %s: %s", sub.id, reason)
        this.report.skipped.append((sub, delivery.key, reason))
        this.report.paused.append((sub, reason))
        return this.at + self.settings.max_sleep

    def backoff(self, attempts: int) -> timedelta:
        """How long to wait after the ``attempts``-th failed attempt (doubling, capped)."""
        doublings: int = max(0, min(attempts - 1, 20))
        step: timedelta = self.settings.backoff_first * (1 << doublings)
        return min(step, self.settings.backoff_max)


def _due_days(sub: Subscription, now: datetime) -> list[date]:
    """The local days whose posting instant fell since the subscription's watermark."""
    assert sub.checked_until is not None
    policy = sub.policy
    return rules.posting_days(sub.checked_until, now, policy.post_at, policy.tz)


def _hours(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} minutes" if minutes != 1 else "1 minute"
    hours = minutes / 60
    if hours < 48:
        return f"{hours:.0f} hours"
    return f"{hours / 24:.0f} days"

