"""``dateline ingest``: output, notes and the exit codes for every kind of refused input."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from adapters.cli import build_parser
from adapters.cli import main as dateline
from adapters.ingest_cli import MAX_BYTES, main

TODAY = date(2020, 1, 20)
ARTICLE = ("BAGHDAD (Wire) — A rocket hit the embassy compound on Tuesday, officials said.\n"
           "The ministers will meet next week.\n")


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, io.BytesIO(stdin), out, err, TODAY)
    return code, out.getvalue(), err.getvalue()


def test_a_file_prints_its_candidates_and_queues_them(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run([str(path), "--published", "2020-01-09",
                          "--db", str(tmp_path / "d.sqlite3")])
    assert code == 0, err
    assert out.startswith("2020-01-07 (day)  0.75  A rocket hit the embassy compound\n")
    assert "set aside: 'next week': a future plan, not a past event" in out
    assert out.rstrip().endswith(
        "queued 1 for review (0 match existing events, 0 already queued)")


def test_json_carries_the_source_and_dry_run_queues_nothing() -> None:
    code, out, _ = run(["-", "--published", "2020-01-09", "--publisher", "Wire",
                        "--title", "Rocket", "--url", "https://x.test/r", "--json",
                        "--dry-run"], ARTICLE.encode())
    assert code == 0
    payload = json.loads(out)
    (candidate,) = payload["candidates"]
    assert candidate["date"] == "2020-01-07" and candidate["precision"] == "day"
    assert candidate["source"] == {
        "publisher": "Wire", "title": "Rocket", "url": "https://x.test/r",
        "published": "2020-01-09",
        "quote": "BAGHDAD (Wire) — A rocket hit the embassy compound on Tuesday, officials said.",
    }
    assert payload["queued"] is False and "dry run: nothing queued" in payload["notes"]


def test_without_a_publication_date_relative_dates_are_refused_with_the_reason() -> None:
    code, out, _ = run(["-"], ARTICLE.encode())
    assert code == 1
    assert "no --published date: 2 relative date(s) such as 'Tuesday' were not resolved" in out
    assert "no dated events found in this article" in out


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["ftp://example.com/story"], b"", "only http and https URLs are fetched, not ftp"),
        (["-"], b"", "the article is empty"),
        (["-"], b"  \n\t", "the article is empty"),
        (["-"], b"\x89PNG\r\n\x1a\n\x00\x00", "binary data, not text"),
        (["-"], "caf\u00e9".encode("latin-1"), "not UTF-8 text (bad byte at offset 3)"),
        (["-"], b"x" * (MAX_BYTES + 1), "more than 5 MB"),
        (["-", "--published", "2020-02-01"], b"x", "is after today (2020-01-20)"),
        (["-", "--published", "12/01/2020"], b"x", "not a date in the form YYYY-MM-DD"),
        (["/no/such/article.txt"], b"", "no such file"),
        ([], b"", "the following arguments are required"),
    ],
)
def test_refused_input_exits_2_with_a_clear_message(
    argv: list[str], stdin: bytes, message: str
) -> None:
    code, _, err = run(argv, stdin)
    assert code == 2
    assert message in err


def test_an_article_with_no_dates_exits_1() -> None:
    code, out, _ = run(["-", "--published", "2020-01-09"], b"The talks went well.")
    assert code == 1
    assert "no dated events found" in out


def test_the_dateline_command_lists_and_routes_ingest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert "ingest" in build_parser().format_help()
    assert dateline(["ingest", str(path), "--published", "2020-01-09", "--dry-run"]) == 0
    assert "A rocket hit the embassy compound" in capsys.readouterr().out
