"""Display names of the Discord users a reply names, looked up once and cached.

A name is the member's name in the server the reply goes to (their nickname, else
their global display name), from discord.py's member cache when it has them, else
from Discord (``GET /guilds/{id}/members/{user}``); someone who is no longer a
member is looked up as a user (``GET /users/{id}``). Answers, and failures, are
kept per server and user for ``MAX_AGE`` (failures ``RETRY_AFTER``), at most
``MAX_ENTRIES``, the least recently used leaving first, so two history reports
cost one lookup. A lookup that fails or takes longer than ``TIMEOUT`` gives no
name, and the renderer shows a neutral "Discord user 1234" (``people_refs``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import discord

from adapters.people_refs import user_id_on

log = logging.getLogger(__name__)

PLATFORM = "discord"
MAX_AGE = 3600.0
RETRY_AFTER = 300.0
TIMEOUT = 1.0  # the answer waits for it, within Discord's 3 seconds
MAX_ENTRIES = 5000
MAX_LOOKUPS = 25  # distinct users looked up for one reply; the rest read as neutral


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str  # "" when the lookup failed
    expires_at: float


def _user_id(ref: str) -> int | None:
    user_id = user_id_on(ref, PLATFORM)
    return int(user_id) if user_id is not None and user_id.isdigit() else None


class DiscordNames:
    """Cached display-name lookups through a ``discord.Client``; see the module docstring."""

    def __init__(
        self,
        client: discord.Client,
        *,
        max_age: float = MAX_AGE,
        retry_after: float = RETRY_AFTER,
        timeout: float = TIMEOUT,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._max_age = max_age
        self._retry_after = retry_after
        self._timeout = timeout
        self._max_entries = max_entries
        self._clock = clock
        self._cache: OrderedDict[tuple[int, int], _Entry] = OrderedDict()

    def known(self, refs: Iterable[str], guild_id: int | None) -> dict[str, str]:
        """Ref -> display name for those of ``refs`` already looked up (no I/O)."""
        names: dict[str, str] = {}
        for ref in refs:
            user_id = _user_id(ref)
            entry = self._cached((guild_id or 0, user_id)) if user_id is not None else None
            if entry is not None and entry.name:
                names[ref] = entry.name
        return names

    async def look_up(self, refs: Iterable[str], guild_id: int | None) -> Mapping[str, str]:
        """Look up the Discord users among ``refs`` not cached yet; ref -> name of all."""
        refs = list(refs)
        wanted = {
            user_id for user_id in (_user_id(ref) for ref in refs)
            if user_id is not None and self._cached((guild_id or 0, user_id)) is None
        }
        missing = sorted(wanted)[:MAX_LOOKUPS]
        if missing:
            guild = self._client.get_guild(guild_id) if guild_id else None
            await asyncio.gather(*(self._look_up(guild, guild_id or 0, u) for u in missing))
        return self.known(refs, guild_id)

    def _cached(self, key: tuple[int, int]) -> _Entry | None:
        entry = self._cache.get(key)
        if entry is None or entry.expires_at <= self._clock():
            return None
        self._cache.move_to_end(key)
        return entry

    async def _look_up(self, guild: discord.Guild | None, guild_key: int, user_id: int) -> None:
        try:
            async with asyncio.timeout(self._timeout):
                name = await self._fetch(guild, user_id)
        except (discord.HTTPException, TimeoutError, OSError) as err:
            log.info("looking up a Discord user's name failed: %s", type(err).__name__)
            name = ""
        ttl = self._max_age if name else self._retry_after
        self._cache[(guild_key, user_id)] = _Entry(name, self._clock() + ttl)
        self._cache.move_to_end((guild_key, user_id))
        while len(self._cache) > self._max_entries:
            self._cache.popitem(last=False)

    async def _fetch(self, guild: discord.Guild | None, user_id: int) -> str:
        if guild is not None:
            member = guild.get_member(user_id)
            if member is not None:
                return member.display_name
            try:
                return (await guild.fetch_member(user_id)).display_name
            except (discord.NotFound, discord.Forbidden):
                pass  # not (or no longer) a member: their name as a user
        return (await self._client.fetch_user(user_id)).display_name
