"""Each defect a new user saw in issue 10, asked again through ``Bot.handle`` on the sample
timeline in a temporary database. Every test is named for the behaviour that replaced it."""

from __future__ import annotations

from datetime import date, datetime

from bot.messages import ReplyKind
from bot.model import Event, EventDate, Source
from storage import SqliteEventStore
from tests.conftest import Ask

NOW = datetime.fromisoformat("2026-11-21T09:00:00+00:00")
NOVEMBER = date(2026, 11, 15)


async def add(store: SqliteEventStore, when: str, title: str) -> Event:
    event = Event(EventDate.parse(when), title, sources=(Source("Wire", title),))
    return await store.add(event, "test:seed", NOW)


async def test_before_a_year_lists_what_came_before_it_not_that_year(ask: Ask) -> None:
    reply = await ask("what happened before 2020", today=NOVEMBER)
    assert reply.title == "What happened up to 31 December 2019"
    assert [e.date.start.year for e in reply.events] == [2019]


async def test_since_after_until_and_onwards_are_open_ranges(ask: Ask) -> None:
    since = await ask("since 7 January 2020", today=NOVEMBER)
    assert [e.date.start for e in since.events][:2] == [date(2020, 1, 7), date(2020, 1, 8)]
    after = await ask("after 7 January 2020", today=NOVEMBER)
    assert date(2020, 1, 7) not in [e.date.start for e in after.events]
    assert after.events[0].date.start == date(2020, 1, 8)
    until = await ask("until 7 January 2020", today=NOVEMBER)
    assert until.events[0].date.start == date(2020, 1, 7)  # nearest first, going back
    starts = [e.date.start for e in until.events]
    assert starts == sorted(starts, reverse=True)
    onwards = await ask("from 3 January 2020 onwards", today=NOVEMBER)
    assert onwards.events[0].date.start == date(2020, 1, 3) and onwards.total == 4


async def test_an_open_range_pages_nearest_first_and_says_how_many(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    for day in range(1, 31):
        await add(sample_store, f"2018-06-{day:02d}", f"June 2018 event {day}")
    first = await ask("before 2019", today=NOVEMBER)
    assert first.total == 30 and len(first.events) < 30
    assert first.events[0].title == "June 2018 event 30"
    assert first.next is not None
    more = await ask("more", today=NOVEMBER)
    assert more.events[0].date.start < first.events[-1].date.start


async def test_leaving_a_date_out_is_refused_never_answered_as_that_date(ask: Ask) -> None:
    reply = await ask("not on 7 January", today=NOVEMBER)
    assert reply.kind is ReplyKind.ERROR and not reply.events
    assert "leave one out" in reply.text


async def test_new_years_day_a_quarter_and_a_season_answer_their_own_days(ask: Ask) -> None:
    new_year = await ask("what happened on New Year's Day 2020?", today=NOVEMBER)
    assert "1 January 2020" in new_year.text and not new_year.events
    quarter = await ask("in Q1 2020", today=NOVEMBER)
    assert quarter.title == "What happened in Q1 2020"
    assert "1 January to 31 March 2020" in quarter.text
    assert all(e.date.start.month <= 3 for e in quarter.events)
    winter = await ask("winter 2020", today=NOVEMBER)
    assert "1 December 2019 to 29 February 2020" in winter.text
    assert all(date(2019, 12, 1) <= e.date.start <= date(2020, 2, 29) for e in winter.events)


async def test_a_yearless_day_in_a_named_year_is_that_one_day(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "2021-01-03", "A later 3 January")
    for question in ("3 Jan in 2020", "7th Jan '20"):
        reply = await ask(question, today=NOVEMBER)
        assert {e.date.start.year for e in reply.events} == {2020}, question


async def test_a_zero_width_space_inside_a_date_changes_nothing(ask: Ask) -> None:
    plain = await ask("what happened on 7 January 2020", today=NOVEMBER)
    hidden = await ask("what happened on 7\u200b January\u200d 2020", today=NOVEMBER)
    curly = await ask("what happened on \u201c7 January 2020\u201d", today=NOVEMBER)
    assert plain.events == hidden.events == curly.events
    assert plain.title == hidden.title == curly.title


async def test_the_day_before_yesterday_is_two_days_back(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "2015-11-13", "Two days before the 15th")
    await add(sample_store, "2015-11-14", "One day before the 15th")
    reply = await ask("the day before yesterday", today=NOVEMBER)
    assert [e.title for e in reply.events] == ["Two days before the 15th"]


async def test_anniversaries_in_a_coming_month_are_found(ask: Ask) -> None:
    reply = await ask("any anniversaries in January?", today=NOVEMBER)
    assert reply.kind is ReplyKind.LIST
    assert reply.total == 3 and "in January 2027" in reply.text


async def test_upcoming_anniversaries_weeks_and_milestones_are_understood(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "2016-11-20", "Ten years ago on the 20th")
    await add(sample_store, "2020-11-22", "Six years ago on the 22nd")
    late = date(2026, 11, 18)
    plain = await ask("upcoming anniversaries", today=late)
    assert plain.total == 2
    weeks = await ask("upcoming 2 weeks", today=late)
    assert weeks.total == 2 and "14 days" in weeks.text
    milestones = await ask("upcoming milestones", today=late)
    assert [e.title for e in milestones.events] == ["Ten years ago on the 20th"]
    command = await ask("/upcoming milestones", today=late)
    assert command.events == milestones.events
    bad = await ask("upcoming blue moons", today=late)
    assert bad.kind is ReplyKind.ERROR and "upcoming 2 weeks" in bad.text


async def test_words_the_date_answer_left_out_are_named(ask: Ask) -> None:
    reply = await ask("what happened in Iran in 2020", today=NOVEMBER)
    assert reply.title == "What happened in 2020"
    assert "left out “iran”" in reply.text and "timeline iran" in reply.text
    two = await ask("7 January 2020 and 8 January 2020", today=NOVEMBER)
    assert "left out “8 january 2020”" in two.text


async def test_how_long_ago_answers_with_the_date_and_the_time_since(ask: Ask) -> None:
    for question in ("how long ago was Soleimani killed?",
                     "how many years since Soleimani was killed"):
        reply = await ask(question, today=NOVEMBER)
        assert reply.events and reply.events[0].date.start == date(2020, 1, 3), question
        assert "3 January 2020" in reply.text and "6 years ago" in reply.text, question


async def test_upcoming_has_no_hidden_cap_and_keeps_a_first_anniversary(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    old = [Event(EventDate.parse("1901-11-16"), f"Old event {n}", sources=(Source("W", "t"),))
           for n in range(1100)]
    await sample_store.import_events(old, "test:seed", NOW)
    await add(sample_store, "2025-11-16", "First anniversary tomorrow")
    reply = await ask("upcoming 2", today=NOVEMBER)
    assert reply.total == 1101
    assert "1,101 anniversaries" in reply.text and "1 of them milestones" in reply.text
    milestones = await ask("upcoming milestones", today=NOVEMBER)
    assert [e.title for e in milestones.events] == ["First anniversary tomorrow"]
