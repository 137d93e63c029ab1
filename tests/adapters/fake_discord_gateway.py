"""The stand-in's gateway (the websocket at ``/``), sharded as Discord's is.

``bot_gateway`` answers ``GET /gateway/bot`` as Discord answers a bot asking how to
connect: this gateway's address and ``recommended_shards``. Every connection gets
HELLO, and an ACK for each heartbeat. An IDENTIFY opens a session on the shard it
names (``shard: [id, count]``; none means ``[0, 1]``), kept in ``sessions``, and is
answered with READY and a GUILD_CREATE for each guild on that shard only; a shard that
would carry more than ``most_guilds_per_shard`` guilds is closed with 4011 (Sharding
required) instead, as Discord closes it.

A guild is on shard ``(guild_id >> 22) % count`` (``shard_of``), and ``dispatch``
sends its events only on the session of that shard, as Discord delivers them; an
event without a guild (a DM) goes to shard 0. An event whose shard nobody runs is
never delivered: ``dispatch`` waits for that shard to connect, and fails if it does
not.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.adapters.fake_discord_payloads import json_body

WAIT = 5.0
HEARTBEAT_MS = 500


def shard_of(guild_id: int, count: int) -> int:
    """The shard that carries a guild's events, by Discord's rule."""
    return (guild_id >> 22) % count


@dataclass
class Session:
    """One identified gateway connection: the shard it runs and what it sent."""

    ws: web.WebSocketResponse
    shard_id: int
    shard_count: int
    identify: dict[str, Any]
    seq: int = 0

    def carries(self, guild_id: int | None) -> bool:
        """Whether Discord would send this guild's events (a DM's: ``None``) here."""
        if self.ws.closed:
            return False
        shard = 0 if guild_id is None else shard_of(guild_id, self.shard_count)
        return shard == self.shard_id

    async def send(self, event: str, data: Any) -> None:
        self.seq += 1
        await self.ws.send_str(json.dumps({"op": 0, "t": event, "s": self.seq, "d": data}))


@dataclass
class Gateway:
    """The gateway of one application whose bot user is ``me``, in ``guilds``
    (GUILD_CREATE payloads by guild id)."""

    me: dict[str, Any]
    app_id: int
    guilds: dict[int, dict[str, Any]] = field(default_factory=dict)
    recommended_shards: int = 1
    most_guilds_per_shard: int = 2500  # Discord's limit
    sockets: list[web.WebSocketResponse] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._changed = asyncio.Condition()

    @property
    def shards(self) -> list[tuple[int, int]]:
        """``(shard id, shard count)`` of every IDENTIFY, in order."""
        return [(s.shard_id, s.shard_count) for s in self.sessions]

    def channel_of(self, guild_id: int) -> int:
        return int(self.guilds[guild_id]["channels"][0]["id"])

    def bot_gateway(self, address: str) -> web.Response:
        """``GET /gateway/bot``: where to connect, and how many shards to run."""
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return json_body(
            {"url": address, "shards": self.recommended_shards, "session_start_limit": limit}
        )

    async def serve(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            payload = json.loads(msg.data)
            if payload["op"] == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif payload["op"] == 2:
                await self._identified(ws, payload["d"], f"ws://{request.host}/")
        return ws

    async def _identified(
        self, ws: web.WebSocketResponse, identify: dict[str, Any], address: str
    ) -> None:
        shard_id, count = identify.get("shard") or (0, 1)
        session = Session(ws, shard_id, count, identify)
        mine = [guild for guild in self.guilds if session.carries(guild)]
        if len(mine) > self.most_guilds_per_shard:
            await ws.close(code=4011, message=b"Sharding required.")
            return
        ready = {
            "v": 10,
            "user": self.me,
            "guilds": [{"id": str(guild), "unavailable": True} for guild in mine],
            "session_id": f"session-{len(self.sessions) + 1}",
            "resume_gateway_url": address,
            "application": {"id": str(self.app_id), "flags": 0},
            "shard": [shard_id, count],
        }
        await session.send("READY", ready)
        for guild in mine:
            await session.send("GUILD_CREATE", self.guilds[guild])
        # Registered only now, so that no event a test dispatches overtakes READY.
        async with self._changed:
            self.sessions.append(session)
            self._changed.notify_all()

    async def dispatch(self, event: str, data: Any) -> Session:
        """Send ``event`` on the session that carries its guild; return that session."""
        guild = data.get("guild_id") if isinstance(data, dict) else None
        session = await asyncio.wait_for(self._carrier(int(guild) if guild else None), WAIT)
        await session.send(event, data)
        return session

    async def _carrier(self, guild_id: int | None) -> Session:
        async with self._changed:
            while True:
                carrying = [s for s in self.sessions if s.carries(guild_id)]
                if carrying:
                    return carrying[-1]
                await self._changed.wait()

    async def close(self) -> None:
        for ws in self.sockets:
            if not ws.closed:
                await ws.close()
