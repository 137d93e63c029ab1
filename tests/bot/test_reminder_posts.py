"""How digests and alerts read: lead-day wording, the weekend move, ages on the day of
posting, milestones and approximate dates marked, and nothing cut silently."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.messages import ReplyKind
from bot.model import Event, EventDate, Precision, Source
from bot.reminders import rules
from bot.reminders.model import Policy
from bot.reminders.posts import alert_reply, compose, digest_reply
from storage import SqliteEventStore

STRIKE = Event(
    EventDate(date(2020, 1, 3)),
    "the US drone strike that killed Qasem Soleimani",
    "A drone strike at Baghdad airport.",
    sources=(Source("Example News", "Strike kills general", "https://example.com/a"),),
    id=2,
)


@pytest.mark.parametrize(
    ("occurs", "lead", "day", "title"),
    [
        (date(2022, 1, 3), 7, date(2021, 12, 27),
         "In 7 days: 2 years since the US drone strike that killed Qasem Soleimani "
         "(3 January 2020)"),
        (date(2022, 1, 3), 30, date(2021, 12, 4),
         "In 30 days: 2 years since the US drone strike that killed Qasem Soleimani "
         "(3 January 2020)"),
        (date(2022, 1, 3), 1, date(2022, 1, 2),
         "Tomorrow: 2 years since the US drone strike that killed Qasem Soleimani "
         "(3 January 2020)"),
        (date(2022, 1, 3), 0, date(2022, 1, 3),
         "2 years ago today: the US drone strike that killed Qasem Soleimani (3 January 2020)"),
        (date(2021, 1, 3), 0, date(2021, 1, 3),
         "1 year ago today: the US drone strike that killed Qasem Soleimani (3 January 2020)"),
        # 3 January 2027 is a Sunday: with weekends moved, the alert goes out on Friday.
        (date(2027, 1, 3), 0, date(2027, 1, 1),
         "On Sunday: 7 years since the US drone strike that killed Qasem Soleimani "
         "(3 January 2020)"),
        # A 7-day alert that fell on a Saturday goes out a day early and says so.
        (date(2027, 1, 9), 7, date(2027, 1, 1),
         "In 8 days: 7 years since the US drone strike that killed Qasem Soleimani "
         "(3 January 2020)"),
    ],
)
def test_alert_wording(occurs: date, lead: int, day: date, title: str) -> None:
    origin = date(2020, occurs.month, occurs.day)
    event = Event(EventDate(origin), STRIKE.title, sources=STRIKE.sources, id=2)
    reply = alert_reply(event, occurs, lead, day)
    assert reply.kind is ReplyKind.ALERT
    assert reply.title == title.replace("3 January 2020", f"{origin.day} January 2020")
    assert reply.sections[0].citations[0].url == "https://example.com/a"


def test_an_alert_cites_its_sources_and_names_the_weekday() -> None:
    reply = alert_reply(STRIKE, date(2022, 1, 3), 7, date(2021, 12, 27))
    assert reply.text == "The anniversary is on Monday 3 January 2022."
    [section] = reply.sections
    assert section.heading == "3 January 2020: the US drone strike that killed Qasem Soleimani"
    assert section.citations[0].publisher == "Example News"
    assert reply.events == (STRIKE,)


def test_a_late_alert_says_so_first() -> None:
    reply = alert_reply(STRIKE, date(2022, 1, 3), 0, date(2022, 1, 3),
                        late_note="Posted late: this was due at 09:00 on 3 January 2022 (UTC).")
    assert reply.text.splitlines()[0].startswith("Posted late")


@pytest.mark.parametrize(
    ("posted_at", "title_start"),
    [
        (None, "In 7 days:"),
        (datetime(2021, 12, 27, 9, 5, tzinfo=UTC), "In 7 days:"),
        # caught up after midnight: the alert counts from the day it goes out
        (datetime(2021, 12, 28, 0, 30, tzinfo=UTC), "In 6 days:"),
        (datetime(2022, 1, 2, 9, 0, tzinfo=UTC), "Tomorrow:"),
        (datetime(2022, 1, 3, 9, 0, tzinfo=UTC), "2 years ago today:"),
    ],
)
async def test_a_scheduled_alert_counts_days_from_the_day_it_is_posted(
    store: SqliteEventStore, posted_at: datetime | None, title_start: str
) -> None:
    saved = await store.add(STRIKE, "test", datetime(2021, 1, 1, tzinfo=UTC))
    assert saved.id is not None
    key = rules.alert_key(saved.id, date(2022, 1, 3), 7)
    due_at = datetime(2021, 12, 27, 9, 0, tzinfo=UTC)
    composed = await compose(store, Policy(tz="UTC"), key, due_at, posted_at=posted_at)
    assert composed.reply is not None
    assert composed.reply.title.startswith(title_start)


def _event(when: str, title: str, event_id: int) -> Event:
    return Event(EventDate.parse(when), title, id=event_id)


def test_the_digest_lists_oldest_first_with_year_age_and_milestones() -> None:
    events = [
        _event("1996-01-03", "Oldest", 1),
        _event("2016-01-03", "Ten years", 2),
        _event("2019-01-03", "Seven years", 3),
    ]
    reply = digest_reply(date(2026, 1, 3), events, 3, Policy())
    assert reply.kind is ReplyKind.DIGEST
    assert reply.title == "On this day: 3 January"
    assert reply.text == "3 events from past years, oldest first; 2 milestones marked."
    assert [s.heading for s in reply.sections] == [
        "1996 (30 years ago, a milestone): Oldest",
        "2016 (10 years ago, a milestone): Ten years",
        "2019 (7 years ago): Seven years",
    ]
    assert reply.sections[0].lines == ("Source: none recorded",)
    assert reply.footer == ""


def test_month_events_are_marked_approximate_on_the_first_of_their_month() -> None:
    reply = digest_reply(date(2022, 1, 1), [_event("2020-01", "Reports of a role", 4)], 1,
                         Policy())
    heading = reply.sections[0].heading
    assert heading.startswith("January 2020 (about 2 years ago, a milestone; approximate")
    assert EventDate.parse("2020-01").precision is Precision.MONTH


def test_a_long_digest_says_how_many_it_does_not_show() -> None:
    events = [_event(f"{1900 + n}-01-03", f"Event {n}", n + 1) for n in range(25)]
    reply = digest_reply(date(2026, 1, 3), events, 140, Policy())
    assert reply.text.startswith("140 events")
    assert reply.footer == "Showing 25 of 140. Ask “onthisday 3 January” for the rest."


def test_an_empty_digest_says_nothing_happened() -> None:
    reply = digest_reply(date(2026, 1, 4), [], 0, Policy(post_empty=True))
    assert reply.text == "Nothing in Dateline's archive happened on 4 January."
