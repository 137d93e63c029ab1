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


def environment(db: Path | None, env: dict[str, str] | None) -> dict[str, str]:
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DISCORD_", "SLACK_"))
    }
    full_env.update(env or {})
    if db is not None:
        full_env["DATELINE_DB"] = str(db)
    return full_env


def dateline(
    *args: str, db: Path | None = None, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment(db, env),
        timeout=60,
        check=False,
    )


def dateline_bytes(
    *args: str | bytes, db: Path, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run with raw bytes in and out, as a terminal or a pipe would give them."""
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=environment(db, env),
        timeout=60,
        check=False,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "dateline.sqlite3"


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


def test_a_finished_empty_database_is_never_seeded(db: Path) -> None:
    dateline("ask", "help", db=db, env={"DATELINE_SAMPLE": "0"})
    assert "Nothing recorded" in dateline("ask", "7 January", db=db).stdout


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


# -- writes that are not done, and exit codes -------------------------------------


def test_a_write_while_another_process_holds_the_lock_says_so_and_exits_3(db: Path) -> None:
    assert dateline("ask", "7 January", db=db).returncode == 0  # create and seed it
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        # The CLI waits out the store's busy timeout (5 s) before it gives up.
        done = dateline("ask", "add 2020-01-09 | Locked out", db=db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 3, (done.stdout, done.stderr)
    assert done.stdout.startswith("Nothing was saved")
    assert "busy" in done.stdout and "try again" in done.stdout
    assert "Something went wrong" not in done.stdout and "Traceback" not in done.stderr
    assert "Locked out" not in dateline("ask", "9 January 2020", db=db).stdout


def test_refused_writes_exit_3_and_questions_exit_0_in_ask_and_chat(db: Path) -> None:
    refused = dateline("ask", "--role", "member", "add 2020-01-09 | Sneaky", db=db)
    assert refused.returncode == 3 and "Only moderators" in refused.stdout
    malformed = dateline("ask", "add 2020-02-30 | Impossible", db=db)
    assert malformed.returncode == 3 and "Bad date" in malformed.stdout
    session = dateline(
        "chat", "--role", "member", db=db, stdin="add 2020-01-09 | Sneaky\n7 January\n"
    )
    assert session.returncode == 3
    assert "Only moderators" in session.stdout and "What happened on 7 January" in session.stdout
    fine = dateline("chat", db=db, stdin="add 2020-01-09 | Fine\n31 February\nblorp\n")
    assert fine.returncode == 0, fine.stdout


# -- encodings ----------------------------------------------------------------------

STRICT = {"PYTHONIOENCODING": "utf-8:strict"}


def test_invalid_utf8_in_an_argument_is_replaced_not_a_crash(db: Path) -> None:
    added = dateline_bytes("ask", b"add 2020-01-09 | Bad \xff title", db=db, env=STRICT)
    assert added.returncode == 0, added.stderr.decode()
    assert "Added event #7" in added.stdout.decode("utf-8")
    asked = dateline_bytes("ask", b"what happened on 9 January \xfe?", db=db, env=STRICT)
    assert asked.returncode == 0 and b"Traceback" not in asked.stderr
    assert "Bad \ufffd title" in asked.stdout.decode("utf-8")


def test_invalid_utf8_on_chat_stdin_loses_no_line(db: Path) -> None:
    lines = b"what happened on 3 January?\nbad \xff\xfe line\nwhat happened on 7 January?\n"
    done = dateline_bytes("chat", "--today", "2026-11-21", db=db, stdin=lines, env=STRICT)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode()
    out = done.stdout.decode("utf-8")
    assert out.count("What happened on") == 2
    assert "bad \ufffd\ufffd line" in out


def test_output_the_terminal_cannot_encode_is_replaced(db: Path) -> None:
    done = dateline_bytes("ask", "7 January", db=db, env={"PYTHONIOENCODING": "ascii:strict"})
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode()
    assert b"Iran fires ballistic missiles" in done.stdout


# -- terminal escapes -------------------------------------------------------------

HOSTILE = "Evil \x1b]0;pwned\x07 \x1b[2J\x1b]52;c;aGk=\x07 \x9b31m\x9d \r\b\x7f \u202eabc\u2066"
# C0 controls (ESC, BEL, BS) and DEL are dropped on the way in (bot.text_input); what
# is stored and can still move a terminal (C1 controls, CR, bidi overrides) is escaped.
STORED = "Evil ]0;pwned [2J]52;c;aGk= \x9b31m\x9d \r \u202eabc\u2066"
NEUTRALISED = r"Evil ]0;pwned [2J]52;c;aGk= \x9b31m\x9d \x0d \u202eabc\u2066"
RAW = ["\x1b", "\x07", "\x9b", "\x9d", "\r", "\b", "\x7f", "\u202e", "\u2066"]


def test_control_characters_in_event_text_never_reach_the_terminal_raw(db: Path) -> None:
    added = dateline("ask", f"add 2020-01-09 | {HOSTILE} | tab\there | Place | tag", db=db)
    assert added.returncode == 0
    shown = dateline("ask", "9 January 2020", db=db).stdout
    audit = dateline("ask", "audit 1", db=db).stdout
    for out in (added.stdout, shown, audit):
        assert not [raw for raw in RAW if raw in out], out
    assert NEUTRALISED in shown and "tab\there" in shown and "\n" in shown
    assert NEUTRALISED in audit


def test_json_keeps_stored_hostile_text_exact_but_escaped(db: Path) -> None:
    dateline("ask", f"add 2020-01-09 | {HOSTILE}", db=db)
    done = dateline("ask", "--json", "9 January 2020", db=db)
    assert not [raw for raw in RAW if raw in done.stdout]
    [event] = json.loads(done.stdout)["events"]
    assert event["title"] == STORED


# -- options ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["option", "environment"])
def test_an_explicit_database_in_a_missing_folder_is_refused(tmp_path: Path, how: str) -> None:
    path = tmp_path / "typo" / "deeper" / "x.sqlite3"
    if how == "option":
        done = dateline("ask", "--db", str(path), "7 January")
    else:
        done = dateline("ask", "7 January", db=path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "there is no folder" in done.stderr
    assert str(path.parent) in done.stderr
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize(
    "args", [["run", "--console"], ["reminders", "list"], ["reminders", "list", "--db", "{db}"]]
)
def test_every_command_refuses_a_missing_folder(tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "typo" / "x.sqlite3"
    done = dateline(*[a.format(db=path) for a in args], db=path)
    assert done.returncode == 1 and "there is no folder" in done.stderr
    assert not (tmp_path / "typo").exists()


def test_the_default_database_folder_is_created(tmp_path: Path) -> None:
    data = tmp_path / "xdg"
    done = dateline("ask", "7 January", env={"XDG_DATA_HOME": str(data)})
    assert done.returncode == 0, done.stderr
    assert (data / "dateline" / "dateline.sqlite3").exists()


@pytest.mark.parametrize("zone", ["utc", "UTC", "europe/london", "ASIA/TEHRAN"])
def test_tz_is_accepted_in_any_case(db: Path, zone: str) -> None:
    done = dateline("ask", "--tz", zone, "--today", "2027-01-07", "on this day", db=db)
    assert done.returncode == 0, done.stderr
    assert "7 January 2020 (7 years ago)" in done.stdout


@pytest.mark.parametrize(
    ("today", "problem"),
    [
        ("2020-02-30", "February 2020 has no 30th day (it has 29)"),
        ("2021-02-29", "February 2021 has no 29th day (it has 28)"),
        ("2020-13-01", "there is no month 13"),
        ("2020-04-00", "there is no day 0"),
        ("7 Jan", "is not a date in the form YYYY-MM-DD"),
    ],
)
def test_an_impossible_today_names_the_problem(db: Path, today: str, problem: str) -> None:
    done = dateline("ask", "--today", today, "x", db=db)
    assert done.returncode == 2
    assert problem in done.stderr
