"""The review queue's storage contract, on both engines: queueing is idempotent by
(article, sentence) and (URL, sentence), pending candidates are listed oldest first and
paged, and approving (a new event, or a source on an existing one), rejecting and
editing are each one audited decision; a candidate is decided once, even when two
processes decide it at once (PostgreSQL)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, timedelta

import pytest
from storage_helpers import NOW

from bot.errors import ConflictError, NotFound
from bot.model import EventDate, Precision, Source, Status
from bot.review_port import Decision, NewCandidate, ReviewQueue
from bot.review_tags import candidate_tags
from storage import SqliteEventStore
from storage.postgres.event_store import PgEventStore
from storage.postgres.review_store import PgReviewQueue
from storage.review_store import SqliteReviewQueue

Store = SqliteEventStore | PgEventStore
LATER = NOW + timedelta(hours=1)


def review_queue(store: Store) -> ReviewQueue:
    """The engine's review queue on ``store``."""
    if isinstance(store, PgEventStore):
        return PgReviewQueue.sharing(store)
    return SqliteReviewQueue.sharing(store)


def candidate(quote: str, *, url: str | None = "https://a.test/1", digest: str = "h1",
              title: str = "Strike near Baghdad airport", day: str = "2020-01-03",
              matched: int | None = None, confidence: float = 0.9) -> NewCandidate:
    source = Source("Wire", "Headline", url, date(2020, 1, 20), quote)
    return NewCandidate(digest, EventDate.parse(day), "3 January 2020", title, "A summary.",
                        "Baghdad", ("US", "Qassem Soleimani"), source, confidence, matched)


async def test_queued_candidates_keep_every_field(store: Store) -> None:
    queue = review_queue(store)
    new = replace(candidate("On 3 January 2020, a strike."), confidence=0.7365,
                  date=EventDate(date(2020, 1, 1), Precision.MONTH, date(2020, 3, 1)))
    done = await queue.queue([new], "test:ingest", NOW)
    (queued,) = done.added
    assert done.already == 0
    assert (queued.new, queued.status, queued.created_by, queued.created_at) == (
        new, Decision.PENDING, "test:ingest", NOW)
    assert (queued.event_id, queued.decided_by, queued.decided_at) == (None, None, None)
    assert await queue.candidate(queued.id) == queued
    assert await queue.candidate(queued.id + 100) is None


async def test_queueing_the_same_sentences_again_adds_nothing(store: Store) -> None:
    queue = review_queue(store)
    first = await queue.queue([candidate("One."), candidate("Two.")], "test:a", NOW)
    assert [q.quote for q in first.added] == ["One.", "Two."] and first.already == 0
    again = await queue.queue([candidate("One."), candidate("Two.")], "test:a", LATER)
    assert (again.added, again.already) == ((), 2)
    # The same text pasted without its URL: the same article, by its hash.
    pasted = await queue.queue([candidate("One.", url=None)], "test:a", LATER)
    # The same URL, its text changed since: the sentence is held already.
    changed = await queue.queue([candidate("Two.", digest="h2")], "test:a", LATER)
    assert (pasted.already, changed.already) == (1, 1)
    assert await queue.count_pending() == 2


async def test_sentences_without_a_url_are_keyed_by_their_article_alone(store: Store) -> None:
    queue = review_queue(store)
    done = await queue.queue([candidate("Same.", url=None, digest="h1"),
                              candidate("Same.", url=None, digest="h2"),
                              candidate("Same.", url=None, digest="h1")], "test:a", NOW)
    assert [q.new.article_hash for q in done.added] == ["h1", "h2"] and done.already == 1


async def test_a_long_sentence_is_queued_and_keyed(store: Store) -> None:
    queue = review_queue(store)
    long_quote = "word " * 4000 + "end."
    url = "https://a.test/" + "x" * 5000
    (queued,) = (await queue.queue([candidate(long_quote, url=url)], "test:a", NOW)).added
    assert queued.quote == long_quote
    assert (await queue.queue([candidate(long_quote, url=url, digest="h9")], "test:a",
                              NOW)).already == 1


async def test_pending_is_oldest_first_and_paged(store: Store) -> None:
    queue = review_queue(store)
    done = await queue.queue([candidate(f"Sentence {n}.") for n in range(5)], "test:a", NOW)
    ids = [q.id for q in done.added]
    assert ids == sorted(ids)
    assert [q.id for q in await queue.pending(2)] == ids[:2]
    assert [q.id for q in await queue.pending(2, 2)] == ids[2:4]
    assert [q.id for q in await queue.pending(2, 4)] == ids[4:]
    assert await queue.pending(2, 6) == []
    await queue.reject(ids[1], "test:M1", LATER)
    await queue.approve(ids[3], "test:M1", LATER)
    assert [q.id for q in await queue.pending()] == [ids[0], ids[2], ids[4]]
    assert await queue.count_pending() == 3


