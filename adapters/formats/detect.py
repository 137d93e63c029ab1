"""Reading an import file: its bytes (at most ``MAX_BYTES``), as text, its format when
none was given, and its events with the format's ``load``.

Files must be UTF-8 (a byte-order mark, as Excel writes, is allowed and dropped). Any
other encoding is refused with the line and byte where the first undecodable byte is,
rather than guessed: a wrong guess would store mangled names without a word.

The format is told from the content, not the file name: JSON that has ``start_date`` is
TimelineJS, other JSON Dateline's; a calendar is iCalendar; otherwise the first CSV
row decides (``Year`` and ``Headline``: the TimelineJS sheet; ``date`` and ``title``:
Dateline's CSV).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import BinaryIO

from adapters.formats import csv_format, json_format, timelinejs, timelinejs_csv
from adapters.formats.rows import FormatError, LoadResult

#: Beyond this an import is refused before it is read: the file would be held in
#: memory whole (twice, as bytes and as text).
MAX_BYTES = 256 * 1024 * 1024
_PEEK = 64 * 1024
_TIMELINEJS = re.compile(r'"start_date"\s*:')
_OTHER_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}
_SAVE_AS = "save it as UTF-8 (in Excel: CSV UTF-8) and import it again"


def read(stream: BinaryIO, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes, refused (before they fill memory) when there are more than ``limit``."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise FormatError(f"larger than {limit / 2**20:g} MiB; split it into smaller files")
    return data


def decode(data: bytes) -> str:
    """The file's text; ``FormatError`` when it is not UTF-8 or not text at all."""
    for bom, name in _OTHER_BOMS.items():  # UTF-32 first: its LE mark starts as UTF-16's
        if data.startswith(bom):
            raise FormatError(f"the file is {name}, not UTF-8: {_SAVE_AS}", 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FormatError(
            f"the file is not UTF-8: byte {data[exc.start]:#04x} (byte {column} of the line, "
            f"{exc.start + 1:,} of the file) is not UTF-8; {_SAVE_AS}",
            line,
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise FormatError("the file holds NUL characters: it is not a text file", line)
    return text


def guess(text: str) -> str:
    """The format's name (as ``--format`` spells it); ``FormatError`` when it cannot tell."""
    head = text[:_PEEK].lstrip()
    if head.startswith(("{", "[")):
        return "timelinejs" if _TIMELINEJS.search(head) else "json"
    if head.upper().startswith("BEGIN:VCALENDAR"):
        return "ics"
    names = {" ".join(cell.split()).lower() for cell in _first_row(head)}
    if {"year", "headline"} <= names:
        return "timelinejs-csv"
    if {"date", "title"} <= names:
        return "csv"
    raise FormatError(
        "cannot tell the file's format: it is not JSON, and its first line is not a CSV "
        "header with the columns date and title (Dateline's CSV) or Year and Headline "
        "(a TimelineJS sheet); give --format",
        1,
    )


def load(name: str, text: str) -> LoadResult:
    """The events of ``text`` read as format ``name`` (one of ``IMPORT_FORMATS``)."""
    loads = {"csv": csv_format.load, "json": json_format.load,
             "timelinejs": timelinejs.load, "timelinejs-csv": timelinejs_csv.load}
    return loads[name](text)


def _first_row(head: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(head, newline="")), [])
    except csv.Error:
        return []
