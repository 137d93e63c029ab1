"""``dateline ingest`` queues its candidates in the store named by ``--db``: the same
article twice adds nothing, ``--auto-publish`` publishes those at or above the
threshold (audited as the console's user), and ``--dry-run`` opens no store."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date
from pathlib import Path

from adapters.ingest_cli import main

TODAY = date(2020, 1, 20)
ARTICLE = ("A US drone strike near Baghdad airport killed the Iranian general Qassem Soleimani "
           "on 3 January 2020. Five days later, on 8 January 2020, Iran fired ballistic "
           "missiles at the Ain al-Asad base in western Iraq.\n")
EMPTY = {"DATELINE_SAMPLE": "0"}


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["-", *argv], io.BytesIO(ARTICLE.encode()), out, err, TODAY, env=EMPTY)
    return code, out.getvalue(), err.getvalue()


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(sql))


def test_ingest_queues_once(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    code, out, err = run(["--db", str(db)])
    assert code == 0, err
    assert out.rstrip().endswith("queued 2 for review (0 match existing events, 0 already queued)")
    code, out, _ = run(["--db", str(db), "--json"])
    assert code == 0
    payload = json.loads(out)
    assert payload["queued"] is True
    assert payload["notes"][-1] == "queued 0 for review (0 match existing events, 2 already queued)"
    assert rows(db, "SELECT status, COUNT(*) FROM candidates GROUP BY status") == [("pending", 2)]


def test_auto_publish_publishes_at_or_above_the_threshold(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    code, out, err = run(["--db", str(db), "--auto-publish", "0.9"])
    assert code == 0, err
    assert "queued 2 for review" in out and "auto-published 1" in out
    assert rows(db, "SELECT title, status FROM events") == [
        ("A US drone strike near Baghdad airport killed the Iranian general Qassem Soleimani",
         "published")]
    assert rows(db, "SELECT action, actor FROM changes") == [("approve", "console:local")]


def test_a_bad_threshold_and_a_dry_run(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    code, _, err = run(["--db", str(db), "--auto-publish", "1.5"])
    assert code == 2 and "confidence from 0 to 1" in err
    code, out, _ = run(["--db", str(db), "--dry-run"])
    assert code == 0 and "dry run: nothing queued" in out
    assert not db.exists()
