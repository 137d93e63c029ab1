"""The timeline JSON format and ``open_store``'s seed-only-new-databases rule."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from storage_helpers import NOW, make_event

from bot.model import EventDate, Source, Status
from storage.sample import SAMPLE_ACTOR, dump_timeline, open_store, read_timeline


def timeline(*events: dict[str, Any]) -> str:
    return json.dumps({"version": 1, "events": list(events)})


GOOD = {
    "date": "2020-01-03", "end": None, "title": "Strike kills Soleimani", "summary": "s",
    "place": "Baghdad", "tags": ["iran"], "status": "published",
    "sources": [{"publisher": "Reuters", "title": "t", "url": "https://example.com",
                 "published": "2020-01-10", "quote": None}],
}


def test_read_timeline_parses_every_field() -> None:
    [event] = read_timeline(timeline(GOOD, ))
    assert event.date == EventDate.parse("2020-01-03")
    assert (event.title, event.summary, event.place) == ("Strike kills Soleimani", "s", "Baghdad")
    assert event.tags == ("iran",) and event.status is Status.PUBLISHED
    assert event.sources == (Source("Reuters", "t", "https://example.com", date(2020, 1, 10)),)


def test_read_timeline_month_year_and_ranges() -> None:
    events = read_timeline(timeline({"date": "2019-10", "title": "a"},
                                    {"date": "1939", "end": "1945", "title": "b"}).encode())
    assert [e.date for e in events] == [EventDate.parse("2019-10"), EventDate.parse("1939", "1945")]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("not json", "not valid JSON"),
        ("[]", "JSON object"),
        (json.dumps({"version": 2, "events": []}), "version"),
        (json.dumps({"version": 1}), "'events' must be a list"),
        (timeline(GOOD, {"title": "x"}), r"event 1 \('x'\): 'date' is required"),
        (timeline({**GOOD, "date": "2020-02-30"}), "event 0 .*'date'/'end'.*no day 30"),
        (timeline({**GOOD, "end": "2020-01"}), "event 0 .*same precision"),
        (timeline({**GOOD, "status": "live"}), "event 0 .*'status' must be one of"),
        (timeline({**GOOD, "title": ""}), "event 0: 'title' must be a non-empty string"),
        (timeline({**GOOD, "tags": "iran"}), "'tags' must be a list"),
        (timeline({**GOOD, "sources": [{"publisher": "p", "published": "2020"}]}),
         "source 0: 'published' must be"),
        (timeline({**GOOD, "sources": [{"title": "t"}]}), "source 0: 'publisher' is required"),
        (timeline(GOOD, 5), "event 1: must be an object"),
    ],
)
def test_read_timeline_names_the_bad_event_and_field(document: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_timeline(document)


def test_dump_then_read_roundtrips() -> None:
    events = [make_event("2019-10", "a", end="2020-01", tags=("x",),
                         sources=(Source("P", "T", None, date(2020, 1, 1), "q"),)),
              make_event("2020-01-03", "b", status=Status.DRAFT)]
    assert read_timeline(dump_timeline(events)) == events


async def test_new_database_is_seeded_from_sample_data(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "dateline.db"
    store = await open_store(path, sample=True, now=NOW, sample_data=timeline(GOOD).encode())
    try:
        [event] = await store.on_month_days([(1, 3)])
        assert event.created_by == SAMPLE_ACTOR and event.title == GOOD["title"]
    finally:
        await store.close()


async def test_existing_database_is_never_seeded(tmp_path: Path) -> None:
    path = tmp_path / "dateline.db"
    store = await open_store(path, sample=False, now=NOW)
    assert await store.count() == 0
    await store.close()
    again = await open_store(path, sample=True, now=NOW, sample_data=timeline(GOOD).encode())
    try:
        assert await again.count() == 0
    finally:
        await again.close()


async def test_bad_sample_creates_no_database(tmp_path: Path) -> None:
    path = tmp_path / "dateline.db"
    with pytest.raises(ValueError, match="event 0"):
        await open_store(path, sample=True, now=NOW, sample_data=timeline({"title": "x"}).encode())
    assert not path.exists()
