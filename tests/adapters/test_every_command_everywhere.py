"""Every command in the table, as a moderator asks it, works on every adapter: its first
example is answered on the console, through Discord's slash commands and through
Slack's /dateline, and no answer is an internal error."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from adapters.cli import main as cli_main
from adapters.discord_ import DatelineClient
from bot.command_set import build_commands
from bot.commands import Command, ParamKind
from bot.core import Bot
from storage import open_store
from tests.adapters.fake_discord import stand_in
from tests.adapters.fake_slack import MODERATOR, post_signed, running_app, slash_body
from tests.adapters.test_discord_e2e import running, settings, stop

INTERNAL = "Something went wrong"
COMMANDS = list(build_commands())
EXAMPLES = [(c.name, c.examples[0]) for c in COMMANDS]
NOW_DB = "dateline.sqlite3"


@pytest.mark.parametrize(("name", "text"), EXAMPLES, ids=[n for n, _ in EXAMPLES])
def test_the_console_answers_every_command(
    name: str, text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATELINE_DB", str(tmp_path / NOW_DB))
    cli_main(["ask", "--role", "moderator", text])
    out = capsys.readouterr().out
    assert out.strip() and INTERNAL not in out, (name, out)


def _example_options(command: Command, text: str) -> dict[str, Any]:
    """The options a moderator fills to ask what the example ``text`` asks: a leading
    number for a required number option, the rest in the first text option."""
    rest = text.split(maxsplit=1)[1] if " " in text else ""
    values: dict[str, Any] = {}
    for param in command.params:
        if param.kind is ParamKind.INTEGER and param.required:
            number, _, rest = rest.partition(" ")
            values[param.name] = int(number.lstrip("#") or 1)
        elif param.kind is ParamKind.TEXT and rest.strip() and not any(
            isinstance(v, str) for v in values.values()
        ):
            values[param.name] = rest.strip()
    return values


async def _finished(fake: object, token: str, name: str = "") -> list[object]:
    """The interaction's steps once it has shown its answer (directly or after a defer)."""
    for _ in range(500):
        steps = fake.steps(token)  # type: ignore[attr-defined]
        if any(s.action in ("respond", "edit_original") for s in steps):
            return list(steps)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no answer to {name} ({token}): {fake.steps(token)}")  # type: ignore[attr-defined]


async def test_discord_answers_every_command_a_moderator_runs(tmp_path: Path) -> None:
    from datetime import UTC, datetime  # noqa: PLC0415

    store = await open_store(tmp_path / NOW_DB, sample=True, now=datetime.now(UTC))
    table = build_commands()
    moderator = None
    async with stand_in() as fake:
        dc = DatelineClient(Bot(store, zones=None), settings(tmp_path), ack_after=1.0,
                            guild_ready_timeout=0.05)
        task = await running(dc, fake)
        moderator = fake.member(8888, "editor", roles=(6666,))
        try:
            for name, text in EXAMPLES:
                command = table.get(name)
                assert command is not None
                _, token = await fake.interaction(name, _example_options(command, text),
                                                  member=moderator)
                steps = await _finished(fake, token, name)
                assert INTERNAL not in str([s.body for s in steps]), name  # type: ignore[attr-defined]
        finally:
            await stop(dc, task)
            await store.close()


async def test_slack_answers_every_command_a_moderator_runs(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        for count, (name, text) in enumerate(EXAMPLES, start=1):
            url = h.fake.response_url(f"r{count}")
            status, _, _ = await post_signed(h.events_url, slash_body(text, MODERATOR, url))
            assert status == 200, name
            answers = await h.fake.wait_until(
                "response_url",
                lambda calls, c=count: any(a.params["name"] == f"r{c}" for a in calls),
            )
            mine = [a for a in answers if a.params["name"] == f"r{count}"]
            assert INTERNAL not in str([a.params for a in mine]), name
