"""The native forms of add and edit, platform-neutral: which fields they show, what a
submission becomes, and that each field's error names that field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core import Bot
from bot.forms import Form
from bot.messages import Actor, Incoming, Reply, ReplyKind, Role
from storage import SqliteEventStore
from tests.conftest import Ask

AT = datetime(2026, 1, 1, 12, tzinfo=UTC)


def asked(text: str, role: Role = Role.MODERATOR) -> Incoming:
    return Incoming(text, Actor("test", "U1", "Tester", role), "C1", AT, "UTC")


async def form(bot: Bot, text: str, role: Role = Role.MODERATOR) -> Form:
    opened = await bot.form_for(asked(text, role))
    assert isinstance(opened, Form), opened
    return opened


async def test_add_form_has_empty_fields_with_date_and_title_required(bot: Bot) -> None:
    opened = await form(bot, "add")
    assert [f.name for f in opened.fields] == ["date", "title", "summary", "place", "tags",
                                               "source"]
    assert all(f.value == "" for f in opened.fields)
    assert [f.name for f in opened.fields if f.required] == ["date", "title"]
    assert [f.name for f in opened.fields if f.multiline] == ["summary"]


async def test_edit_form_is_prefilled_from_the_stored_event_with_its_version(
    bot: Bot, sample_store: SqliteEventStore
) -> None:
    event = await sample_store.get(2)
    assert event is not None
    opened = await form(bot, "edit 2")
    values = {f.name: f.value for f in opened.fields}
    assert values == {"date": event.date.iso(), "title": event.title, "summary": event.summary,
                      "place": event.place, "tags": ", ".join(event.tags)}
    assert (opened.target_id, opened.version) == (2, event.version)


async def test_members_get_no_form(bot: Bot) -> None:
    for text in ("add", "edit 2"):
        refused = await bot.form_for(asked(text, Role.MEMBER))
        assert isinstance(refused, Reply) and refused.title == "Not allowed"


async def test_an_unknown_event_has_no_edit_form(bot: Bot) -> None:
    missing = await bot.form_for(asked("edit 999"))
    assert isinstance(missing, Reply) and missing.kind is ReplyKind.ERROR
    assert missing.text == "There is no event #999."


async def test_add_form_composes_named_parts_that_add_the_event(
    bot: Bot, sample_store: SqliteEventStore
) -> None:
    opened = await form(bot, "add")
    values = {"date": "8 January 2020", "title": "Speech", "summary": "", "place": "Washington",
              "tags": "usa, iran", "source": "AP ; Trump speaks ; https://example.com/s"}
    text = opened.command_text(values)
    assert text == ("add 8 January 2020 | title=Speech | place=Washington | tags=usa, iran"
                    " | source=AP ; Trump speaks ; https://example.com/s")
    reply = await bot.submit_form(asked("add"), values)
    assert reply.kind is ReplyKind.DONE, reply.text
    saved = await sample_store.get(reply.events[0].id or 0)
    assert saved is not None and saved.title == "Speech" and saved.tags == ("usa", "iran")
    assert saved.sources[0].url == "https://example.com/s"


async def test_edit_form_sends_only_changed_fields_with_its_version(
    bot: Bot, sample_store: SqliteEventStore
) -> None:
    opened = await form(bot, "edit 2")
    values = {f.name: f.value for f in opened.fields} | {"title": "New title", "place": ""}
    text = opened.command_text(values)
    assert text == f"edit 2 | title=New title | place= | version={opened.version}"
    reply = await bot.submit_form(asked("edit 2"), values, opened.version)
    assert reply.kind is ReplyKind.DONE, reply.text
    saved = await sample_store.get(2)
    assert saved is not None and saved.title == "New title" and saved.place == ""


async def test_a_stale_edit_form_gets_the_changed_meanwhile_reply(
    bot: Bot, sample_store: SqliteEventStore
) -> None:
    opened = await form(bot, "edit 2")
    assert (await bot.handle(asked("edit 2 | title=Someone else's"))).kind is ReplyKind.DONE
    values = {f.name: f.value for f in opened.fields} | {"summary": "Mine"}
    reply = await bot.submit_form(asked("edit 2"), values, opened.version)
    assert reply.kind is ReplyKind.ERROR and "changed by someone else meanwhile" in reply.text
    saved = await sample_store.get(2)
    assert saved is not None and saved.title == "Someone else's"


@pytest.mark.parametrize(
    ("command", "values", "field", "words"),
    [
        ("add", {"date": "31 February 2020", "title": "T"}, "date", "February"),
        ("add", {"date": "someday", "title": "T"}, "date", "not a date I can read"),
        ("add", {"date": "2020-01-08", "title": "T", "source": "AP"}, "source",
         "needs a publisher and a title"),
        ("add", {"date": "2020-01-08", "title": "T", "source": "AP ; T ; ftp://x"}, "source",
         "must start with http"),
        ("add", {"date": "2020-01-08", "title": "A | B"}, "title", "cannot contain"),
        ("edit 2", {"date": "2020-13-01"}, "date", "no month 13"),
    ],
)
async def test_each_invalid_field_is_named_in_the_reply(
    bot: Bot, command: str, values: dict[str, str], field: str, words: str
) -> None:
    opened = await form(bot, command)
    filled = {f.name: f.value for f in opened.fields} | values
    reply = await bot.submit_form(asked(command), filled, opened.version)
    assert reply.kind is ReplyKind.ERROR
    assert reply.field == field and words in reply.text, (reply.field, reply.text)


async def test_typed_commands_name_the_field_too(bot: Bot) -> None:
    reply = await bot.handle(asked("add someday | A title"))
    assert reply.field == "date"
    reply = await bot.handle(asked("edit 2 | source+=Just a publisher"))
    assert reply.field == "source"


async def test_reopened_form_shows_what_was_typed_but_judges_changes_against_the_event(
    bot: Bot,
) -> None:
    opened = await form(bot, "edit 2")
    typed = {f.name: f.value for f in opened.fields} | {"date": "not a date"}
    shown = {f.name: f.value for f in opened.prefilled(typed)}
    assert shown["date"] == "not a date"
    assert opened.command_text(typed) == f"edit 2 | date=not a date | version={opened.version}"


async def test_an_empty_title_names_the_title_field(ask: Ask) -> None:
    added = await ask("add 8 January 2020 | | summary only", role=Role.MODERATOR)
    assert added.field == "title"
    edited = await ask("edit 1 | title=", role=Role.MODERATOR)
    assert edited.field == "title"
