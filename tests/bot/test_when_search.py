""""When" questions and timelines that know when they do not know: distinctive words must
match the event itself, spellings are corrected through the store's vocabulary, and a
question about something the store does not hold says so. Real sample store throughout."""

from __future__ import annotations

from datetime import date, datetime

from bot.core import Bot
from bot.messages import ReplyKind
from bot.model import Event, EventDate, Source
from storage import SqliteEventStore
from tests.conftest import Ask

NOW = datetime.fromisoformat("2026-11-21T09:00:00+00:00")
STRIKE = "US drone strike kills Qasem Soleimani at Baghdad airport"
ADDRESS = "Trump addresses the nation after Iran's missile strikes"


async def add(store: SqliteEventStore, when: str, title: str, **fields: object) -> Event:
    event = Event(EventDate.parse(when), title, **fields)  # type: ignore[arg-type]
    return await store.add(event, "test:seed", NOW)


async def test_when_question_about_an_event_not_held_says_nothing_found(ask: Ask) -> None:
    for question in ("when was bin Laden killed", "when did the Notre Dame fire happen",
                     "when was Osama bin Laden killed?"):
        reply = await ask(question)
        assert reply.kind is ReplyKind.EMPTY, question
        assert reply.events == () and reply.text.startswith("No events match"), question
    laden = await ask("when was bin Laden killed")
    assert "Nothing recorded mentions “bin” or “laden”." in laden.text


async def test_generic_verb_alone_never_matches(ask: Ask) -> None:
    for question in ("when killed", "when did it happen", "when was the attack",
                     "when did he die", "when was it", "when was it assasinated"):
        reply = await ask(question)
        assert reply.events == (), question
        assert reply.kind in (ReplyKind.EMPTY, ReplyKind.ERROR), question


async def test_a_kind_of_event_must_be_the_events_kind(ask: Ask) -> None:
    # Trump is in the store, but no shooting of him is: "shot" is not dropped.
    reply = await ask("when was Trump shot")
    assert reply.kind is ReplyKind.EMPTY


async def test_transliteration_finds_soleimani(ask: Ask) -> None:
    for spelling in ("Suleimani", "Sulaimani", "Soleimany", "Solemani"):
        reply = await ask(f"when was {spelling} killed?")
        assert reply.events[0].title == STRIKE, spelling
    reply = await ask("when Suleimani")
    assert reply.text.startswith(
        "Showing matches for Soleimani (you wrote suleimani). Best match: 3 January 2020"
    )


async def test_misspelt_generic_word_only_ranks(ask: Ask) -> None:
    reply = await ask("when was Soleimany assasinated")
    assert reply.events[0].title == STRIKE


async def test_typo_offers_did_you_mean(ask: Ask, bot: Bot) -> None:
    reply = await ask("when was Erbix attacked")
    assert reply.kind is ReplyKind.EMPTY and reply.events == ()
    assert "Did you mean Erbil?" in reply.text
    (action,) = reply.actions
    assert (action.label, action.command) == ("Erbil", "when erbil attacked")
    again = await ask(action.command)
    assert again.events[0].title == "Iran fires ballistic missiles at US forces in Iraq"


async def test_timeline_corrects_spelling_and_says_so(ask: Ask) -> None:
    reply = await ask("timeline Suleimani")
    assert reply.kind is ReplyKind.LIST and STRIKE in [e.title for e in reply.events]
    assert reply.text.startswith("Showing matches for Soleimani (you wrote suleimani).")


async def test_when_prefers_the_event_the_title_names_known_to_the_day(ask: Ask) -> None:
    # Four titles name Soleimani; the strike is the one known to the day.
    for question in ("when soleimani", "when did Soleimani die?", "when was Soleimani killed?"):
        reply = await ask(question)
        assert reply.events[0].title == STRIKE, question
        assert reply.text.startswith("Best match: 3 January 2020 (6 years ago).")


async def test_later_events_looking_back_do_not_outrank_the_event(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "2021-01-03", "First anniversary of the Baghdad airport strike")
    await add(sample_store, "2020-01-10", "Inquiry into the Baghdad airport strike opens")
    reply = await ask("when was the Baghdad airport strike")
    assert reply.events[0].title == STRIKE