async def test_approve_publishes_an_audited_event(store: Store) -> None:
    queue = review_queue(store)
    (queued,) = (await queue.queue([candidate("A strike.")], "test:ingest", NOW)).added
    decided = await queue.approve(queued.id, "test:M1", LATER)
    (event,) = decided.written.events
    assert event.status is Status.PUBLISHED and event.id is not None
    assert (event.title, event.date, event.place) == (
        queued.new.title, queued.new.date, "Baghdad")
    assert event.sources == (queued.new.source,)
    # Tagged as bot.review_tags says, whichever store publishes it.
    assert event.tags == candidate_tags(queued.new) and "baghdad" in event.tags
    assert (decided.candidate.status, decided.candidate.event_id) == (
        Decision.APPROVED, event.id)
    assert await queue.candidate(queued.id) == decided.candidate
    assert (decided.candidate.decided_by, decided.candidate.decided_at) == ("test:M1", LATER)
    assert await store.get(event.id) == event
    (entry,) = await store.changes(event.id)
    assert (entry.id,) == decided.written.entries
    assert (entry.action, entry.actor, entry.at, entry.before, entry.after) == (
        "approve", "test:M1", LATER, None, event)
    assert f"candidate #{queued.id}" in entry.detail


async def test_approving_a_match_adds_its_source_to_the_event(store: Store) -> None:
    queue = review_queue(store)
    (first,) = (await queue.queue([candidate("A strike.")], "test:a", NOW)).added
    event = (await queue.approve(first.id, "test:M1", NOW)).written.events[0]
    assert event.id is not None
    second_source = candidate("Another report.", url="https://b.test/2", digest="h2",
                              matched=event.id)
    (second,) = (await queue.queue([second_source], "test:a", NOW)).added
    decided = await queue.approve(second.id, "test:M1", LATER)
    (saved,) = decided.written.events
    assert (decided.candidate.status, decided.candidate.event_id) == (
        Decision.APPROVED, event.id)
    assert [s.url for s in saved.sources] == ["https://a.test/1", "https://b.test/2"]
    assert saved.version == 2 and await store.get(event.id) == saved
    assert await store.count() == 1
    entry = (await store.changes(event.id))[0]
    assert (entry.id,) == decided.written.entries
    assert (entry.action, entry.before, entry.after) == ("approve", event, saved)
    assert "(source added)" in entry.detail


async def test_another_sentence_of_a_cited_article_adds_no_source(store: Store) -> None:
    queue = review_queue(store)
    (first,) = (await queue.queue([candidate("A strike.")], "test:a", NOW)).added
    event = (await queue.approve(first.id, "test:M1", NOW)).written.events[0]
    assert event.id is not None
    (second,) = (await queue.queue([candidate("More.", matched=event.id)], "test:a",
                                   NOW)).added
    decided = await queue.approve(second.id, "test:M1", LATER)
    assert decided.written.events == (event,)
    assert await store.get(event.id) == event  # no new version
    entry = (await store.changes(event.id))[0]
    assert entry.action == "approve" and "(already a source)" in entry.detail


async def test_merging_into_a_chosen_event(store: Store) -> None:
    queue = review_queue(store)
    (first,) = (await queue.queue([candidate("A strike.")], "test:a", NOW)).added
    event = (await queue.approve(first.id, "test:M1", NOW)).written.events[0]
    assert event.id is not None
    (other,) = (await queue.queue([candidate("Other.", url="https://c.test/3")], "test:a",
                                  NOW)).added
    decided = await queue.approve(other.id, "test:M1", LATER, into=event.id)
    assert (decided.candidate.status, decided.candidate.event_id) == (
        Decision.MERGED, event.id)
    saved = await store.get(event.id)
    assert saved is not None and len(saved.sources) == 2


async def test_approving_into_a_missing_event_decides_nothing(store: Store) -> None:
    queue = review_queue(store)
    (queued,) = (await queue.queue([candidate("A strike.")], "test:a", NOW)).added
    with pytest.raises(NotFound):
        await queue.approve(queued.id, "test:M1", LATER, into=404)
    assert await queue.candidate(queued.id) == queued
    assert await store.count_changes() == 0


async def test_approving_into_a_retracted_event_is_a_conflict(store: Store) -> None:
    queue = review_queue(store)
    (first,) = (await queue.queue([candidate("A strike.")], "test:a", NOW)).added
    event = (await queue.approve(first.id, "test:M1", NOW)).written.events[0]
    await store.update(replace(event, status=Status.RETRACTED), "test:M1", NOW, "delete")
    (other,) = (await queue.queue([candidate("Other.", url="https://c.test/3")], "test:a",
                                  NOW)).added
    with pytest.raises(ConflictError):
        await queue.approve(other.id, "test:M1", LATER, into=event.id)
    assert (await queue.candidate(other.id)) == other


