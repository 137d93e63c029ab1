"""``dateline export`` and ``dateline import`` on real database files: a JSON round trip
through an empty store gives the same file, bad files are refused with every bad row and
nothing imported, duplicates are skipped and named, and the exit codes."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from adapters.cli import main
from bot.model import Event, EventDate, Source, Status
from storage import SqliteEventStore, open_store
from tests.adapters.formats.format_events import STAMP
from tests.adapters.test_cli import ROOT, dateline, environment

EXTRA = (
    Event(EventDate.parse("2021-06-01"), "A draft with a link", status=Status.DRAFT,
          sources=(Source("Gazette", "Story", "https://news.example/a", None, "q"),)),
    Event(EventDate.parse("2020-02-29"), "Leap-day vote", tags=("vote",)),
)


@pytest.fixture(autouse=True)
def no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("DATELINE_")]:
        monkeypatch.delenv(name)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A store with the sample timeline, a draft and a leap-day event, closed."""
    path = tmp_path / "source.sqlite3"

    async def make() -> None:
        store = await open_store(path, sample=True, now=STAMP)
        await store.import_events(EXTRA, "test:u1", STAMP)
        await store.close()

    asyncio.run(make())
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def count(path: Path) -> int:
    async def read() -> int:
        store = await SqliteEventStore.open(path)
        try:
            return await store.count()
        finally:
            await store.close()

    return asyncio.run(read())


def without_stored(document: dict[str, Any]) -> dict[str, Any]:
    return {**document, "events": [
        {k: v for k, v in e.items() if k != "stored"} for e in document["events"]
    ]}


