"""Spaces' time zones on both engines: set, replaced, cleared, per platform and space,
each change audited with the zone it replaced."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.zone_settings import SpaceZone, SpaceZones
from storage import SqliteEventStore
from storage.zone_store import SqliteZoneStore

AT = datetime(2026, 11, 30, 10, 30, tzinfo=UTC)


def zones_of(store: object) -> SpaceZones:
    """The zone store on ``store``'s database, whichever engine it is."""
    if isinstance(store, SqliteEventStore):
        return SqliteZoneStore.sharing(store)
    from storage.postgres.event_store import PgEventStore  # noqa: PLC0415
    from storage.postgres.zone_store import PgZoneStore  # noqa: PLC0415

    assert isinstance(store, PgEventStore)
    return PgZoneStore.sharing(store)


async def _timezone_details(store: SqliteEventStore) -> list[str]:
    return [c.detail for c in reversed(await store.changes(None)) if c.action == "timezone"]


async def test_a_space_without_a_zone_has_none(store: SqliteEventStore) -> None:
    assert await zones_of(store).zone_of("discord", "G1") is None


async def test_setting_replacing_and_clearing_a_zone(store: SqliteEventStore) -> None:
    zones = zones_of(store)
    assert await zones.set_zone("discord", "G1", "Asia/Tehran", "discord:M1", AT) is None
    later = AT + timedelta(hours=1)
    before = await zones.set_zone("discord", "G1", "Europe/Paris", "discord:M2", later)
    assert before == SpaceZone("Asia/Tehran", "discord:M1", AT)
    assert await zones.zone_of("discord", "G1") == SpaceZone("Europe/Paris", "discord:M2", later)
    assert await zones.clear_zone("discord", "G1", "discord:M1", later) == SpaceZone(
        "Europe/Paris", "discord:M2", later
    )
    assert await zones.zone_of("discord", "G1") is None
    assert await zones.clear_zone("discord", "G1", "discord:M1", later) is None  # no audit


async def test_zones_are_kept_per_platform_and_space(store: SqliteEventStore) -> None:
    zones = zones_of(store)
    await zones.set_zone("discord", "G1", "Asia/Tokyo", "discord:M1", AT)
    await zones.set_zone("slack", "G1", "America/Lima", "slack:U1", AT)
    await zones.set_zone("console", "", "Europe/Oslo", "console:me", AT)
    assert (await zones.zone_of("discord", "G1") or SpaceZone("", "", AT)).tz == "Asia/Tokyo"
    assert (await zones.zone_of("slack", "G1") or SpaceZone("", "", AT)).tz == "America/Lima"
    assert (await zones.zone_of("console", "") or SpaceZone("", "", AT)).tz == "Europe/Oslo"
    assert await zones.zone_of("discord", "G2") is None


async def test_each_change_is_audited_with_what_it_replaced(store: SqliteEventStore) -> None:
    zones = zones_of(store)
    await zones.set_zone("discord", "G1", "Asia/Tehran", "discord:M1", AT)
    await zones.set_zone("discord", "G1", "Europe/Paris", "discord:M1", AT)
    await zones.clear_zone("discord", "G1", "discord:M1", AT)
    await zones.clear_zone("discord", "G1", "discord:M1", AT)
    await zones.set_zone("console", "", "UTC", "console:me", AT)
    assert await _timezone_details(store) == [
        "discord G1 time zone set to Asia/Tehran (was the default)",
        "discord G1 time zone set to Europe/Paris (was Asia/Tehran)",
        "discord G1 time zone Europe/Paris removed (default)",
        "console time zone set to UTC (was the default)",
    ]


async def test_concurrent_changes_each_name_the_zone_they_replaced(
    store: SqliteEventStore,
) -> None:
    zones = zones_of(store)
    names = ["Asia/Tokyo", "Europe/Paris", "America/Lima", "Africa/Lagos", "Asia/Tehran"]
    replaced = await asyncio.gather(
        *(zones.set_zone("slack", "T1", tz, "slack:U1", AT) for tz in names)
    )
    # Whatever order they ran in, they form one chain: the default, then each zone once.
    was = sorted((r.tz if r else "") for r in replaced)
    final = await zones.zone_of("slack", "T1")
    assert final is not None
    assert sorted([*was, final.tz]) == sorted(["", *names])


async def test_naive_instants_are_refused(store: SqliteEventStore) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await zones_of(store).set_zone("discord", "G1", "UTC", "discord:M1",
                                       datetime(2026, 1, 1))  # noqa: DTZ001 - the point
