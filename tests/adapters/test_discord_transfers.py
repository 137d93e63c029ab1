"""End to end on Discord: ``/export`` answers with the store as an attached file, only
the moderator sees; ``/import`` takes a file from its attachment option, downloaded from
Discord's CDN (the stand-in's), and reports bad rows, importing nothing then."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from adapters.discord_ import DatelineClient
from adapters.discord_.appcommands import command_payloads
from adapters.discord_.attachments import Attached, TooBig, download
from adapters.formats import json_format
from adapters.transfer_service import StoreTransfers
from bot.command_set import build_commands
from bot.context import BotSettings
from bot.core import Bot
from bot.model import Event, EventDate
from storage import SqliteEventStore
from tests.adapters.fake_discord import FakeDiscord, Recorded, stand_in
from tests.adapters.test_discord_e2e import running, settings, stop

NOW = datetime(2026, 1, 1, tzinfo=UTC)
EPHEMERAL = 64


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with stand_in() as server:
        yield server


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    db = await SqliteEventStore.open(tmp_path / "dateline.sqlite3")
    for day, title in ((7, "Missiles hit bases, in Iraq"), (8, "Airliner shot down")):
        await db.add(Event(EventDate(date(2020, 1, day)), title, tags=("iran",)), "test", NOW)
    try:
        yield db
    finally:
        await db.close()


async def client_for(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path, ack_after: float
) -> tuple[DatelineClient, object]:
    bot = Bot(store, BotSettings(), store.reminders, transfers=StoreTransfers(store))
    dc = DatelineClient(bot, settings(tmp_path), ack_after=ack_after, guild_ready_timeout=0.05)
    return dc, await running(dc, fake)


def answer_to(token: str) -> object:
    """The request that carries the interaction's answer: the direct response, or the
    edit of the deferred message."""

    def matches(r: Recorded) -> bool:
        direct = r.path.endswith(f"/{token}/callback") and r.body["type"] == 4
        return direct or (r.method == "PATCH" and f"/{token}/messages/@original" in r.path)

    return matches


def embeds(r: Recorded) -> str:
    data = r.body.get("data", r.body) if r.body.get("type") == 4 else r.body
    return str(data["embeds"])


def flags_of(fake: FakeDiscord, token: str) -> int:
    return fake.steps(token)[0].flags


async def test_export_replies_privately_with_a_csv_file_of_the_stores_events(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    dc, task = await client_for(fake, store, tmp_path, ack_after=1.0)
    editor = fake.member(8888, "editor", roles=(6666,))
    try:
        _, token = await fake.interaction("export", {"format": "csv"}, member=editor)
        [answer] = await fake.wait_for(answer_to(token))  # type: ignore[arg-type]
    finally:
        await stop(dc, task)  # type: ignore[arg-type]
    [(name, content)] = answer.files
    assert name == "dateline-events.csv"
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert sorted(row["title"] for row in rows) == [
        "Airliner shot down", "Missiles hit bases, in Iraq",
    ]
    assert flags_of(fake, token) & EPHEMERAL
    assert "dateline-events.csv" in embeds(answer)


async def test_import_of_an_attached_json_file_adds_its_events_each_audited(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    dc, task = await client_for(fake, store, tmp_path, ack_after=0)  # deferred, then edited
    editor = fake.member(8888, "editor", roles=(6666,))
    events = [Event(EventDate(date(2021, 3, day)), f"Budget vote {day}") for day in (1, 2, 3)]
    # One the store already has, left out as a duplicate.
    events.append(Event(EventDate(date(2020, 1, 8)), "Airliner shot down"))
    data = "".join(json_format.pieces(events, {}, stored=False)).encode()
    try:
        _, token = await fake.interaction(
            "import", {}, member=editor, files={"file": ("events.json", data)}
        )
        [answer] = await fake.wait_for(answer_to(token))  # type: ignore[arg-type]
    finally:
        await stop(dc, task)  # type: ignore[arg-type]
    assert await store.count() == 5
    audited = await store.changes(actor="discord:8888")
    assert sorted(c.after.title for c in audited if c.after) == [
        "Budget vote 1", "Budget vote 2", "Budget vote 3",
    ]
    assert "Imported 3 events" in embeds(answer) and "duplicate" in embeds(answer)
    assert fake.downloads and flags_of(fake, token) & EPHEMERAL


async def test_import_of_a_csv_with_a_bad_row_names_its_line_and_imports_nothing(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    dc, task = await client_for(fake, store, tmp_path, ack_after=1.0)
    editor = fake.member(8888, "editor", roles=(6666,))
    data = b"date,title\n2021-03-01,Budget vote\nnot a date,Second vote\n"
    try:
        _, token = await fake.interaction(
            "import", {"format": "csv"}, member=editor, files={"file": ("votes.csv", data)}
        )
        [answer] = await fake.wait_for(answer_to(token))  # type: ignore[arg-type]
    finally:
        await stop(dc, task)  # type: ignore[arg-type]
    assert await store.count() == 2
    text = embeds(answer)
    assert "Nothing was imported" in text and "line 3" in text and "skip-bad" in text


async def test_a_member_may_neither_export_nor_import(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    dc, task = await client_for(fake, store, tmp_path, ack_after=1.0)
    data = b"date,title\n2021-03-01,Budget vote\n"
    try:
        _, exported = await fake.interaction("export", {"format": "csv"})
        _, imported = await fake.interaction("import", {}, files={"file": ("v.csv", data)})
        answers = [(await fake.wait_for(answer_to(t)))[0]  # type: ignore[arg-type]
                   for t in (exported, imported)]
    finally:
        await stop(dc, task)  # type: ignore[arg-type]
    assert all("Not allowed" in embeds(a) and not a.files for a in answers)
    assert await store.count() == 2


async def test_import_without_a_file_asks_for_one(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    dc, task = await client_for(fake, store, tmp_path, ack_after=1.0)
    editor = fake.member(8888, "editor", roles=(6666,))
    try:
        _, token = await fake.interaction("import", {"format": "csv"}, member=editor)
        [answer] = await fake.wait_for(answer_to(token))  # type: ignore[arg-type]
    finally:
        await stop(dc, task)  # type: ignore[arg-type]
    assert "Attach the file" in embeds(answer)


def test_the_import_command_takes_a_discord_attachment_option() -> None:
    [payload] = [p for p in command_payloads(build_commands()) if p["name"] == "import"]
    [file] = [o for o in payload["options"] if o["name"] == "file"]
    assert file["type"] == 11 and file["required"]


class CountingCDN:
    def __init__(self) -> None:
        self.fetched: list[str] = []

    async def get_from_cdn(self, url: str) -> bytes:
        self.fetched.append(url)
        return b"x" * 10


async def test_an_attachment_declared_over_the_limit_is_not_downloaded() -> None:
    cdn = CountingCDN()
    with pytest.raises(TooBig, match=r"big\.csv"):
        await download(cdn, [Attached("big.csv", "http://cdn/big.csv", 26 * 2**20)])
    assert cdn.fetched == []
    with pytest.raises(TooBig):  # a CDN sending more than declared is refused too
        await download(cdn, [Attached("small.csv", "http://cdn/s.csv", 5)], limit=8)
