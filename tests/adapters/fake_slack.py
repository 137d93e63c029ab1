"""A stand-in for Slack on 127.0.0.1, for the Slack adapter's end-to-end tests.

It serves the Web API (``/api/<method>``) that the real ``AsyncWebClient``
calls through ``base_url``, the ``response_url`` endpoint that Bolt's
``respond`` posts to, and the Socket Mode websocket handed out by
``apps.connections.open``. Everything it receives is recorded for the tests.
Also here: a driver that signs requests exactly as Slack does.

Channel messages behave as Slack's do where publishing depends on it: posts
are kept per channel (``messages``, metadata parsed) and ``conversations.history``
returns them newest first, with metadata only when ``include_all_metadata`` is
set. ``archived``, ``not_in``, ``rate_limited_channels`` and ``missing_scopes``
make posts (or the history) fail as Slack would. While ``reply_gate`` is
cleared, a post is made and recorded, then its response waits: a client
cancelled meanwhile never hears that its post landed. ``drop_replies`` posts
and then closes the connection unanswered, as a connection lost mid-reply.
While ``refusing`` is set every request (Web API and websocket) has its connection
closed unanswered, as an unreachable Slack; ``refuse()`` also drops the open
sockets. Methods in ``rejected`` answer ``invalid_auth``; methods in ``stalled``
wait for ``reply_gate`` before answering (``stalling`` is set when one arrives).
``users.info`` answers from ``users``, with each user's ``tz`` from ``zones`` (user
id -> IANA zone, as a Slack profile's time zone) when one is given there.

Files: ``share(name, content)`` keeps a file as Slack's file host would and returns
the ``files[]`` entry of a message sharing it; its ``url_private_download`` answers
only a request with the bot token (``downloads`` records each). Uploads take Slack's
two steps: ``files.getUploadURLExternal`` hands out an upload URL here, the bytes
posted there are kept in ``uploads`` (file id -> content), and
``files.completeUploadExternal`` shares them. ``conversations.open`` opens a direct
message ``D`` + the user's id.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import inspect
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

from adapters.slack_ import SlackRuntime, SlackSettings, load_settings
from adapters.transfer_service import StoreTransfers
from bot.context import BotSettings
from bot.core import Bot
from bot.model import Event, EventDate, Source
from storage import SqliteEventStore
from storage.zone_store import SqliteZoneStore

BOT_USER = "UBOT0001"
TEAM = "T0001"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
TIMEOUT = 8.0


def open_gate() -> asyncio.Event:
    gate = asyncio.Event()
    gate.set()
    return gate


# The scope each method needs, for ``missing_scopes``.
SCOPES = {
    "chat.postMessage": "chat:write", "conversations.history": "channels:history",
    "files.getUploadURLExternal": "files:write", "files.completeUploadExternal": "files:write",
    "conversations.open": "im:write",
}


@dataclass
class Call:
    """One request the stand-in received: an API method or a response_url post."""

    method: str
    params: dict[str, Any]
    status: int = 200


@dataclass
class FakeSlack:
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    zones: dict[str, str] = field(default_factory=dict)
    usergroups: dict[str, list[str]] = field(default_factory=dict)
    rate_limit: dict[str, int] = field(default_factory=dict)
    failing: set[str] = field(default_factory=set)
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    archived: set[str] = field(default_factory=set)
    not_in: set[str] = field(default_factory=set)
    rate_limited_channels: dict[str, int] = field(default_factory=dict)
    missing_scopes: set[str] = field(default_factory=set)
    retry_after: int = 7  # Retry-After of ``rate_limited_channels``' 429s
    post_delay: float = 0.0  # seconds each chat.postMessage takes, recorded first
    drop_replies: int = 0
    refusing: bool = False
    rejected: set[str] = field(default_factory=set)
    stalled: set[str] = field(default_factory=set)
    stalling: asyncio.Event = field(default_factory=asyncio.Event)  # a stalled call arrived
    reply_gate: asyncio.Event = field(default_factory=open_gate)
    socket_received: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None
    sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _ts: int = 0
    port: int = 0
    shared: dict[str, bytes] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base_url}response/{name}"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/files-pri/{name}", self._file)
        app.router.add_post("/upload/{file_id}", self._upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def refuse(self) -> None:
        """From now on, drop every connection; close the open sockets."""
        self.refusing = True
        for ws in self.sockets:
            await ws.close()

    def _dropped(self, request: web.Request) -> bool:
        if self.refusing and request.transport is not None:
            request.transport.close()
            return True
        return False

    async def close(self) -> None:
        self.reply_gate.set()  # gated handlers would hold up the runner's shutdown
        for ws in self.sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- recording ---------------------------------------------------------------

    async def _record(self, call: Call, message: dict[str, Any] | None = None) -> None:
        async with self._changed:
            self.calls.append(call)
            if message is not None:
                self.messages.setdefault(message["channel"], []).append(message)
            self._changed.notify_all()

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and c.status == 200]

    async def wait_for(self, method: str, count: int = 1, within: float = TIMEOUT) -> list[Call]:
        """Wait until ``count`` successful calls of ``method`` have arrived."""
        return await self.wait_until(method, lambda calls: len(calls) >= count, within)

    async def wait_until(
        self, method: str, done: Callable[[list[Call]], bool], within: float = TIMEOUT
    ) -> list[Call]:
        """Wait until the successful calls of ``method`` so far satisfy ``done``."""

        async def enough() -> list[Call]:
            async with self._changed:
                await self._changed.wait_for(lambda: done(self.of(method)))
            return self.of(method)

        return await asyncio.wait_for(enough(), within)

    # -- handlers ----------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(dict(await request.post()))
        return params

    async def wait_for_messages(
        self, channel: str, count: int = 1, within: float = TIMEOUT
    ) -> list[dict[str, Any]]:
        """Wait until ``count`` messages have been posted (created) in ``channel``."""

        async def enough() -> list[dict[str, Any]]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.messages.get(channel, [])) >= count)
            return self.messages[channel]

        return await asyncio.wait_for(enough(), within)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if self._dropped(request):
            return web.Response(status=503)  # never sent: the connection is closed
        params = await self._params(request)
        if method in self.stalled:
            self.stalling.set()
            await self.reply_gate.wait()
        if method in self.rejected:
            await self._record(Call(method, params))
            return web.json_response({"ok": False, "error": "invalid_auth"})
        retry_after = self._limited(method, params)
        if retry_after is not None:
            await self._record(Call(method, params, 429))
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(retry_after)},
            )
        if method in self.missing_scopes:
            await self._record(Call(method, params))
            needed = SCOPES.get(method, "")
            return web.json_response(
                {"ok": False, "error": "missing_scope", "needed": needed, "provided": "chat:write"}
            )
        if method == "chat.postMessage" and method not in self.failing:
            return await self._post_message(request, params)
        await self._record(Call(method, params))
        if method in self.failing:
            return web.json_response({"ok": False, "error": "internal_error"})
        return web.json_response(self._answer(method, params, request))

    def _limited(self, method: str, params: dict[str, Any]) -> int | None:
        """The Retry-After to answer with, if this call is rate limited."""
        if self.rate_limit.get(method, 0) > 0:
            self.rate_limit[method] -= 1
            return 1
        channel = str(params.get("channel"))
        if method == "chat.postMessage" and self.rate_limited_channels.get(channel, 0) > 0:
            self.rate_limited_channels[channel] -= 1
            return self.retry_after
        return None

    async def _post_message(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        channel = str(params.get("channel"))
        error = "is_archived" if channel in self.archived else None
        error = "not_in_channel" if channel in self.not_in else error
        if error is not None:
            await self._record(Call("chat.postMessage", params))
            return web.json_response({"ok": False, "error": error})
        self._ts += 1
        message: dict[str, Any] = {
            "type": "message",
            "channel": channel,
            "ts": f"1700000000.{self._ts:06d}",
            "text": params.get("text", ""),
            "blocks": params.get("blocks", []),
            "user": BOT_USER,
            "bot_id": "B0001",
        }
        metadata = params.get("metadata")
        if metadata:
            message["metadata"] = json.loads(metadata) if isinstance(metadata, str) else metadata
        await self._record(Call("chat.postMessage", params), message)
        await self.reply_gate.wait()
        if self.post_delay:
            await asyncio.sleep(self.post_delay)
        if self.drop_replies > 0 and request.transport is not None:
            self.drop_replies -= 1
            request.transport.close()
        return web.json_response({"ok": True, "channel": channel, "ts": message["ts"]})

    def _history(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel"))
        if channel in self.not_in:
            return {"ok": False, "error": "not_in_channel"}
        limit = int(params.get("limit") or 100)
        with_metadata = str(params.get("include_all_metadata")).lower() in ("1", "true")
        newest_first = list(reversed(self.messages.get(channel, [])))
        shown = [
            {k: v for k, v in m.items() if k != "channel" and (with_metadata or k != "metadata")}
            for m in newest_first[:limit]
        ]
        return {"ok": True, "messages": shown, "has_more": len(newest_first) > limit}

    def _answer(self, method: str, params: dict[str, Any], request: web.Request) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "B0001", "team_id": TEAM}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "users.info":
            return self._user(str(params.get("user")))
        if method == "usergroups.users.list":
            members = self.usergroups.get(str(params.get("usergroup")))
            if members is None:
                return {"ok": False, "error": "no_such_subteam"}
            return {"ok": True, "users": members}
        if method == "conversations.history":
            return self._history(params)
        if method.startswith("files.") or method == "conversations.open":
            return self._files_answer(method, params)
        if method == "chat.postEphemeral":
            self._ts += 1
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": f"1700000000.{self._ts:06d}",
            }
        return {"ok": True}

    def share(self, name: str, content: bytes, size: int | None = None) -> dict[str, Any]:
        """A file on Slack's file host, as a message's ``files[]`` entry names it."""
        key = f"F{len(self.shared) + 1:04d}-{name}"
        self.shared[key] = content
        url = f"{self.base_url}files-pri/{key}"
        return {"id": key.split("-", 1)[0], "name": name, "title": name,
                "size": len(content) if size is None else size, "mimetype": "text/plain",
                "url_private": url, "url_private_download": url}

    async def _file(self, request: web.Request) -> web.Response:
        key = request.match_info["name"]
        self.downloads.append(key)
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            return web.Response(status=403)
        if key not in self.shared:
            return web.Response(status=404)
        return web.Response(body=self.shared[key])

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        await self._record(Call("upload", {"file_id": file_id}))
        return web.Response(text=f"OK - {len(self.uploads[file_id])}")

    def _files_answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "files.getUploadURLExternal":
            file_id = f"FUP{len(self.uploads) + len(self.of(method)) + 1:04d}"
            upload_url = f"{self.base_url}upload/{file_id}"
            return {"ok": True, "file_id": file_id, "upload_url": upload_url}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{params.get('users')}"}}
        listed = json.loads(str(params.get("files") or "[]"))
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in listed]}

    def _user(self, user_id: str) -> dict[str, Any]:
        user = self.users.get(user_id)
        if user_id in self.zones:
            user = {"id": user_id, **(user or {}), "tz": self.zones[user_id]}
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    async def _response(self, request: web.Request) -> web.Response:
        body = await request.json()
        await self._record(Call("response_url", {"name": request.match_info["name"], **body}))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        if self._dropped(request):
            return web.Response(status=503)  # never sent: the connection is closed
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        async with self._changed:
            self.sockets.append(ws)
            self._changed.notify_all()
        await ws.send_json({"type": "hello", "num_connections": 1})
        async for message in ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                await self.socket_received.put(json.loads(message.data))
        return ws

    async def wait_for_sockets(self, count: int, within: float = TIMEOUT) -> None:
        """Wait until the app has opened ``count`` websockets in all."""

        async def enough() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.sockets) >= count)

        await asyncio.wait_for(enough(), within)

    async def send_envelope(self, envelope: dict[str, Any]) -> None:
        """Push a Socket Mode envelope to the connected app."""
        deadline = time.monotonic() + TIMEOUT
        while not self.sockets:
            if time.monotonic() > deadline:
                raise TimeoutError("the app never opened the socket")
            await asyncio.sleep(0.02)
        await self.sockets[-1].send_json(envelope)


# -- the signing driver ---------------------------------------------------------


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """Slack's request signature: ``v0=`` + HMAC-SHA256 of ``v0:{ts}:{body}``."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def slash_body(text: str, user_id: str, response_url: str, channel: str = "C0001") -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": TEAM,
            "channel_id": channel,
            "user_id": user_id,
            "user_name": "someone",
            "command": "/dateline",
            "text": text,
            "response_url": response_url,
            "trigger_id": "1.2.3",
            "api_app_id": "A0001",
        }
    )


