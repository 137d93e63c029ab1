"""How scheduled posts read: the "on this day" digest and milestone alerts.

"In 7 days: 2 years since <event> (3 January 2020)"; on the day "2 years ago
today: <event> (3 January 2020)"; an alert moved off a weekend says which day
it is about ("On Sunday: ..."). Ages are worked out for the day the post goes
out, in the channel's time zone. A post sent after its time says so first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot import wording
from bot.messages import Reply, ReplyKind, Section
from bot.model import Event, Precision, Status, anniversary_in
from bot.ports import EventStore
from bot.presenting import citation
from bot.reminders import rules
from bot.reminders.model import Kind, Policy
from bot.reminders.planning import count_digest_events, digest_events

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Composed:
    """A post ready to send, or ``None`` with the reason there is nothing to send."""

    reply: Reply | None
    reason: str = ""


async def compose(
    store: EventStore,
    policy: Policy,
    key: str,
    due_at: datetime,
    *,
    late: bool = False,
    max_events: int = 25,
    posted_at: datetime | None = None,
) -> Composed:
    """The post for ledger ``key`` of a subscription with ``policy``, due at ``due_at``.

    ``posted_at`` is when it goes out (default: when it was due). Words relative to
    the day ("in 6 days", "tomorrow", "ago today") are counted from the day it goes
    out, so a post caught up after midnight does not say "in 7 days" on the sixth.
    """
    try:
        kind, on, event_id, lead = rules.parse_key(key)
    except ValueError:
        return Composed(None, f"not an occasion Dateline knows: {key[:60]}")
    day = rules.local_day(posted_at or due_at, policy.tz)
    late_note = _late_note(due_at, policy.tz) if late else ""
    if kind is Kind.DIGEST:
        return await _digest(store, policy, on, late_note, max_events)
    assert event_id is not None and lead is not None
    event = await store.get(event_id)
    if event is None or event.status is not Status.PUBLISHED:
        return Composed(None, f"event #{event_id} is no longer published")
    if event.date.precision is not Precision.DAY or (
        anniversary_in(event.date.start, on.year) != on
    ):
        return Composed(None, f"event #{event_id} no longer has an anniversary on {on}")
    return Composed(alert_reply(event, on, lead, day, late_note=late_note))


def alert_reply(
    event: Event, occurs_on: date, lead: int, day: date, *, late_note: str = ""
) -> Reply:
    """The alert for ``event``'s anniversary on ``occurs_on``, posted on ``day``."""
    years = rules.years_between(event.date.start, occurs_on)
    origin = wording.full_date(event.date.start)
    since = f"{wording.plural(years, 'year')} since {event.title} ({origin})"
    ahead = (occurs_on - day).days
    natural = date.fromordinal(occurs_on.toordinal() - lead)
    if ahead <= 0:
        title = f"{wording.plural(years, 'year')} ago today: {event.title} ({origin})"
    elif natural != day and rules.is_weekend(occurs_on) and ahead <= 2:
        title = f"On {WEEKDAYS[occurs_on.weekday()]}: {since}"
    elif ahead == 1:
        title = f"Tomorrow: {since}"
    else:
        title = f"In {ahead} days: {since}"
    when = f"The anniversary is on {WEEKDAYS[occurs_on.weekday()]} {wording.full_date(occurs_on)}."
    text = "\n".join(part for part in (late_note, when) if part)
    return Reply(ReplyKind.ALERT, title, text, (_alert_section(event),), (event,))


def _alert_section(event: Event) -> Section:
    # No "N years ago" here: next to "2 years since" a count of whole years on the
    # day of an early alert ("1 year ago") would read as a contradiction.
    lines = [event.summary] if event.summary else []
    if event.place:
        lines.append(f"Place: {event.place}")
    if not event.sources:
        lines.append("Source: none recorded")
    heading = f"{wording.event_date(event.date)}: {event.title}"
    return Section(heading, tuple(lines), tuple(citation(s) for s in event.sources), event.id)


async def _digest(
    store: EventStore, policy: Policy, day: date, late_note: str, max_events: int
) -> Composed:
    events = await digest_events(store, day, policy.tags, limit=max_events)
    label = wording.day_month(day.month, day.day)
    if not events and not policy.post_empty:
        return Composed(None, f"nothing to post on {label}")
    total = len(events)
    if total >= max_events:
        total = await count_digest_events(store, day, policy.tags)
    return Composed(digest_reply(day, events, total, policy, late_note))


def digest_reply(
    day: date, events: list[Event], total: int, policy: Policy, late_note: str = ""
) -> Reply:
    """The "on this day" digest for ``day``: ``events`` (a page, oldest first) of ``total``."""
    label = wording.day_month(day.month, day.day)
    if not events:
        summary = f"Nothing in Dateline's archive happened on {label}."
    else:
        milestones = sum(1 for e in events if day.year - e.date.start.year in policy.milestones)
        summary = (
            f"{wording.plural(total, 'event')} from past years, oldest first"
            + (f"; {wording.plural(milestones, 'milestone')} marked." if milestones else ".")
        )
    footer = ""
    if total > len(events):
        footer = (
            f"Showing {len(events):,} of {total:,}. "
            f"Ask “onthisday {label}” for the rest."
        )
    text = "\n".join(part for part in (late_note, summary) if part)
    sections = tuple(_digest_section(e, day, policy) for e in events)
    return Reply(
        ReplyKind.DIGEST, f"On this day: {label}", text, sections, tuple(events), footer=footer
    )


def _digest_section(event: Event, day: date, policy: Policy) -> Section:
    years = day.year - event.date.start.year
    mark = ", a milestone" if years in policy.milestones else ""
    if event.date.precision is Precision.MONTH:
        when = wording.month_year(event.date.start.year, event.date.start.month)
        heading = (
            f"{when} (about {wording.plural(years, 'year')} ago{mark}; approximate: "
            f"the exact day is not recorded): {event.title}"
        )
    else:
        ago = wording.age(event.date.start, day)
        heading = f"{event.date.start.year} ({ago}{mark}): {event.title}"
    lines = [event.summary] if event.summary else []
    if not event.sources:
        lines.append("Source: none recorded")
    return Section(heading, tuple(lines), tuple(citation(s) for s in event.sources), event.id)


def _late_note(due_at: datetime, tz: str) -> str:
    local = due_at.astimezone(rules.zone(tz))
    return (
        f"Posted late: this was due at {local:%H:%M} on {wording.full_date(local.date())} "
        f"({tz})."
    )
