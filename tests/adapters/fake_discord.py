"""A stand-in for Discord on 127.0.0.1: just enough REST and gateway for discord.py.

REST (under ``/api/v10``): the login calls, command upserts, interaction
callbacks, followup webhooks and channel messages, each recorded with its JSON
body and the time it arrived. Gateway (``/``): HELLO, IDENTIFY -> READY and
GUILD_CREATE, heartbeats with ACKs, and dispatching events the test asks for.
``rate_limit(method, path, times)`` answers the next matching requests with a
429 that discord.py retries (it carries ``Via``, as Discord's responses do).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web
from discord.utils import time_snowflake

MANAGE_GUILD = 1 << 5
EVERYONE_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 31)  # view, send, use commands


def snowflake_source() -> Callable[[], int]:
    counter = itertools.count(1)
    return lambda: time_snowflake(datetime.now(UTC)) + next(counter)


def json_body(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py only parses JSON when Content-Type is exactly application/json.
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(status=status, body=json.dumps(data).encode(), headers=all_headers)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    at: float
    status: int = 200


@dataclass
class FakeDiscord:
    app_id: int = 1111
    bot_id: int = 2222
    guild_id: int = 3333
    channel_id: int = 4444
    owner_id: int = 5555
    moderator_role_id: int = 6666
    requests: list[Recorded] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self.next_id = snowflake_source()
        self.ready = asyncio.Event()
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._limits: dict[tuple[str, str], int] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None

    # -- lifecycle --------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- test helpers -----------------------------------------------------------------

    def rate_limit(self, method: str, path: str, times: int = 1) -> None:
        self._limits[(method, path)] = times

    def user(self, user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
        return {
            "id": str(user_id),
            "username": name,
            "discriminator": "0",
            "avatar": None,
            "global_name": name,
            "bot": bot,
        }

    def member(
        self,
        user_id: int,
        name: str,
        *,
        roles: tuple[int, ...] = (),
        permissions: int = EVERYONE_PERMISSIONS,
    ) -> dict[str, Any]:
        return {
            "user": self.user(user_id, name),
            "roles": [str(r) for r in roles],
            "permissions": str(permissions),
            "joined_at": "2020-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
        }

    async def interaction(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        member: dict[str, Any] | None = None,
        kind: int = 2,
        focused: str | None = None,
    ) -> tuple[int, str]:
        """Dispatch INTERACTION_CREATE; returns (interaction id, token)."""
        interaction_id, token = self.next_id(), f"token-{self.next_id()}"
        opts = [
            {
                "name": k,
                "type": 4 if isinstance(v, int) else 3,
                "value": v,
                **({"focused": True} if k == focused else {}),
            }
            for k, v in (options or {}).items()
        ]
        await self.dispatch(
            "INTERACTION_CREATE",
            {
                "id": str(interaction_id),
                "application_id": str(self.app_id),
                "type": kind,
                "data": {"id": str(self.next_id()), "name": name, "type": 1, "options": opts},
                "guild_id": str(self.guild_id),
                "channel_id": str(self.channel_id),
                "channel": {"id": str(self.channel_id), "type": 0, "guild_id": str(self.guild_id)},
                "member": member or self.member(7777, "reporter"),
                "token": token,
                "version": 1,
                "app_permissions": str(EVERYONE_PERMISSIONS),
                "locale": "en-GB",
                "guild_locale": "en-GB",
                "entitlements": [],
                "authorizing_integration_owners": {"0": str(self.guild_id)},
                "context": 0,
                "attachment_size_limit": 8388608,
            },
        )
        return interaction_id, token

    async def mention(self, content: str, *, author: dict[str, Any] | None = None) -> None:
        user = author or self.user(7777, "reporter")
        message = self.message(self.channel_id, content, user)
        message["guild_id"] = str(self.guild_id)
        message["member"] = {
            k: v for k, v in self.member(int(user["id"]), "x").items() if k != "user"
        }
        if f"<@{self.bot_id}>" in content:
            message["mentions"] = [self.user(self.bot_id, "Dateline", bot=True)]
        await self.dispatch("MESSAGE_CREATE", message)

    async def dispatch(self, event: str, data: Any) -> None:
        await asyncio.wait_for(self.ready.wait(), 5)
        assert self._ws is not None
        self._seq += 1
        await self._ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def wait_for(
        self, predicate: Callable[[Recorded], bool], count: int = 1, within: float = 5.0
    ) -> list[Recorded]:
        """The first ``count`` successful requests matching ``predicate``."""

        async def matched() -> list[Recorded]:
            async with self._changed:
                while True:
                    found = [r for r in self.requests if r.status < 300 and predicate(r)]
                    if len(found) >= count:
                        return found[:count]
                    await self._changed.wait()

        return await asyncio.wait_for(matched(), within)

    def message(
        self,
        channel_id: int,
        content: str,
        author: dict[str, Any],
        embeds: list[Any] | None = None,
        nonce: Any = None,
    ) -> dict[str, Any]:
        return {
            "id": str(self.next_id()),
            "channel_id": str(channel_id),
            "type": 0,
            "content": content,
            "author": author,
            "embeds": embeds or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "mention_everyone": False,
            "tts": False,
            "flags": 0,
            "components": [],
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            **({"nonce": nonce} if nonce is not None else {}),
        }

    # -- gateway ----------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 500}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            payload = json.loads(msg.data)
            if payload["op"] == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif payload["op"] == 2:
                self.identify = payload["d"]
                await self._send_ready(ws)
        return ws

    async def _send_ready(self, ws: web.WebSocketResponse) -> None:
        gid = str(self.guild_id)
        ready = {
            "v": 10,
            "user": self.user(self.bot_id, "Dateline", bot=True),
            "guilds": [{"id": gid, "unavailable": True}],
            "session_id": "session",
            "resume_gateway_url": f"ws://127.0.0.1:{self.port}/",
            "application": {"id": str(self.app_id), "flags": 0},
            "shard": [0, 1],
        }
        await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": 1, "d": ready}))
        role = {
            "name": "mods",
            "position": 1,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
            "permissions": "0",
        }
        guild = {
            "id": gid,
            "name": "Newsroom",
            "owner_id": str(self.owner_id),
            "roles": [
                {
                    **role,
                    "id": gid,
                    "name": "@everyone",
                    "position": 0,
                    "permissions": str(EVERYONE_PERMISSIONS),
                },
                {**role, "id": str(self.moderator_role_id)},
            ],
            "channels": [
                {
                    "id": str(self.channel_id),
                    "type": 0,
                    "name": "desk",
                    "position": 0,
                    "permission_overwrites": [],
                }
            ],
            "members": [],
            "member_count": 3,
            "features": [],
            "emojis": [],
            "stickers": [],
            "unavailable": False,
            "large": False,
            "voice_states": [],
            "presences": [],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }
        await ws.send_str(json.dumps({"op": 0, "t": "GUILD_CREATE", "s": 2, "d": guild}))
        self._seq = 2
        self.ready.set()

    # -- REST -------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body = await request.json() if request.can_read_body else None
        record = Recorded(
            request.method, path, dict(request.query), body, asyncio.get_running_loop().time()
        )
        limited = self._limited(request.method, path)
        if limited:
            record.status = 429
        response = limited or self._answer(request.method, path, body)
        record.status = response.status
        async with self._changed:
            self.requests.append(record)
            self._changed.notify_all()
        return response

    def _limited(self, method: str, path: str) -> web.Response | None:
        for (m, prefix), times in self._limits.items():
            if m == method and path.startswith(prefix) and times > 0:
                self._limits[(m, prefix)] = times - 1
                return json_body(
                    {
                        "message": "You are being rate limited.",
                        "retry_after": 0.05,
                        "global": False,
                    },
                    429,
                    {"Via": "1.1 google", "Retry-After": "1", "X-RateLimit-Scope": "user"},
                )
        return None

    def _answer(self, method: str, path: str, body: Any) -> web.Response:
        parts = path.strip("/").split("/")
        me = self.user(self.bot_id, "Dateline", bot=True)
        if path == "/users/@me":
            return json_body(me)
        if path == "/oauth2/applications/@me":
            return json_body(
                {
                    "id": str(self.app_id),
                    "name": "Dateline",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": self.user(self.owner_id, "owner"),
                    "verify_key": "k",
                    "flags": 0,
                }
            )
        if method == "PUT" and parts[0] == "applications":
            return json_body(
                [
                    {
                        **c,
                        "id": str(self.next_id()),
                        "application_id": str(self.app_id),
                        "version": "1",
                    }
                    for c in body
                ]
            )
        if parts[0] == "interactions":
            return self._callback(parts[1], body)
        if method == "DELETE":
            return web.Response(status=204)
        if parts[0] == "webhooks" and method in ("POST", "PATCH"):
            return json_body(
                self.message(self.channel_id, body.get("content", ""), me, body.get("embeds"))
            )
        if parts[0] == "channels" and method == "POST":
            return json_body(
                self.message(
                    int(parts[1]),
                    body.get("content", ""),
                    me,
                    body.get("embeds"),
                    body.get("nonce"),
                )
            )
        return json_body({"message": "Unknown", "code": 0}, 404)

    def _callback(self, interaction_id: str, body: Any) -> web.Response:
        kind = body["type"]
        data = body.get("data") or {}
        resource: dict[str, Any] = {"type": kind}
        if kind == 4:
            resource["message"] = self.message(
                self.channel_id,
                data.get("content", ""),
                self.user(self.bot_id, "Dateline", bot=True),
                data.get("embeds"),
            )
        return json_body(
            {
                "interaction": {
                    "id": interaction_id,
                    "type": 2,
                    "response_message_loading": kind == 5,
                    "response_message_ephemeral": bool(data.get("flags", 0) & 64),
                },
                "resource": resource,
            }
        )
