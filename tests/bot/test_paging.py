"""Complete, true lists: counts are the events that answer, every list shows a page and
says how many more, "more" and "page N" show the rest, and moderators see event numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core import Bot
from bot.messages import Actor, Incoming, Reply, ReplyKind, Role
from bot.model import Event, EventDate
from bot.paging import split_page
from storage import SqliteEventStore

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


async def say(bot: Bot, text: str, role: Role = Role.MEMBER, user: str = "U1") -> Reply:
    actor = Actor("slack", user, "", role)
    return await bot.handle(Incoming(text, actor, "C1", NOW))


async def fill(store: SqliteEventStore, *whens: str) -> None:
    events = [Event(EventDate.parse(when), f"Event {n} ({when})") for n, when in enumerate(whens)]
    await store.import_events(events, "test", NOW)


@pytest.fixture
def bot(store: SqliteEventStore) -> Bot:
    return Bot(store)


async def test_a_long_list_pages_with_more_until_the_end(
    bot: Bot, store: SqliteEventStore
) -> None:
    await fill(store, *(f"2021-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 6, 11, 16, 21)))
    first = await say(bot, "what happened in 2021?")
    assert first.text == "60 events for 2021, oldest first."
    assert (first.total, len(first.events)) == (60, 25)
    assert first.footer == "Showing 1–25 of 60. Say “more” for the next 25."
    assert first.next == "ask what happened in 2021? page 2"
    assert [a.command for a in first.actions] == [first.next]
    second = await say(bot, "more")
    assert second.footer == "Showing 26–50 of 60. Say “more” for the next 10."
    third = await say(bot, "more")
    assert third.footer == "Showing 51–60 of 60." and third.next is None
    seen = [e.id for r in (first, second, third) for e in r.events]
    assert len(seen) == len(set(seen)) == 60
    done = await say(bot, "more")
    assert done.title == "Nothing more to show"


async def test_more_belongs_to_whoever_asked_in_that_channel(
    bot: Bot, store: SqliteEventStore
) -> None:
    await fill(store, *(f"{1900 + n}-01-07" for n in range(30)))
    await say(bot, "onthisday 7 January", user="U1")
    other = await say(bot, "more", user="U2")
    assert other.title == "Nothing more to show"
    mine = await say(bot, "more", user="U1")
    assert mine.footer == "Showing 26–30 of 30."


async def test_a_page_can_be_asked_for_by_number_and_past_the_end_says_so(
    bot: Bot, store: SqliteEventStore
) -> None:
    await fill(store, *(f"{1900 + n}-01-07" for n in range(30)))
    second = await say(bot, "onthisday 7 January page 2")
    assert [e.date.start.year for e in second.events] == list(range(1925, 1930))
    beyond = await say(bot, "onthisday 7 January page 9")
    assert beyond.kind is ReplyKind.EMPTY
    assert beyond.text == "There is no page 9: 30 events make 2 pages."


async def test_the_span_describes_every_event_not_just_the_page(
    bot: Bot, store: SqliteEventStore
) -> None:
    await fill(store, *(f"{1825 + n // 10}-01-07" for n in range(30)), "2024-01-07")
    reply = await say(bot, "what happened on 7 January?")
    assert reply.text == "31 events on 7 January, from 1825 to 2024, oldest first."


async def test_month_events_never_crowd_out_a_day_answer(
    bot: Bot, store: SqliteEventStore
) -> None:
    await fill(store, *(["2020-01"] * 150), "2020-01-31")
    day = await say(bot, "what happened on 31 January 2020?")
    assert [e.date.iso() for e in day.events] == ["2020-01-31"]
    assert day.text == "1 event for 31 January 2020, oldest first."
    month = await say(bot, "what happened in January 2020?")
    assert month.total == 151


async def test_timelines_and_upcoming_page_too(bot: Bot, store: SqliteEventStore) -> None:
    events = [Event(EventDate(date(1990 + n, 12, 1)), f"Summit number {n}", tags=("summit",))
              for n in range(30)]
    await store.import_events(events, "test", NOW)
    timeline = await say(bot, "timeline summit")
    assert (timeline.total, timeline.next) == (30, "timeline summit page 2")
    later = await say(bot, "more")
    assert [e.title for e in later.events] == [f"Summit number {n}" for n in range(25, 30)]
    upcoming = await say(bot, "upcoming 30")
    assert upcoming.total == 30 and upcoming.next == "upcoming 30 page 2"
    rest = await say(bot, "more")
    assert len(rest.sections) == 5


async def test_moderators_see_event_numbers_and_members_do_not(
    bot: Bot, store: SqliteEventStore
) -> None:
    await fill(store, "2020-01-07")
    member = await say(bot, "7 January 2020")
    moderator = await say(bot, "7 January 2020", role=Role.MODERATOR)
    assert member.sections[0].heading.startswith("7 January 2020 (")
    assert moderator.sections[0].heading.startswith("#1 7 January 2020 (")


def test_the_page_suffix_is_read_from_the_end_only() -> None:
    assert split_page("7 January page 3") == ("7 January", 3)
    assert split_page("page 2") == ("", 2)
    assert split_page("the page 2 story") == ("the page 2 story", 1)
    assert split_page("summit page 0") == ("summit", 1)
    assert split_page("7 January") == ("7 January", 1)


async def test_an_empty_month_points_at_the_same_month_in_other_years(
    bot: Bot, store: SqliteEventStore
) -> None:
    await fill(store, "2019-10", "2022-03-04", "2012-10-09")
    reply = await say(bot, "in October")  # October 2026, asked in November 2026
    assert reply.kind is ReplyKind.EMPTY
    assert reply.text.endswith("Nearest months with events: October 2019, October 2012.")
    assert [a.command for a in reply.actions] == ["ask October 2019", "ask October 2012"]


async def test_an_empty_year_points_at_the_nearest_years_with_any_events(
    bot: Bot, store: SqliteEventStore
) -> None:
    await fill(store, "2019", "2019-10", "2022-03-04", "1990-01-01")
    reply = await say(bot, "in 2015")
    assert reply.text.endswith("Nearest years with events: 2019, 2022, 1990.")
    assert reply.actions[0].command == "ask in 2019"
