"""Which time zone an asker's "today" is read in, and saying so when it is not theirs.

The precedence is: the asker's own zone, when their platform tells us (Slack's profile
zone, the console's ``--tz``); else the zone moderators set for the asker's space (a
Discord server, a Slack workspace) with ``timezone``; else the bot's ``DATELINE_TZ``.
Spaces' zones are kept behind the ``SpaceZones`` port (``storage.zone_store``).

An answer that depended on "today" and was read in a zone that is not the asker's own
says which day and zone it used (``today_note``), so nobody mistakes the server's
yesterday for theirs.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Protocol

from bot import wording
from bot.zones import zone_name


class ZoneSource(StrEnum):
    """Where the zone an answer was read in came from."""

    OWN = "own"  # the asker's own zone
    SPACE = "space"  # the zone moderators set for the asker's server or workspace
    DEFAULT = "default"  # the bot's default (DATELINE_TZ), or the adapter's for the place


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    tz: str
    source: ZoneSource


@dataclass(frozen=True, slots=True)
class SpaceZone:
    """A space's zone, and who set it when (an ``Actor.ref`` and an aware instant)."""

    tz: str
    set_by: str
    set_at: datetime


class SpaceZones(Protocol):
    """The zone each space (platform + Discord guild id or Slack team id) has set."""

    async def zone_of(self, platform: str, space: str) -> SpaceZone | None:
        """The space's zone, or ``None`` when none is set."""
        ...

    async def set_zone(
        self, platform: str, space: str, tz: str, actor: str, at: datetime
    ) -> SpaceZone | None:
        """Set the space's zone and audit it, in one transaction; returns the zone it
        replaced, if any."""
        ...

    async def clear_zone(
        self, platform: str, space: str, actor: str, at: datetime
    ) -> SpaceZone | None:
        """Remove the space's zone (auditing it when there was one); returns it."""
        ...


def choose_zone(
    given: str | None, given_is_own: bool, space: SpaceZone | None, default: str
) -> ZoneChoice:
    """The zone to read "today" in: the asker's own, the space's, else the default. A
    zone an adapter gave that is not the asker's own stands in for the default."""
    if given and given_is_own:
        return ZoneChoice(given, ZoneSource.OWN)
    set_zone = zone_name(space.tz) if space is not None else None
    if set_zone is not None:
        return ZoneChoice(set_zone, ZoneSource.SPACE)
    return ZoneChoice(given or default, ZoneSource.DEFAULT)


def today_note(choice: ZoneChoice, today: date) -> str:
    """The line an answer that depended on "today" ends with when the zone it was read in
    is not the asker's own; empty when it is."""
    day = f"“Today” is {wording.full_date(today)} in {choice.tz}"
    if choice.source is ZoneSource.SPACE:
        return f"{day}, the zone moderators set here (see “timezone”)."
    if choice.source is ZoneSource.DEFAULT:
        return f"{day}, Dateline's default zone (moderators can set another with “timezone”)."
    return ""


@cache
def _all_zones() -> tuple[str, ...]:
    # Region/City names only: the legacy aliases ("US/Eastern", "GB") crowd out the rest.
    return tuple(sorted(n for n in zoneinfo.available_timezones() if "/" in n or n == "UTC"))


def zone_names(typed: str, limit: int = 25) -> list[str]:
    """Zone names for autocomplete: those starting with ``typed`` (any case), then those
    whose city does ("tokyo" finds Asia/Tokyo)."""
    low = typed.strip().lower().replace(" ", "_")
    names = _all_zones()
    starting = [n for n in names if n.lower().startswith(low)]
    cities = [n for n in names if low and n not in starting and _city(n).startswith(low)]
    return (starting + cities)[: max(limit, 0)]


def _city(name: str) -> str:
    return name.rsplit("/", 1)[-1].lower()