def event_body(event: dict[str, Any]) -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": "Ev0001",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
            "event": event,
        }
    )


def action_body(value: str, user_id: str, response_url: str) -> str:
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user_id, "username": "someone", "team_id": TEAM},
        "api_app_id": "A0001",
        "channel": {"id": "C0001"},
        "container": {"type": "message", "channel_id": "C0001"},
        "response_url": response_url,
        "trigger_id": "1.2.3",
        "actions": [
            {"type": "button", "action_id": "dateline_run_0", "block_id": "b", "value": value}
        ],
    }
    return urlencode({"payload": json.dumps(payload)})


def view_submission_body(view: dict[str, Any], values: dict[str, str], user_id: str) -> str:
    """A modal's submission, as Slack sends it: the view opened (``views.open``'s ``view``,
    recorded by the stand-in) with ``values`` typed into its input blocks by block id."""
    state = {
        block["block_id"]: {"value": {"type": "plain_text_input", "value": values.get(
            block["block_id"], (block.get("element") or {}).get("initial_value"))}}
        for block in view.get("blocks", []) if block.get("type") == "input"
    }
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": user_id, "username": "someone", "team_id": TEAM},
        "api_app_id": "A0001",
        "trigger_id": "4.5.6",
        "view": {**view, "id": "V0001", "team_id": TEAM, "state": {"values": state}},
    }
    return urlencode({"payload": json.dumps(payload)})


