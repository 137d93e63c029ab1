"""The TimelineJS Google Sheet, as CSV: the template's columns, one slide per row
(https://timeline.knightlab.com/docs/using-spreadsheets.html).

Columns: Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display Date,
Headline, Text, Media, Media Credit, Media Caption, Media Thumbnail, Type, Group,
Background. An export fills the published events' dates (Month and Day left empty for
month and year precision), Headline and Text (escaped HTML, as ``timelinejs``), Media,
Media Credit and Media Caption from the first source with a web address, and Group from
the first tag; the rest stay empty. An import needs Year and Headline (column names in
any case); rows of Type ``title`` or ``era`` are not events and are skipped, and times of
day are not kept. Cells a spreadsheet would run as formulas are defused as in Dateline's
CSV.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from adapters.formats import html_text, spreadsheet, timelinejs
from adapters.formats.rows import FormatError, LoadResult, RowError
from bot.model import Event, Precision

COLUMNS = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background",
)
REQUIRED = ("Year", "Headline")
_CANONICAL = {name.lower(): name for name in COLUMNS}
_NOT_EVENTS = frozenset({"title", "era"})


def dump(events: Sequence[Event]) -> str:
    return "".join(pieces(events))


def pieces(events: Iterable[Event]) -> Iterator[str]:
    """The file a row at a time; only the events ``timelinejs.includes``."""
    return spreadsheet.lines(COLUMNS, (_row(e) for e in events if timelinejs.includes(e)))


def _row(event: Event) -> list[str]:
    cells = dict.fromkeys(COLUMNS, "")
    when = event.date
    cells.update(_date_cells("", when.start, when.precision))
    if when.end is not None:
        cells.update(_date_cells("End ", when.end, when.precision))
    cells["Headline"] = html_text.to_html(event.title)
    cells["Text"] = html_text.to_html(event.summary)
    media = timelinejs.media_source(event)
    if media is not None:
        cells["Media"] = media.url or ""
        cells["Media Credit"] = html_text.to_html(media.publisher)
        cells["Media Caption"] = html_text.to_html(media.title)
    cells["Group"] = event.tags[0] if event.tags else ""
    return [cells[name] for name in COLUMNS]


def _date_cells(prefix: str, day: date, precision: Precision) -> dict[str, str]:
    return {
        f"{prefix}Year": str(day.year),
        f"{prefix}Month": "" if precision is Precision.YEAR else str(day.month),
        f"{prefix}Day": str(day.day) if precision is Precision.DAY else "",
    }


def _column_name(cell: str) -> str:
    name = " ".join(cell.split())
    return _CANONICAL.get(name.lower(), name)


def load(text: str) -> LoadResult:
    result = LoadResult()
    table = spreadsheet.read(text, result, _column_name)
    missing = [name for name in REQUIRED if name not in table.header]
    if missing:
        raise FormatError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}: a TimelineJS "
            f"sheet has the columns {', '.join(COLUMNS)}",
            1,
        )
    skipped = 0
    for row in table.rows:
        if row.cells.get("Type", "").strip().lower() in _NOT_EVENTS:
            skipped += 1
            continue
        try:
            result.add(row.line, _event(row.cells))
        except RowError as exc:
            result.bad(row.line, row.record, str(exc))
    if skipped:
        result.notes.append(f"skipped {skipped} title and era rows (they are not events)")
    return result


def _event(cells: dict[str, str]) -> Event:
    start = timelinejs.date_text(cells["Year"], cells.get("Month"), cells.get("Day"), "start")
    has_end = any(cells.get(f"End {part}", "").strip() for part in ("Year", "Month", "Day"))
    end = (
        timelinejs.date_text(
            cells.get("End Year"), cells.get("End Month"), cells.get("End Day"), "end"
        )
        if has_end
        else ""
    )
    return timelinejs.build(
        start,
        end,
        headline=cells["Headline"],
        text=cells.get("Text"),
        media=(cells.get("Media"), cells.get("Media Credit"), cells.get("Media Caption")),
        group=cells.get("Group"),
    )
