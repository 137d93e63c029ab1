"""Which occasions a subscription has on a local day, looked up through the event store.

A digest is due on a day when some published event recurs on it (or the
subscription posts empty days too); an alert is due for each event whose
milestone anniversary lies one of the lead days ahead. Alert lookups ask the
store for exact origin dates, so every event due is found whatever the size of
the store, and nothing is capped.

Planning reads references (id, first day, tags), never event text, and
``prepare`` fetches what a whole pass needs in one query for the alerts and one
per day for the digests, so a thousand subscriptions cost what one does plus
the Python to match their filters. What a ``Planner`` has read it keeps, so use
one per pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from bot.model import Event, EventRef, Precision
from bot.ports import EventStore
from bot.reminders import rules
from bot.reminders.model import Kind, Occasion, Policy, Subscription

Wanted = dict[date, list[tuple[date, int]]]  # origin date -> (anniversary, lead days)
# What decides a subscription's alerts on a day, apart from its posting time and zone.
Signature = tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...], bool]


class AlertSpec(NamedTuple):
    """One alert due on a day, shared by every subscription with the same policy."""

    key: str
    event_id: int
    occurs_on: date
    years: int
    lead_days: int


@dataclass(frozen=True, slots=True)
class DayPlan:
    """A subscription's posts on one local day: the digest's key (or None), then alerts."""

    day: date
    due_at: datetime
    digest: str | None
    alerts: tuple[AlertSpec, ...]

    def occasion_keys(self) -> list[str]:
        return ([self.digest] if self.digest else []) + [a.key for a in self.alerts]

    def occasions(self) -> list[Occasion]:
        found = [Occasion(self.digest, Kind.DIGEST, self.day, self.due_at)] if self.digest else []
        found += [
            Occasion(a.key, Kind.ALERT, self.day, self.due_at, a.event_id, a.occurs_on,
                     a.years, a.lead_days)
            for a in self.alerts
        ]
        return found


class Planner:
    """Plans occasions for subscriptions; one instance per scheduler pass or preview."""

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._origins: dict[date, list[EventRef]] = {}
        self._digests: dict[date, list[EventRef]] = {}
        self._alert_specs: dict[tuple[date, Signature], tuple[AlertSpec, ...]] = {}
        self._wanted: dict[tuple[date, Signature], Wanted] = {}

    async def prepare(self, pairs: Iterable[tuple[Subscription, date]]) -> None:
        """Read, in as few queries as possible, what planning these (subscription, local
        day) pairs will need."""
        origins: set[date] = set()
        days: set[date] = set()
        for sub, day in pairs:
            if sub.policy.alerts:
                origins.update(self._wanted_on(sub.policy, day))
            if sub.policy.digest and not sub.policy.post_empty:
                days.add(day)
        await self._load_origins(origins)
        for day in days:
            await self._load_digest(day)

    async def occasions(self, subscription: Subscription, day: date) -> list[Occasion]:
        """The posts ``subscription`` calls for on its local ``day``: the digest first,
        then alerts, soonest anniversary first."""
        return (await self.plan(subscription, day)).occasions()

    async def plan(self, subscription: Subscription, day: date) -> DayPlan:
        """``occasions`` in compact form, its alerts shared with like subscriptions."""
        policy = subscription.policy
        due = rules.posting_instant(day, policy.post_at, policy.tz)
        digest = None
        if policy.digest and (policy.post_empty or await self.anything_on(day, policy.tags)):
            digest = rules.digest_key(day)
        alerts = await self._alerts(policy, day) if policy.alerts else ()
        return DayPlan(day, due, digest, alerts)

    async def anything_on(self, day: date, tags: Sequence[str]) -> bool:
        """Whether a digest for ``day`` would list anything."""
        await self._load_digest(day)
        return any(_tagged(ref, tags) for ref in self._digests[day])

    async def _alerts(self, policy: Policy, day: date) -> tuple[AlertSpec, ...]:
        signature = _signature(policy)
        cached = self._alert_specs.get((day, signature))
        if cached is not None:
            return cached
        wanted = self._wanted_on(policy, day)
        await self._load_origins(set(wanted))
        alerts = [
            AlertSpec(
                rules.alert_key(ref.id, occurs, lead),
                ref.id,
                occurs,
                occurs.year - ref.start.year,
                lead,
            )
            for origin, anniversaries in wanted.items()
            for ref in self._origins[origin]
            if _tagged(ref, policy.tags)
            for occurs, lead in anniversaries
        ]
        alerts.sort(key=lambda a: (a.occurs_on, -a.years, a.event_id))
        specs = self._alert_specs[(day, signature)] = tuple(alerts)
        return specs

    def _wanted_on(self, policy: Policy, day: date) -> Wanted:
        key = (day, _signature(policy))
        if key not in self._wanted:
            self._wanted[key] = _wanted(policy, day)
        return self._wanted[key]

    async def _load_origins(self, origins: set[date]) -> None:
        missing = sorted(origins - self._origins.keys())
        if not missing:
            return
        for origin in missing:
            self._origins[origin] = []
        for ref in await self._store.refs_on_dates(missing):
            self._origins[ref.start].append(ref)

    async def _load_digest(self, day: date) -> None:
        if day in self._digests:
            return
        refs = await self._store.refs_recurring(rules.month_days_on(day), before=day)
        if day.day == 1:
            refs += await self._store.refs_recurring(
                [(day.month, 1)], before=day, precision=Precision.MONTH
            )
        self._digests[day] = refs


def _signature(policy: Policy) -> Signature:
    return (policy.milestones, policy.lead_days, policy.tags, policy.weekend_friday)


def _wanted(policy: Policy, day: date) -> Wanted:
    """The origin dates whose milestone anniversaries ``policy`` alerts about on ``day``."""
    wanted: Wanted = {}
    for natural in rules.natural_days_sent_on(day, policy.weekend_friday):
        for lead in policy.lead_days:
            occurs = natural + timedelta(days=lead)
            for origin in rules.origins(occurs, policy.milestones):
                wanted.setdefault(origin, []).append((occurs, lead))
    return wanted


def _tagged(ref: EventRef, tags: Sequence[str]) -> bool:
    return not tags or not ref.tags.isdisjoint(tags)


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
