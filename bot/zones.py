"""IANA time zone names: checking them, and finding the right spelling of one typed
in any case ("europe/london", "utc")."""

from __future__ import annotations

import zoneinfo
from functools import cache


@cache
def _by_lower() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


MAX_ZONE_NAME = 64  # the longest IANA name is 32 characters; room for a typed variant


def zone_name(text: str) -> str | None:
    """The IANA name ``text`` stands for, or ``None`` when there is no such zone."""
    name = text.strip()
    if not name or len(name) > MAX_ZONE_NAME or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return _by_lower().get(name.lower())
    return name
