"""A first start is atomic: killed or interrupted anywhere, the next start finishes the
store and answers from the sample; several first starts at once seed it once."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest
from storage_helpers import NOW, make_event

from bot.core import Bot
from bot.messages import Actor, Incoming, ReplyKind
from storage import SqliteEventStore, open_store
from storage.migrations import load_migrations, migrate, schema_version
from storage.sample import SAMPLE_ACTOR

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_EVENTS = 6
IRAN_TIMELINE = 5

# Runs the real ``dateline`` main and sends itself SIGNAL just before the KILL_AT-th SQLite
# statement (triggers' statements included) runs: a first start cut off at a chosen point.
# It prints how many statements it saw, so the test can spread its kill points over them.
DRIVER = """
import atexit, os, signal, sqlite3, sys
from adapters.cli import main

kill_at = int(os.environ["KILL_AT"])
sent = getattr(signal, os.environ["SIGNAL"])
seen = 0
connect = sqlite3.connect

def traced(*args, **kwargs):
    conn = connect(*args, **kwargs)
    def trace(statement):
        global seen
        seen += 1
        if seen == kill_at:
            os.kill(os.getpid(), sent)
    conn.set_trace_callback(trace)
    return conn

sqlite3.connect = traced
atexit.register(lambda: print(f"statements: {seen}", file=sys.stderr))
sys.exit(main(sys.argv[1:]))
"""


def environment(db: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DISCORD_", "SLACK_"))
    }
    return {**env, "DATELINE_DB": str(db), **extra}


def first_start(db: Path, kill_at: int, sent: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", DRIVER, "ask", "help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment(db, KILL_AT=str(kill_at), SIGNAL=sent),
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def statements(tmp_path_factory: pytest.TempPathFactory) -> int:
    """How many statements an uninterrupted first start runs."""
    db = tmp_path_factory.mktemp("count") / "dateline.sqlite3"
    done = first_start(db, 0, "SIGKILL")
    assert done.returncode == 0, done.stderr
    found = re.search(r"statements: (\d+)", done.stderr)
    assert found is not None, done.stderr
    return int(found.group(1))


async def assert_answers_from_the_sample(db: Path) -> None:
    """The next start: the sample is there once, and the repro's question is answered."""
    store = await open_store(db, sample=True, now=NOW)
    try:
        assert await store.count() == SAMPLE_EVENTS
        # One audit entry per imported event: seeded once, so one entry per sample event.
        imports = [c for c in await store.changes(limit=50) if c.action == "import"]
        assert [c.actor for c in imports] == [SAMPLE_ACTOR] * SAMPLE_EVENTS
        assert sorted(c.event_id for c in imports) == list(range(1, SAMPLE_EVENTS + 1))
        at = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
        reply = await Bot(store).handle(Incoming("timeline iran", Actor("t", "u"), "c", at))
        assert reply.kind is ReplyKind.LIST and len(reply.events) == IRAN_TIMELINE
    finally:
        await store.close()


@pytest.mark.parametrize(
    ("sent", "fraction"),
    [
        ("SIGKILL", 0.0),
        ("SIGKILL", 0.05),
        ("SIGKILL", 0.3),
        ("SIGKILL", 0.6),
        ("SIGKILL", 0.9),
        ("SIGKILL", 0.98),
        ("SIGINT", 0.1),
        ("SIGINT", 0.5),
        ("SIGINT", 0.95),
        ("SIGTERM", 0.7),
    ],
)
async def test_first_start_cut_off_anywhere_is_finished_by_the_next(
    tmp_path: Path, statements: int, sent: str, fraction: float
) -> None:
    db = tmp_path / "dateline.sqlite3"
    kill_at = 1 + int(fraction * (statements - 1))
    done = first_start(db, kill_at, sent)
    if sent == "SIGKILL":
        assert done.returncode == -signal.SIGKILL, done.stderr
    assert db.exists()
    await assert_answers_from_the_sample(db)


def test_the_cli_answers_from_the_sample_after_an_interrupted_first_start(
    tmp_path: Path, statements: int
) -> None:
    """The issue's repro: a first start killed halfway, then ``ask --json`` again."""
    db = tmp_path / "dateline.sqlite3"
    first_start(db, statements // 2, "SIGKILL")
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "ask", "--json", "timeline iran"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment(db),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["events"]) == IRAN_TIMELINE


async def test_a_store_with_user_data_but_no_mark_is_adopted_not_seeded(tmp_path: Path) -> None:
    """A store made before the setup mark existed, holding a user's event, is kept as is."""
    db = tmp_path / "dateline.sqlite3"
    older = await SqliteEventStore.open(db)
    await older.add(make_event("2021-05-05", "Mine"), "slack:U1", NOW)
    await older.close()
    store = await open_store(db, sample=True, now=NOW)
    try:
        assert [e.title for e in await store.on_month_days([(5, 5)])] == ["Mine"]
        assert await store.count() == 1
    finally:
        await store.close()


async def test_two_connections_migrating_a_new_database_apply_each_step_once(
    tmp_path: Path,
) -> None:
    """Both read version 0; the one that waits for the other's write must not re-apply."""
    db = tmp_path / "m.db"
    first = await aiosqlite.connect(str(db), isolation_level=None)
    second = await aiosqlite.connect(str(db), isolation_level=None)
    try:
        versions = await asyncio.gather(migrate(first), migrate(second))
        latest = load_migrations()[-1].version
        assert versions == [latest, latest]
        assert await schema_version(first) == latest
    finally:
        await first.close()
        await second.close()


async def test_two_first_starts_at_once_seed_the_sample_once(tmp_path: Path) -> None:
    db = tmp_path / "dateline.sqlite3"
    stores = await asyncio.gather(*(open_store(db, sample=True, now=NOW) for _ in range(3)))
    for store in stores:
        await store.close()
    await assert_answers_from_the_sample(db)


def test_processes_starting_a_new_database_at_once_seed_it_once(tmp_path: Path) -> None:
    """Real processes, released together once each has imported everything."""
    db = tmp_path / "dateline.sqlite3"
    opener = (
        "import asyncio, sys\n"
        "from datetime import UTC, datetime\n"
        "from pathlib import Path\n"
        "from storage import open_store\n"
        "async def main():\n"
        "    store = await open_store(Path(sys.argv[1]), sample=True, now=datetime.now(UTC))\n"
        "    print(await store.count())\n"
        "    await store.close()\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "asyncio.run(main())\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", opener, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(4)
    ]
    # Wait until every one is past Python's start-up and imports, then release them at once.
    for process in processes:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    results = [p.communicate(timeout=60) for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, [err for _, err in results]
    assert [out.strip() for out, _ in results] == [str(SAMPLE_EVENTS)] * 4
    asyncio.run(assert_answers_from_the_sample(db))
