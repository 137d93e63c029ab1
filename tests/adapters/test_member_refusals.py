"""Every moderator command, on every adapter, is refused to a member with the role it
needs named, and nothing in the store changes: the console, Discord's slash commands
and Slack's /dateline all go through the one central check."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from adapters.cli import main as cli_main
from adapters.discord_ import DatelineClient
from bot.command_set import build_commands
from bot.commands import Command, ParamKind
from bot.core import Bot
from bot.messages import Role
from tests.adapters.fake_discord import stand_in
from tests.adapters.fake_slack import MEMBER, post_signed, running_app, slash_body
from tests.adapters.test_discord_e2e import is_callback, running, settings, stop

# "timezone" is open to members for reading; setting a zone is the moderators' part.
MODERATOR_ONLY = [c for c in build_commands() if c.role >= Role.MODERATOR]
ATTEMPTS = [(c.name, c.examples[0]) for c in MODERATOR_ONLY] + [
    ("timezone", "timezone Europe/London")
]


def test_the_table_has_moderator_commands_to_walk() -> None:
    assert {"add", "cite", "history", "audit", "subscribe"} <= {c.name for c in MODERATOR_ONLY}


def _footprint(db: Path) -> tuple[int, ...]:
    """What a refused command must leave as it was: every table's row count."""
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '%fts%' AND name NOT LIKE 'search_words%'")]
        return tuple(conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)


@pytest.mark.parametrize(("name", "text"), ATTEMPTS, ids=[n for n, _ in ATTEMPTS])
def test_the_console_refuses_a_member(
    name: str, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "d.sqlite3"
    monkeypatch.setenv("DATELINE_DB", str(db))
    cli_main(["ask", "help"])
    before = _footprint(db)
    code = cli_main(["ask", "--role", "member", text])
    out = capsys.readouterr().out
    assert "Not allowed" in out and "moderator" in out.lower(), out
    assert code != 0
    assert _footprint(db) == before


def _options(command: Command, text: str) -> dict[str, Any]:
    """Slash-command options that ask what ``text`` asks: required ones filled."""
    words = text.split(maxsplit=1)[1:] or [""]
    values: dict[str, Any] = {}
    for param in command.params:
        if param.kind is ParamKind.INTEGER and param.required:
            values[param.name] = 1
        elif param.kind is ParamKind.TEXT and (param.required or not values) and words[0]:
            values[param.name] = words[0].removeprefix("1 ").strip() or "x"
    return values


async def test_discord_refuses_a_member_every_moderator_command(tmp_path: Path) -> None:
    from storage import SqliteEventStore  # noqa: PLC0415

    db = tmp_path / "dateline.sqlite3"
    store = await SqliteEventStore.open(db)
    table = build_commands()
    async with stand_in() as fake:
        dc = DatelineClient(Bot(store, zones=None), settings(tmp_path), ack_after=1.0,
                            guild_ready_timeout=0.05)
        task = await running(dc, fake)
        try:
            before = _footprint(db)
            for count, (name, text) in enumerate(ATTEMPTS, start=1):
                command = table.get(name)
                assert command is not None
                await fake.interaction(name, _options(command, text))
                callback = (await fake.wait_for(is_callback, count=count))[-1]
                data = callback.body["data"]
                assert data["flags"] & 64, name  # only the member sees the refusal
                assert data["embeds"][0]["title"] == "Not allowed", (name, data)
            assert _footprint(db) == before
        finally:
            await stop(dc, task)
            await store.close()


async def test_slack_refuses_a_member_every_moderator_command(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    async with running_app(db) as h:
        before = _footprint(db)
        for count, (name, text) in enumerate(ATTEMPTS, start=1):
            url = h.fake.response_url(f"r{count}")
            status, _, _ = await post_signed(h.events_url, slash_body(text, MEMBER, url))
            assert status == 200, name
            answers = await h.fake.wait_for("response_url", count=count)
            answer = next(a for a in answers if a.params["name"] == f"r{count}")
            assert answer.params["response_type"] == "ephemeral", name
            assert "Not allowed" in str(answer.params), (name, answer.params)
        assert _footprint(db) == before


