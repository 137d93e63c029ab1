"""The iCalendar export: yearly recurring all-day anniversaries of published day events,
as ``icalendar`` parses them back, with occurrences (checked with ``dateutil.rrule``)
that follow the project's leap-day policy."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from adapters.formats import ical
from bot.model import Event, EventDate, Status, anniversary_in
from tests.adapters.formats.format_events import EVENTS, STAMP, stored

NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)


def _events(data: bytes) -> dict[str, Any]:
    return {str(item["uid"]): item for item in Calendar.from_ical(data).walk("VEVENT")}


def _occurrences(item: Any, years: range) -> list[date]:
    """The item's occurrences in ``years`` by ``dateutil``'s reading of its RRULE."""
    start = item.decoded("dtstart")
    first_day = datetime(start.year, start.month, start.day, tzinfo=UTC)
    rule = rrulestr(item["rrule"].to_ical().decode(), dtstart=first_day)
    first = datetime(years.start, 1, 1, tzinfo=UTC)
    last = datetime(years.stop - 1, 12, 31, tzinfo=UTC)
    return [moment.date() for moment in rule.between(first, last, inc=True)]


def test_only_published_day_events_become_calendar_events() -> None:
    found = _events(ical.dump(stored(), now=NOW))
    day_events = [
        number for number, e in enumerate(EVENTS, start=1)
        if e.status is Status.PUBLISHED and e.date.precision.value == "day"
    ]
    assert sorted(found) == sorted(f"dateline-event-{n}@dateline" for n in day_events)


def test_an_anniversary_is_a_yearly_all_day_event_from_the_start_of_the_event() -> None:
    item = _events(ical.dump(stored(), now=NOW))["dateline-event-4@dateline"]
    assert item.decoded("dtstart") == date(2020, 1, 3)
    assert item.decoded("dtend") == date(2020, 1, 4)
    assert item["rrule"].to_ical() == b"FREQ=YEARLY"
    assert str(item["summary"]) == "A six-day range (2020)"
    assert "2020-01-03 to 2020-01-08" in str(item["description"])
    assert _occurrences(item, range(2021, 2025)) == [date(y, 1, 3) for y in range(2020 + 1, 2025)]


@pytest.mark.parametrize("origin", [date(2020, 2, 29), date(1996, 2, 29), date(2019, 2, 28)])
def test_occurrences_follow_the_leap_day_policy(origin: date) -> None:
    event = Event(EventDate(origin), "Leap", id=1, updated_at=STAMP)
    item = _events(ical.dump([event], now=NOW))["dateline-event-1@dateline"]
    years = range(origin.year + 1, origin.year + 9)
    assert _occurrences(item, years) == [anniversary_in(origin, year) for year in years]


def test_the_calendar_is_the_same_file_for_the_same_store() -> None:
    assert ical.dump(stored(), now=NOW) == ical.dump(stored(), now=datetime.now(UTC))


def test_a_calendar_event_carries_the_event_text_escaped_by_icalendar() -> None:
    item = _events(ical.dump(stored(), now=NOW))["dateline-event-1@dateline"]
    assert str(item["location"]) == "Baghdad, Iraq"
    assert str(item["url"]) == "https://example.com/a?x=1&y=2"
    assert item.decoded("dtstamp") == STAMP
    description = str(item["description"])
    assert "Second line; \"quoted\"." in description
    assert "- Reuters, “Strike kills Soleimani”, published 2020-01-03" in description


def test_the_calendar_is_crlf_text_with_the_subscription_properties() -> None:
    data = ical.dump(stored(), now=NOW)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    calendar = Calendar.from_ical(data)
    assert str(calendar["x-wr-calname"]) == "Dateline anniversaries"
    assert str(calendar["prodid"]) == ical.PRODUCT


def test_an_event_without_a_number_still_has_a_stable_uid() -> None:
    event = replace(EVENTS[0], id=None)
    assert ical.uid(event) == ical.uid(replace(event, summary="changed"))
    assert ical.uid(event) != ical.uid(replace(event, title="Another"))
