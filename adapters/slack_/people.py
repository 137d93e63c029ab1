"""Who a Slack user is, from ``users.info``: their own time zone, their display name, and
the user object the role check reads (``roles.admin_role``).

One cached lookup serves them all. Zones and names may be up to ``MAX_AGE`` old (an
hour); the role check asks for fresher entries (``roles.CACHE_SECONDS``), so a demoted
admin does not stay a moderator for an hour. A lookup that fails or takes longer than
``TIMEOUT`` gives ``None`` (the callers fall back: member, the server's zone), is logged
once as a warning, and is not retried for ``RETRY_AFTER`` seconds, so a struggling Slack
is not asked again on every message. At most ``MAX_ENTRIES`` users are kept, the least
recently asked about leaving first. ``names`` gives the display names of the Slack
users a reply names (at most ``MAX_NAMED`` looked up for one reply), for the renderer.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.people_refs import user_id_on
from bot.zones import zone_name

log = logging.getLogger(__name__)

MAX_AGE = 3600.0
TIMEOUT = 1.5
RETRY_AFTER = 30.0
MAX_ENTRIES = 5000
MAX_REPORTED = 50  # distinct failures logged as warnings; the rest at debug
MAX_NAMED = 25  # users whose names one reply may look up; the rest read as neutral


@dataclass(frozen=True, slots=True)
class Profile:
    """What ``users.info`` says of a user. ``tz`` is a canonical IANA name or ``None``."""

    user: Mapping[str, Any]
    tz: str | None
    display_name: str


def profile_from(user: Any) -> Profile | None:
    """A profile from a ``users.info`` user object; ``None`` for anything else."""
    if not isinstance(user, dict):
        return None
    details = user.get("profile")
    details = details if isinstance(details, dict) else {}
    name = details.get("display_name") or details.get("real_name") or user.get("real_name")
    tz = user.get("tz")
    return Profile(user, zone_name(tz) if isinstance(tz, str) else None, str(name or "")[:80])


@dataclass(frozen=True, slots=True)
class _Entry:
    profile: Profile | None = None
    fetched_at: float = -math.inf
    failed_at: float = -math.inf


class SlackPeople:
    """Cached ``users.info`` lookups; see the module docstring for the policy."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        max_age: float = MAX_AGE,
        timeout: float = TIMEOUT,
        retry_after: float = RETRY_AFTER,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._max_age = max_age
        self._timeout = timeout
        self._retry_after = retry_after
        self._max_entries = max_entries
        self._clock = clock
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        self._reported: set[str] = set()

    async def profile(self, user_id: str, *, max_age: float | None = None) -> Profile | None:
        """The user's profile, fetched at most ``max_age`` seconds ago (default
        ``MAX_AGE``); ``None`` when Slack could not say, recently."""
        if not user_id:
            return None
        entry = self._cache.get(user_id, _Entry())
        now = self._clock()
        limit = self._max_age if max_age is None else max_age
        if entry.profile is not None and now - entry.fetched_at < limit:
            self._cache.move_to_end(user_id)
            return entry.profile
        if now - entry.failed_at < self._retry_after:
            return None
        found = await self._lookup(user_id)
        if found is None:
            # The last good profile stays, for callers that accept an older one.
            entry = _Entry(entry.profile, entry.fetched_at, self._clock())
        else:
            entry = _Entry(found, self._clock())
        self._remember(user_id, entry)
        return found

    async def zone_of(self, user_id: str) -> str | None:
        """The user's own IANA zone, or ``None`` when Slack does not (or cannot) say."""
        found = await self._known(user_id)
        return found.tz if found is not None else None

    async def name_of(self, user_id: str) -> str:
        """The user's display name (else real name), or "" when unknown."""
        found = await self._known(user_id)
        return found.display_name if found is not None else ""

    async def names(self, refs: Iterable[str]) -> dict[str, str]:
        """Ref -> display name for the Slack users among ``refs`` whose name is known."""
        user_ids = {
            ref: user_id for ref in refs
            if (user_id := user_id_on(ref, "slack")) is not None
        }
        wanted = list(dict.fromkeys(user_ids.values()))[:MAX_NAMED]
        found = dict(zip(wanted, await asyncio.gather(*map(self.name_of, wanted)), strict=True))
        return {ref: found[user_id] for ref, user_id in user_ids.items() if found.get(user_id)}

    async def _known(self, user_id: str) -> Profile | None:
        found = await self.profile(user_id)
        if found is None:
            entry = self._cache.get(user_id)
            found = entry.profile if entry is not None else None  # an older one beats none
        return found

    def _remember(self, user_id: str, entry: _Entry) -> None:
        self._cache[user_id] = entry
        self._cache.move_to_end(user_id)
        while len(self._cache) > self._max_entries:
            self._cache.popitem(last=False)

    async def _lookup(self, user_id: str) -> Profile | None:
        try:
            async with asyncio.timeout(self._timeout):
                response = await self._client.api_call("users.info", params={"user": user_id})
        except SlackApiError as err:
            self._report(str(err.response.get("error") or "error"))
            return None
        except (SlackClientError, OSError, TimeoutError) as err:
            self._report(type(err).__name__)
            return None
        data = response.data if isinstance(response.data, dict) else {}
        return profile_from(data.get("user"))

    def _report(self, problem: str) -> None:
        """A failed lookup: a warning the first time each kind happens, then debug."""
        problem = problem[:40]
        first = problem not in self._reported and len(self._reported) < MAX_REPORTED
        if first:
            self._reported.add(problem)
        log.log(
            logging.WARNING if first else logging.DEBUG,
            "users.info failed (%s); using the member role and the server's time zone",
            problem,
        )
