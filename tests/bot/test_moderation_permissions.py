"""Every moderation command is refused to a member by the core's one gate, naming the
role it needs, and nothing in the store changes; members' help does not offer them; a
busy store's reply to each command that writes says that nothing was saved."""

from __future__ import annotations

import pytest

from bot.core import Bot
from bot.messages import ReplyKind, Role
from storage import SqliteEventStore
from tests.conftest import Ask

ATTEMPTS = [
    "edit 2 | title=Changed",
    "delete 2",
    "delete 2 confirm",
    "merge 2 4",
    "publish 2",
    "unpublish 2",
    "tags",
    "tags rename usa | america",
    "tags merge usa iran",
    "sources 2",
    "sources 2 remove 1",
    "sources 2 edit 1 | AP | Title",
    "show 2",
    "undo 1",
    "audit event 2",
    "add 8 January 2020 | Member event",
    "cite 2 | AP | Title | https://example.com/m",
]
WRITERS = ["edit 2 | title=x", "delete 2", "merge 2 4", "publish 2", "unpublish 2",
           "sources 2 remove 1", "undo 1", "tags rename a b", "add 2020 | x", "cite 2 | a | b"]


@pytest.mark.parametrize("text", ATTEMPTS)
async def test_a_member_is_refused_and_nothing_changes(
    text: str, ask: Ask, sample_store: SqliteEventStore
) -> None:
    entries = await sample_store.count_changes()
    event = await sample_store.get(2)
    for role in (Role.MEMBER, -1):  # an unknown role value counts as a member's
        reply = await ask(text, role=role)  # type: ignore[arg-type]
        assert reply.kind is ReplyKind.ERROR and reply.title == "Not allowed", (text, reply)
        assert "Only moderators can use" in reply.text
    assert await sample_store.count_changes() == entries
    assert await sample_store.get(2) == event


async def test_a_members_help_lists_no_moderation_command(ask: Ask) -> None:
    member = {line.split()[0] for s in (await ask("help")).sections for line in s.lines}
    moderator = {
        line.split()[0]
        for s in (await ask("help", role=Role.MODERATOR)).sections for line in s.lines
    }
    moderation = {"edit", "delete", "merge", "publish", "unpublish", "tags", "sources", "show",
                  "undo"}
    assert moderation <= moderator
    assert not moderation & member


@pytest.mark.parametrize("text", WRITERS)
def test_every_moderation_write_is_one_the_core_knows_changes_the_store(
    text: str, bot: Bot
) -> None:
    assert bot.changes_store(text)


def test_listing_tags_is_not_a_write(bot: Bot) -> None:
    assert not bot.changes_store("tags")
