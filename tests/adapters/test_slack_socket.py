"""End to end in Socket Mode (slack_sdk's aiohttp client through Bolt's handler) against the
Slack stand-in. The publisher's tests are in ``test_publishers``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from fake_slack import (
    APP_TOKEN,
    BOT_TOKEN,
    MEMBER,
    TIMEOUT,
    FakeSlack,
    running_app,
    slash_body,
)

from adapters.slack_ import load_settings, serve
from bot.core import Bot
from storage import SqliteEventStore


async def test_socket_mode_acks_the_envelope_then_answers(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db", mode="socket") as h:
        assert h.fake.of("apps.connections.open")
        payload = dict(
            parse_qsl(slash_body("what happened on 3 January?", MEMBER, h.fake.response_url()))
        )
        envelope = {
            "envelope_id": "env-1",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": payload,
        }
        await h.fake.send_envelope(envelope)
        ack = await asyncio.wait_for(h.fake.socket_received.get(), TIMEOUT)
        assert ack["envelope_id"] == "env-1"
        answer = (await h.fake.wait_for("response_url"))[0]
    assert answer.params["response_type"] == "in_channel"
    assert "kills general" in json.dumps(answer.params)


async def test_socket_mode_mention_event(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db", mode="socket") as h:
        event = {
            "type": "app_mention",
            "user": MEMBER,
            "text": "<@UBOT0001> timeline iran",
            "channel": "C0009",
            "ts": "1767268800.000100",
        }
        envelope = {
            "envelope_id": "env-2",
            "type": "events_api",
            "accepts_response_payload": False,
            "payload": {"type": "event_callback", "team_id": "T0001", "event": event},
        }
        await h.fake.send_envelope(envelope)
        ack = await asyncio.wait_for(h.fake.socket_received.get(), TIMEOUT)
        posts = await h.fake.wait_for("chat.postMessage")
    assert ack["envelope_id"] == "env-2"
    assert posts[0].params["channel"] == "C0009"
    assert "kills general" in json.dumps(posts[0].params)


async def test_serve_runs_until_cancelled_and_disconnects(tmp_path: Path) -> None:
    fake = FakeSlack()
    await fake.start()
    store = await SqliteEventStore.open(tmp_path / "e.db")
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_API_BASE_URL": fake.api_url,
        }
    )
    task = asyncio.create_task(serve(settings, Bot(store)))
    try:
        await fake.wait_for("apps.connections.open")
        await fake.send_envelope({"envelope_id": "env-3", "type": "hello"})
        assert not task.done()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, TIMEOUT)
        assert all(ws.closed for ws in fake.sockets)
    finally:
        await store.close()
        await fake.close()
