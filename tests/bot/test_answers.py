"""What Bot.handle answers, on the real sample timeline in a temporary database."""

from __future__ import annotations

from datetime import date, datetime

from bot.core import Bot
from bot.messages import Actor, Incoming, ReplyKind, Role
from bot.model import Event, EventDate, Precision, Source
from bot.ports import EventPage
from storage import SqliteEventStore
from tests.conftest import Ask

NOW = datetime.fromisoformat("2026-11-21T09:00:00+00:00")


async def add(store: SqliteEventStore, when: str, title: str, end: str | None = None) -> Event:
    event = Event(EventDate.parse(when, end), title, sources=(Source("Wire", title),))
    return await store.add(event, "test:seed", NOW)


async def test_7_january_answers_the_missile_attack(ask: Ask) -> None:
    reply = await ask("what happened on 7 January?")
    assert reply.kind is ReplyKind.ANSWER
    assert [e.title for e in reply.events] == ["Iran fires ballistic missiles at US forces in Iraq"]
    assert "Ain al-Asad" in reply.events[0].place and "Erbil" in reply.events[0].place
    assert reply.events[0].date.start == date(2020, 1, 7)


async def test_3_january_answers_the_drone_strike(ask: Ask) -> None:
    reply = await ask("what happened on 3 January?")
    (event,) = reply.events
    assert "Soleimani" in event.title and "drone strike" in event.title
    assert "Baghdad" in event.place


async def test_every_answer_cites_its_sources(ask: Ask) -> None:
    reply = await ask("between 3 and 8 January 2020")
    assert len(reply.sections) == 3
    for section in reply.sections:
        assert section.citations, section.heading
        assert all(c.publisher and c.title for c in section.citations)


async def test_day_without_year_lists_every_year_oldest_first_with_age(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "1990-01-07", "An older 7 January event")
    await add(sample_store, "2024-01-07", "A newer 7 January event")
    reply = await ask("what happened on 7 January?", today=date(2026, 11, 21))
    assert [e.date.start.year for e in reply.events] == [1990, 2020, 2024]
    headings = [s.heading for s in reply.sections]
    assert headings[0].startswith("7 January 1990 (36 years ago)")
    assert headings[1].startswith("7 January 2020 (6 years ago)")
    assert headings[2].startswith("7 January 2024 (2 years ago)")


async def test_month_precision_event_answers_its_month_but_never_a_day(ask: Ask) -> None:
    month = await ask("what happened in October 2019?")
    assert [e.date.precision for e in month.events] == [Precision.MONTH]
    for question in ("what happened on 1 October 2019?", "what happened on 1 October?"):
        day = await ask(question)
        assert all(e.date.precision is Precision.DAY for e in day.events)
        assert day.kind is ReplyKind.EMPTY


async def test_month_question_includes_day_and_month_events_but_not_year_events(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "2020", "Something sometime in 2020")
    reply = await ask("in January 2020")
    precisions = {e.date.precision for e in reply.events}
    assert precisions == {Precision.DAY, Precision.MONTH}
    year = await ask("what happened in 2020")
    assert "Something sometime in 2020" in [e.title for e in year.events]


async def test_a_day_range_event_answers_each_day_it_covers(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "2021-03-01", "A week of protests", end="2021-03-07")
    reply = await ask("what happened on 4 March 2021?")
    assert [e.title for e in reply.events] == ["A week of protests"]


async def test_nothing_known_says_so_and_offers_the_nearest_dates(ask: Ask) -> None:
    reply = await ask("what happened on 9 January?")
    assert reply.kind is ReplyKind.EMPTY
    assert "Nothing recorded for 9 January" in reply.text
    assert "8 January" in reply.text and "7 January" in reply.text
    dated = await ask("what happened on 9 January 2020?")
    assert "8 January 2020" in dated.text


async def test_impossible_date_names_the_problem(ask: Ask) -> None:
    reply = await ask("what happened on 31 February?")
    assert reply.kind is ReplyKind.ERROR
    assert "February" in reply.text and "31st" in reply.text
    bad_month = await ask("2020-13-01")
    assert "month 13" in bad_month.text


async def test_text_not_understood_gets_examples(ask: Ask) -> None:
    reply = await ask("blorp zzz")
    assert reply.kind is ReplyKind.ERROR
    assert any("7 January" in s.heading for s in reply.sections)


async def test_when_question_finds_the_strike(ask: Ask) -> None:
    reply = await ask("when was Soleimani killed?")
    assert reply.events[0].date.start == date(2020, 1, 3)
    assert reply.text.startswith("Best match: 3 January 2020 (6 years ago).")


async def test_timeline_is_in_date_order(ask: Ask) -> None:
    reply = await ask("timeline Iran")
    starts = [e.date.start for e in reply.events]
    assert starts == sorted(starts) and len(starts) >= 4


async def test_upcoming_anniversaries_in_the_window_with_years(ask: Ask) -> None:
    reply = await ask(
        "what anniversaries are coming up in the next 30 days?", today=date(2026, 12, 20)
    )
    headings = [s.heading for s in reply.sections]
    assert headings[0].startswith("3 January 2027, in 14 days: 7 years since US drone strike")
    assert len(headings) == 3  # 3, 7 and 8 January


