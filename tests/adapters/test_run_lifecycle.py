"""``dateline run`` as a real subprocess against the Slack and Discord stand-ins:
SIGTERM stops every adapter cleanly (exit 0, a "stopped" line, connections closed),
and a platform that cannot be reached or refuses its token is one line and exit 1."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_slack import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("run_dateline.py")
DISCORD_TOKEN = "discord-test-token.0123456789"
WAIT = 30.0
NOISE = ("Traceback", "Unclosed", "PyNaCl", "davey", "will be unused", "ExceptionGroup")


@dataclass
class Run:
    process: asyncio.subprocess.Process
    lines: list[str]

    async def wait_for_line(self, text: str) -> None:
        """Read stderr until a line containing ``text`` arrives."""
        assert self.process.stderr is not None
        while not any(text in line for line in self.lines):
            line = await asyncio.wait_for(self.process.stderr.readline(), WAIT)
            if not line:
                raise AssertionError(f"exited before {text!r}:\n" + "".join(self.lines))
            self.lines.append(line.decode())

    async def finish(self) -> tuple[int, str]:
        _, rest = await asyncio.wait_for(self.process.communicate(), WAIT)
        self.lines.append(rest.decode())
        assert self.process.returncode is not None
        return self.process.returncode, "".join(self.lines)


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
async def discord_fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(valid_token=DISCORD_TOKEN)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DISCORD_", "SLACK_"))
    }
    env.update(DATELINE_DB=str(tmp_path / "dateline.sqlite3"), DATELINE_SAMPLE="0", **settings)
    return env


def slack_env(fake: FakeSlack, mode: str = "socket") -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_MODE": mode,
        "SLACK_HOST": "127.0.0.1",
        "SLACK_PORT": "0",
        "SLACK_API_BASE_URL": fake.api_url,
    }


def discord_env(fake: FakeDiscord, token: str = DISCORD_TOKEN) -> dict[str, str]:
    return {"DISCORD_TOKEN": token, "DATELINE_TEST_DISCORD": f"http://127.0.0.1:{fake.port}"}


async def start(env: dict[str, str], *flags: str) -> Run:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(RUNNER),
        "run",
        *flags,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    return Run(process, [])


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def stop_with_sigterm(run: Run) -> str:
    run.process.send_signal(signal.SIGTERM)
    code, output = await run.finish()
    assert code == 0, output
    assert "stopped by SIGTERM" in output
    for noise in NOISE:
        assert noise not in output, output
    return output


async def test_sigterm_stops_slack_socket_mode_cleanly(tmp_path: Path, slack: FakeSlack) -> None:
    run = await start(environment(tmp_path, **slack_env(slack)), "--slack")
    await run.wait_for_line("Slack Socket Mode connected")
    output = await stop_with_sigterm(run)
    assert "Slack adapter stopped" in output
    assert slack.sockets and all(ws.closed for ws in slack.sockets)


async def test_sigterm_stops_slack_http_mode_cleanly(tmp_path: Path, slack: FakeSlack) -> None:
    run = await start(environment(tmp_path, **slack_env(slack, "http")), "--slack")
    await run.wait_for_line("Slack HTTP endpoint listening")
    output = await stop_with_sigterm(run)
    assert "Slack adapter stopped" in output


async def test_sigterm_while_slack_is_still_connecting_is_clean(
    tmp_path: Path, slack: FakeSlack
) -> None:
    slack.stalled.add("apps.connections.open")
    slack.reply_gate.clear()
    run = await start(environment(tmp_path, **slack_env(slack)), "--slack")
    await asyncio.wait_for(slack.stalling.wait(), WAIT)
    output = await stop_with_sigterm(run)
    assert "Slack adapter stopped" in output


async def test_sigterm_stops_discord_cleanly(tmp_path: Path, discord_fake: FakeDiscord) -> None:
    run = await start(environment(tmp_path, **discord_env(discord_fake)), "--discord")
    await run.wait_for_line("connected to Discord")
    output = await stop_with_sigterm(run)
    assert "Discord client closed" in output
    assert discord_fake._ws is not None and discord_fake._ws.closed


async def test_sigterm_stops_both_platforms_and_the_console(
    tmp_path: Path, slack: FakeSlack, discord_fake: FakeDiscord
) -> None:
    env = environment(tmp_path, **slack_env(slack), **discord_env(discord_fake))
    run = await start(env, "--slack", "--discord", "--console")
    await run.wait_for_line("Slack Socket Mode connected")
    await run.wait_for_line("connected to Discord")
    output = await stop_with_sigterm(run)
    assert "Slack adapter stopped" in output and "Discord client closed" in output
    assert all(ws.closed for ws in slack.sockets)
    assert discord_fake._ws is not None and discord_fake._ws.closed


async def test_sigterm_stops_the_console_alone(tmp_path: Path) -> None:
    run = await start(environment(tmp_path), "--console")
    await run.wait_for_line("scheduler started")
    await stop_with_sigterm(run)


def only_problem(output: str) -> str:
    """The one line that is not an INFO log line; fails if there are more."""
    problems = [line for line in output.splitlines() if line.strip() and " INFO " not in line]
    assert len(problems) == 1, output
    return problems[0]


async def failed_start(env: dict[str, str], *flags: str) -> str:
    run = await start(env, *flags)
    code, output = await run.finish()
    assert code == 1, output
    return only_problem(output)


async def test_discord_rejecting_the_token_is_one_line(
    tmp_path: Path, discord_fake: FakeDiscord
) -> None:
    env = environment(tmp_path, **discord_env(discord_fake, "abc"))
    line = await failed_start(env, "--discord")
    assert line.startswith("dateline: Discord rejected DISCORD_TOKEN")
    assert "abc" not in line


async def test_discord_unreachable_is_one_line(tmp_path: Path) -> None:
    env = environment(
        tmp_path,
        DISCORD_TOKEN="abc",
        DATELINE_TEST_DISCORD=f"http://127.0.0.1:{closed_port()}",
    )
    line = await failed_start(env, "--discord")
    assert line.startswith("dateline: cannot reach Discord")


async def test_slack_unreachable_is_one_line(tmp_path: Path) -> None:
    env = environment(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_BASE_URL=f"http://127.0.0.1:{closed_port()}/api/",
    )
    line = await failed_start(env, "--slack")
    assert line.startswith("dateline: cannot reach Slack")


@pytest.mark.parametrize(
    ("method", "setting"),
    [("auth.test", "SLACK_BOT_TOKEN"), ("apps.connections.open", "SLACK_APP_TOKEN")],
)
async def test_slack_rejecting_a_token_is_one_line(
    tmp_path: Path, slack: FakeSlack, method: str, setting: str
) -> None:
    slack.rejected.add(method)
    line = await failed_start(environment(tmp_path, **slack_env(slack)), "--slack")
    assert line == f"dateline: Slack rejected {setting} (invalid_auth); check the token"


async def test_one_platform_failing_stops_both_with_one_line(
    tmp_path: Path, slack: FakeSlack, discord_fake: FakeDiscord
) -> None:
    slack.rejected.add("auth.test")
    env = environment(tmp_path, **slack_env(slack), **discord_env(discord_fake))
    line = await failed_start(env, "--slack", "--discord")
    assert "Slack rejected SLACK_BOT_TOKEN" in line


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-secret part"}, "SLACK_BOT_TOKEN"),
        (
            {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-secret\u00a0part"},
            "SLACK_APP_TOKEN",
        ),
        ({"DISCORD_TOKEN": "secret part"}, "DISCORD_TOKEN"),
        ({"DISCORD_TOKEN": "secret\x1bpart"}, "DISCORD_TOKEN"),
    ],
)
def test_tokens_get_the_same_shape_check_on_both_platforms(
    settings: dict[str, str], named: str
) -> None:
    from adapters import discord_, slack_  # noqa: PLC0415
    from adapters.settings import SettingsError  # noqa: PLC0415

    load = slack_.load_settings if named.startswith("SLACK") else discord_.load_settings
    with pytest.raises(SettingsError) as caught:
        load(settings)
    assert (
        f"{named} must not contain spaces or special characters (paste the token only)"
        in caught.value.problems
    )
    assert "secret" not in caught.value.message()