async def test_own_fields_outrank_source_headlines(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "2019-05-01", "Kerman province floods",
              sources=(Source("Wire", "Kerman Kerman Kerman"),))
    await add(sample_store, "2018-05-01", "Earthquake in southern Iran",
              summary="Felt as far as Kerman.",
              sources=(Source("Wire", "Kerman shaken, Kerman mourns"),))
    reply = await ask("when kerman")
    assert [e.title for e in reply.events][:2] == [
        "Kerman province floods", "Earthquake in southern Iran"
    ]
    assert (await ask("when Wire")).kind is ReplyKind.EMPTY  # publisher only in sources


async def test_timeline_ignores_source_headline_only_matches(ask: Ask) -> None:
    reply = await ask("timeline Israel")
    listed = [e.title for e in reply.events]
    assert ADDRESS not in listed  # only its source headline names Israel
    assert "Reports say Israel supplied intelligence for the Soleimani strike" in listed
    assert reply.total == len(listed) == 3


async def test_fts_operators_in_when_question_are_plain_words(ask: Ask) -> None:
    nothing = await ask('when "AND( NEAR OR *')
    assert nothing.kind is ReplyKind.EMPTY and nothing.events == ()
    for question in ('when "Soleimani" AND( killed*', "when soleimani NOT baghdad",
                     "when soleimani^ -killed OR"):
        reply = await ask(question)
        assert reply.events and reply.events[0].title == STRIKE, question
    column = await ask("when {title}: soleimani")  # a word to look for, not a column
    assert "Nothing recorded mentions “title”." in column.text


async def test_uk_finds_the_united_kingdom(ask: Ask, sample_store: SqliteEventStore) -> None:
    await add(sample_store, "2020-01-31", "United Kingdom leaves the European Union")
    reply = await ask("when did the UK leave the EU")
    assert reply.events[0].title == "United Kingdom leaves the European Union"


async def test_a_timeline_of_a_kind_lists_the_events_tagged_with_it(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "2015-01-07", "Charlie Hebdo offices stormed", tags=("attack",))
    reply = await ask("timeline attack")
    assert [e.title for e in reply.events] == ["Charlie Hebdo offices stormed"]
    assert (await ask("when attack")).events == ()


async def test_every_autocompleted_topic_has_a_timeline(ask: Ask, bot: Bot) -> None:
    topics = await bot.complete("topics", "")
    assert "soleimani" in topics and "ain al-asad" in topics
    for topic in topics:
        reply = await ask(f"timeline {topic}")
        assert reply.kind is ReplyKind.LIST and reply.events, topic


async def test_timeline_pages_and_counts_agree(ask: Ask, sample_store: SqliteEventStore) -> None:
    for n in range(30):
        await add(sample_store, f"{1990 + n}-03-01", f"Soleimani story {n}")
    first = await ask("timeline soleimani")
    second = await ask("more")
    assert first.total == second.total == 35
    assert len(first.events) + len(second.events) == 35
    assert {e.date.start for e in first.events}.isdisjoint({e.date.start for e in second.events})
    assert first.events[0].date.start == date(1990, 3, 1)


async def test_other_forms_of_a_word_find_the_events_own_form(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "2020-01-23", "Wuhan placed under lockdown as the virus spreads",
              place="Wuhan, China", tags=("wuhan", "covid-19"))
    await add(sample_store, "2022-02-24", "Russia launches a full-scale invasion of Ukraine",
              place="Ukraine", tags=("russia", "ukraine"))
    locked = await ask("when was Wuhan locked down")
    assert locked.events[0].date.start == date(2020, 1, 23)
    invaded = await ask("when did Russia invade Ukraine")
    assert invaded.events[0].date.start == date(2022, 2, 24)


async def test_a_short_name_is_never_read_as_another_word(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await add(sample_store, "2021-05-01", "Oil prices raised again", tags=("raisi-test",))
    reply = await ask("when was Raisi elected")
    assert reply.events == ()