async def test_leap_day_events_are_remembered_on_28_february_in_common_years(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "2020-02-29", "A leap-day event")
    upcoming = await ask("anniversaries in the next 3 days", today=date(2027, 2, 27))
    assert any(
        "A leap-day event" in s.heading and s.heading.startswith("28 February 2027")
        for s in upcoming.sections
    )
    today = await ask("on this day", today=date(2027, 2, 28))
    assert [e.title for e in today.events] == ["A leap-day event"]
    plain = await ask("what happened on 28 February?", today=date(2027, 2, 28))
    assert plain.kind is ReplyKind.EMPTY


async def test_today_is_the_askers_local_date(ask: Ask, sample_store: SqliteEventStore) -> None:
    await add(sample_store, "2001-11-22", "Happened on 22 November")
    # 12:00 on 21 November in Auckland is still 21 November there.
    reply = await ask("today", today=date(2026, 11, 21), tz="Pacific/Auckland")
    assert reply.kind is ReplyKind.EMPTY
    tomorrow = await ask("today", today=date(2026, 11, 22), tz="Pacific/Auckland")
    assert [e.title for e in tomorrow.events] == ["Happened on 22 November"]


async def test_moderator_commands_fail_closed_for_members(ask: Ask) -> None:
    refused = await ask("add 2020-01-09 | Should not be added", role=Role.MEMBER)
    assert refused.kind is ReplyKind.ERROR and "moderators" in refused.text
    after = await ask("what happened on 9 January 2020?")
    assert after.kind is ReplyKind.EMPTY


async def test_moderator_adds_and_cites_with_history(ask: Ask) -> None:
    added = await ask(
        "add 2020-01-09 | A test event | a summary | Somewhere | Iran, Test", role=Role.MODERATOR
    )
    assert added.kind is ReplyKind.DONE
    (event,) = added.events
    assert event.tags == ("iran", "test") and event.created_by == "test:U1"
    cited = await ask(
        f"cite {event.id} | Wire | Story | https://example.com/s | 2020-01-10", role=Role.MODERATOR
    )
    assert cited.events[0].sources[0].url == "https://example.com/s"
    history = await ask(f"history {event.id}", role=Role.MODERATOR)
    assert [s.heading.split(": ", 1)[1].split(" by ")[0] for s in history.sections] == [
        f"#{event.id} cite",
        f"#{event.id} add",
    ]


async def test_bad_admin_input_gets_a_clear_reply(ask: Ask) -> None:
    for text, expected in [
        ("add nonsense | Title", "Bad date"),
        ("add 2020-02-30 | Title", "no day 30"),
        ("add 2020-01-01", "Usage"),
        ("cite 999 | P | T", "no event #999"),
        ("cite 1 | P | T | javascript:alert(1)", "URL"),
        ("history abc", "not an event number"),
        ("audit 9999", "from 1 to 200"),
    ]:
        reply = await ask(text, role=Role.OWNER)
        assert reply.kind is ReplyKind.ERROR, text
        assert expected in reply.text, (text, reply.text)


async def test_help_shows_only_what_the_caller_may_run(ask: Ask) -> None:
    member = await ask("help")
    moderator = await ask("help", role=Role.MODERATOR)
    member_commands = {line.split()[0] for s in member.sections for line in s.lines}
    moderator_commands = {line.split()[0] for s in moderator.sections for line in s.lines}
    assert "add" not in member_commands and "ask" in member_commands
    assert {"add", "cite", "history", "audit"} <= moderator_commands
    assert member.ephemeral


async def test_unknown_timezone_is_reported(bot: Bot) -> None:
    incoming = Incoming("today", Actor("t", "u"), "c", NOW, tz="Mars/Olympus")
    reply = await bot.handle(incoming)
    assert reply.kind is ReplyKind.ERROR and "timezone" in reply.text


class BrokenStore(SqliteEventStore):
    """A store whose reads fail, to show how the bot reports an internal error."""

    async def on_month_days_page(self, *args: object, **kwargs: object) -> EventPage:
        raise RuntimeError("disk on fire")


async def test_internal_errors_become_a_reply_with_a_reference(tmp_path, caplog) -> None:
    store = await BrokenStore.open(tmp_path / "broken.db")
    try:
        bot = Bot(store)
        reply = await bot.handle(Incoming("7 January", Actor("t", "u"), "c", NOW))
    finally:
        await store.close()
    assert reply.kind is ReplyKind.ERROR and reply.reference
    assert reply.reference in reply.text and "disk on fire" not in reply.text
    assert reply.reference in caplog.text and "disk on fire" in caplog.text


async def test_upcoming_counts_every_anniversary_and_keeps_young_ones(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    crowd = [Event(EventDate(date(800 + n, 12, 21)), f"Old {n}") for n in range(1200)]
    await sample_store.import_events(crowd, "test", NOW)
    await add(sample_store, "2025-12-22", "Last year's event")
    reply = await ask("upcoming 5", today=date(2026, 12, 20))
    assert reply.text.startswith("1,201 anniversaries in the next 5 days")
    assert reply.footer == "Showing 1–25 of 1,201. Say “more” for the next 25."
    assert len(reply.sections) == 25
    alone = await ask("upcoming 2", today=date(2026, 12, 22))
    assert "1 year since Last year's event (milestone)" in alone.sections[0].heading
