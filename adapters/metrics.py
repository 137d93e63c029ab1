"""The Prometheus metrics of a running Dateline, kept on a registry of their own.

A dedicated ``CollectorRegistry`` (never prometheus-client's global one) keeps each
``Metrics`` separate, so that tests, and two bots in one process, never count into
each other. What is measured and where:

- ``dateline_answers_total{command, outcome}``: every message ``Bot.handle`` answered,
  by the command it named (``ask`` for a question) and its outcome: ``answered``,
  ``error`` (the asker's mistake, a refusal, a busy store) or ``internal_error`` (a bug
  or a failing store: the reply carries a reference id);
- ``dateline_answer_seconds{platform}``: how long ``Bot.handle`` took, timed by the
  adapters (``adapters.metered``), never inside ``bot/``, which reads no clock;
- ``dateline_scheduled_posts_total{outcome}``: ``sent`` on time, ``late`` (sent, marked
  late), ``skipped`` (recorded as not sent, with a reason) and ``failed`` (an attempt
  that failed and will be retried), as the scheduler records them in the ledger;
- ``dateline_pending_deliveries`` and ``dateline_pending_review_candidates``: queue
  depths, read from the store at each scrape (``read_queues``);
- prometheus-client's standard ``process_*`` and ``python_*`` metrics.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)

from adapters.logsafe import describe

log = logging.getLogger(__name__)

ANSWER_OUTCOMES = ("answered", "error", "internal_error")
POST_OUTCOMES = ("sent", "late", "skipped", "failed")
# From a cached day page (a few milliseconds) to an import or a slow full-text search.
ANSWER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# A scrape waits at most this long for a queue's depth; a store slower than that is
# reported as an unknown depth (NaN) rather than holding up the scrape.
QUEUE_READ_SECONDS = 3.0

QueueReader = Callable[[], Awaitable[int]]


class Metrics:
    """The counters, histogram and gauges of one running Dateline (see the module doc)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        # The process's memory, CPU and open files, and Python's version and garbage
        # collections, as prometheus-client's global registry would show them.
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        self.answers = Counter(
            "dateline_answers", "Messages answered, by the command named and the outcome.",
            ("command", "outcome"), registry=self.registry,
        )
        self.answer_seconds = Histogram(
            "dateline_answer_seconds", "Seconds taken to answer a message (Bot.handle).",
            ("platform",), buckets=ANSWER_BUCKETS, registry=self.registry,
        )
        self.scheduled_posts = Counter(
            "dateline_scheduled_posts",
            "Scheduled posts by outcome: sent (on time), late (sent late), skipped, "
            "failed (an attempt, retried later).",
            ("outcome",), registry=self.registry,
        )
        # Every outcome is shown from the start, at 0, so that a rate or an alert on
        # one that has not happened yet has a series to read.
        for outcome in POST_OUTCOMES:
            self.scheduled_posts.labels(outcome)
        self._queues: list[tuple[Gauge, QueueReader]] = []

    def answered(self, platform: str, command: str, outcome: str, seconds: float) -> None:
        self.answers.labels(command, outcome).inc()
        self.answer_seconds.labels(platform).observe(seconds)

    def scheduled(self, outcome: str, count: int = 1) -> None:
        if outcome not in POST_OUTCOMES:
            raise ValueError(f"unknown scheduled post outcome {outcome!r}")
        if count:
            self.scheduled_posts.labels(outcome).inc(count)

    def watch_queue(self, name: str, documentation: str, read: QueueReader) -> None:
        """Report ``read()`` as the gauge ``name`` at every scrape."""
        self._queues.append((Gauge(name, documentation, registry=self.registry), read))

    async def read_queues(self) -> None:
        """Set each queue gauge from the store. A read that fails or takes too long sets
        NaN, so that a stale depth is never shown as a current one."""
        depths = await asyncio.gather(*(_depth(read) for _, read in self._queues))
        for (gauge, _), depth in zip(self._queues, depths, strict=True):
            gauge.set(depth)


async def _depth(read: QueueReader) -> float:
    try:
        async with asyncio.timeout(QUEUE_READ_SECONDS):
            return float(await read())
    except asyncio.CancelledError:
        raise
    except Exception as error:
        log.warning("reading a queue depth for /metrics failed: %s", describe(error))
        return math.nan
