"""The review queue end to end on a real store: queueing is idempotent, a second article
about the same happenings is matched to the events the first made, and approve, reject,
merge and edit are each one audited decision, refused to members; the review list's
buttons render on Discord and Slack."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from adapters.discord_.render import render_reply
from adapters.slack_.render import reply_blocks
from bot.core import Bot
from bot.extraction import Article, extract_text
from bot.messages import Actor, Incoming, Reply, ReplyKind, Role
from bot.review_port import Decision
from bot.review_queueing import QueueReport, queue_article
from storage import SqliteEventStore
from storage.review_store import SqliteReviewQueue

NOW = datetime(2020, 2, 1, 12, 0, tzinfo=UTC)
FIRST = ("Iranian missiles struck the Ain al-Asad air base in Iraq on 8 January 2020, days "
         "after the killing of Qassem Soleimani. On 3 January 2020, a US drone strike killed "
         "General Qassem Soleimani near Baghdad airport.")
SECOND = ("A US drone strike near Baghdad airport killed the Iranian general Qassem Soleimani "
          "on 3 January 2020. Five days later, on 8 January 2020, Iran fired ballistic "
          "missiles at the Ain al-Asad base in western Iraq.")
# Same day as the missile strike, another happening: it must not be taken for it.
OTHER = ("On 8 January 2020, Ukraine International Airlines Flight 752 crashed shortly after "
         "takeoff from Tehran, killing all 176 people on board.")


@pytest.fixture
async def queue(store: SqliteEventStore) -> SqliteReviewQueue:
    return SqliteReviewQueue.sharing(store)


@pytest.fixture
def review_bot(store: SqliteEventStore, queue: SqliteReviewQueue) -> Bot:
    return Bot(store, review=queue)


async def ingest(store: SqliteEventStore, queue: SqliteReviewQueue, text: str,
                 url: str, auto: float | None = None) -> QueueReport:
    article = Article(text, date(2020, 1, 20), "Wire", "Headline", url)
    found = extract_text(article)
    return await queue_article(store, queue, found.candidates, text, actor="test:ingest",
                               at=NOW, auto_publish=auto)


async def say(bot: Bot, text: str, role: Role = Role.MODERATOR) -> Reply:
    actor = Actor("test", "M1", "Mod", role)
    return await bot.handle(Incoming(text, actor, "C1", NOW, "UTC"))


async def approve_all(bot: Bot, queue: SqliteReviewQueue) -> list[Reply]:
    replies = []
    for candidate in await queue.pending():
        reply = await say(bot, f"approve {candidate.id}")
        assert reply.kind is ReplyKind.DONE, reply
        replies.append(reply)
    return replies


async def test_the_same_article_twice_adds_nothing(
    store: SqliteEventStore, queue: SqliteReviewQueue
) -> None:
    first = await ingest(store, queue, FIRST, "https://a.test/1")
    again = await ingest(store, queue, FIRST, "https://a.test/1")
    # The same text pasted without its URL is the same article, by its hash.
    pasted = await ingest(store, queue, FIRST + "\n", None)  # type: ignore[arg-type]
    assert (first.queued, first.already) == (2, 0)
    assert (again.queued, again.already) == (0, 2)
    assert (pasted.queued, pasted.already) == (0, 2)
    assert await queue.count_pending() == 2


async def test_two_articles_about_the_same_happenings_make_one_event_each(
    store: SqliteEventStore, queue: SqliteReviewQueue, review_bot: Bot
) -> None:
    await ingest(store, queue, FIRST, "https://a.test/1")
    await approve_all(review_bot, queue)
    assert await store.count() == 2
    second = await ingest(store, queue, SECOND, "https://b.test/2")
    assert (second.queued, second.matched) == (2, 2)
    replies = await approve_all(review_bot, queue)
    assert all("added as a source" in r.title for r in replies)
    assert await store.count() == 2
    for number in (1, 2):
        event = await store.get(number)
        assert event is not None
        assert [s.url for s in event.sources] == ["https://a.test/1", "https://b.test/2"]
        # Each source keeps the sentence it was quoted from.
        assert event.sources[0].quote in FIRST and event.sources[1].quote in SECOND
    # Ingesting either article again changes nothing.
    assert (await ingest(store, queue, SECOND, "https://b.test/2")).queued == 0
    assert await store.count() == 2


async def test_two_articles_queued_before_either_is_approved_still_make_one_event_each(
    store: SqliteEventStore, queue: SqliteReviewQueue, review_bot: Bot
) -> None:
    await ingest(store, queue, FIRST, "https://a.test/1")
    second = await ingest(store, queue, SECOND, "https://b.test/2")
    assert second.matched == 0  # nothing was published yet to match against
    replies = await approve_all(review_bot, queue)
    assert sum("published as event" in r.title for r in replies) == 2
    assert sum("added as a source" in r.title for r in replies) == 2
    assert await store.count() == 2
    for number in (1, 2):
        event = await store.get(number)
        assert event is not None
        assert {s.url for s in event.sources} == {"https://a.test/1", "https://b.test/2"}


async def test_another_happening_on_the_same_day_is_not_matched(
    store: SqliteEventStore, queue: SqliteReviewQueue, review_bot: Bot
) -> None:
    await ingest(store, queue, FIRST, "https://a.test/1")
    await approve_all(review_bot, queue)
    other = await ingest(store, queue, OTHER, "https://c.test/3")
    assert (other.queued, other.matched) == (1, 0)


async def test_approve_publishes_an_audited_event(
    store: SqliteEventStore, queue: SqliteReviewQueue, review_bot: Bot
) -> None:
    await ingest(store, queue, OTHER, "https://c.test/3")
    reply = await say(review_bot, "approve 1")
    assert reply.title == "Candidate #1 published as event #1"
    event = await store.get(1)
    assert event is not None and event.status.value == "published"
    (entry,) = await store.changes(1)
    assert (entry.action, entry.actor, entry.before, entry.after) == (
        "approve", "test:M1", None, event)
    again = await say(review_bot, "approve 1")
    assert again.kind is ReplyKind.ERROR and "already approved" in again.text


async def test_reject_is_audited_and_final(
    store: SqliteEventStore, queue: SqliteReviewQueue, review_bot: Bot
) -> None:
    await ingest(store, queue, OTHER, "https://c.test/3")
    reply = await say(review_bot, "reject 1")
    assert reply.kind is ReplyKind.DONE
    found = await queue.candidate(1)
    assert found is not None and found.status is Decision.REJECTED
    assert found.decided_by == "test:M1"
    (entry,) = await store.changes()
    assert (entry.action, entry.event_id) == ("reject", None)
    assert "candidate #1" in entry.detail
    assert (await say(review_bot, "approve 1")).kind is ReplyKind.ERROR
    assert await store.count() == 0


async def test_merge_attaches_to_the_chosen_event(
    store: SqliteEventStore, queue: SqliteReviewQueue, review_bot: Bot
) -> None:
    await ingest(store, queue, FIRST, "https://a.test/1")
    await say(review_bot, "approve 1")
    await ingest(store, queue, OTHER, "https://c.test/3")  # candidate #3, no match
    reply = await say(review_bot, "review merge 3 1")
    assert reply.kind is ReplyKind.DONE, reply
    event = await store.get(1)
    assert event is not None and event.version == 2
    assert [s.url for s in event.sources] == ["https://a.test/1", "https://c.test/3"]
    entry = (await store.changes(1))[0]
    assert entry.action == "approve" and entry.before is not None
    assert len(entry.before.sources) == 1 and entry.after == event
    found = await queue.candidate(3)
    assert found is not None and (found.status, found.event_id) == (Decision.MERGED, 1)


async def test_edit_changes_a_pending_candidate_audited(
    store: SqliteEventStore, queue: SqliteReviewQueue, review_bot: Bot
) -> None:
    await ingest(store, queue, OTHER, "https://c.test/3")
    reply = await say(review_bot, "review edit 1 | title=Flight 752 shot down | date=2020-01-08")
    assert reply.kind is ReplyKind.DONE, reply
    (entry,) = await store.changes()
    assert entry.action == "review edit" and "Flight 752 shot down" in entry.detail
    await say(review_bot, "approve 1")
    event = await store.get(1)
    assert event is not None and event.title == "Flight 752 shot down"


async def test_the_review_list_shows_quote_date_confidence_match_and_buttons(
    store: SqliteEventStore, queue: SqliteReviewQueue, review_bot: Bot
) -> None:
    await ingest(store, queue, FIRST, "https://a.test/1")
    await say(review_bot, "approve 1")  # the missile strike becomes event #1
    await say(review_bot, "reject 2")
    await ingest(store, queue, SECOND, "https://b.test/2")  # candidates #3 and #4
    reply = await say(review_bot, "review")
    assert reply.kind is ReplyKind.LIST and reply.total == 2
    lines = "\n".join(line for s in reply.sections for line in s.lines)
    assert "“Iranian missiles struck" not in lines  # approved: no longer listed
    assert "“A US drone strike near Baghdad airport" in lines
    assert "Date: 2020-01-03 (day" in lines and "Confidence: 0.90" in lines
    assert "matches event #1" in lines and "new event" in lines
    commands = [a.command for a in reply.actions]
    assert commands == ["approve 3", "reject 3", "review edit 3",
                        "approve 4", "reject 4", "review edit 4"]
    assert reply.actions[3].label == "Add to #1"
    (message,) = render_reply(reply, buttons=True)
    assert [a.command for a in message.actions] == commands
    buttons = [e["value"] for b in reply_blocks(reply) if b["type"] == "actions"
               for e in b["elements"]]
    assert buttons == commands


async def test_members_are_refused_every_review_command(
    store: SqliteEventStore, queue: SqliteReviewQueue, review_bot: Bot
) -> None:
    await ingest(store, queue, OTHER, "https://c.test/3")
    for text in ("review", "approve 1", "reject 1", "review edit 1 | title=x",
                 "review merge 1 1"):
        reply = await say(review_bot, text, Role.MEMBER)
        assert reply.kind is ReplyKind.ERROR and "moderator" in reply.text.lower(), text
    assert await queue.count_pending() == 1 and await store.count() == 0


async def test_auto_publish_approves_only_at_or_above_the_threshold(
    store: SqliteEventStore, queue: SqliteReviewQueue
) -> None:
    report = await ingest(store, queue, SECOND, "https://b.test/2", auto=0.9)
    # The drone strike scores 0.90 (published); "five days later" 0.75 (left pending).
    assert len(report.published) == 1 and await store.count() == 1
    assert await queue.count_pending() == 1
    (entry,) = await store.changes()
    assert (entry.action, entry.actor) == ("approve", "test:ingest")
