"""Moderators' edits and reports: an edit based on an old read loses with a clear reply
and leaves no trace, and the history and audit log are private unless shared."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.core import Bot
from bot.messages import Actor, Incoming, ReplyKind, Role
from storage import SqliteEventStore
from tests.conftest import Ask

MODERATOR = Role.MODERATOR


async def test_two_cites_from_one_read_one_wins_and_nothing_is_lost(
    bot: Bot, sample_store: SqliteEventStore
) -> None:
    before = await sample_store.get(2)
    assert before is not None
    at = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)

    def cite(user: str, publisher: str) -> Incoming:
        actor = Actor("slack", user, role=MODERATOR)
        return Incoming(f"cite 2 | {publisher} | Story | https://example.com/{user}", actor, "C",
                        at)

    # Both handlers read event #2 before either writes: the store's lock queues the second
    # read ahead of the first handler's write.
    replies = await asyncio.gather(bot.handle(cite("U1", "Wire")), bot.handle(cite("U2", "AP")))
    kinds = sorted(r.kind.value for r in replies)
    assert kinds == ["done", "error"], [r.text for r in replies]
    [lost] = [r for r in replies if r.kind is ReplyKind.ERROR]
    assert "changed by someone else meanwhile; nothing was saved" in lost.text
    assert "try again" in lost.text
    [won] = [r for r in replies if r.kind is ReplyKind.DONE]
    after = await sample_store.get(2)
    assert after is not None and after.sources == won.events[0].sources
    assert after.sources[: len(before.sources)] == before.sources
    assert len(after.sources) == len(before.sources) + 1
    cites = [c for c in await sample_store.changes(2) if c.action == "cite"]
    assert len(cites) == 1


async def test_a_cite_after_a_cite_is_based_on_the_new_version(ask: Ask) -> None:
    first = await ask("cite 2 | Wire | One", role=MODERATOR)
    second = await ask("cite 2 | AP | Two", role=MODERATOR)
    assert (first.kind, second.kind) == (ReplyKind.DONE, ReplyKind.DONE)
    assert [s.publisher for s in second.events[0].sources][-2:] == ["Wire", "AP"]


async def test_history_and_audit_are_private_by_default(ask: Ask) -> None:
    for text in ("history 2", "audit", "audit 5"):
        reply = await ask(text, role=MODERATOR)
        assert reply.kind is ReplyKind.LIST, (text, reply.text)
        assert reply.private and reply.ephemeral, text
        assert "share" in reply.footer, text


async def test_share_posts_history_and_audit_to_the_channel(ask: Ask) -> None:
    await ask("cite 2 | Wire | One", role=MODERATOR)
    for text in ("history 2 share", "history #2 public", "audit share", "audit 1 Share"):
        reply = await ask(text, role=MODERATOR)
        assert reply.kind is ReplyKind.LIST, (text, reply.text)
        assert not reply.private and not reply.ephemeral, text
        assert reply.footer == "", text
    assert len((await ask("audit 1 share", role=MODERATOR)).sections) == 1
    shared = await ask("history 2 share", role=MODERATOR)
    assert shared.title == "History of event #2" and "cite" in shared.sections[0].heading


async def test_help_names_the_share_word(ask: Ask) -> None:
    reply = await ask("help audit", role=MODERATOR)
    assert "share" in " ".join([reply.text, *(s.heading for s in reply.sections),
                                *(line for s in reply.sections for line in s.lines)])
