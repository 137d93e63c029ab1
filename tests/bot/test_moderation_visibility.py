"""A deleted (retracted) event appears in no answer of any kind: day, month and range
questions, on this day, when, timeline, upcoming, event, autocomplete and search, and
no scheduled digest or alert; while every one of them finds it before the deletion."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.core import Bot
from bot.messages import Role
from bot.ports import WordQuery
from bot.reminders import rules
from bot.reminders.model import Policy
from bot.reminders.planning import digest_events
from bot.reminders.posts import compose
from storage import SqliteEventStore
from tests.conftest import Ask

QUESTIONS = (
    "onthisday 3 January",
    "what happened on 3 January 2020?",
    "what happened in January 2020?",
    "what happened between 1 and 8 January 2020?",
    "what happened before 2021?",
    "when was Soleimani killed",
    "timeline Soleimani",
    "timeline drone strike",
    "upcoming in January",
    "event 2",
)
ANNIVERSARY = date(2027, 1, 3)


async def _everywhere(ask: Ask, bot: Bot, store: SqliteEventStore) -> dict[str, bool]:
    """Where event #2 shows, by what was asked."""
    found = {text: 2 in [e.id for e in (await ask(text)).events] for text in QUESTIONS}
    found["autocomplete"] = "drone strike" in await bot.complete("topics", "drone")
    words = WordQuery(required=(("drone",), ("strike",)))
    found["search"] = 2 in [e.id for e in await store.search(words)]
    found["topic"] = 2 in [e.id for e in await store.topic(words)]
    found["digest"] = 2 in [e.id for e in await digest_events(store, ANNIVERSARY, (), limit=25)]
    found["planned alerts"] = 2 in [r.id for r in await store.refs_on_dates([date(2020, 1, 3)])]
    key = rules.alert_key(2, ANNIVERSARY, 0)
    due = datetime(2027, 1, 3, 9, tzinfo=UTC)
    found["alert"] = (await compose(store, Policy(tz="UTC"), key, due)).reply is not None
    return found


async def test_a_deleted_event_is_in_no_answer_of_any_kind(
    ask: Ask, bot: Bot, sample_store: SqliteEventStore
) -> None:
    before = await _everywhere(ask, bot, sample_store)
    assert all(before.values()), [where for where, shown in before.items() if not shown]
    deleted = await ask("delete 2 confirm", role=Role.MODERATOR)
    assert deleted.title == "Deleted event #2", deleted.text
    after = await _everywhere(ask, bot, sample_store)
    assert not any(after.values()), [where for where, shown in after.items() if shown]


async def test_an_event_merged_away_is_in_no_list_but_leads_to_the_kept_one(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await ask("merge 4 2", role=Role.MODERATOR)
    timeline = await ask("timeline Soleimani")
    assert 2 not in [e.id for e in timeline.events]
    shown = await ask("event 2")
    assert [e.id for e in shown.events] == [4] and "merged into #4" in shown.text
