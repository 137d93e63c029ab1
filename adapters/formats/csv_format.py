"""Dateline's CSV: one event per row, RFC 4180 (Python's ``csv`` module), UTF-8.

Columns, in this order on export (an import needs ``date`` and ``title``; the others
may be left out, and their order does not matter; column names are read in any case):

========================  ================================================================
``id``                    the event's number in the exporting store (ignored on import)
``date``                  ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (day, month, year precision)
``end``                   last day (month, year) of a range, same precision; else empty
``title``                 required
``summary``, ``place``    text; a summary may span lines (quoted, as RFC 4180 allows)
``tags``                  separated by ``;``
``status``                ``published`` (the default when empty), ``draft`` or ``rejected``
``source_N_publisher``    the Nth source (N = 1, 2 …): ``publisher`` (required if any of
``source_N_title``        the source's cells is filled), ``title``, ``url`` (http or
``source_N_url``          https), ``published`` (``YYYY-MM-DD``) and ``quote``; an export
``source_N_published``    has as many groups as the event with the most sources needs
``source_N_quote``        (one at least)
========================  ================================================================

Cells a spreadsheet would run as formulas are written with a leading apostrophe and read
back without it (``adapters.formats.spreadsheet``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from adapters.formats import fields, spreadsheet
from adapters.formats.rows import FormatError, LoadResult, RowError
from bot.model import Event, Source

COLUMNS = ("id", "date", "end", "title", "summary", "place", "tags", "status")
SOURCE_FIELDS = ("publisher", "title", "url", "published", "quote")
REQUIRED = ("date", "title")
TAG_SEPARATOR = ";"
_SOURCE_COLUMN = re.compile(r"source_([1-9]\d{0,2})_(" + "|".join(SOURCE_FIELDS) + ")")


def dump(events: Sequence[Event]) -> str:
    return "".join(pieces(events, source_groups(events)))


def source_groups(events: Iterable[Event]) -> int:
    """How many groups of source columns ``events`` need (one at least)."""
    return max([1, *(len(event.sources) for event in events)])


def pieces(events: Iterable[Event], groups: int) -> Iterator[str]:
    """The file a record at a time, with ``groups`` groups of source columns."""
    header = [*COLUMNS, *(f"source_{n}_{f}" for n in range(1, groups + 1) for f in SOURCE_FIELDS)]
    return spreadsheet.lines(header, (_row(event, groups) for event in events))


def _row(event: Event, groups: int) -> list[str]:
    cells = [
        "" if event.id is None else str(event.id),
        event.date.iso(),
        event.date.end_iso() or "",
        event.title,
        event.summary,
        event.place,
        f"{TAG_SEPARATOR} ".join(event.tags),
        event.status.value,
    ]
    for position in range(groups):
        cells += _source_cells(event.sources[position] if position < len(event.sources) else None)
    return cells


def _source_cells(source: Source | None) -> list[str]:
    if source is None:
        return [""] * len(SOURCE_FIELDS)
    published = "" if source.published is None else source.published.isoformat()
    return [source.publisher, source.title, source.url or "", published, source.quote or ""]


def _column_name(cell: str) -> str:
    return "_".join(cell.strip().lower().split())


def load(text: str) -> LoadResult:
    result = LoadResult()
    table = spreadsheet.read(text, result, _column_name)
    sources = _check_header(table.header, result)
    for row in table.rows:
        try:
            result.add(row.line, _event(row.cells, sources))
        except RowError as exc:
            result.bad(row.line, row.record, str(exc))
    return result


def _check_header(header: tuple[str, ...], result: LoadResult) -> list[int]:
    """The source numbers the header has columns for; refuses a header without the
    required columns, or with a column twice."""
    twice = sorted({name for name in header if name and header.count(name) > 1})
    if twice:
        raise FormatError(f"the header names {', '.join(twice)} more than once", 1)
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise FormatError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}: a Dateline "
            f"CSV needs {' and '.join(REQUIRED)} (its columns: {', '.join(COLUMNS)}, "
            "source_1_publisher …)",
            1,
        )
    numbers = {int(m.group(1)) for name in header if (m := _SOURCE_COLUMN.fullmatch(name))}
    unknown = [n for n in header if n not in COLUMNS and not _SOURCE_COLUMN.fullmatch(n)]
    if unknown:
        result.notes.append(f"ignored unknown columns: {', '.join(map(fields.shown, unknown))}")
    return sorted(numbers)


def _event(cells: dict[str, str], source_numbers: list[int]) -> Event:
    return Event(
        date=fields.event_date(cells["date"], cells.get("end")),
        title=fields.text(cells["title"], "title", required=True),
        summary=fields.text(cells.get("summary"), "summary"),
        place=fields.text(cells.get("place"), "place"),
        tags=fields.tags(cells.get("tags", "").split(TAG_SEPARATOR)),
        status=fields.status(cells.get("status")),
        sources=_sources(cells, source_numbers),
    )


def _sources(cells: dict[str, str], numbers: list[int]) -> tuple[Source, ...]:
    found = []
    for number in numbers:
        values = [cells.get(f"source_{number}_{name}", "") for name in SOURCE_FIELDS]
        if any(value.strip() for value in values):
            found.append(fields.source(*values, position=number))
    if len(found) > fields.MAX_SOURCES:
        raise RowError(f"more than {fields.MAX_SOURCES} sources")
    return tuple(found)
