"""Where a running Dateline is measured, all on the adapters' side of the ports.

- ``MeasuredBot`` counts and times every answer around ``Bot.handle``. Every adapter
  (console, Discord, Slack) is handed the ``Bot`` the composition root builds, so
  building this one measures them all, without a clock in ``bot/``.
- ``ObservedLedger`` stands between the scheduler and its ``ReminderStore``: the
  scheduler records every delivery outcome there (``posted``, ``failed``,
  ``skipped``, and skipped claims), so counting those calls on their way through
  counts what the ledger holds, and nothing inside the scheduler changes.
- ``watch_queues`` reads the queue depths from the store for each scrape.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from adapters.metrics import Metrics
from bot.core import Bot
from bot.messages import Incoming, Reply, ReplyKind
from bot.reminders.model import Claim, Delivery
from bot.reminders.store import ReminderStore
from bot.text_input import valid_text
from bot.usage import MAX_INPUT


def answer_outcome(reply: Reply) -> str:
    """``answered``, ``error`` (the asker's mistake, a refusal, a busy store) or
    ``internal_error`` (an error reply with a reference id: a bug or a failing store)."""
    if reply.kind is not ReplyKind.ERROR:
        return "answered"
    return "internal_error" if reply.reference is not None else "error"


class MeasuredBot(Bot):
    """A ``Bot`` whose answers are counted and timed, whose scheduled posts are counted
    through its reminder store, and whose queue depths are read at each scrape.

    Built with ``Bot``'s own arguments after ``metrics``, so that it follows any change
    to them."""

    def __init__(self, metrics: Metrics, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metrics = metrics
        if self.reminders is not None:
            self.reminders = ObservedLedger(self.reminders, metrics)
        watch_queues(metrics, self)

    async def handle(self, incoming: Incoming) -> Reply:
        # A monotonic clock: the wall clock may be corrected while an answer runs.
        started = time.perf_counter()
        reply = await super().handle(incoming)
        self.metrics.answered(
            incoming.actor.platform, self.command_name(incoming.text), answer_outcome(reply),
            time.perf_counter() - started,
        )
        return reply

    def command_name(self, text: str) -> str:
        """The command ``text`` names, as the table resolves it (``ask`` for a question):
        a label from a fixed set, whatever people type."""
        command, _ = self.commands.resolve(valid_text(text)[:MAX_INPUT])
        return command.name


class ObservedLedger:
    """A ``ReminderStore`` that counts the delivery outcomes the scheduler records in
    ``ledger`` once the ledger has them; every call goes on to ``ledger`` unchanged."""

    def __init__(self, ledger: ReminderStore, metrics: Metrics) -> None:
        self._ledger = ledger
        self._metrics = metrics

    def __getattr__(self, name: str) -> Any:
        # Everything not observed below is the ledger's own: forwarded as it is, so
        # the port can grow (a scheduler lease, say) without this class keeping pace.
        return getattr(self._ledger, name)

    async def claim(self, claims: Sequence[Claim], watermarks: dict[int, datetime]) -> int:
        new = await self._ledger.claim(claims, watermarks)
        # Occasions older than the catch-up window are claimed as already skipped. The
        # watermark moves on in the same transaction, so a process plans each day once;
        # only two schedulers planning the same moment (no lease) could count one twice.
        self._metrics.scheduled("skipped", sum(1 for claim in claims if claim.skipped))
        return new

    async def posted(
        self, delivery: Delivery, owner: str, at: datetime, message_id: str, *,
        late: bool, deduplicated: bool,
    ) -> None:
        await self._ledger.posted(
            delivery, owner, at, message_id, late=late, deduplicated=deduplicated
        )
        self._metrics.scheduled("late" if late else "sent")

    async def failed(
        self, delivery: Delivery, owner: str, at: datetime, error: str, retry_at: datetime
    ) -> int:
        failing = await self._ledger.failed(delivery, owner, at, error, retry_at)
        self._metrics.scheduled("failed")
        return failing

    async def skipped(self, delivery: Delivery, owner: str, at: datetime, reason: str) -> None:
        await self._ledger.skipped(delivery, owner, at, reason)
        self._metrics.scheduled("skipped")


def watch_queues(metrics: Metrics, bot: Bot) -> None:
    """Report the pending deliveries and pending review candidates at each scrape."""
    reminders, review = bot.reminders, bot.review
    if reminders is not None:

        async def pending_deliveries() -> int:
            return sum(counts.pending for counts in (await reminders.counters()).values())

        metrics.watch_queue(
            "dateline_pending_deliveries",
            "Scheduled posts claimed in the ledger and not yet sent or skipped.",
            pending_deliveries,
        )
    if review is not None:
        metrics.watch_queue(
            "dateline_pending_review_candidates",
            "Extracted candidate events waiting for a moderator's review.",
            review.count_pending,
        )
