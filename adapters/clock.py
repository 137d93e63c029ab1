"""The real ``Clock``: the system's UTC time, and sleeping on the event loop.

The scheduler sleeps in chunks of at most a minute and re-reads ``now()``
after each, so a suspended laptop or a corrected system clock is noticed.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep_until(self, when: datetime) -> None:
        delay = (when - self.now()).total_seconds()
        if delay > 0:
            await asyncio.sleep(delay)
