"""The scheduler lease: exactly one process runs scheduled posts at a time.

Several ``dateline run`` processes may share one store. Each would run the
scheduler; the ledger's unique claim already keeps them from posting twice, but one
runner is simpler to reason about and does each pass's planning once. So a process
runs passes only while it holds the lease (``SchedulerLease``, a row with an expiry
in the store): it renews the lease every ``renew_every``; a process without it checks
every ``standby_every`` and takes it once it has expired. A holder that dies is
replaced within ``ttl`` plus one standby check; one that shuts down cleanly releases
the lease so that another takes over at its next check.

Time comes from the ``Clock`` port and is handed to the store: ``bot/`` never reads
the system clock. Processes' clocks are assumed to agree to within a few seconds,
well inside ``ttl - renew_every``; should they not, two processes may run passes at
once for a while, which the ledger makes harmless.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.errors import StoreError
from bot.ports import Clock

log = logging.getLogger(__name__)


class SchedulerLease(Protocol):
    """One named lease in the store, held by at most one holder until it expires."""

    async def hold(self, holder: str, now: datetime, ttl: timedelta) -> str | None:
        """Take the lease for ``holder`` until ``now + ttl`` if it is free, expired at
        ``now`` or already ``holder``'s (a renewal); atomic against every other process.
        Returns who holds it after the attempt: ``holder`` when it succeeded."""
        ...

    async def release(self, holder: str) -> None:
        """Give the lease up, if ``holder`` still holds it."""
        ...

    async def holder(self, now: datetime) -> str | None:
        """Who holds the lease at ``now`` (None when it is free or expired)."""
        ...


@dataclass(frozen=True, slots=True)
class LeaseSettings:
    """How long a lease lasts, and how often it is renewed and waited for. Renewing at
    a quarter of ``ttl`` lets three renewals in a row fail before the lease is lost."""

    ttl: timedelta = timedelta(seconds=20)
    renew_every: timedelta = timedelta(seconds=5)
    standby_every: timedelta = timedelta(seconds=5)


class LeaseKeeper:
    """Runs work only while this process (``holder``) holds the lease."""

    def __init__(
        self,
        lease: SchedulerLease,
        holder: str,
        clock: Clock,
        settings: LeaseSettings | None = None,
        work_name: str = "scheduler",
    ) -> None:
        self.lease = lease
        self.work_name = work_name  # what the lease guards, for the log: "scheduler", "feeds"
        self.holder = holder
        self.clock = clock
        self.settings = settings or LeaseSettings()
        self.held_until: datetime | None = None  # set while this process holds it

    async def current_holder(self) -> str | None:
        """Who holds the lease now (for health checks)."""
        return await self.lease.holder(self.clock.now())

    async def run(self, work: Callable[[], Awaitable[None]]) -> None:
        """Stand by until the lease is this process's, run ``work`` while it is, stop
        it when the lease is lost and stand by again; for ever, until cancelled. The
        lease is released on the way out."""
        try:
            while True:
                await self._stand_by()
                await self._lead(work)
        finally:
            if self.held_until is not None:
                self.held_until = None
                # Awaited, not shielded: this runs once the cancellation has arrived, so
                # the release finishes before the store is closed behind it (a shielded
                # one would go on alone and meet a closed store).
                await self._release()

    async def _stand_by(self) -> None:
        announced = False
        while not await self._try_hold():
            if not announced:
                other = await self._quietly(self.current_holder())
                log.info("%s standing by: the lease is held by %s", self.work_name,
                         other or "another")
                announced = True
            await self.clock.sleep_until(self.clock.now() + self.settings.standby_every)
        log.info("this process (%s) took the %s lease", self.holder, self.work_name)

    async def _lead(self, work: Callable[[], Awaitable[None]]) -> None:
        """Run ``work`` and renew the lease beside it until a renewal is refused, or
        renewals failed for so long that the lease may have run out."""
        task = asyncio.ensure_future(work())
        try:
            while not task.done():
                await self._sleep_while(task, self.clock.now() + self.settings.renew_every)
                if task.done():
                    break
                if not await self._try_hold():
                    log.warning("this process (%s) lost the %s lease", self.holder,
                                self.work_name)
                    self.held_until = None
                    return
            task.result()  # the work ended by itself: say why
        finally:
            if not task.done():
                task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _try_hold(self) -> bool:
        """Take or renew the lease; True while this process may keep working. A store
        that cannot be reached refuses nothing: the lease stands until it expires."""
        now = self.clock.now()
        try:
            got = await self.lease.hold(self.holder, now, self.settings.ttl)
        except StoreError:
            log.warning("the %s lease could not be taken or renewed", self.work_name, exc_info=True)
            return not self._expired()
        if got == self.holder:
            self.held_until = now + self.settings.ttl
            return True
        self.held_until = None
        return False

    def _expired(self) -> bool:
        """Whether this process must stop: it does not hold the lease, or renewals have
        failed until the lease is one renewal from running out (stopping then, not at
        the end, leaves room for the next renewal's time and a little clock skew)."""
        if self.held_until is None:
            return True
        return self.clock.now() >= self.held_until - self.settings.renew_every

    async def _sleep_while(self, task: asyncio.Future[None], until: datetime) -> None:
        """Sleep until ``until``, or until ``task`` ends."""
        sleeper = asyncio.ensure_future(self.clock.sleep_until(until))
        try:
            await asyncio.wait({sleeper, task}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()

    async def _release(self) -> None:
        try:
            await self.lease.release(self.holder)
        except StoreError:
            log.warning("the %s lease could not be released; it will expire", self.work_name)
        else:
            log.info("this process (%s) released the %s lease", self.holder, self.work_name)

    async def _quietly(self, answer: Awaitable[str | None]) -> str | None:
        try:
            return await answer
        except StoreError:
            return None
