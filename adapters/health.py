"""What ``/healthz`` reports, and the small interface the rest of ``dateline run``
registers with it.

``Health`` is given a store probe, and learns the rest as the process starts: each
platform registers a ``connected()`` probe, the scheduler registers its task and the
name it records in the ledger (and holds the lease under), and the scheduler lease's
``current_holder`` is registered as the ``lease_holder()`` reader
(``read_lease_holder_with``). A scheduler without a lease (a store that has none)
registers no reader: the holder is then this process while its scheduler task runs,
as every such scheduler acts as if it held the lease.

The process is healthy when the store answers a real query within the timeout, every
platform it serves is connected, and its scheduler task is running. Who holds the
lease is reported, not judged: another process holding it is normal.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from adapters.logsafe import Redactor, describe
from bot.ports import EventStore

log = logging.getLogger(__name__)

# Long enough for a busy store to answer between writes; short enough that a probe
# (Kubernetes waits one second by default, and is told more here) gets an answer.
PROBE_SECONDS = 3.0

ConnectedProbe = Callable[[], Awaitable[bool]]
LeaseHolder = Callable[[], Awaitable[str | None]]
StoreProbe = Callable[[], Awaitable[object]]


async def ping_store(store: EventStore) -> None:
    """One real, cheap round trip to the store: ids start at 1, so looking up event 0
    is a primary-key miss that reads no rows."""
    await store.get(0)


@dataclass(frozen=True, slots=True)
class HealthReport:
    store_error: str | None  # None: the store answered
    platforms: dict[str, bool]  # name -> connected
    scheduler_running: bool | None  # None: this process runs no scheduler
    this_process: str | None  # the scheduler's name in the ledger
    lease_holder: str | None

    @property
    def problems(self) -> list[str]:
        found = [] if self.store_error is None else [f"store: {self.store_error}"]
        found += [f"{name}: not connected" for name, up in self.platforms.items() if not up]
        if self.scheduler_running is False:
            found.append("scheduler: not running")
        return found

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.healthy else "unhealthy",
            "problems": self.problems,
            "store": {"reachable": self.store_error is None, "error": self.store_error},
            "platforms": {name: {"connected": up} for name, up in self.platforms.items()},
            "scheduler": {
                "running": self.scheduler_running,
                "this_process": self.this_process,
                "lease_holder": self.lease_holder,
            },
        }


class Health:
    """Collects the probes of a running process and answers with a ``HealthReport``."""

    def __init__(self, store_probe: StoreProbe, *, timeout: float = PROBE_SECONDS) -> None:
        self._store_probe = store_probe
        self._timeout = timeout
        self._platforms: dict[str, ConnectedProbe] = {}
        self._scheduler: asyncio.Task[None] | None = None
        self._owner: str | None = None
        self._lease_holder: LeaseHolder = self._holder_without_lease
        # A store's error may quote its address, and with it a password.
        self._redact = Redactor()

    def platform(self, name: str, connected: ConnectedProbe) -> None:
        self._platforms[name] = connected

    def scheduler(self, task: asyncio.Task[None], owner: str) -> None:
        """The scheduler's task, and the name it takes deliveries under in the ledger."""
        self._scheduler, self._owner = task, owner

    def read_lease_holder_with(self, read: LeaseHolder) -> None:
        """Where the scheduler lease's holder is read from, once there is a lease."""
        self._lease_holder = read

    async def _holder_without_lease(self) -> str | None:
        return self._owner if self._scheduler_running() else None

    def _scheduler_running(self) -> bool:
        return self._scheduler is not None and not self._scheduler.done()

    async def check(self) -> HealthReport:
        names = list(self._platforms)
        store_error, holder, *connected = await asyncio.gather(
            self._store_error(),
            self._bounded(self._lease_holder(), None),
            *(self._bounded(self._platforms[name](), False) for name in names),
        )
        return HealthReport(
            store_error=store_error,
            platforms=dict(zip(names, connected, strict=True)),
            scheduler_running=None if self._scheduler is None else self._scheduler_running(),
            this_process=self._owner,
            lease_holder=holder,
        )

    async def _store_error(self) -> str | None:
        try:
            async with asyncio.timeout(self._timeout):
                await self._store_probe()
        except TimeoutError:
            return f"no answer within {self._timeout:g} seconds"
        except asyncio.CancelledError:
            raise
        except Exception as error:
            return self._redact(describe(error))
        return None

    async def _bounded(self, probe: Awaitable[Any], failed: Any) -> Any:
        """``probe``'s answer, or ``failed`` when it raises or takes too long: a probe
        that cannot answer says the thing is not working."""
        try:
            async with asyncio.timeout(self._timeout):
                return await probe
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.warning("a health probe failed: %s", describe(error))
            return failed