def test_json_exported_imported_into_an_empty_store_and_exported_again_is_the_same_file(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, again, empty = tmp_path / "first.json", tmp_path / "again.json", tmp_path / "e.db"
    assert run(capsys, "export", "--format", "json", "--content-only", "--db", str(source),
               "-o", str(first))[0] == 0
    monkeypatch.setenv("DATELINE_SAMPLE", "0")
    code, out, err = run(capsys, "import", str(first), "--db", str(empty))
    assert (code, err) == (0, "")
    assert out.startswith(f"Imported 8 events from {first} (json) in ")
    run(capsys, "export", "--format", "json", "--content-only", "--db", str(empty),
        "-o", str(again))
    assert again.read_bytes() == first.read_bytes()


def test_a_full_json_round_trip_differs_only_in_what_the_store_knows(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, again, empty = tmp_path / "first.json", tmp_path / "again.json", tmp_path / "e.db"
    run(capsys, "export", "--format", "json", "--db", str(source), "-o", str(first))
    full = json.loads(first.read_text("utf-8"))
    del full["history"]  # without it, the file is no backup: an ordinary import
    first.write_text(json.dumps(full, indent=2), encoding="utf-8")
    monkeypatch.setenv("DATELINE_SAMPLE", "0")
    run(capsys, "import", str(first), "--db", str(empty))
    run(capsys, "export", "--format", "json", "--db", str(empty), "-o", str(again))
    before, after = (json.loads(p.read_text("utf-8")) for p in (first, again))
    assert without_stored(after) == {**without_stored(before), "history": after["history"]}
    assert {e["action"] for e in after["history"]} == {"import"}
    assert {e["stored"]["created_by"] for e in after["events"]} == {"console:local"}
    assert before["events"][0]["stored"]["created_by"] == "system:sample"


BAD_CSV = (
    "date,title,summary\n"
    "2020-01-01,Good one,\n"
    "2021-02-31,Thirty-first of February,\n"
    "0000-05-05,Year zero,\n"
    '2020-01-02,"Multi\nline title",\n'
    "\x1b[2J,Escape in the date,\n"
)


def test_a_csv_with_bad_rows_names_every_one_and_imports_nothing(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    code, out, err = run(capsys, "import", str(bad), "--db", str(source))
    assert (code, out) == (3, "")
    assert err.splitlines() == [
        "line 3: date '2021-02-31': February 2021 has no day 31",
        "line 4: date '0000-05-05': there is no year 0 (1 BC is followed by AD 1)",
        "line 7: date '[2J' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY",
        f"dateline import: 3 bad rows in {bad}; nothing was imported (correct them, or "
        "import the other 2 events with --skip-bad)",
    ]
    assert count(source) == 8


def test_skip_bad_imports_the_good_rows_and_counts_the_bad(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    code, out, _ = run(capsys, "import", str(bad), "--skip-bad", "--db", str(source))
    assert code == 0
    assert out.startswith(f"Imported 2 events from {bad} (csv) in ")
    assert out.endswith("; skipped 3 bad rows.\n")
    assert count(source) == 10


def test_importing_what_the_store_has_skips_every_duplicate_and_says_which(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "all.csv"
    run(capsys, "export", "--format", "csv", "--db", str(source), "-o", str(exported))
    code, out, err = run(capsys, "import", str(exported), "--db", str(source))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        "line 2: skipped “IRGC intelligence chief alleges an Israeli-Western plot aga…”, "
        "a duplicate of event #1 (the same date and title)"
    )
    assert len(lines) == 9
    assert lines[-1].endswith("; skipped 8 duplicates.")
    assert count(source) == 8


def test_a_dry_run_reports_what_it_would_import_and_writes_nothing(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new.csv"
    new.write_text("date,title\n2022-02-02,New\n2020-01-03,US drone strike kills Qasem "
                   "Soleimani at Baghdad airport\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(new), "--dry-run", "--db", str(source))
    assert code == 0
    assert out.splitlines()[-1] == (
        f"Would import 1 event from {new} (csv); skipped 1 duplicate; nothing was written."
    )
    assert count(source) == 8


def test_exports_for_readers_hold_published_events_and_the_others_every_event(
    source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "export", "--format", "csv", "--db", str(source))
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert (code, len(rows)) == (0, 8)
    assert [r["status"] for r in rows].count("draft") == 1
    assert err == "Exported 8 events to standard output (csv).\n"
    code, out, err = run(capsys, "export", "--format", "timelinejs", "--db", str(source))
    assert len(json.loads(out)["events"]) == 7
    assert err == "Exported 7 of 8 events (the published ones) to standard output (timelinejs).\n"


def test_an_ics_export_is_a_calendar_of_published_day_events(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "dateline.ics"
    code, out, _ = run(capsys, "export", "--format", "ics", "--db", str(source), "-o",
                       str(target))
    assert code == 0
    assert out == (f"Exported 4 of 8 events (the published ones with a day) to {target} (ics).\n")
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    leap = next(e for e in events if str(e["summary"]) == "Leap-day vote (2020)")
    assert leap["rrule"].to_ical() == b"FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export", "--format", "json", "--db", "{tmp}/none.sqlite3"], 1,
         "dateline export: there is no database at {tmp}/none.sqlite3"),
        (["export", "--format", "json", "--db", "{tmp}/no/such/x.sqlite3"], 1,
         "there is no folder {tmp}/no/such"),
        (["import", "{tmp}/missing.csv", "--db", "{db}"], 2,
         "dateline import: cannot read {tmp}/missing.csv: No such file or directory"),
        (["import", "{tmp}/cal.ics", "--db", "{db}"], 2,
         "is an iCalendar file; those can be exported, not imported"),
        (["import", "{tmp}/latin.csv", "--db", "{db}"], 3,
         "line 2: the file is not UTF-8: byte 0xe9 (byte 15 of the line"),
        (["import", "{tmp}/empty.csv", "--db", "{db}"], 3,
         "holds no events (3 empty rows); nothing was imported"),
        (["export", "--format", "json", "--db", "{db}", "-o", "{tmp}/no/x.json"], 3,
         "dateline export: cannot write {tmp}/no/x.json: No such file or directory"),
        (["export", "--format", "xml", "--db", "{db}"], 2, "invalid choice: 'xml'"),
        (["export", "--format", "csv", "--content-only", "--db", "{db}"], 2,
         "--content-only is for --format json"),
    ],
)
def test_refusals_say_why_in_one_line_with_their_exit_code(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    args: list[str], code: int, message: str,
) -> None:
    (tmp_path / "cal.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    (tmp_path / "latin.csv").write_bytes("date,title\n2020-01-01,Café\n".encode("latin-1"))
    (tmp_path / "empty.csv").write_text("date,title\n,\n\n,\n")
    filled = [a.format(tmp=tmp_path, db=source) for a in args]
    found, _, err = run(capsys, *filled)
    assert found == code
    assert message.format(tmp=tmp_path) in err
    assert count(source) == 8
    assert not [p for p in tmp_path.rglob("*.partial")]


def test_piped_output_gets_one_summary_line_and_no_progress_bar(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "many.csv"
    file.write_text("date,title\n" + "".join(f"2020-01-01,Event {n}\n" for n in range(2500)))
    done = dateline("import", str(file), db=tmp_path / "new.db", env={"DATELINE_SAMPLE": "0"})
    assert (done.returncode, done.stderr) == (0, "")
    assert len(done.stdout.splitlines()) == 1
    assert done.stdout.startswith(f"Imported 2,500 events from {file} (csv) in ")


def test_a_terminal_sees_a_progress_bar(tmp_path: Path) -> None:
    file = tmp_path / "many.csv"
    file.write_text("date,title\n" + "".join(f"2020-01-01,Event {n}\n" for n in range(4500)))
    leader, follower = pty.openpty()
    env = environment(tmp_path / "new.db", {"DATELINE_SAMPLE": "0"})
    with subprocess.Popen([sys.executable, "-m", "adapters.cli", "import", str(file)],
                          cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=follower) as child:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end was closed: the child is done
                break
            if not chunk:
                break
            shown += chunk
        assert child.wait(timeout=60) == 0, shown
    os.close(leader)
    assert b"dateline" not in shown, shown
    assert b"\rImporting [#############-----------------] 2,000/4,500 events" in shown
    assert b"dateline" not in shown, shown
    assert b"\rImporting [##############################] 4,500/4,500 events" in shown
