"""Which occasions a subscription has on a local day, looked up through the event store.

A digest is due on a day when some published event recurs on it (or the
subscription posts empty days too); an alert is due for each event whose
milestone anniversary lies one of the lead days ahead. Alert lookups ask the
store for exact origin dates, so every event due is found whatever the size of
the store, and nothing is capped. Lookups are remembered for the life of one
``Planner``, so many subscriptions sharing a day cost one query per distinct
question.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bot.model import Event, Precision
from bot.ports import EventStore
from bot.reminders import rules
from bot.reminders.model import Kind, Occasion, Policy, Subscription


class Planner:
    """Plans occasions for subscriptions; one instance per scheduler pass or preview."""

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._recurs: dict[tuple[date, tuple[str, ...]], bool] = {}
        self._origins: dict[tuple[frozenset[date], tuple[str, ...]], list[Event]] = {}

    async def occasions(self, subscription: Subscription, day: date) -> list[Occasion]:
        """The posts ``subscription`` calls for on its local ``day``: the digest first,
        then alerts, soonest anniversary first."""
        policy = subscription.policy
        due = rules.posting_instant(day, policy.post_at, policy.tz)
        found: list[Occasion] = []
        if policy.digest and (policy.post_empty or await self.anything_on(day, policy.tags)):
            found.append(Occasion(rules.digest_key(day), Kind.DIGEST, day, due))
        if policy.alerts:
            found += await self._alerts(policy, day, due)
        return found

    async def anything_on(self, day: date, tags: Sequence[str]) -> bool:
        """Whether a digest for ``day`` would list anything."""
        key = (day, tuple(tags))
        if key not in self._recurs:
            self._recurs[key] = bool(await digest_events(self._store, day, tags, limit=1))
        return self._recurs[key]

    async def _alerts(self, policy: Policy, day: date, due: datetime) -> list[Occasion]:
        wanted: dict[date, list[tuple[date, int]]] = {}
        for natural in rules.natural_days_sent_on(day, policy.weekend_friday):
            for lead in policy.lead_days:
                occurs = natural + timedelta(days=lead)
                for origin in rules.origins(occurs, policy.milestones):
                    wanted.setdefault(origin, []).append((occurs, lead))
        if not wanted:
            return []
        events = await self._on_dates(frozenset(wanted), tuple(policy.tags))
        alerts = [
            Occasion(
                rules.alert_key(event.id, occurs, lead),
                Kind.ALERT,
                day,
                due,
                event.id,
                occurs,
                rules.years_between(event.date.start, occurs),
                lead,
            )
            for event in events
            if event.id is not None
            for occurs, lead in wanted[event.date.start]
        ]
        alerts.sort(key=lambda o: (o.occurs_on, -(o.years or 0), o.event_id or 0))
        return alerts

    async def _on_dates(self, days: frozenset[date], tags: tuple[str, ...]) -> list[Event]:
        key = (days, tags)
        if key not in self._origins:
            self._origins[key] = await self._store.on_dates(sorted(days), tags=tags)
        return self._origins[key]


async def digest_events(
    store: EventStore, day: date, tags: Sequence[str], *, limit: int
) -> list[Event]:
    """Up to ``limit`` events a digest for ``day`` lists, oldest first: day-precision
    events recurring on it, and on the 1st of a month that month's month-precision
    events (their day is not known)."""
    events = await store.recurring(rules.month_days_on(day), before=day, tags=tags, limit=limit)
    if day.day == 1:
        events += await store.recurring(
            [(day.month, 1)], before=day, precision=Precision.MONTH, tags=tags, limit=limit
        )
        events.sort(key=lambda e: (e.date.start, e.id or 0))
    return events[:limit]


async def count_digest_events(store: EventStore, day: date, tags: Sequence[str]) -> int:
    """How many events a digest for ``day`` has in all."""
    total = await store.count_recurring(rules.month_days_on(day), before=day, tags=tags)
    if day.day == 1:
        total += await store.count_recurring(
            [(day.month, 1)], before=day, precision=Precision.MONTH, tags=tags
        )
    return total
