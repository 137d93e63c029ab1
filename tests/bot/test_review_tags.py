"""Tags of an approved candidate: its place's parts and its named actors, without titles,
without capitalised words that only open a sentence, and never the publisher. Table rows
for the rules, then the real store: approving (by hand or automatically) publishes with
them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core import Bot
from bot.extraction import Article, extract_text
from bot.messages import Actor, Incoming, ReplyKind, Role
from bot.model import EventDate, Precision, Source
from bot.review_port import NewCandidate
from bot.review_queueing import queue_article
from bot.review_tags import MAX_TAGS, candidate_tags
from storage import SqliteEventStore
from storage.review_store import SqliteReviewQueue

NOW = datetime(2020, 2, 1, 12, 0, tzinfo=UTC)
DAY = EventDate(date(2020, 1, 8), Precision.DAY)


def candidate(quote: str, place: str = "", actors: tuple[str, ...] = (),
              publisher: str = "", url: str | None = None) -> NewCandidate:
    source = Source(publisher, "Headline", url, date(2020, 1, 9), quote)
    return NewCandidate("hash", DAY, "8 January 2020", "Title", quote, place, actors,
                        source, 0.8)


# (quote, place, actors, publisher, url, expected tags)
Row = tuple[str, str, tuple[str, ...], str, str | None, tuple[str, ...]]
ROWS: list[Row] = [
    # every part of the place, and the actors, lower-cased
    ("Missiles hit the Ain al-Asad base and Erbil, Iraq, on 8 January 2020.",
     "Ain al-Asad Air Base and Erbil, Iraq", ("Iran",), "", None,
     ("ain al-asad air base", "erbil", "iraq")),
    # a title is not part of the name; a role alone is no tag
    ("Health Minister Carla Ortiz resigned on 8 January 2020.", "",
     ("Health Minister Carla Ortiz",), "", None, ("carla ortiz",)),
    ("On 8 January 2020 the Foreign Minister resigned.", "", ("Foreign Minister",), "",
     None, ()),
    # "X and Y" are two actors
    ("Talks between Israel and Hamas collapsed on 8 January 2020.", "",
     ("Israel and Hamas",), "", None, ("israel", "hamas")),
    # a capital that only opens the sentence proves nothing; an acronym is a name
    ("Floods swept through the valley on 8 January 2020.", "", ("Floods",), "", None, ()),
    ("Inflation rose on 8 January 2020, and NATO met.", "", ("Inflation", "NATO"), "",
     None, ("nato",)),
    ("On 8 January 2020, Rescue teams reached Camana.", "", ("Rescue", "Camana"), "", None,
     ("camana",)),
    # the publisher is never a tag: by name, by its words, by its initials, by its site
    ("Reuters reported that Iran fired missiles at Erbil on 8 January 2020.", "Erbil",
     ("Reuters", "Iran"), "Reuters", None, ("erbil", "iran")),
    ("The Associated Press said the AP and Iran spoke on 8 January 2020.", "",
     ("Associated Press", "AP", "Iran"), "The Associated Press", None, ("iran",)),
    ("A Wire photographer saw Iran fire on 8 January 2020.", "", ("Wire", "Iran"),
     "", "https://www.wire.example/story", ("iran",)),
    # a wire dateline is not the sentence's opening
    ("TEHRAN (Wire) - Officials said Iran fired missiles on 8 January 2020.", "",
     ("Iran",), "Wire", None, ("iran",)),
]


@pytest.mark.parametrize(("quote", "place", "actors", "publisher", "url", "expected"), ROWS,
                         ids=[row[0][:40] for row in ROWS])
def test_candidate_tags(quote: str, place: str, actors: tuple[str, ...], publisher: str,
                        url: str | None, expected: tuple[str, ...]) -> None:
    assert candidate_tags(candidate(quote, place, actors, publisher, url)) == expected


def test_tags_are_few_and_each_once() -> None:
    names = tuple(f"Name{chr(65 + i)} Person" for i in range(12))
    quote = "Meeting on 8 January 2020: " + ", ".join(names) + "."
    tags = candidate_tags(candidate(quote, "Geneva", (*names, "Geneva", "NameA Person")))
    assert len(tags) == MAX_TAGS and len(set(tags)) == MAX_TAGS
    assert tags[0] == "geneva"


TEXT = ("BAGHDAD (Wire) - On 3 January 2020, a US drone strike killed General Qassem "
        "Soleimani near Baghdad airport, the Wire reported.")


async def _queue(store: SqliteEventStore, queue: SqliteReviewQueue,
                 auto: float | None) -> None:
    article = Article(TEXT, date(2020, 1, 20), "Wire", "Headline", "https://wire.test/1")
    found = extract_text(article)
    await queue_article(store, queue, found.candidates, TEXT, actor="test:ingest", at=NOW,
                        auto_publish=auto)


async def test_an_approved_candidate_is_published_with_its_tags(
    store: SqliteEventStore,
) -> None:
    queue = SqliteReviewQueue.sharing(store)
    await _queue(store, queue, None)
    [pending] = await queue.pending()
    bot = Bot(store, review=queue)
    actor = Actor("test", "M1", "Mod", Role.MODERATOR)
    reply = await bot.handle(Incoming(f"approve {pending.id}", actor, "C1", NOW, "UTC"))
    assert reply.kind is ReplyKind.DONE, reply.text
    decided = await queue.candidate(pending.id)
    assert decided is not None and decided.event_id is not None
    event = await store.get(decided.event_id)
    assert event is not None
    assert event.tags == ("baghdad", "us", "qassem soleimani")
    assert "wire" not in event.tags


async def test_an_auto_published_candidate_gets_the_same_tags(
    store: SqliteEventStore,
) -> None:
    queue = SqliteReviewQueue.sharing(store)
    await _queue(store, queue, 0.1)
    assert await queue.pending() == []
    decided = await queue.candidate(1)
    assert decided is not None and decided.event_id is not None
    event = await store.get(decided.event_id)
    assert event is not None and event.tags == ("baghdad", "us", "qassem soleimani")
