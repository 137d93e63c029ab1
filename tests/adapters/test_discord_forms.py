"""End to end: ``/add`` alone and ``/edit id:`` alone answer with a modal (type 9), its
submission adds or edits the event, and an error comes back privately, naming the
field, with an "Edit again" button that reopens the modal as it was filled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_discord_e2e import NOW, is_callback, running, settings, stop

from adapters.discord_ import DatelineClient
from bot.context import BotSettings
from bot.core import Bot
from bot.model import Event, EventDate
from storage import SqliteEventStore
from tests.adapters.fake_discord import FakeDiscord, Recorded, stand_in

MODAL = 9


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with stand_in() as server:
        yield server


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    db = await SqliteEventStore.open(tmp_path / "dateline.sqlite3")
    event = Event(EventDate(date(2020, 1, 7)), "Missiles hit bases", "Iran fires missiles",
                  "Ain al-Asad", ("iran",))
    await db.add(event, "test", NOW)
    try:
        yield db
    finally:
        await db.close()


@pytest.fixture
async def client(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> AsyncIterator[DatelineClient]:
    dc = DatelineClient(Bot(store, BotSettings()), settings(tmp_path), ack_after=1.0,
                        guild_ready_timeout=0.05)
    task = await running(dc, fake)
    yield dc
    await stop(dc, task)


def editor(fake: FakeDiscord) -> dict[str, Any]:
    return fake.member(8888, "editor", roles=(6666,))


async def callback(fake: FakeDiscord, count: int) -> Recorded:
    return (await fake.wait_for(is_callback, count=count))[-1]


def inputs(modal: Recorded) -> dict[str, dict[str, Any]]:
    rows = modal.body["data"]["components"]
    return {c["custom_id"]: c for row in rows for c in row["components"]}


async def test_add_alone_opens_the_modal_and_its_submission_adds_the_event(
    fake: FakeDiscord, client: DatelineClient, store: SqliteEventStore
) -> None:
    [put] = await fake.wait_for(lambda r: r.method == "PUT")
    [add] = [c for c in put.body if c["name"] == "add"]
    assert not any(o["required"] for o in add["options"])  # "/add" alone may be sent
    await fake.interaction("add", member=editor(fake))
    modal = await callback(fake, 1)
    assert modal.body["type"] == MODAL
    fields = inputs(modal)
    assert list(fields) == ["date", "title", "summary", "place", "tags"]
    assert fields["date"]["required"] and not fields["place"]["required"]
    assert fields["summary"]["style"] == 2 and fields["title"]["max_length"] == 200
    await fake.submit_modal(modal.body["data"]["custom_id"],
                            {"date": "8 January 2020", "title": "Speech", "summary": "",
                             "place": "Washington", "tags": "usa"}, member=editor(fake))
    answer = await callback(fake, 2)
    assert answer.body["type"] == 4 and "Added event #2" in str(answer.body["data"]["embeds"])
    saved = await store.get(2)
    assert saved is not None and saved.title == "Speech" and saved.place == "Washington"


async def test_edit_id_alone_opens_a_prefilled_modal_that_saves_the_change(
    fake: FakeDiscord, client: DatelineClient, store: SqliteEventStore
) -> None:
    await fake.interaction("edit", {"id": 1}, member=editor(fake))
    modal = await callback(fake, 1)
    fields = inputs(modal)
    assert fields["date"]["value"] == "2020-01-07" and fields["place"]["value"] == "Ain al-Asad"
    assert fields["tags"]["value"] == "iran"
    typed = {name: field["value"] for name, field in fields.items()} | {"title": "Strike"}
    await fake.submit_modal(modal.body["data"]["custom_id"], typed, member=editor(fake))
    answer = await callback(fake, 2)
    assert "Edited event #1" in str(answer.body["data"]["embeds"])
    saved = await store.get(1)
    assert saved is not None and saved.title == "Strike" and saved.version == 2


async def test_an_invalid_date_is_answered_privately_with_edit_again(
    fake: FakeDiscord, client: DatelineClient, store: SqliteEventStore
) -> None:
    await fake.interaction("add", member=editor(fake))
    modal = await callback(fake, 1)
    typed = {"date": "31 February 2020", "title": "Speech", "summary": "Words"}
    await fake.submit_modal(modal.body["data"]["custom_id"], typed, member=editor(fake))
    error = await callback(fake, 2)
    data = error.body["data"]
    assert data["flags"] & 64
    assert data["embeds"][0]["title"] == "Check the date"
    assert "February" in str(data["embeds"])
    assert await store.get(2) is None
    [button] = data["components"][0]["components"]
    assert button["label"] == "Edit again"
    await fake.press(button["custom_id"], member=editor(fake))
    reopened = await callback(fake, 3)
    assert reopened.body["type"] == MODAL
    fields = inputs(reopened)
    assert fields["date"]["value"] == "31 February 2020"
    assert fields["summary"]["value"] == "Words"


async def test_a_member_gets_no_modal(fake: FakeDiscord, client: DatelineClient) -> None:
    await fake.interaction("add")
    refused = await callback(fake, 1)
    assert refused.body["type"] == 4 and refused.body["data"]["flags"] & 64
    assert refused.body["data"]["embeds"][0]["title"] == "Not allowed"


async def test_a_stale_edit_form_gets_the_changed_meanwhile_reply(
    fake: FakeDiscord, client: DatelineClient, store: SqliteEventStore
) -> None:
    await fake.interaction("edit", {"id": 1}, member=editor(fake))
    modal = await callback(fake, 1)
    await fake.interaction("edit", {"id": 1, "title": "Meanwhile"}, member=editor(fake))
    await callback(fake, 2)
    typed = {name: field["value"] for name, field in inputs(modal).items()} | {"place": "Here"}
    await fake.submit_modal(modal.body["data"]["custom_id"], typed, member=editor(fake))
    answer = await callback(fake, 3)
    assert answer.body["data"]["flags"] & 64
    assert "changed by someone else meanwhile" in str(answer.body["data"]["embeds"])
    saved = await store.get(1)
    assert saved is not None and saved.title == "Meanwhile" and saved.place == "Ain al-Asad"