async def test_reject_is_audited_and_writes_no_event(store: Store) -> None:
    queue = review_queue(store)
    (queued,) = (await queue.queue([candidate("A strike.")], "test:a", NOW)).added
    decided = await queue.reject(queued.id, "test:M1", LATER)
    assert decided.written.events == ()
    assert (decided.candidate.status, decided.candidate.event_id) == (Decision.REJECTED, None)
    assert await queue.candidate(queued.id) == decided.candidate
    (entry,) = await store.changes()
    assert (entry.id,) == decided.written.entries
    assert (entry.action, entry.event_id, entry.actor, entry.at) == (
        "reject", None, "test:M1", LATER)
    assert f"candidate #{queued.id}" in entry.detail
    assert await store.count() == 0


async def test_revise_changes_a_pending_candidate_audited(store: Store) -> None:
    queue = review_queue(store)
    (queued,) = (await queue.queue([candidate("A strike.")], "test:a", NOW)).added
    edited = replace(queued.new, title="Drone strike", summary="New.", place="Iraq",
                     date=EventDate.parse("2020-01-02"), matched_event=7)
    decided = await queue.revise(replace(queued, new=edited), "test:M1", LATER,
                                 "title=Drone strike")
    assert decided.candidate == replace(queued, new=edited)
    assert await queue.candidate(queued.id) == decided.candidate
    (entry,) = await store.changes()
    assert (entry.id,) == decided.written.entries
    assert (entry.action, entry.detail, entry.event_id) == (
        "review edit", "title=Drone strike", None)
    # What an edit cannot change: the article, the quote, the confidence.
    sneaky = replace(edited, confidence=0.1, source=replace(edited.source, quote="Other."))
    await queue.revise(replace(queued, new=sneaky), "test:M1", LATER, "again")
    assert await queue.candidate(queued.id) == decided.candidate


async def test_a_decided_candidate_cannot_be_decided_again(store: Store) -> None:
    queue = review_queue(store)
    done = await queue.queue([candidate("One."), candidate("Two.")], "test:a", NOW)
    approved, rejected = (q.id for q in done.added)
    await queue.approve(approved, "test:M1", NOW)
    await queue.reject(rejected, "test:M1", NOW)
    for number, was in ((approved, "approved"), (rejected, "rejected")):
        found = await queue.candidate(number)
        assert found is not None
        with pytest.raises(ConflictError, match=f"already {was}"):
            await queue.approve(number, "test:M2", LATER)
        with pytest.raises(ConflictError):
            await queue.reject(number, "test:M2", LATER)
        with pytest.raises(ConflictError):
            await queue.revise(found, "test:M2", LATER, "edit")
        assert await queue.candidate(number) == found
    with pytest.raises(NotFound):
        await queue.reject(999, "test:M2", LATER)
    assert await store.count() == 1 and await store.count_changes() == 2


async def test_two_processes_deciding_at_once_decide_once(pg_dsn: str) -> None:
    """Two stores on one PostgreSQL database stand for two ``dateline run`` processes."""
    stores = [await PgEventStore.open(pg_dsn) for _ in range(2)]
    try:
        one, two = (PgReviewQueue.sharing(s) for s in stores)
        done = await one.queue([candidate(f"Sentence {n}.") for n in range(6)], "test:a", NOW)
        for position, queued in enumerate(done.added):
            # Approve against approve, and approve against reject.
            second = (two.approve(queued.id, "test:M2", NOW) if position % 2 else
                      two.reject(queued.id, "test:M2", NOW))
            results = await asyncio.gather(one.approve(queued.id, "test:M1", NOW), second,
                                           return_exceptions=True)
            conflicts = [r for r in results if isinstance(r, ConflictError)]
            assert len(conflicts) == 1, results
            decided = await one.candidate(queued.id)
            assert decided is not None and decided.status is not Decision.PENDING
        approved = [q for q in [await one.candidate(q.id) for q in done.added]
                    if q is not None and q.status is Decision.APPROVED]
        # Each approval published exactly one event, and each decision one audit entry.
        assert await stores[0].count() == len(approved)
        assert await stores[0].count_changes() == len(done.added)
    finally:
        for opened in stores:
            await opened.close()


async def test_two_processes_adding_sources_to_one_event_keep_both(pg_dsn: str) -> None:
    stores = [await PgEventStore.open(pg_dsn) for _ in range(2)]
    try:
        one, two = (PgReviewQueue.sharing(s) for s in stores)
        (first,) = (await one.queue([candidate("A strike.")], "test:a", NOW)).added
        event = (await one.approve(first.id, "test:M1", NOW)).written.events[0]
        assert event.id is not None
        later = [candidate(f"Report {n}.", url=f"https://{n}.test/", digest=f"h{n}",
                           matched=event.id) for n in range(2, 4)]
        b, c = (await one.queue(later, "test:a", NOW)).added
        await asyncio.gather(one.approve(b.id, "test:M1", LATER),
                             two.approve(c.id, "test:M2", LATER))
        saved = await stores[0].get(event.id)
        assert saved is not None and saved.version == 3
        assert sorted(s.url or "" for s in saved.sources) == [
            "https://2.test/", "https://3.test/", "https://a.test/1"]
    finally:
        for opened in stores:
            await opened.close()
