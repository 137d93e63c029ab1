"""CSV files as spreadsheets see them: writing rows (RFC 4180, through ``csv``) with cells
that a spreadsheet would run as formulas defused, and reading a header and its rows with
the line each row starts on, shared by Dateline's CSV and the TimelineJS sheet.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is a formula to Excel, LibreOffice
and Google Sheets, and event text comes from whoever may add events: such a cell is
written with a leading apostrophe, which spreadsheets show as text and hide. Reading
takes one apostrophe off such a cell again, so a CSV export reads back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from adapters.formats.rows import FormatError, LoadResult

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(cell: str) -> str:
    """``cell`` with an apostrophe in front if a spreadsheet would take it for a formula
    (also when it already starts with apostrophes, so that ``unguard`` is its inverse)."""
    return "'" + cell if cell.lstrip("'").startswith(_FORMULA_STARTS) else cell


def unguard(cell: str) -> str:
    defused = cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_STARTS)
    return cell[1:] if defused else cell


def lines(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """The header and rows as RFC 4180 CSV (CRLF line ends, quotes where needed), a
    record at a time."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([guard(cell) for cell in row])
        yield buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: the line it starts on, its position among the data rows, and its
    cells by column name (apostrophes taken off)."""

    line: int
    record: int
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: Iterator[Row]


def read(text: str, result: LoadResult, name: Callable[[str], str]) -> Table:
    """The header (each column's name through ``name``) and an iterator of the data
    rows. Blank rows, rows CSV cannot read and rows wider than the header go to ``result``
    as they are met, so memory stays bounded whatever the file holds."""
    records = _records(text)
    for line, cells, error in records:
        if error:
            raise FormatError(f"the first line is not CSV: {error}", line)
        if cells and any(cell.strip() for cell in cells):
            header = tuple(name(cell) for cell in cells)
            return Table(header, _rows(records, header, result))
    raise FormatError("the file is empty: there is no header row")


def _rows(
    records: Iterator[tuple[int, list[str], str]], header: tuple[str, ...], result: LoadResult
) -> Iterator[Row]:
    record = 0
    for line, cells, error in records:
        if not error and not any(cell.strip() for cell in cells):
            result.skipped_blank += 1
            continue
        record += 1
        if error:
            result.bad(line, record, f"not readable as CSV: {error}")
        elif len(cells) > len(header):
            result.bad(line, record, f"has {len(cells)} cells; the header has {len(header)}")
        else:  # trailing empty cells may be left out, as hand-written files often do
            padded = cells + [""] * (len(header) - len(cells))
            yield Row(line, record, dict(zip(header, map(unguard, padded), strict=True)))


def _records(text: str) -> Iterator[tuple[int, list[str], str]]:
    """(line the record starts on, its cells, or a reason it is not CSV)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    end = 0
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            end = reader.line_num
            yield start, [], str(exc)
            continue
        end = reader.line_num
        yield start, cells, ""
