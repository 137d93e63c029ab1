"""Dateline's CSV: RFC 4180 as Python's csv module reads it, every field read back, cells
a spreadsheet would run defused, and every bad row named by the line it starts on."""

from __future__ import annotations

import csv
import io
import time

import pytest

from adapters.formats import csv_format
from adapters.formats.rows import MAX_DETAILED, FormatError
from tests.adapters.formats.format_events import EVENTS, content, stored

HEADER = "date,title,end,summary,tags,status,source_1_publisher,source_1_url\n"


def test_an_export_reads_back_as_the_same_events() -> None:
    result = csv_format.load(csv_format.dump(stored()))
    assert result.bad_rows == []
    assert result.events == [content(event) for event in EVENTS]


def test_an_export_is_rfc_4180_with_one_row_per_event_and_documented_columns() -> None:
    text = csv_format.dump(stored())
    # Records end in CRLF; the one line break inside a (quoted) summary is the summary's.
    assert text.endswith("\r\n") and text.count("\r\n") == len(EVENTS) + 1
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:8] == list(csv_format.COLUMNS)
    assert rows[0][8:] == [f"source_{n}_{f}" for n in (1, 2) for f in csv_format.SOURCE_FIELDS]
    assert len(rows) == len(EVENTS) + 1
    assert rows[1][:4] == ["1", "2020-01-03", "", "US drone strike kills Qasem Soleimani"]
    assert rows[3][1:3] == ["2001", "2003"]


def test_cells_a_spreadsheet_would_run_are_written_as_text() -> None:
    rows = list(csv.reader(io.StringIO(csv_format.dump(stored()), newline="")))
    formula = rows[6]
    assert formula[3].startswith("'=HYPERLINK")
    assert (formula[4], formula[5]) == ("'-2+3", "'@home")
    assert rows[7][6] == "''=quoted"  # already an apostrophe: one more, taken off on import


def test_control_characters_are_dropped_but_line_breaks_and_tabs_kept() -> None:
    text = HEADER + '2020-01-01,"Ti\x1b[31mtle\x07",,"a\r\nb\tc\x9b\x00"\n'
    [event] = csv_format.load(text).events
    assert (event.title, event.summary) == ("Ti[31mtle", "a\nb\tc")


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2021-02-31,Bad day", "date '2021-02-31': February 2021 has no day 31"),
        ("0000-01-01,Year zero", "there is no year 0"),
        ("2020-13,Bad month", "there is no month 13"),
        ("7/1/2020,US style", "'7/1/2020' is not a date in the form YYYY-MM-DD"),
        (",No date", "date is empty"),
        ("2020-01-06,", "title is empty"),
        ("2020-01-06,T,2020-01,", "a range's start and end must have the same precision"),
        ("2020-01-06,T,2020-01-01", "an event's end cannot come before its start"),
        ("2020-01-06,T,,,,secret", "status 'secret' is not one of draft, published"),
        ("2020-01-06,T,,,,,,https://x.example", "source 1: publisher is empty"),
        ("2020-01-06,T,,,,,P,javascript:alert(1)", "is not a web address"),
        ("2020-01-06,T,,,,,P,u,extra", "has 9 cells; the header has 8"),
        ("2020-01-06," + "x" * 1001, "title is longer than 1,000 characters"),
    ],
)
def test_a_bad_row_is_named_by_its_line_and_why(row: str, reason: str) -> None:
    result = csv_format.load(HEADER + "2020-01-01,Good\n" + row + "\n")
    [bad] = result.bad_rows
    assert (bad.line, bad.record) == (3, 2)
    assert reason in bad.reason
    assert [event.title for event in result.events] == ["Good"]


def test_line_numbers_count_the_lines_of_quoted_multi_line_cells() -> None:
    text = HEADER + '2020-01-01,Good,,"one\ntwo\nthree"\n\n2020-02-30,Bad\n'
    result = csv_format.load(text)
    assert [(bad.line, bad.record) for bad in result.bad_rows] == [(6, 2)]
    assert result.skipped_blank == 1


def test_every_bad_row_is_reported_not_only_the_first() -> None:
    text = HEADER + "".join(f"2020-02-3{n % 2},Row {n}\n" for n in range(10))
    result = csv_format.load(text)
    assert [bad.line for bad in result.bad_rows] == list(range(2, 12))
    assert result.bad_count == 10 and result.events == []


@pytest.mark.parametrize(
    ("header", "missing"),
    [("title,summary\n", "missing column date"), ("Datum,Titel\n", "missing columns date, title")],
)
def test_a_header_without_the_required_columns_is_refused_whole(header: str, missing: str) -> None:
    with pytest.raises(FormatError, match=missing) as caught:
        csv_format.load(header + "2020-01-01,x\n")
    assert caught.value.line == 1


def test_a_column_named_twice_is_refused() -> None:
    with pytest.raises(FormatError, match="names title more than once"):
        csv_format.load("date,title,Title\n2020-01-01,a,b\n")


def test_unknown_columns_are_ignored_and_said_and_names_read_in_any_case() -> None:
    result = csv_format.load(" Date ,TITLE,Notes\n2020-01-01,Kept,ignored\n")
    assert [event.title for event in result.events] == ["Kept"]
    assert result.notes == ["ignored unknown columns: 'notes'"]


def test_a_million_empty_rows_finish_quickly_and_are_only_counted() -> None:
    started = time.monotonic()
    result = csv_format.load("date,title\n" + ",\n" * 1_000_000)
    assert time.monotonic() - started < 10
    assert (result.skipped_blank, result.events, result.bad_count) == (1_000_000, [], 0)


def test_a_flood_of_bad_rows_keeps_only_the_first_in_detail() -> None:
    result = csv_format.load("date,title\n" + "x,\n" * (MAX_DETAILED + 500))
    assert len(result.bad_rows) == MAX_DETAILED
    assert result.bad_count == MAX_DETAILED + 500
    assert result.last_bad_line == MAX_DETAILED + 501


def test_an_unterminated_quote_is_a_bad_row_not_a_crash() -> None:
    result = csv_format.load('date,title\n2020-01-01,ok\n2020-01-02,"never closed\n')
    assert [event.title for event in result.events] == ["ok"]
    assert [bad.line for bad in result.bad_rows] == [3]
    assert "not readable as CSV" in result.bad_rows[0].reason