async def post_signed(
    url: str,
    body: str,
    *,
    content_type: str = "application/x-www-form-urlencoded",
    timestamp: int | None = None,
    signer: Callable[[str, int], str] = sign,
) -> tuple[int, str, float]:
    """POST as Slack would; returns (status, body, seconds until the response)."""
    ts = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": signer(body, ts),
    }
    started = time.monotonic()
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            url, data=body.encode(), headers=headers, timeout=aiohttp.ClientTimeout(total=TIMEOUT)
        ) as response,
    ):
        text = await response.text()
        return response.status, text, time.monotonic() - started


# -- a running Dateline Slack app wired to the stand-in ---------------------------

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
MODERATOR = "UMOD0001"
GROUP_MODERATOR = "UGRP0001"
ADMIN = "UADM0001"
OWNER = "UOWN0001"
MEMBER = "UMEM0001"
GROUP = "SMODS001"


class HeldStore:
    """Wraps the real store; every call waits until ``released`` is set, so a test can
    hold an answer back for as long as it needs, without waiting on the clock."""

    def __init__(self, inner: Any, released: asyncio.Event) -> None:
        self._inner = inner
        self._released = released

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not inspect.iscoroutinefunction(attr):
            return attr

        async def held(*args: Any, **kwargs: Any) -> Any:
            await self._released.wait()
            return await attr(*args, **kwargs)

        return held


