"""The ``dateline`` command line, run as a real subprocess on a temporary database."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dateline(
    *args: str, db: Path | None = None, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DISCORD_", "SLACK_"))
    }
    full_env.update(env or {})
    if db is not None:
        full_env["DATELINE_DB"] = str(db)
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=60,
        check=False,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "dateline.sqlite3"


def test_ask_answers_from_the_sample_timeline(db: Path) -> None:
    done = dateline("ask", "--today", "2026-11-21", "what happened on 7 January?", db=db)
    assert done.returncode == 0, done.stderr
    assert "7 January 2020 (6 years ago): Iran fires ballistic missiles" in done.stdout
    assert "Source:" in done.stdout


def test_ask_json_has_the_documented_shape(db: Path) -> None:
    done = dateline("ask", "--json", "--today", "2026-11-21", "in January 2020", db=db)
    document = json.loads(done.stdout)
    assert set(document) == {"kind", "title", "text", "events", "total", "next"}
    assert (document["total"], document["next"]) == (len(document["events"]), None)
    assert document["kind"] == "answer"
    month = next(e for e in document["events"] if e["precision"] == "month")
    assert month["date"] == "2020-01" and month["end"] is None
    day = next(e for e in document["events"] if e["date"] == "2020-01-07")
    assert set(day) == {
        "id",
        "date",
        "precision",
        "end",
        "title",
        "summary",
        "place",
        "tags",
        "sources",
    }
    assert set(day["sources"][0]) == {"publisher", "title", "url", "published"}
    assert day["sources"][0]["published"] == "2020-01-10"


def test_today_and_tz_make_relative_answers_reproducible(db: Path) -> None:
    first = dateline("ask", "--today", "2027-01-07", "--tz", "Asia/Tehran", "on this day", db=db)
    assert "7 January 2020 (7 years ago)" in first.stdout


def test_answers_exit_zero_even_when_nothing_is_known_or_the_date_is_bad(db: Path) -> None:
    for question in ("what happened on 9 January?", "31 February", "blorp"):
        done = dateline("ask", question, db=db)
        assert done.returncode == 0, (question, done.stderr)
        assert done.stdout.strip()


@pytest.mark.parametrize(
    "args",
    [
        ["ask"],
        ["ask", "--today", "2020-13-01", "x"],
        ["ask", "--tz", "Nowhere/Land", "x"],
        ["frobnicate"],
        [],
        ["run"],
    ],
)
def test_usage_errors_exit_two(args: list[str], db: Path) -> None:
    done = dateline(*args, db=db)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.strip()


def test_chat_reads_questions_line_by_line_from_a_pipe(db: Path) -> None:
    done = dateline(
        "chat",
        "--today",
        "2026-11-21",
        db=db,
        stdin="what happened on 3 January?\n\nwhat happened on 7 January?\nquit\n7 Jan\n",
    )
    assert done.returncode == 0
    assert done.stdout.count("What happened on") == 2
    assert "dateline>" not in done.stdout


def test_db_option_overrides_the_environment(tmp_path: Path, db: Path) -> None:
    other = tmp_path / "other.sqlite3"
    done = dateline("ask", "--db", str(other), "7 January", db=db)
    assert done.returncode == 0
    assert other.exists() and not db.exists()


def test_an_existing_database_is_never_seeded(tmp_path: Path) -> None:
    path = tmp_path / "existing.sqlite3"
    sqlite3.connect(path).close()
    done = dateline("ask", "7 January", db=path)
    assert "Nothing recorded" in done.stdout


def test_sample_can_be_turned_off(db: Path) -> None:
    done = dateline("ask", "7 January", db=db, env={"DATELINE_SAMPLE": "0"})
    assert "Nothing recorded" in done.stdout


def test_unopenable_database_is_a_clear_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "junk.sqlite3"
    not_a_db.write_bytes(b"this is not sqlite" * 100)
    done = dateline("ask", "7 January", db=not_a_db)
    assert done.returncode == 1
    assert "cannot open the database" in done.stderr and "Traceback" not in done.stderr


def test_bad_settings_are_listed_together(db: Path) -> None:
    done = dateline(
        "ask",
        "7 January",
        db=db,
        env={"DATELINE_TZ": "Mars/Base", "DATELINE_DATE_ORDER": "sideways"},
    )
    assert done.returncode == 2
    assert "DATELINE_TZ" in done.stderr and "DATELINE_DATE_ORDER" in done.stderr


def test_member_role_cannot_add_events(db: Path) -> None:
    done = dateline("ask", "--role", "member", "add 2020-01-09 | Sneaky", db=db)
    assert "Only moderators" in done.stdout


def test_chat_pages_a_long_list_with_more(db: Path) -> None:
    adds = "\n".join(f"add {1900 + n}-03-04 | Event number {n}" for n in range(30))
    done = dateline("chat", "--today", "2026-11-21", db=db,
                    stdin=f"{adds}\nwhat happened on 4 March?\nmore\nmore\n")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "30 events on 4 March, from 1900 to 1929, oldest first." in out
    assert "Showing 1–25 of 30. Say “more” for the next 5." in out
    assert "Showing 26–30 of 30." in out
    assert "Nothing more to show" in out
    assert out.split("30 events on 4 March", 1)[1].count("Event number 29") == 1


def test_json_gives_the_total_and_the_next_page(db: Path) -> None:
    adds = "\n".join(f"add {1900 + n}-03-04 | Event number {n}" for n in range(30))
    dateline("chat", db=db, stdin=adds + "\n")
    done = dateline("ask", "--json", "on 4 March", db=db)
    document = json.loads(done.stdout)
    assert (document["total"], len(document["events"])) == (30, 25)
    assert document["next"] == "ask on 4 March page 2"
    assert all(isinstance(event["id"], int) for event in document["events"])
