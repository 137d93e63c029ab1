"""Discord sharding end to end: real discord.py clients, built from the settings
``DISCORD_SHARD_COUNT`` and ``DISCORD_SHARD_IDS``, against the stand-in, whose
gateway sends each guild's events only on the shard that carries it
(``fake_discord_gateway``), as Discord does.

Two guilds sit on different shards of two. Processes that split the shards each
answer only their own guild, so every question is answered exactly once; with no
settings one process runs as many shards as the gateway recommends; bad settings
stop start-up with a message that names them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from adapters.discord_ import DatelineClient, load_settings, serve
from adapters.platform_errors import PlatformError
from adapters.settings import SettingsError
from bot.core import Bot
from bot.model import Event, EventDate
from storage import SqliteEventStore
from tests.adapters.fake_discord import FakeDiscord, Recorded, stand_in
from tests.adapters.fake_discord_gateway import shard_of
from tests.adapters.test_discord_e2e import is_callback, stop
from tests.adapters.test_run_lifecycle import (
    DISCORD_TOKEN,
    discord_env,
    environment,
    start,
    stop_with_sigterm,
)

GUILD_A = 3333  # the stand-in's first guild: shard 0 of 2
GUILD_B, CHANNEL_B = (1 << 22) | 3333, 4445  # shard 1 of 2
QUESTION = ("onthisday", {"date": "7 January"})


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with stand_in() as server:
        server.add_guild(GUILD_B, CHANNEL_B)
        yield server


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteEventStore]:
    db = await SqliteEventStore.open(tmp_path / "dateline.sqlite3")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    await db.add(Event(EventDate(date(2020, 1, 7)), "Missiles hit bases"), "test", now)
    try:
        yield db
    finally:
        await db.close()


def client(store: SqliteEventStore, tmp_path: Path, **env: str) -> DatelineClient:
    """A client as ``dateline run --discord`` builds it from these settings."""
    settings = load_settings({
        "DISCORD_TOKEN": "fake-token",
        "DISCORD_GUILD_IDS": f"{GUILD_A},{GUILD_B}",
        "DATELINE_DB": str(tmp_path / "dateline.sqlite3"),
        **env,
    })
    # identify_gap=0: the stand-in, unlike Discord, takes every shard's IDENTIFY at once.
    return DatelineClient(Bot(store), settings, identify_gap=0, guild_ready_timeout=0.05)


@asynccontextmanager
async def serving(*clients: DatelineClient) -> AsyncIterator[None]:
    """The clients connected one after the other, each until ready; all closed after."""
    tasks: list[tuple[DatelineClient, asyncio.Task[None]]] = []
    try:
        for dc in clients:
            tasks.append((dc, asyncio.create_task(dc.start("fake-token"))))
            await asyncio.wait_for(dc.wait_until_ready(), 5)
        yield
    finally:
        for dc, task in tasks:
            await stop(dc, task)


def answers(interaction_id: int) -> Callable[[Recorded], bool]:
    """Matches the callbacks that acknowledge this interaction."""
    return lambda r: is_callback(r) and r.path.startswith(f"/interactions/{interaction_id}/")


def callbacks_of(fake: FakeDiscord, interaction_id: int) -> list[Recorded]:
    return [r for r in fake.requests if answers(interaction_id)(r)]


def asked_for_shards(fake: FakeDiscord) -> bool:
    return any(r.path == "/gateway/bot" for r in fake.requests)


def test_the_two_guilds_are_on_different_shards() -> None:
    assert (shard_of(GUILD_A, 2), shard_of(GUILD_B, 2)) == (0, 1)


async def test_each_shard_process_answers_only_its_own_guilds(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    first = client(store, tmp_path, DISCORD_SHARD_COUNT="2", DISCORD_SHARD_IDS="0")
    second = client(store, tmp_path, DISCORD_SHARD_COUNT="2", DISCORD_SHARD_IDS="1")
    async with serving(first, second):
        assert fake.gateway.shards == [(0, 2), (1, 2)]  # each identified its shard only
        assert not asked_for_shards(fake)  # the count is set: nothing to ask Discord
        assert [g.id for g in first.guilds] == [GUILD_A]
        assert [g.id for g in second.guilds] == [GUILD_B]
        asked = [
            await fake.interaction(*QUESTION, guild_id=guild)
            for guild in (GUILD_A, GUILD_B, GUILD_B, GUILD_A)
        ]
        await fake.wait_for(is_callback, count=len(asked))
        for interaction_id, token in asked:
            [callback] = callbacks_of(fake, interaction_id)
            assert "Missiles hit bases" in str(callback.body["data"]["embeds"])
            assert [step.action for step in fake.steps(token)] == ["respond"]
    # A second answer to any question would have been refused as acknowledged already.
    assert [r for r in fake.requests if r.status >= 400] == []


async def test_without_settings_one_process_runs_the_recommended_shards(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    fake.gateway.recommended_shards = 2
    dc = client(store, tmp_path)
    async with serving(dc):
        assert asked_for_shards(fake)
        assert sorted(fake.gateway.shards) == [(0, 2), (1, 2)]
        assert sorted(g.id for g in dc.guilds) == [GUILD_A, GUILD_B]
        for guild in (GUILD_A, GUILD_B):
            interaction_id, _ = await fake.interaction(*QUESTION, guild_id=guild)
            await fake.wait_for(answers(interaction_id))


async def test_a_shard_count_alone_runs_every_shard_in_this_process(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    dc = client(store, tmp_path, DISCORD_SHARD_COUNT="3")
    async with serving(dc):
        assert not asked_for_shards(fake)
        assert sorted(fake.gateway.shards) == [(0, 3), (1, 3), (2, 3)]


async def test_too_few_shards_for_discord_stop_start_up_with_one_line(
    fake: FakeDiscord, store: SqliteEventStore, tmp_path: Path
) -> None:
    fake.gateway.most_guilds_per_shard = 1  # Discord's 2,500, scaled to two guilds
    settings = load_settings({"DISCORD_TOKEN": "fake-token", "DISCORD_SHARD_COUNT": "1",
                              "DATELINE_DB": str(tmp_path / "dateline.sqlite3")})
    with pytest.raises(PlatformError) as caught:
        await asyncio.wait_for(serve(settings, Bot(store)), 10)
    assert str(caught.value).startswith("Discord requires more shards than DISCORD_SHARD_COUNT")


COUNT, IDS = "DISCORD_SHARD_COUNT", "DISCORD_SHARD_IDS"


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({COUNT: "0"}, "DISCORD_SHARD_COUNT must be a whole number of shards, 1 or more, not “0”"),
        ({COUNT: "two"}, "DISCORD_SHARD_COUNT must be a whole number of shards, 1 or more, "
                         "not “two”"),
        ({COUNT: "-2"}, "DISCORD_SHARD_COUNT must be a whole number of shards, 1 or more, "
                        "not “-2”"),
        ({IDS: "0"}, "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT: set it to the number of "
                     "shards all processes together run"),
        ({COUNT: "2", IDS: "0,2,3"}, "DISCORD_SHARD_IDS has 2, 3, but with "
                                     "DISCORD_SHARD_COUNT=2 shards are 0 to 1"),
        ({COUNT: "1", IDS: "1"}, "DISCORD_SHARD_IDS has 1, but with DISCORD_SHARD_COUNT=1 "
                                 "the only shard is 0"),
        ({COUNT: "2", IDS: "1, 1"}, "DISCORD_SHARD_IDS has shard 1 more than once"),
        ({COUNT: "2", IDS: "0;1"}, "DISCORD_SHARD_IDS must be comma-separated shard numbers "
                                   "such as 0,1; “0;1” is not one"),
        ({COUNT: "2", IDS: "0,,1"}, "DISCORD_SHARD_IDS must be comma-separated shard numbers "
                                    "such as 0,1; “” is not one"),
    ],
)
def test_bad_shard_settings_are_named(env: dict[str, str], problem: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"DISCORD_TOKEN": "secret-token", **env})
    assert caught.value.problems == [problem]
    assert "secret" not in caught.value.message()


def test_every_shard_problem_is_reported_at_once() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"DISCORD_TOKEN": "t", COUNT: "many", IDS: "0, x, 0"})
    # A count that is set but unreadable is named once, not also as missing.
    assert caught.value.problems == [
        "DISCORD_SHARD_COUNT must be a whole number of shards, 1 or more, not “many”",
        "DISCORD_SHARD_IDS must be comma-separated shard numbers such as 0,1; “x” is not one",
        "DISCORD_SHARD_IDS has shard 0 more than once",
    ]


def test_good_shard_settings_are_read() -> None:
    settings = load_settings({"DISCORD_TOKEN": "t", COUNT: " 4 ", IDS: " 3, 1 "})
    assert (settings.shard_count, settings.shard_ids) == (4, (3, 1))
    default = load_settings({"DISCORD_TOKEN": "t"})
    assert (default.shard_count, default.shard_ids) == (None, ())


# -- as real processes -------------------------------------------------------------


@pytest.fixture
async def shared_fake() -> AsyncIterator[FakeDiscord]:
    """A stand-in for ``dateline run`` subprocesses, which find it by its address."""
    server = FakeDiscord(valid_token=DISCORD_TOKEN)
    server.add_guild(GUILD_B, CHANNEL_B)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def test_two_dateline_processes_share_the_guilds(
    tmp_path: Path, shared_fake: FakeDiscord
) -> None:
    """``dateline run --discord`` twice on one database, shards 0 and 1 of 2: each
    connects its shard, and a question in either guild is answered once."""
    base = {**discord_env(shared_fake), "DISCORD_GUILD_IDS": f"{GUILD_A},{GUILD_B}", COUNT: "2"}
    runs = [
        await start(environment(tmp_path, **base, DISCORD_SHARD_IDS=shard), "--discord")
        for shard in ("0", "1")
    ]
    for shard, run in enumerate(runs):
        await run.wait_for_line(f"on shards {shard} of 2)")
    asked = [await shared_fake.interaction(*QUESTION, guild_id=g) for g in (GUILD_A, GUILD_B)]
    await shared_fake.wait_for(is_callback, count=len(asked), within=30)
    for run in runs:
        await stop_with_sigterm(run)
    assert sorted(shared_fake.gateway.shards) == [(0, 2), (1, 2)]
    assert [len(callbacks_of(shared_fake, i)) for i, _ in asked] == [1, 1]
    assert [r for r in shared_fake.requests if r.status >= 400] == []


async def test_dateline_run_refuses_shard_ids_without_a_count(tmp_path: Path) -> None:
    env = environment(tmp_path, DISCORD_TOKEN=DISCORD_TOKEN, DISCORD_SHARD_IDS="1")
    code, output = await (await start(env, "--discord")).finish()
    assert code == 2
    assert "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT" in output
    assert DISCORD_TOKEN not in output