def sample_events() -> list[Event]:
    return [
        Event(
            EventDate.parse("2020-01-03"),
            "Strike <!channel> & <@U123> kills general",
            "A drone strike near Baghdad airport. <!here>",
            "Baghdad",
            ("iran",),
            sources=(
                Source("Example News", "Strike <b>", "https://example.com/a?x=1&y=2"),
                Source("Shady", "Click", "javascript:alert(1)"),
            ),
        )
    ]


@dataclass
class Harness:
    fake: FakeSlack
    runtime: SlackRuntime
    store: SqliteEventStore

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.runtime.port}/slack/events"


def app_settings(fake: FakeSlack, mode: str, env: dict[str, str]) -> SlackSettings:
    """Settings that point the app at the stand-in, listening on 127.0.0.1 only."""
    return load_settings(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_MODE": mode,
            "SLACK_HOST": "127.0.0.1",
            "SLACK_PORT": "0",
            "SLACK_API_BASE_URL": fake.api_url,
            "SLACK_MODERATOR_USER_IDS": MODERATOR,
            "SLACK_MODERATOR_USERGROUP": GROUP,
            **env,
        }
    )


@asynccontextmanager
async def running_app(
    db: Path,
    *,
    mode: str = "http",
    env: dict[str, str] | None = None,
    held: asyncio.Event | None = None,
    events: list[Event] | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    now: datetime = NOW,
) -> AsyncIterator[Harness]:
    """The real Bolt app serving on 127.0.0.1, talking to a fresh stand-in of Slack; the
    app's clock says ``now``, and workspaces' time zones are kept in the store."""
    fake = FakeSlack(
        users={
            ADMIN: {"id": ADMIN, "is_admin": True},
            OWNER: {"id": OWNER, "is_admin": True, "is_owner": True},
            MEMBER: {"id": MEMBER},
        },
        usergroups={GROUP: [GROUP_MODERATOR]},
    )
    await fake.start()
    store = await SqliteEventStore.open(db)
    for event in sample_events() if events is None else events:
        await store.add(event, "slack:USEED", NOW)
    settings = app_settings(fake, mode, env or {})
    # A 50-event page, so the long-answer test needs several messages.
    bot = Bot(
        HeldStore(store, held) if held else store,
        BotSettings(max_events=50),
        store.reminders,
        SqliteZoneStore.sharing(store),
        transfers=StoreTransfers(store),
    )
    # ``sleep`` drives the reconnect backoff's waits (real ones unless given).
    timing: dict[str, Any] = {"sleep": sleep} if sleep is not None else {}
    runtime = SlackRuntime(settings, bot, now=lambda: now, **timing)
    try:
        await asyncio.wait_for(runtime.start(), TIMEOUT)
        yield Harness(fake, runtime, store)
    finally:
        await runtime.close()
        await store.close()
        await fake.close()


@asynccontextmanager
async def slack_stand_in() -> AsyncIterator[FakeSlack]:
    """A started stand-in for the life of the block (the publisher tests need no app)."""
    server = FakeSlack()
    await server.start()
    try:
        yield server
    finally:
        await server.close()
