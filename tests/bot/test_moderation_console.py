"""Moderation on the command line, each step a fresh start of ``dateline ask`` on one
database: dates typed as questions type them, an edit, its history, the audit log,
undo, and a member refused."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from adapters.cli import main as cli_main

Run = Callable[..., tuple[int, str]]


@pytest.fixture
def run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    monkeypatch.setenv("DATELINE_DB", str(tmp_path / "m.sqlite3"))

    def running(text: str, role: str = "moderator") -> tuple[int, str]:
        code = cli_main(["ask", "--role", role, text])
        return code, capsys.readouterr().out

    return running


def _stored(db: Path, event_id: int) -> tuple[object, ...]:
    with sqlite3.connect(db) as conn:
        row = conn.execute('SELECT start, "end", precision, title, status FROM events '
                           "WHERE id = ?", (event_id,)).fetchone()
    return tuple(row)


def test_the_console_moderates_across_restarts(run: Run, tmp_path: Path) -> None:
    ask = run
    db = tmp_path / "m.sqlite3"
    code, out = ask("add 8 January 2020 | Speech to the nation | tags=usa")
    assert code == 0 and "Added event #7" in out, out
    assert _stored(db, 7) == ("2020-01-08", None, "day", "Speech to the nation", "published")
    code, out = ask("edit 7 | date=January 2020 | title=A speech")
    assert code == 0 and "Edited event #7" in out, out
    assert _stored(db, 7) == ("2020-01-01", None, "month", "A speech", "published")
    entry = int(re.findall(r"undo (\d+)", out)[-1])
    code, out = ask("history 7")
    assert "date: 8 January 2020 → January 2020" in out, out
    assert "title: “Speech to the nation” → “A speech”" in out
    code, out = ask("audit 2")
    assert f"Entry {entry}:" in out and "#7 edit by console:" in out, out
    code, out = ask("edit 7 | date=3-8 January 2020")
    assert _stored(db, 7) == ("2020-01-03", "2020-01-08", "day", "A speech", "published")
    code, out = ask(f"undo {entry}")
    assert code != 0 and "has changed since entry" in out, out
    code, out = ask(f"undo {entry + 1}")
    assert code == 0, out
    assert _stored(db, 7) == ("2020-01-01", None, "month", "A speech", "published")
    code, out = ask("delete 7", role="member")
    assert code != 0 and "Not allowed" in out and "moderators" in out, out
    code, out = ask("delete 7")
    assert code == 0 and _stored(db, 7)[-1] == "retracted", out
