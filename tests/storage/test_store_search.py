"""Full-text search: stemming, AND-then-OR fallback, sources, and hostile input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storage_helpers import NOW, make_event

from bot.model import Source, Status
from storage.sqlite_store import SqliteEventStore


@pytest.fixture
async def newsroom(store: SqliteEventStore) -> SqliteEventStore:
    await store.import_events(
        [
            make_event("2020-01-03", "US drone strike kills Qasem Soleimani", place="Baghdad",
                       tags=("iran",),
                       sources=(Source("Reuters", "Iran general dead in strike"),)),
            make_event("2019-10-27", "Raid in Syria leaves Baghdadi dead", place="Barisha",
                       summary="The killing of the Islamic State leader."),
            make_event("2011-05-02", "Bin Laden killed in Abbottabad", place="Pakistan"),
            make_event("2015-01-07", "Attack on Charlie Hebdo", place="Paris",
                       sources=(Source("Le Monde", "Attentat à Charlie Hebdo"),)),
            make_event("2021-01-06", "Capitol riot", status=Status.DRAFT,
                       summary="Killing of an officer."),
        ],
        "a", NOW,
    )
    return store


async def titles(store: SqliteEventStore, text: str, **kwargs: object) -> list[str]:
    return [e.title for e in await store.search(text, **kwargs)]  # type: ignore[arg-type]


async def test_porter_stemming_matches_other_forms(newsroom: SqliteEventStore) -> None:
    found = await titles(newsroom, "kill")
    assert set(found) == {
        "US drone strike kills Qasem Soleimani",
        "Raid in Syria leaves Baghdadi dead",
        "Bin Laden killed in Abbottabad",
    }


async def test_and_first_then_or_fallback(newsroom: SqliteEventStore) -> None:
    assert await titles(newsroom, "killed Baghdad") == ["US drone strike kills Qasem Soleimani"]
    either = await titles(newsroom, "Abbottabad Hebdo")
    assert set(either) == {"Bin Laden killed in Abbottabad", "Attack on Charlie Hebdo"}


async def test_sources_searchable_by_publisher_and_title(newsroom: SqliteEventStore) -> None:
    assert await titles(newsroom, "Reuters") == ["US drone strike kills Qasem Soleimani"]
    assert await titles(newsroom, "attentat") == ["Attack on Charlie Hebdo"]


async def test_diacritics_are_folded(newsroom: SqliteEventStore) -> None:
    assert await titles(newsroom, "LE MONDE a") == ["Attack on Charlie Hebdo"]


async def test_tags_are_searchable(newsroom: SqliteEventStore) -> None:
    assert "US drone strike kills Qasem Soleimani" in await titles(newsroom, "iran")


async def test_drafts_excluded_unless_asked(newsroom: SqliteEventStore) -> None:
    assert await titles(newsroom, "officer") == []
    assert await titles(newsroom, "officer", statuses=[Status.DRAFT]) == ["Capitol riot"]


async def test_limit_and_best_first(newsroom: SqliteEventStore) -> None:
    got = await titles(newsroom, "dead", limit=1)
    assert len(got) == 1
    assert got[0] == "Raid in Syria leaves Baghdadi dead"  # title match outranks a source match


@pytest.mark.parametrize(
    "text",
    ['"AND(', "NEAR", "NEAR(a b)", "a OR", '"', "*", "-x", "title:x", "^x", ")", "", "   ",
     "AND", "OR NOT", "x*", "{title summary}: x", "'", '""""', "_", "NEAR/3", "\x00"],
)
async def test_hostile_input_never_raises(newsroom: SqliteEventStore, text: str) -> None:
    await newsroom.search(text)


async def test_operator_words_are_searched_as_words(store: SqliteEventStore) -> None:
    await store.add(make_event("2020-01-01", "Treaty NEAR the border"), "a", NOW)
    assert await titles(store, "NEAR(") == ["Treaty NEAR the border"]
    assert await titles(store, "title:treaty") == ["Treaty NEAR the border"]


async def test_text_without_words_returns_nothing(newsroom: SqliteEventStore) -> None:
    assert await newsroom.search("?!* ()") == []


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
async def test_arbitrary_text_never_raises(newsroom: SqliteEventStore, text: str) -> None:
    result = await newsroom.search(text)
    assert isinstance(result, list)
