"""Moderators change events through chat: edit (with the date forms questions accept),
publish and unpublish, delete with confirmation for another's event, and merge. Each
change is audited with the event's state before and after."""

from __future__ import annotations

from datetime import date

from bot.messages import ReplyKind, Role
from bot.model import EventDate, Precision, Status
from storage import SqliteEventStore
from tests.conftest import Ask

MODERATOR = Role.MODERATOR


async def _added(ask: Ask, text: str = "add 2020-01-09 | Own event | | Here | iran") -> int:
    reply = await ask(text, role=MODERATOR)
    assert reply.kind is ReplyKind.DONE, reply.text
    event_id = reply.events[0].id
    assert event_id is not None
    return event_id


async def test_edit_changes_named_fields_and_audits_before_and_after(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    before = await sample_store.get(2)
    assert before is not None
    reply = await ask("edit 2 | title=Drone strike at Baghdad airport | place= | tags+=iraq, drone",
                      role=MODERATOR)
    assert reply.kind is ReplyKind.DONE, reply.text
    after = await sample_store.get(2)
    assert after is not None
    assert after.title == "Drone strike at Baghdad airport" and after.place == ""
    assert after.tags[: len(before.tags)] == before.tags and "drone" in after.tags
    assert after.version == before.version + 1
    [entry] = await sample_store.changes(2, limit=1)
    assert entry.action == "edit" and entry.actor == "test:U1"
    assert entry.before == before and entry.after == after
    assert entry.before is not None and entry.before.version == before.version
    assert f"undo {entry.id}" in reply.footer


async def test_history_says_which_field_changed_from_what_to_what(ask: Ask) -> None:
    await ask("edit 2 | title=Strike at Baghdad airport | tags-=usa", role=MODERATOR)
    await ask("cite 2 | Wire | Strike report | https://example.com/wire", role=MODERATOR)
    reply = await ask("history 2", role=MODERATOR)
    lines = [line for section in reply.sections for line in section.lines]
    assert any("title: “US drone strike kills Qasem Soleimani at Baghdad airport” → "
               "“Strike at Baghdad airport”" in line for line in lines), lines
    assert any("tags: removed “usa”" in line for line in lines), lines
    assert any("source 3 added: Wire: “Strike report” (https://example.com/wire)" in line
               for line in lines), lines
    assert all(section.lines[0].startswith("Entry ") for section in reply.sections)


async def test_an_edit_based_on_a_stale_version_is_refused_and_leaves_no_trace(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await ask("edit 2 | summary=First", role=MODERATOR)  # version 1 -> 2
    entries = await sample_store.count_changes(2)
    reply = await ask("edit 2 | summary=Second | version=1", role=MODERATOR)
    assert reply.kind is ReplyKind.ERROR
    assert "changed by someone else meanwhile; nothing was saved" in reply.text
    stored = await sample_store.get(2)
    assert stored is not None and stored.summary == "First"
    assert await sample_store.count_changes(2) == entries
    fresh = await ask("edit 2 | summary=Second | version=2", role=MODERATOR)
    assert fresh.kind is ReplyKind.DONE, fresh.text


async def test_edit_refuses_unknown_fields_an_empty_title_and_no_change(ask: Ask) -> None:
    for text, words in [
        ("edit 2 | colour=red", "not a change"),
        ("edit 2 | title=", "needs a title"),
        ("edit 2", "Say what to change"),
        ("edit 2 | place=Baghdad International Airport, Iraq", "Nothing to change"),
        ("edit 999 | title=X", "no event #999"),
        ("edit 2 | date=7 January", "no year"),
    ]:
        reply = await ask(text, role=MODERATOR)
        assert reply.kind is ReplyKind.ERROR, text
        assert words in reply.text, (text, reply.text)


async def test_the_console_reads_event_dates_as_questions_do(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    cases = {
        "8 January 2020": EventDate(date(2020, 1, 8)),
        "Jan 8, 2020": EventDate(date(2020, 1, 8)),
        "January 2020": EventDate(date(2020, 1, 1), Precision.MONTH),
        "2020": EventDate(date(2020, 1, 1), Precision.YEAR),
        "3-8 January 2020": EventDate(date(2020, 1, 3), Precision.DAY, date(2020, 1, 8)),
        "January to March 2020": EventDate(date(2020, 1, 1), Precision.MONTH, date(2020, 3, 1)),
        "2019-2020": EventDate(date(2019, 1, 1), Precision.YEAR, date(2020, 1, 1)),
        "2020-01-08": EventDate(date(2020, 1, 8)),
        "2020-01 to 2020-03": EventDate(date(2020, 1, 1), Precision.MONTH, date(2020, 3, 1)),
    }
    for written, expected in cases.items():
        number = await _added(ask, f"add {written} | Dated {written}")
        stored = await sample_store.get(number)
        assert stored is not None and stored.date == expected, written
    await ask("edit 2 | date=3 January 2020 to 5 January 2020", role=MODERATOR)
    edited = await sample_store.get(2)
    assert edited is not None
    assert edited.date == EventDate(date(2020, 1, 3), Precision.DAY, date(2020, 1, 5))


async def test_impossible_and_unreadable_dates_are_named(ask: Ask) -> None:
    for text, words in [
        ("add 31 February 2020 | X", "February 2020 has no 31st day"),
        ("add 8 Januray 2020 | X", "but not"),
        ("add since 2020 | X", "not one date or range"),
    ]:
        reply = await ask(text, role=MODERATOR)
        assert reply.kind is ReplyKind.ERROR and words in reply.text, (text, reply.text)


async def test_unpublish_takes_an_event_out_of_answers_and_publish_brings_it_back(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    assert len((await ask("onthisday 3 January")).events) == 1
    hidden = await ask("unpublish 2", role=MODERATOR)
    assert hidden.kind is ReplyKind.DONE, hidden.text
    assert (await sample_store.get(2)).status is Status.DRAFT  # type: ignore[union-attr]
    assert (await ask("onthisday 3 January")).events == ()
    assert (await ask("unpublish 2", role=MODERATOR)).kind is ReplyKind.ERROR
    assert (await ask("publish 2", role=MODERATOR)).kind is ReplyKind.DONE
    assert len((await ask("onthisday 3 January")).events) == 1


async def test_deleting_anothers_event_asks_first_and_changes_nothing(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    entries = await sample_store.count_changes()
    asked = await ask("delete 2", role=MODERATOR)
    assert asked.kind is not ReplyKind.ERROR and asked.private
    assert [a.command for a in asked.actions] == ["delete 2 confirm"]
    assert (await sample_store.get(2)).status is Status.PUBLISHED  # type: ignore[union-attr]
    assert await sample_store.count_changes() == entries
    done = await ask("delete 2 confirm", role=MODERATOR)
    assert done.kind is ReplyKind.DONE, done.text
    assert (await sample_store.get(2)).status is Status.RETRACTED  # type: ignore[union-attr]
    [entry] = await sample_store.changes(2, limit=1)
    assert entry.action == "delete" and entry.before is not None
    assert entry.before.status is Status.PUBLISHED
    assert (await ask("delete 2 confirm", role=MODERATOR)).kind is ReplyKind.ERROR


async def test_deleting_your_own_event_needs_no_confirmation(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    number = await _added(ask)
    done = await ask(f"delete {number}", role=MODERATOR)
    assert done.kind is ReplyKind.DONE, done.text
    assert (await sample_store.get(number)).status is Status.RETRACTED  # type: ignore[union-attr]
    history = await ask(f"history {number}", role=MODERATOR)
    assert [s.heading.split(": ", 1)[1].split(" by ")[0] for s in history.sections] == [
        f"#{number} delete", f"#{number} add"]


async def test_a_deleted_event_cannot_be_edited_cited_or_merged(ask: Ask) -> None:
    number = await _added(ask)
    await ask(f"delete {number}", role=MODERATOR)
    for text in (f"edit {number} | title=X", f"cite {number} | P | T",
                 f"merge 2 {number}", f"publish {number}"):
        reply = await ask(text, role=MODERATOR)
        assert reply.kind is ReplyKind.ERROR and "deleted" in reply.text, (text, reply.text)


async def test_merge_combines_sources_and_tags_and_the_other_leads_to_the_kept(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    other = await _added(ask, "add 2020-01-03 | Soleimani killed | | | quds force, Strike")
    await ask(f"cite {other} | Wire | Killed | https://example.com/k", role=MODERATOR)
    await ask("cite 2 | AP | Killed too | https://EXAMPLE.com/k/", role=MODERATOR)
    await ask(f"cite {other} | Wire | Other | https://example.com/other", role=MODERATOR)
    keep = await sample_store.get(2)
    assert keep is not None
    reply = await ask(f"merge 2 {other}", role=MODERATOR)
    assert reply.kind is ReplyKind.DONE, reply.text
    kept = await sample_store.get(2)
    assert kept is not None
    # The same URL (any case, trailing slash) counts once; the other source joins.
    assert [s.url for s in kept.sources] == [*(s.url for s in keep.sources),
                                             "https://example.com/other"]
    assert kept.tags == (*keep.tags, "strike")  # "quds force" was there already
    gone = await sample_store.get(other)
    assert gone is not None and gone.status is Status.RETRACTED and gone.merged_into == 2
    shown = await ask(f"event {other}")
    assert shown.kind is ReplyKind.ANSWER and shown.events[0].id == 2
    assert f"Event #{other} was merged into #2" in shown.text
    [on_kept] = await sample_store.changes(2, limit=1)
    [on_other] = await sample_store.changes(other, limit=1)
    assert on_kept.action == on_other.action == "merge"
    assert on_kept.operation == on_other.operation == on_kept.id


async def test_merge_into_reads_the_other_way_and_refuses_itself(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    other = await _added(ask)
    assert (await ask("merge 2 2", role=MODERATOR)).kind is ReplyKind.ERROR
    reply = await ask(f"merge {other} into 2", role=MODERATOR)
    assert reply.kind is ReplyKind.DONE, reply.text
    assert (await sample_store.get(other)).merged_into == 2  # type: ignore[union-attr]
