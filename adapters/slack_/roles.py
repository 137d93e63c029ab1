"""Who is a moderator on Slack, decided from immutable user IDs only.

A user is a moderator if listed in ``SLACK_MODERATOR_USER_IDS``, a member of
``SLACK_MODERATOR_USERGROUP`` (``usergroups.users.list``, cached briefly), or,
when ``SLACK_ADMINS_ARE_MODERATORS`` is on, a workspace admin (``users.info``, through
``people``, whose one cached lookup also gives the user's time zone; a role accepts
only an entry fetched within ``CACHE_SECONDS``); workspace owners are ``Role.OWNER``.
Any failed lookup means member: fail closed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_.people import SlackPeople
from adapters.slack_.settings import SlackSettings
from bot.messages import Role

log = logging.getLogger(__name__)

CACHE_SECONDS = 60.0


class RoleResolver:
    """Maps a Slack user ID to a ``Role``; lookups are cached for ``ttl`` seconds."""

    def __init__(
        self,
        client: AsyncWebClient,
        settings: SlackSettings,
        *,
        ttl: float = CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        people: SlackPeople | None = None,
    ) -> None:
        self._client = client
        self._people = people or SlackPeople(client, clock=clock)
        self._ids = settings.moderator_user_ids
        self._group = settings.moderator_usergroup
        self._admins = settings.admins_are_moderators
        self._ttl = ttl
        self._clock = clock
        self._group_cache: tuple[float, frozenset[str]] | None = None
        self._lock = asyncio.Lock()

    async def role_of(self, user_id: str) -> Role:
        """The user's role; ``Role.MEMBER`` whenever Slack cannot tell us otherwise."""
        if not user_id:
            return Role.MEMBER
        role = await self._admin_role(user_id) if self._admins else Role.MEMBER
        if role >= Role.MODERATOR:
            return role
        if user_id in self._ids:
            return Role.MODERATOR
        if self._group and user_id in await self._group_members():
            return Role.MODERATOR
        return Role.MEMBER

    async def _admin_role(self, user_id: str) -> Role:
        profile = await self._people.profile(user_id, max_age=self._ttl)
        return admin_role(profile.user if profile is not None else None)

    async def _group_members(self) -> frozenset[str]:
        async with self._lock:
            cached = self._group_cache
            if cached and self._clock() - cached[0] < self._ttl:
                return cached[1]
            data = await self._call("usergroups.users.list", usergroup=self._group)
            if data is None:
                return frozenset()
            members = frozenset(str(u) for u in data.get("users") or ())
            self._group_cache = (self._clock(), members)
            return members

    async def _call(self, method: str, **params: Any) -> dict[str, Any] | None:
        try:
            response = await self._client.api_call(method, params=params)
        except asyncio.CancelledError:
            raise
        except SlackApiError as err:
            log.warning(
                "%s failed (%s); treating the user as a member", method, err.response.get("error")
            )
            return None
        except (SlackClientError, OSError, TimeoutError) as err:
            log.warning("%s failed (%s); treating the user as a member", method, type(err).__name__)
            return None
        return dict(response.data) if isinstance(response.data, dict) else None


def admin_role(user: Any) -> Role:
    """Owner or admin from a ``users.info`` user object; anything else (or odd data) is member."""
    if not isinstance(user, dict) or user.get("deleted") or user.get("is_bot"):
        return Role.MEMBER
    if user.get("is_owner") is True or user.get("is_primary_owner") is True:
        return Role.OWNER
    if user.get("is_admin") is True:
        return Role.MODERATOR
    return Role.MEMBER
