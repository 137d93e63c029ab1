"""Tags across the store and one event's sources: listing, renaming and merging tags
(an audit entry per event changed), numbering, editing and removing sources, refusing
a URL an event already cites, and warning about unlikely source dates."""

from __future__ import annotations

from bot.messages import ReplyKind, Role
from storage import SqliteEventStore
from tests.conftest import Ask

MODERATOR = Role.MODERATOR


async def test_tags_lists_every_tag_with_its_count_most_used_first(ask: Ask) -> None:
    reply = await ask("tags", role=MODERATOR)
    assert reply.kind is ReplyKind.LIST
    headings = [s.heading for s in reply.sections]
    assert headings[:3] == ["iran: 5 events", "usa: 5 events", "soleimani: 4 events"], headings


async def test_tags_pages_with_more(ask: Ask, sample_store: SqliteEventStore) -> None:
    total = await sample_store.count_tags()
    for n in range(30 - total):
        await ask(f"add 2020-02-{n % 28 + 1:02d} | Tagged {n} | | | extra{n}", role=MODERATOR)
    first = await ask("tags", role=MODERATOR)
    assert len(first.sections) == 25 and first.next == "tags page 2"
    second = await ask("more", role=MODERATOR)
    assert len(second.sections) == 5 and second.next is None


async def test_renaming_a_tag_changes_every_event_with_an_audit_entry_each(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    tagged = [e.id for e in await sample_store.tagged("soleimani")]
    assert len(tagged) == 4
    reply = await ask("tags rename soleimani | qasem soleimani", role=MODERATOR)
    assert reply.kind is ReplyKind.DONE, reply.text
    assert await sample_store.tagged("soleimani") == []
    assert [e.id for e in await sample_store.tagged("qasem soleimani")] == tagged
    entries = [(await sample_store.changes(n, limit=1))[0] for n in tagged]
    assert {e.action for e in entries} == {"tags"}
    assert len({e.id for e in entries}) == 4 and len({e.operation for e in entries}) == 1
    assert await sample_store.topics("qasem") == ["qasem soleimani"]


async def test_rename_refuses_a_name_in_use_and_merge_needs_both(ask: Ask) -> None:
    for text, words in [
        ("tags rename usa iran", "already a tag"),
        ("tags merge usa nowhere", "No event is tagged “nowhere”"),
        ("tags rename nowhere x", "No event is tagged “nowhere”"),
        ("tags rename usa", "Name two tags"),
        ("tags shuffle", "Usage"),
    ]:
        reply = await ask(text, role=MODERATOR)
        assert reply.kind is ReplyKind.ERROR and words in reply.text, (text, reply.text)


async def test_merging_a_tag_folds_it_into_the_other_once(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    both = [e for e in await sample_store.tagged("usa") if "iran" in e.tags]
    assert both
    reply = await ask("tags merge usa iran", role=MODERATOR)
    assert reply.kind is ReplyKind.DONE, reply.text
    after = await sample_store.get(both[0].id or 0)
    assert after is not None and "usa" not in after.tags and after.tags.count("iran") == 1


async def test_sources_are_numbered_edited_and_removed_with_history(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    listed = await ask("sources 2", role=MODERATOR)
    assert [s.heading[:3] for s in listed.sections] == ["1. ", "2. "]
    edited = await ask("sources 2 edit 1 | Reuters | Strike kills general | "
                       "https://example.com/r | 4 January 2020", role=MODERATOR)
    assert edited.kind is ReplyKind.DONE, edited.text
    event = await sample_store.get(2)
    assert event is not None and event.sources[0].publisher == "Reuters"
    assert (await ask("sources 2 remove 2", role=MODERATOR)).kind is ReplyKind.DONE
    event = await sample_store.get(2)
    assert event is not None and [s.publisher for s in event.sources] == ["Reuters"]
    lines = [line for s in (await ask("history 2", role=MODERATOR)).sections for line in s.lines]
    assert any("source 2 removed" in line for line in lines), lines
    assert any("source 1: publisher" in line and "→ “Reuters”" in line for line in lines), lines
    bad = await ask("sources 2 remove 5", role=MODERATOR)
    assert bad.kind is ReplyKind.ERROR and "has 1 source" in bad.text


async def test_the_same_source_url_twice_on_one_event_is_refused(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    await ask("cite 2 | Wire | One | https://example.com/one", role=MODERATOR)
    entries = await sample_store.count_changes()
    for text in (
        "cite 2 | AP | Same | https://EXAMPLE.com/one/",
        "sources 2 edit 1 | AP | Same | https://example.com/one",
        "edit 2 | source+=AP ; Same ; https://example.com/one",
        "add 2020-01-01 | X | source=A ; B ; https://e.com/x | source=C ; D ; https://e.com/x",
    ):
        reply = await ask(text, role=MODERATOR)
        assert reply.kind is ReplyKind.ERROR and "already has that URL" in reply.text, text
    assert await sample_store.count_changes() == entries
    # Editing a source may keep its own URL.
    same = await ask("sources 2 edit 3 | Wire | One, retitled | https://example.com/one",
                     role=MODERATOR)
    assert same.kind is ReplyKind.DONE, same.text


async def test_source_dates_before_the_event_or_in_the_future_are_saved_with_a_warning(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    early = await ask("cite 2 | Wire | Early | https://example.com/e | 1 January 2020",
                      role=MODERATOR)
    assert early.kind is ReplyKind.DONE
    assert "Warning: source 3 is dated 1 January 2020, before the event (3 January 2020)" \
        in early.text
    future = await ask("cite 2 | Wire | Later | https://example.com/f | 2030-05-01",
                       role=MODERATOR)
    assert future.kind is ReplyKind.DONE and "in the future" in future.text
    fine = await ask("cite 2 | Wire | Fine | https://example.com/g | 5 January 2020",
                     role=MODERATOR)
    assert fine.kind is ReplyKind.DONE and "Warning" not in fine.text
    event = await sample_store.get(2)
    assert event is not None and len(event.sources) == 5


async def test_a_form_that_leaves_the_url_out_still_gives_the_date(
    ask: Ask, sample_store: SqliteEventStore
) -> None:
    reply = await ask("cite 2 | Wire | Undated link | 5 January 2020", role=MODERATOR)
    assert reply.kind is ReplyKind.DONE, reply.text
    event = await sample_store.get(2)
    assert event is not None and event.sources[-1].url is None
    assert str(event.sources[-1].published) == "2020-01-05"
