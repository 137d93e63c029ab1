"""A stand-in for Discord on 127.0.0.1: just enough REST and gateway for discord.py.

REST (under ``/api/v10``): the login calls, command upserts, interaction
callbacks and their webhooks (``fake_discord_interactions``: the original response,
its edits and followups, as ``steps``) and channel messages, each recorded with
its JSON body and the time it arrived. Gateway (``/``, ``fake_discord_gateway``):
HELLO, IDENTIFY -> READY and GUILD_CREATE, heartbeats with ACKs, and dispatching
events the test asks for, each on the shard that carries its guild. ``add_guild``
adds a guild beside the first (``guild_id``); ``interaction(..., guild_id=)`` comes
from it.
Guild members, users and the registered commands can be looked up
(``fake_discord_directory``: add to ``directory.members`` and ``directory.users``).

Channel messages behave as Discord's do where publishing depends on it: a
repeated nonce sent with ``enforce_nonce`` returns the message already created
(``messages`` holds what was really created, per channel); ``removed_channels``
answer 403 (50001 Missing Access) and ``unknown_channels`` 404 (10003 Unknown
Channel). ``rate_limit(method, path, times, retry_after)`` answers the next
matching requests with a 429 (it carries ``Via``, as Discord's responses do, so
discord.py treats it as a real rate limit; ``via=False`` makes it Cloudflare's
bare 429 instead). With ``valid_token`` set, other tokens get a 401.
``message_bucket(limit, reset_after)``
gives channel posts Discord's rate-limit headers and enforces them. While
``reply_gate`` is cleared, a channel post is created and recorded, then its
response waits: a client cancelled meanwhile never hears that its post landed.

Files: ``interaction(..., files={option: (filename, bytes)})`` attaches files to a slash
command as Discord does (an ATTACHMENT option whose value is the id of an entry in
``data.resolved.attachments``), served from the stand-in's CDN (``/cdn/...``, each
download recorded in ``downloads``). A request sent as multipart (``payload_json`` and
``files[n]``, as discord.py uploads) is recorded with its JSON body and its ``files``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import yarl
from aiohttp import BodyPartReader, web
from discord.gateway import DiscordWebSocket
from discord.http import Route
from discord.utils import time_snowflake

from tests.adapters.fake_discord_directory import Directory
from tests.adapters.fake_discord_gateway import Gateway
from tests.adapters.fake_discord_interactions import InteractionWebhooks, Step
from tests.adapters.fake_discord_payloads import (
    EVERYONE_PERMISSIONS,
    Where,
    command_options,
    guild_payload,
    interaction_payload,
    json_body,
)

MANAGE_GUILD = 1 << 5


def snowflake_source() -> Callable[[], int]:
    counter = itertools.count(1)
    return lambda: time_snowflake(datetime.now(UTC)) + next(counter)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    at: float
    status: int = 200
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (filename, content)


def open_gate() -> asyncio.Event:
    gate = asyncio.Event()
    gate.set()
    return gate


@dataclass
class FakeDiscord:
    app_id: int = 1111
    bot_id: int = 2222
    guild_id: int = 3333
    channel_id: int = 4444
    owner_id: int = 5555
    moderator_role_id: int = 6666
    requests: list[Recorded] = field(default_factory=list)
    messages: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    removed_channels: set[int] = field(default_factory=set)
    history_hidden: set[int] = field(default_factory=set)
    unknown_channels: set[int] = field(default_factory=set)
    reply_gate: asyncio.Event = field(default_factory=open_gate)
    valid_token: str | None = None
    port: int = 0
    cdn: dict[str, bytes] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.next_id = snowflake_source()
        self.gateway = Gateway(self.user(self.bot_id, "Dateline", bot=True), self.app_id)
        self.add_guild(self.guild_id, self.channel_id)
        self._limits: dict[tuple[str, str], tuple[int, float, bool]] = {}
        self._by_nonce: dict[tuple[int, str], dict[str, Any]] = {}
        self._bucket: tuple[int, float] | None = None
        self._windows: dict[int, tuple[float, int]] = {}  # channel -> (window end, used)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.webhooks = InteractionWebhooks(self._interaction_message)
        self.directory = Directory(self.app_id, self.guild_id, self.next_id)

    # -- lifecycle --------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self.gateway.serve)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        app.router.add_get("/cdn/{tail:.*}", self._cdn)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        self.reply_gate.set()  # gated handlers would hold up the runner's shutdown
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- test helpers -----------------------------------------------------------------

    def add_guild(self, guild_id: int, channel_id: int) -> None:
        """A guild the bot is in, with one text channel; Discord tells the shard that
        carries it (``fake_discord_gateway``)."""
        self.gateway.guilds[guild_id] = guild_payload(
            guild_id, self.owner_id, self.moderator_role_id, channel_id
        )

    @property
    def identify(self) -> dict[str, Any]:
        """The last IDENTIFY payload."""
        return self.gateway.sessions[-1].identify

    @property
    def _ws(self) -> web.WebSocketResponse | None:
        """The last gateway connection."""
        return self.gateway.sockets[-1] if self.gateway.sockets else None

    def rate_limit(
        self, method: str, path: str, times: int = 1, retry_after: float = 0.05, *, via: bool = True
    ) -> None:
        """Answer the next ``times`` requests under ``path`` with a 429 (``retry_after`` s)."""
        self._limits[(method, path)] = (times, retry_after, via)

    def message_bucket(self, limit: int, reset_after: float) -> None:
        """Give each channel's message posts a bucket of ``limit`` per ``reset_after`` seconds,
        reported in Discord's ``X-RateLimit-*`` headers; a post beyond it gets a 429."""
        self._bucket = (limit, reset_after)

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
        at: datetime | None = None,
        files: dict[str, tuple[str, bytes]] | None = None,
        guild_id: int | None = None,
    ) -> tuple[int, str]:
        """Dispatch INTERACTION_CREATE for a slash command; returns (interaction id, token).
        ``at`` is when the interaction was made (its id's time; default: now). ``files``
        fill ATTACHMENT options, by option name, with (filename, content). It comes from
        ``guild_id``'s channel (default: the first guild's)."""
        opts = command_options(options or {}, focused)
        data: dict[str, Any] = {"id": str(self.next_id()), "name": name, "type": 1}
        resolved: dict[str, Any] = {}
        for option, (filename, content) in (files or {}).items():
            attachment = self.attachment(filename, content)
            resolved[attachment["id"]] = attachment
            opts.append({"name": option, "type": 11, "value": attachment["id"]})
        data["options"] = opts
        if resolved:
            data["resolved"] = {"attachments": resolved}
        return await self._interact(kind, data, member, at, guild_id)

    def attachment(self, filename: str, content: bytes, size: int | None = None) -> dict[str, Any]:
        """An attachment's payload, its content served on the CDN. ``size`` is the size
        Discord declares (default: the content's)."""
        attachment_id = str(self.next_id())
        key = f"{attachment_id}/{filename}"
        self.cdn[key] = content
        url = f"http://127.0.0.1:{self.port}/cdn/{key}"
        return {"id": attachment_id, "filename": filename, "url": url, "proxy_url": url,
                "size": len(content) if size is None else size, "content_type": "text/plain"}

    async def _cdn(self, request: web.Request) -> web.Response:
        key = request.match_info["tail"]
        self.downloads.append(key)
        if key not in self.cdn:
            return web.Response(status=404)
        return web.Response(body=self.cdn[key])

    async def press(
        self, custom_id: str, *, member: dict[str, Any] | None = None
    ) -> tuple[int, str]:
        """Dispatch a button press (a MESSAGE_COMPONENT interaction)."""
        return await self._interact(3, {"custom_id": custom_id, "component_type": 2}, member)

    async def submit_modal(
        self, custom_id: str, values: dict[str, str], *, member: dict[str, Any] | None = None
    ) -> tuple[int, str]:
        """Dispatch a modal's submission (MODAL_SUBMIT): ``values`` by input custom_id,
        one action row each, as Discord sends them."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": name, "value": value}]}
            for name, value in values.items()
        ]
        return await self._interact(5, {"custom_id": custom_id, "components": rows}, member)

    async def _interact(
        self,
        kind: int,
        data: dict[str, Any],
        member: dict[str, Any] | None,
        at: datetime | None = None,
        guild_id: int | None = None,
    ) -> tuple[int, str]:
        # discord.py reads an interaction's time from its id, as Discord's snowflakes hold it.
        unique = self.next_id()
        interaction_id = unique if at is None else time_snowflake(at) + unique % 1000
        token = f"token-{self.next_id()}"
        guild = guild_id or self.guild_id
        where = Where(self.app_id, guild, self.gateway.channel_of(guild), EVERYONE_PERMISSIONS)
        who = member or self.member(7777, "reporter")
        payload = interaction_payload(where, interaction_id, token, kind, data, who)
        await self.dispatch("INTERACTION_CREATE", payload)
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
        """Send a gateway event, on the shard that carries its guild."""
        await self.gateway.dispatch(event, data)

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

    def steps(self, token: str) -> list[Step]:
        """What the interaction with ``token`` did, in order (see ``fake_discord_interactions``)."""
        return self.webhooks.sequence(token)

    def _interaction_message(self, body: Any, flags: int) -> dict[str, Any]:
        me = self.user(self.bot_id, "Dateline", bot=True)
        message = self.message(self.channel_id, body.get("content", ""), me, body.get("embeds"))
        return {**message, "flags": flags, "webhook_id": str(self.app_id)}

    # -- REST -------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, files = await read_body(request)
        record = Recorded(
            request.method, path, dict(request.query), body, asyncio.get_running_loop().time(),
            files=files,
        )
        response = (
            self._unauthorized(request)
            or self._limited(request.method, path)
            or self._answer(request.method, path, body)
        )
        record.status = response.status
        async with self._changed:
            self.requests.append(record)
            self._changed.notify_all()
        if is_channel_post(request.method, path) and response.status < 300:
            await self.reply_gate.wait()
        return response

    def _unauthorized(self, request: web.Request) -> web.Response | None:
        if self.valid_token is None:
            return None
        # An interaction's token is its credential: Discord asks no bot token there.
        if request.path.startswith(("/api/v10/interactions/", "/api/v10/webhooks/")):
            return None
        if request.headers.get("Authorization") == f"Bot {self.valid_token}":
            return None
        return json_body({"message": "401: Unauthorized", "code": 0}, 401)

    def _limited(self, method: str, path: str) -> web.Response | None:
        for (m, prefix), (times, retry_after, via) in self._limits.items():
            if m == method and path.startswith(prefix) and times > 0:
                self._limits[(m, prefix)] = (times - 1, retry_after, via)
                return too_many(retry_after, via=via)
        return None

    def _channel_post(self, channel_id: int, body: Any) -> web.Response:
        if channel_id in self.unknown_channels:
            return json_body({"message": "Unknown Channel", "code": 10003}, 404)
        if channel_id in self.removed_channels:
            return json_body({"message": "Missing Access", "code": 50001}, 403)
        refused, headers = self._take_from_bucket(channel_id)
        if refused is not None:
            return refused
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            earlier = self._by_nonce.get((channel_id, str(nonce)))
            if earlier is not None:
                return json_body(earlier, headers=headers)
        me = self.user(self.bot_id, "Dateline", bot=True)
        message = self.message(
            channel_id, body.get("content", ""), me, body.get("embeds"), nonce
        )
        self.messages.setdefault(channel_id, []).append(message)
        if nonce is not None:
            self._by_nonce[(channel_id, str(nonce))] = message
        return json_body(message, headers=headers)

    def _history(self, channel_id: int) -> web.Response:
        """The channel's messages, newest first (Discord's GET /channels/{id}/messages).
        Like Discord, the history does not carry nonces."""
        if channel_id in self.unknown_channels:
            return json_body({"message": "Unknown Channel", "code": 10003}, 404)
        if channel_id in self.removed_channels or channel_id in self.history_hidden:
            return json_body({"message": "Missing Access", "code": 50001}, 403)
        found = [
            {k: v for k, v in message.items() if k != "nonce"}
            for message in reversed(self.messages.get(channel_id, []))
        ]
        return json_body(found[:50])

    def forget_nonces(self) -> None:
        """What Discord does a few minutes after a post: a repeated nonce is new again."""
        self._by_nonce.clear()

    def _take_from_bucket(self, channel_id: int) -> tuple[web.Response | None, dict[str, str]]:
        """(a 429 if the channel's bucket is used up, else None; the rate-limit headers)."""
        if self._bucket is None:
            return None, {}
        limit, reset_after = self._bucket
        now = asyncio.get_running_loop().time()
        end, used = self._windows.get(channel_id, (0.0, 0))
        if now >= end:
            end, used = now + reset_after, 0
        if used >= limit:
            return too_many(end - now), {}
        self._windows[channel_id] = (end, used + 1)
        return None, {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(limit - used - 1),
            "X-RateLimit-Reset-After": f"{end - now:.3f}",
            "X-RateLimit-Reset": f"{time.time() + end - now:.3f}",
            "X-RateLimit-Bucket": "fake-channel-messages",
        }

    def _answer(self, method: str, path: str, body: Any) -> web.Response:
        parts = path.strip("/").split("/")
        me = self.user(self.bot_id, "Dateline", bot=True)
        if path == "/users/@me":
            return json_body(me)
        if path == "/gateway/bot":
            return self.gateway.bot_gateway(f"ws://127.0.0.1:{self.port}/")
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
        listed = self.directory.request(method, parts, body)
        if listed is not None:
            return listed
        if parts[0] == "interactions":
            return self.webhooks.callback(parts[1], parts[2], body)
        answered = self.webhooks.request(method, parts, body)
        if answered is not None:
            return answered
        if method == "DELETE":
            return web.Response(status=204)
        if is_channel_post(method, path):
            return self._channel_post(int(parts[1]), body)
        if method == "GET" and parts[0] == "channels" and parts[2:] == ["messages"]:
            return self._history(int(parts[1]))
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


async def read_body(request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
    """A request's JSON body, and its files when it is multipart (``payload_json`` with
    ``files[n]`` parts, as Discord takes uploads)."""
    if not request.can_read_body:
        return None, []
    if not request.content_type.startswith("multipart/"):
        return await request.json(), []
    body: Any = None
    files: list[tuple[str, bytes]] = []
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            body = json.loads(await part.text())
        elif (part.name or "").startswith("files["):
            files.append((part.filename or "", bytes(await part.read())))
    return body, files


def is_channel_post(method: str, path: str) -> bool:
    parts = path.strip("/").split("/")
    return method == "POST" and len(parts) == 3 and parts[::2] == ["channels", "messages"]


def too_many(retry_after: float, *, via: bool = True) -> web.Response:
    """Discord's 429: ``retry_after`` in the body, whole seconds in ``Retry-After``.
    Without ``via`` it is Cloudflare's: a bare text body and only ``Retry-After``."""
    seconds = str(math.ceil(retry_after))
    if not via:
        return web.Response(status=429, text="error code: 1015", headers={"Retry-After": seconds})
    return json_body(
        {"message": "You are being rate limited.", "retry_after": retry_after, "global": False},
        429,
        {"Via": "1.1 google", "Retry-After": seconds, "X-RateLimit-Scope": "user"},
    )


@asynccontextmanager
async def rest_stand_in(valid_token: str | None = None) -> AsyncIterator[FakeDiscord]:
    """A started stand-in with discord.py's REST calls pointed at it, for the life of
    the block (the publisher tests need no gateway)."""
    server = FakeDiscord(valid_token=valid_token)
    await server.start()
    base = Route.BASE
    Route.BASE = f"http://127.0.0.1:{server.port}/api/v10"
    try:
        yield server
    finally:
        Route.BASE = base
        await server.stop()


@asynccontextmanager
async def stand_in() -> AsyncIterator[FakeDiscord]:
    """A started stand-in with discord.py's REST calls and gateway pointed at it, for
    the life of the block (a whole ``discord.Client`` can log in to it)."""
    async with rest_stand_in() as server:
        gateway = DiscordWebSocket.DEFAULT_GATEWAY
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{server.port}/")
        try:
            yield server
        finally:
            DiscordWebSocket.DEFAULT_GATEWAY = gateway
