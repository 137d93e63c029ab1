"""``undo ENTRY`` restores an event as it was before an audited change, audits the
revert, refuses when the event changed since, and reverts a merge or a tag rename
whole from any of its entries."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core import Bot
from bot.messages import Actor, Incoming, Reply, ReplyKind, Role
from bot.model import Status
from storage import SqliteEventStore
from storage.zone_store import SqliteZoneStore
from tests.conftest import Ask

MODERATOR = Role.MODERATOR


def entry_of(reply: Reply) -> int:
    """The audit entry a write's reply offers to undo."""
    [action] = reply.actions
    assert action.command.startswith("undo "), action
    return int(action.command.split()[1])


async def test_undo_restores_the_state_before_an_edit_and_is_audited(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    before = await sample_store.get(2)
    assert before is not None
    edited = await ask("edit 2 | title=Wrong title | tags=wrong", role=MODERATOR)
    undone = await ask(f"undo {entry_of(edited)}", role=MODERATOR)
    assert undone.kind is ReplyKind.DONE, undone.text
    after = await sample_store.get(2)
    assert after is not None
    assert (after.title, after.tags, after.sources) == (before.title, before.tags, before.sources)
    assert after.version == before.version + 2  # versions only go up
    [entry] = await sample_store.changes(2, limit=1)
    assert entry.action == "undo" and entry.detail == f"undid entry #{entry_of(edited)} (edit)"
    assert entry.before is not None and entry.before.title == "Wrong title"


async def test_undo_is_refused_when_the_event_changed_since(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    first = await ask("edit 2 | title=First", role=MODERATOR)
    await ask("edit 2 | summary=Changed later", role=MODERATOR)
    entries = await sample_store.count_changes()
    refused = await ask(f"undo {entry_of(first)}", role=MODERATOR)
    assert refused.kind is ReplyKind.ERROR
    assert "has changed since entry" in refused.text and "nothing was undone" in refused.text
    stored = await sample_store.get(2)
    assert stored is not None and stored.title == "First"
    assert await sample_store.count_changes() == entries


async def test_undoing_a_delete_brings_the_event_back_into_answers(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    deleted = await ask("delete 2 confirm", role=MODERATOR)
    assert (await ask("onthisday 3 January")).events == ()
    undone = await ask(f"undo {entry_of(deleted)}", role=MODERATOR)
    assert undone.kind is ReplyKind.DONE, undone.text
    assert (await sample_store.get(2)).status is Status.PUBLISHED  # type: ignore[union-attr]
    assert [e.id for e in (await ask("onthisday 3 January")).events] == [2]


async def test_undoing_an_add_or_an_import_retracts_the_event(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    added = await ask("add 2020-01-09 | Added by mistake", role=MODERATOR)
    number = added.events[0].id
    [add_entry] = await sample_store.changes(number, limit=1)
    assert (await ask(f"undo {add_entry.id}", role=MODERATOR)).kind is ReplyKind.DONE
    assert (await sample_store.get(number or 0)).status is Status.RETRACTED  # type: ignore[union-attr]
    [import_entry] = await sample_store.changes(6, limit=1)
    assert import_entry.action == "import"
    assert (await ask(f"undo {import_entry.id}", role=MODERATOR)).kind is ReplyKind.DONE
    assert (await sample_store.get(6)).status is Status.RETRACTED  # type: ignore[union-attr]


async def test_an_undo_can_itself_be_undone(ask: Ask, sample_store: SqliteEventStore) -> None:
    edited = await ask("edit 2 | title=Kept after all", role=MODERATOR)
    undone = await ask(f"undo {entry_of(edited)}", role=MODERATOR)
    redone = await ask(f"undo {entry_of(undone)}", role=MODERATOR)
    assert redone.kind is ReplyKind.DONE, redone.text
    assert (await sample_store.get(2)).title == "Kept after all"  # type: ignore[union-attr]


async def test_undoing_either_half_of_a_merge_reverts_the_whole_merge(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    keep, other = await sample_store.get(2), await sample_store.get(4)
    assert keep is not None and other is not None
    merged = await ask("merge 2 4", role=MODERATOR)
    assert merged.kind is ReplyKind.DONE, merged.text
    [other_entry] = await sample_store.changes(4, limit=1)
    assert other_entry.id != entry_of(merged)
    undone = await ask(f"undo {other_entry.id}", role=MODERATOR)
    assert undone.kind is ReplyKind.DONE and "all of it was undone" in undone.text
    kept, back = await sample_store.get(2), await sample_store.get(4)
    assert kept is not None and back is not None
    assert (kept.sources, kept.tags) == (keep.sources, keep.tags)
    assert (back.status, back.merged_into) == (Status.PUBLISHED, None)
    assert (await ask("event 4")).events[0].id == 4


async def test_undoing_a_tag_rename_reverts_every_event_it_changed(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    tagged = [e.id for e in await sample_store.tagged("usa")]
    renamed = await ask("tags rename usa | united states", role=MODERATOR)
    assert (await ask(f"undo {entry_of(renamed)}", role=MODERATOR)).kind is ReplyKind.DONE
    assert [e.id for e in await sample_store.tagged("usa")] == tagged
    assert await sample_store.tagged("united states") == []


async def test_entries_without_states_cannot_be_undone(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    at = datetime(2026, 11, 21, 12, tzinfo=UTC)
    actor = Actor("test", "U1", role=MODERATOR)
    zoned = Bot(sample_store, zones=SqliteZoneStore.sharing(sample_store))
    zone = await zoned.handle(Incoming("timezone Europe/London", actor, "C1", at, space="S"))
    assert zone.kind is not ReplyKind.ERROR, zone.text
    [entry] = await sample_store.changes(limit=1)
    assert entry.event_id is None
    reply = await ask(f"undo {entry.id}", role=MODERATOR)
    assert reply.kind is ReplyKind.ERROR and "not a change to an event" in reply.text
    missing = await ask("undo 99999", role=MODERATOR)
    assert missing.kind is ReplyKind.ERROR and "no audit entry #99999" in missing.text
