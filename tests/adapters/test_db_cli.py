"""``dateline db backup`` and ``dateline db check`` on real database files: one summary
line, refusals in one safe line with their exit codes, a backup taken while another
process holds the database open in the middle of a write, and checks that name the
problem and exit 3."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.cli import main
from storage import open_store
from storage.maintenance import known_version
from tests.adapters.test_cli import dateline

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A finished sample store (six events), closed; no ``DATELINE_DB`` in the way."""
    monkeypatch.delenv("DATELINE_DB", raising=False)
    path = tmp_path / "live.sqlite3"

    async def make() -> None:
        await (await open_store(path, sample=True, now=NOW)).close()

    asyncio.run(make())
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["db", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_prints_one_summary_line_and_the_copy_checks_clean(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "backup", str(tmp_path / "copy.sqlite3"), "--db", str(source))
    assert (code, err) == (0, "")
    assert re.fullmatch(
        rf"Backed up to {re.escape(str(tmp_path))}/copy\.sqlite3: \d+\.\d KiB, 6 events, "
        rf"schema version {known_version()}, in \d+\.\d\d s; the copy passed its integrity "
        r"check\.\n",
        out,
    )
    code, out, err = run(capsys, "check", "--db", str(tmp_path / "copy.sqlite3"))
    assert (code, err) == (0, "")
    assert out.endswith(f"No problems found (schema version {known_version()}).\n")


def test_backup_reads_the_database_from_dateline_db(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATELINE_DB", str(source))
    code, out, _ = run(capsys, "backup", str(tmp_path / "copy.sqlite3"))
    assert code == 0 and ", 6 events," in out


def test_refusals_are_one_safe_line_with_exit_code_2(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "old.sqlite3").write_text("last week")
    (tmp_path / "alias.sqlite3").symlink_to(source)
    for path, said in (
        (tmp_path / "old.sqlite3", "already exists (add --force to replace it)"),
        (tmp_path / "alias.sqlite3", "is the database being backed up"),
        (tmp_path / "no\x1b]0;pwned\x07" / "b.sqlite3", "there is no folder"),
    ):
        code, out, err = run(capsys, "backup", str(path), "--db", str(source))
        assert (code, out) == (2, ""), err
        assert err.startswith("dateline db backup: refused: ") and said in err
        assert err.count("\n") == 1 and "\x1b" not in err and "\x07" not in err
    assert "no\\x1b]0;pwned\\x07" in err
    assert (tmp_path / "old.sqlite3").read_text() == "last week"


def test_a_database_that_cannot_be_opened_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("not a database, " * 100)
    for verb in (["check"], ["backup", str(tmp_path / "b.sqlite3")]):
        code, _, err = run(capsys, *verb, "--db", str(tmp_path / "missing.sqlite3"))
        assert code == 1 and err.endswith("missing.sqlite3: there is no such file\n")
        code, _, err = run(capsys, *verb, "--db", str(tmp_path / "notes.txt"))
        assert code == 1 and err.endswith("notes.txt: file is not a database\n")
    assert not (tmp_path / "b.sqlite3").exists()


def test_check_names_rows_that_refer_to_missing_events_and_exits_3(
    source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = sqlite3.connect(source, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")  # as a careless hand edit would
    conn.execute("INSERT INTO changes (id, event_id, actor, at, action) VALUES (77, 999, 'a', "
                 "'2024-01-01', 'edit')")
    conn.close()
    code, out, err = run(capsys, "check", "--db", str(source))
    assert (code, err) == (3, "")
    assert ("Problem: table changes, row 77: event_id refers to a row of events that does not "
            "exist.\n1 problem found.\n") in out


def test_backup_succeeds_while_another_process_is_midway_through_a_write(
    source: Path, tmp_path: Path
) -> None:
    """The write transaction stays open for the whole backup, in this process; the
    backup runs in another, and copies what was committed before it."""
    writer = sqlite3.connect(source, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO changes (id, actor, at, action) VALUES (5000, 'w', 'now', 'x')")
    try:
        done = dateline("db", "backup", str(tmp_path / "copy.sqlite3"), "--db", str(source))
        assert done.returncode == 0, done.stderr
        writer.execute("COMMIT")  # and the write it went round still commits
    finally:
        writer.close()
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("SELECT count(*) FROM changes WHERE id = 5000").fetchone() == (0,)
    copy.close()
    checked = dateline("db", "check", "--db", str(tmp_path / "copy.sqlite3"))
    assert checked.returncode == 0, checked.stdout


def test_db_is_listed_in_the_help_and_explains_itself() -> None:
    assert "back up the database while Dateline runs, or check it" in dateline("-h").stdout
    done = dateline("db", "backup", "-h")
    assert done.returncode == 0 and "--force" in done.stdout and "--db SOURCE" in done.stdout
