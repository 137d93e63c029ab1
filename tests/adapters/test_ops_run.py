"""``dateline run`` as a real subprocess with ``DATELINE_HTTP`` and ``DATELINE_LOG_FORMAT``:
the endpoint reports the Slack stand-in connected, then not once Slack drops the
connection; a slash command answered over Socket Mode is counted in ``/metrics``; every
log line is a JSON object and no token appears in any; bad values of the settings stop
start-up with one message (exit 2), and a port in use with one line (exit 1)."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from adapters.settings import Problems, listen_address, log_format
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_slack import APP_TOKEN, BOT_TOKEN, MEMBER, FakeSlack, slash_body
from tests.adapters.ops_helpers import get_json, get_text, sample
from tests.adapters.test_run_lifecycle import (
    DISCORD_TOKEN,
    WAIT,
    Run,
    discord_env,
    environment,
    slack_env,
    start,
    stop_with_sigterm,
)

LISTENING = re.compile(r"operations endpoint listening on (http://\S+)")


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


async def endpoint(run: Run) -> str:
    """The endpoint's address, from its "listening" log line."""
    await run.wait_for_line("operations endpoint listening")
    found = next(LISTENING.search(line) for line in run.lines if LISTENING.search(line))
    assert found is not None
    return found.group(1)


async def until(check: Callable[[], Awaitable[bool]]) -> None:
    """Wait for ``check()`` to hold: another process's state can only be asked for."""
    deadline = time.monotonic() + WAIT
    while not await check():
        assert time.monotonic() < deadline, "the condition never held"
        await asyncio.sleep(0.05)


async def ask_over_the_socket(slack: FakeSlack, question: str) -> None:
    payload = dict(parse_qsl(slash_body(question, MEMBER, slack.response_url())))
    await slack.send_envelope({
        "envelope_id": "env-1", "type": "slash_commands",
        "accepts_response_payload": True, "payload": payload,
    })
    await slack.wait_for("response_url")


def json_lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


async def test_health_metrics_and_json_logs_of_a_running_slack_bot(
    tmp_path: Path, slack: FakeSlack
) -> None:
    settings = slack_env(slack) | {"DATELINE_HTTP": "127.0.0.1:0", "DATELINE_LOG_FORMAT": "json"}
    run = await start(environment(tmp_path, **settings), "--slack")
    url = await endpoint(run)
    await run.wait_for_line("Slack Socket Mode connected")

    async def connected_and_leading() -> bool:
        _, body = await get_json(f"{url}/healthz")
        scheduler = body["scheduler"]
        leading = scheduler["lease_holder"] == scheduler["this_process"]
        return bool(body["platforms"]["slack"]["connected"]) and leading

    await until(connected_and_leading)  # the only process takes the scheduler lease
    status, body = await get_json(f"{url}/healthz")
    assert status == 200, body
    assert body["store"]["reachable"] and body["scheduler"]["running"]

    await ask_over_the_socket(slack, "what happened on 3 January?")
    _, kind, scrape = await get_text(f"{url}/metrics")
    assert kind.startswith("text/plain")
    assert sample(scrape, "dateline_answers_total", command="ask", outcome="answered") == 1
    assert sample(scrape, "dateline_answer_seconds_count", platform="slack") == 1

    await slack.refuse()  # Slack goes away: the adapter keeps retrying, unhealthy meanwhile

    async def unhealthy() -> bool:
        code, _ = await get_json(f"{url}/healthz")
        return code == 503

    await until(unhealthy)
    _, body = await get_json(f"{url}/healthz")
    assert body["problems"] == ["slack: not connected"]

    output = await stop_with_sigterm(run)
    logged = json_lines(output)  # every line parses: nothing is printed outside the log
    assert {"time", "level", "logger", "message"} <= set(logged[0])
    assert any(line["message"] == "stopped by SIGTERM" for line in logged)
    for token in (BOT_TOKEN, APP_TOKEN):
        assert token not in output


async def test_a_connected_discord_bot_is_healthy(
    tmp_path: Path, discord_fake: FakeDiscord
) -> None:
    env = environment(tmp_path, DATELINE_HTTP="127.0.0.1:0", **discord_env(discord_fake))
    run = await start(env, "--discord")
    url = await endpoint(run)
    await run.wait_for_line("connected to Discord")

    async def discord_connected() -> bool:
        _, body = await get_json(f"{url}/healthz")
        return bool(body["platforms"]["discord"]["connected"])

    await until(discord_connected)
    status, body = await get_json(f"{url}/healthz")
    assert status == 200, body
    output = await stop_with_sigterm(run)
    assert DISCORD_TOKEN not in output


async def test_bad_settings_stop_start_up_with_one_message(tmp_path: Path) -> None:
    env = environment(tmp_path, DATELINE_HTTP="localhost", DATELINE_LOG_FORMAT="xml")
    run = await start(env, "--console")
    code, output = await run.finish()
    assert code == 2, output
    assert "Dateline cannot start; fix these settings:" in output
    assert (
        "DATELINE_HTTP must be HOST:PORT to listen on, such as 127.0.0.1:9108, or off; "
        "not “localhost”" in output
    )
    assert "DATELINE_LOG_FORMAT must be text or json, not “xml”" in output


async def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = await start(environment(tmp_path, DATELINE_HTTP=f"127.0.0.1:{port}"), "--console")
        code, output = await run.finish()
    assert code == 1, output
    problems = [line for line in output.splitlines() if " INFO " not in line]
    assert problems == [f"dateline: cannot listen on 127.0.0.1:{port} (DATELINE_HTTP): "
                        "Address already in use"]


@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("", None),
        ("off", None),
        ("127.0.0.1:9108", ("127.0.0.1", 9108)),
        ("0.0.0.0:0", ("0.0.0.0", 0)),
        ("[::1]:9108", ("::1", 9108)),
        ("metrics.internal:9108", ("metrics.internal", 9108)),
    ],
)
def test_good_addresses(value: str, address: tuple[str, int] | None) -> None:
    problems = Problems()
    assert listen_address({"DATELINE_HTTP": value}, "DATELINE_HTTP", problems) == address
    assert problems.found == []


@pytest.mark.parametrize(
    "value",
    ["9108", ":9108", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:http",
     "300.1.1.1:9108", "bad host:9108", "::1:9108", "127.0.0.1:-1", "127.0.0.1:9108/metrics"],
)
def test_bad_addresses_are_named(value: str) -> None:
    problems = Problems()
    assert listen_address({"DATELINE_HTTP": value}, "DATELINE_HTTP", problems) is None
    assert problems.found == [
        "DATELINE_HTTP must be HOST:PORT to listen on, such as 127.0.0.1:9108, or off; "
        f"not “{value}”"
    ]


@pytest.mark.parametrize(("value", "found"), [("", "text"), ("JSON", "json"), ("text", "text")])
def test_log_formats(value: str, found: str) -> None:
    problems = Problems()
    assert log_format({"DATELINE_LOG_FORMAT": value}, problems) == found
    assert problems.found == []
