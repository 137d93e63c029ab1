"""The ``export`` and ``import`` chat commands through the real Bot, store and
``StoreTransfers``: what a moderator gets on any platform, and on the console (which
points to the command line, and whose renderer names attached files)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from adapters import formats
from adapters.console_render import render_json, render_text
from adapters.transfer_service import StoreTransfers
from bot import transfer_report
from bot.core import Bot
from bot.messages import Actor, FileIn, FileOut, Incoming, Reply, ReplyKind, Role
from bot.model import Event, EventDate
from storage import SqliteEventStore

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
EDITOR = Actor("discord", "1", "Editor", Role.MODERATOR)
CSV = b"date,title\n2021-03-01,Budget vote\n2021-03-02,Second vote\n"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    db = await SqliteEventStore.open(tmp_path / "d.sqlite3")
    await db.add(Event(EventDate(date(2020, 1, 7)), "Missiles hit bases"), "test", NOW)
    yield db
    await db.close()


def ask(text: str, actor: Actor = EDITOR, files: tuple[FileIn, ...] = ()) -> Incoming:
    return Incoming(text, actor, "c", NOW, files=files)


def test_the_core_names_the_formats_the_format_modules_have() -> None:
    assert transfer_report.EXPORT_FORMATS == formats.EXPORT_FORMATS
    assert transfer_report.IMPORT_FORMATS == formats.IMPORT_FORMATS


async def test_every_export_format_is_a_private_reply_with_one_file(
    store: SqliteEventStore,
) -> None:
    bot = Bot(store, transfers=StoreTransfers(store))
    for name in transfer_report.EXPORT_FORMATS:
        reply = await bot.handle(ask(f"export {name}"))
        assert reply.kind is ReplyKind.DONE and reply.ephemeral, (name, reply.text)
        [file] = reply.files
        assert file.content and file.name.startswith("dateline-events.")
    default = await bot.handle(ask("export"))
    assert json.loads(default.files[0].content)  # JSON unless a format is named


async def test_an_unknown_export_format_is_refused(store: SqliteEventStore) -> None:
    reply = await Bot(store, transfers=StoreTransfers(store)).handle(ask("export xlsx"))
    assert reply.kind is ReplyKind.ERROR and "csv, json" in reply.text and not reply.files


async def test_import_without_a_file_asks_for_one_and_dry_run_writes_nothing(
    store: SqliteEventStore,
) -> None:
    bot = Bot(store, transfers=StoreTransfers(store))
    missing = await bot.handle(ask("import csv"))
    assert missing.kind is ReplyKind.ERROR and "Attach" in missing.text
    checked = await bot.handle(ask("import dry-run", files=(FileIn("v.csv", CSV),)))
    assert "Would import 2 events" in checked.text and await store.count() == 1


async def test_a_file_over_the_limit_is_refused(store: SqliteEventStore) -> None:
    big = FileIn("big.csv", b"x" * (transfer_report.MAX_FILE_BYTES + 1))
    reply = await Bot(store, transfers=StoreTransfers(store)).handle(
        ask("import csv", files=(big,))
    )
    assert reply.kind is ReplyKind.ERROR and "25.0 MB" in reply.text
    assert await store.count() == 1


async def test_skip_bad_imports_the_good_rows_and_names_the_bad(store: SqliteEventStore) -> None:
    bad = FileIn("v.csv", CSV + b"someday,Third vote\n")
    bot = Bot(store, transfers=StoreTransfers(store))
    refused = await bot.handle(ask("import csv", files=(bad,)))
    assert refused.title == "Nothing was imported" and await store.count() == 1
    done = await bot.handle(ask("import csv skip-bad", files=(bad,)))
    assert "Imported 2 events" in done.text and await store.count() == 3
    assert any("line 4" in line for s in done.sections for line in s.lines)


async def test_the_console_is_pointed_to_the_command_line(store: SqliteEventStore) -> None:
    bot = Bot(store, transfers=StoreTransfers(store))
    console = Actor("console", "local", "console user", Role.OWNER)
    exported = await bot.handle(ask("export csv", console))
    assert "dateline export --format csv -o FILE" in exported.text and not exported.files
    imported = await bot.handle(ask("import", console))
    assert "dateline import FILE" in imported.text


def test_the_console_renderer_names_attached_files() -> None:
    reply = Reply(ReplyKind.DONE, "Export (csv)", "Done.",
                  files=(FileOut("dateline-events.csv", b"a,b\n", "text/csv"),))
    assert "attached: dateline-events.csv (4 bytes)" in render_text(reply)
    assert json.loads(render_json(reply))["files"] == [
        {"name": "dateline-events.csv", "size": 4, "media_type": "text/csv"}
    ]
