"""iCalendar (RFC 5545) export, written with ``icalendar``: a calendar of anniversaries
that editors can subscribe to.

Each published day-precision event becomes an all-day event on its date that recurs
every year (``RRULE:FREQ=YEARLY``). Ranges count from their start, as scheduled posts do
(``bot.reminders.rules``), so a range's anniversary is its first day; the description
gives the whole range. An event of 29 February follows the project's leap-day policy
(``bot.model.anniversary_in``): in common years its anniversary is 28 February, which is
``RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1`` (the last day of February: the 29th in leap
years, the 28th in others). Month- and year-precision events have no day to recur on and
are left out, as are drafts and rejected events.

``UID`` is ``dateline-event-<id>@dateline``, so a subscribed calendar updates an event
rather than duplicating it; ``DTSTAMP`` and ``LAST-MODIFIED`` are when the event last
changed, so exporting an unchanged store gives the same file. The summary carries the
year ("… (2020)"), since a recurring event's occurrences do not show it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from bot.model import Event, Precision, Status

PRODUCT = "-//Dateline//Dateline anniversaries//EN"
NAME = "Dateline anniversaries"
#: How often a subscribed calendar should look for changes (RFC 7986 and Outlook's own).
REFRESH = timedelta(days=1)
_END = b"END:VCALENDAR\r\n"


def dump(events: Sequence[Event], *, now: datetime, name: str = NAME) -> bytes:
    """The calendar; ``now`` (aware) stamps events that carry no time of their own."""
    return b"".join(pieces(events, now=now, name=name))


def pieces(events: Iterable[Event], *, now: datetime, name: str = NAME) -> Iterator[bytes]:
    """The calendar an event at a time: ``icalendar`` writes the calendar's properties
    and each event; only the events are put between them here, so that a large store's
    calendar is never held whole in memory."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")  # an X- property is text to icalendar
    head: bytes = calendar.to_ical()
    yield head.removesuffix(_END)
    for event in events:
        if includes(event):
            component: bytes = _anniversary(event, now).to_ical()
            yield component
    yield _END


def includes(event: Event) -> bool:
    """Whether the calendar has the event: published, and known to the day."""
    return event.status is Status.PUBLISHED and event.date.precision is Precision.DAY


def _anniversary(event: Event, now: datetime) -> CalendarEvent:
    start = event.date.start
    item = CalendarEvent()
    item.add("uid", uid(event))
    item.add("dtstamp", event.updated_at or event.created_at or now)
    item.add("dtstart", start)
    item.add("dtend", start + timedelta(days=1))
    item.add("rrule", yearly_rule(start))
    item.add("summary", f"{event.title} ({start.year})")
    item.add("description", _description(event))
    if event.place:
        item.add("location", event.place)
    if event.tags:
        item.add("categories", list(event.tags))
    link = next((source.url for source in event.sources if source.url), None)
    if link:
        item.add("url", link)
    if event.created_at is not None:
        item.add("created", event.created_at)
    if event.updated_at is not None:
        item.add("last-modified", event.updated_at)
    item.add("transp", "TRANSPARENT")  # an anniversary does not make anyone busy
    return item


def yearly_rule(start: date) -> dict[str, object]:
    """The recurrence of an anniversary of ``start`` (see the module docstring)."""
    if (start.month, start.day) == (2, 29):
        return {"freq": "yearly", "bymonth": 2, "bymonthday": -1}
    return {"freq": "yearly"}


def uid(event: Event) -> str:
    if event.id is not None:
        return f"dateline-event-{event.id}@dateline"
    # Not from a store (a test, a preview): stable for the same date and title.
    key = f"{event.date.iso()}\n{event.title}".encode()
    return f"dateline-{hashlib.sha256(key).hexdigest()[:24]}@dateline"


def _description(event: Event) -> str:
    when = event.date.iso() + (f" to {event.date.end_iso()}" if event.date.end else "")
    lines = [when]
    if event.summary:
        lines += ["", event.summary]
    if event.sources:
        lines += ["", "Sources:"]
    for source in event.sources:
        line = f"- {source.publisher}" + (f", “{source.title}”" if source.title else "")
        if source.published:
            line += f", published {source.published.isoformat()}"
        lines.append(line + (f" <{source.url}>" if source.url else ""))
    return "\n".join(lines)
