"""What subscriptions will post over a period, without touching the ledger.

``dateline reminders preview``, the ``schedule`` chat command and ``status``
use this; it plans and composes exactly as the scheduler does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.messages import Reply
from bot.ports import EventStore
from bot.reminders import rules
from bot.reminders.model import Occasion, Subscription
from bot.reminders.planning import Planner
from bot.reminders.posts import compose

MAX_PREVIEW_DAYS = 366


@dataclass(frozen=True, slots=True)
class PlannedPost:
    subscription: Subscription
    occasion: Occasion
    reply: Reply


async def preview(
    store: EventStore,
    subscriptions: Sequence[Subscription],
    first: date,
    last: date,
    *,
    max_events: int = 25,
    limit: int | None = None,
) -> list[PlannedPost]:
    """Every post the subscriptions would make on their local days ``first..last``,
    in posting order (stopping after ``limit`` posts when given)."""
    planner = Planner(store)
    if limit is None:
        days = list(rules.days_between(first, last))
        await planner.prepare((sub, day) for sub in subscriptions for day in days)
    found: list[PlannedPost] = []
    for day in rules.days_between(first, last):
        for sub in subscriptions:
            for occasion in await planner.occasions(sub, day):
                composed = await compose(
                    store, sub.policy, occasion.key, occasion.due_at, max_events=max_events
                )
                if composed.reply is not None:
                    found.append(PlannedPost(sub, occasion, composed.reply))
        if limit is not None and len(found) >= limit:
            break
    found.sort(key=lambda p: (p.occasion.due_at, p.subscription.id or 0))
    return found if limit is None else found[:limit]
