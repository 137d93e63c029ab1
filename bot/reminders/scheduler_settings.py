"""The scheduler's tunables: how late a missed post may go out, leases, back-off and
batch sizes. Apart from the scheduler so that reading settings at start-up does not
load the scheduler itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    catch_up: timedelta = timedelta(hours=6)
    late_after: timedelta = timedelta(minutes=10)
    max_sleep: timedelta = timedelta(minutes=1)
    lease: timedelta = timedelta(minutes=2)
    send_timeout: float = 60.0
    backoff_first: timedelta = timedelta(seconds=10)
    backoff_max: timedelta = timedelta(minutes=30)
    max_events: int = 25
    batch: int = 200
    parallel_channels: int = 8
