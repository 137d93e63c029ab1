"""The anniversary and suggestion reads, and the search options the core uses but the
other storage tests do not reach: the same answers on every engine."""

from __future__ import annotations

from datetime import date

from storage_helpers import NOW, make_event

from bot.model import EventRef, Precision, Status
from bot.ports import WordQuery
from storage.sqlite_store import SqliteEventStore


async def januaries(store: SqliteEventStore) -> None:
    await store.import_events(
        [make_event("1999-01-07", "a", tags=("Iran", "oil")),
         make_event("1950-01-07", "b", tags=("united  states",)),
         make_event("2020-01-07", "c"),
         make_event("2021-01-07", "after before"),
         make_event("2005-01-07", "draft", status=Status.DRAFT),
         make_event("2005-01-08", "other day"),
         make_event("2005-01", "month", tags=("oil",)),
         make_event("1990", "year"),
         make_event("1960-01-07", "a week", end="1960-01-14")],
        "a", NOW,
    )


async def test_recurring_pages_and_counts_agree(store: SqliteEventStore) -> None:
    await januaries(store)
    before = date(2021, 1, 1)
    every = await store.recurring([(1, 7)], before=before)
    assert [e.title for e in every] == ["b", "a week", "a", "c"]
    assert await store.count_recurring([(1, 7)], before=before) == 4
    page = await store.recurring([(1, 7)], before=before, limit=2, offset=1)
    assert [e.title for e in page] == ["a week", "a"]
    both = await store.recurring([(1, 7), (1, 8), (1, 7)], before=before)
    assert [e.title for e in both] == ["b", "a week", "a", "other day", "c"]
    assert await store.recurring([], before=before) == []
    assert await store.count_recurring([], before=before) == 0


async def test_recurring_filters_by_tag_any_case_and_spacing(store: SqliteEventStore) -> None:
    await januaries(store)
    before = date(2030, 1, 1)
    tagged = await store.recurring([(1, 7)], before=before, tags=("IRAN", "United States"))
    assert [e.title for e in tagged] == ["b", "a"]
    assert await store.count_recurring([(1, 7)], before=before, tags=(" oil ",)) == 1
    assert await store.count_recurring([(1, 7)], before=before, tags=("  ",)) == 5


async def test_month_precision_recurs_on_the_first(store: SqliteEventStore) -> None:
    await januaries(store)
    months = await store.recurring([(1, 1)], before=date(2030, 1, 1), precision=Precision.MONTH)
    assert [e.title for e in months] == ["month"]
    refs = await store.refs_recurring([(1, 1)], before=date(2030, 1, 1),
                                      precision=Precision.MONTH)
    assert [(r.start, r.tags) for r in refs] == [(date(2005, 1, 1), frozenset({"oil"}))]


async def test_references_name_the_event_its_start_and_its_tags(store: SqliteEventStore) -> None:
    await januaries(store)
    every = {e.title: e.id for e in await store.recurring([(1, 7)], before=date(2030, 1, 1))}
    refs = await store.refs_on_dates([date(1999, 1, 7), date(1950, 1, 7), date(2005, 1, 7)])
    assert refs == [
        EventRef(every["b"] or 0, date(1950, 1, 7), frozenset({"united states"})),
        EventRef(every["a"] or 0, date(1999, 1, 7), frozenset({"iran", "oil"})),
    ]
    assert await store.refs_on_dates([]) == []
    recurring = await store.refs_recurring([(1, 7)], before=date(2021, 1, 1))
    assert [r.start.year for r in recurring] == [1950, 1960, 1999, 2020]


async def test_years_with_a_month_and_nearest_years(store: SqliteEventStore) -> None:
    await januaries(store)
    assert await store.years_with_month(1, 2005) == [1999, 2020, 2021]
    assert await store.years_with_month(1, 1955, limit=2) == [1950, 1960]
    assert await store.years_with_month(3, 2000) == []
    assert await store.nearest_years(2000) == [1999, 2005, 1990]
    assert await store.nearest_years(1950, limit=2) == [1960, 1990]
    assert await store.nearest_years(2100, limit=1) == [2021]


async def test_tags_only_matches_tags_not_place_or_title(store: SqliteEventStore) -> None:
    await store.import_events(
        [make_event("2020-01-01", "Oil price falls", place="Iran"),
         make_event("2020-01-02", "Tanker seized", tags=("oil",)),
         make_event("2020-01-03", "Iran talks", tags=("iran",))],
        "a", NOW,
    )
    tagged = WordQuery((("oil",),), tags_only=True)
    assert [e.title for e in await store.topic(tagged)] == ["Tanker seized"]
    assert [e.title for e in await store.search(tagged)] == ["Tanker seized"]
    assert await store.count_topic(WordQuery((("iran",),), tags_only=True)) == 1
    assert await store.count_topic(WordQuery((("iran",),))) == 2


async def test_enough_of_the_also_groups_must_match(store: SqliteEventStore) -> None:
    await store.import_events(
        [make_event("2020-01-01", "Summit in Geneva", summary="Leaders met on trade."),
         make_event("2020-01-02", "Summit in Geneva", summary="Leaders met."),
         make_event("2020-01-03", "Summit in Paris", summary="On trade and leaders.")],
        "a", NOW,
    )
    query = WordQuery((("summit",),), also=(("geneva",), ("trade",), ("leaders",)),
                      also_needed=3)
    assert [e.date.start.day for e in await store.topic(query)] == [1]
    two = WordQuery((("summit",),), also=(("geneva",), ("trade",), ("leaders",)),
                    also_needed=2)
    assert await store.count_topic(two) == 3
    more_than_there_are = WordQuery((("summit",),), also=(("paris",),), also_needed=5)
    assert [e.date.start.day for e in await store.topic(more_than_there_are)] == [3]
