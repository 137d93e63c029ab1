"""What a format's ``load`` returns, shared by every format: the events read (each with
the line it starts on), the rows that could not be read and why, and notes about the
file as a whole; and the two errors a load can raise or record.

A load never stops at a bad row: it records it and goes on, so an import can name every
bad row at once. Only a problem with the whole file (not UTF-8, not the format, missing
columns, too big) stops it, as ``FormatError``. Bad rows are kept in detail up to
``MAX_DETAILED``; beyond that only counted, so a file of a million bad rows costs no
more memory than one of a thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.model import Event

#: Bad rows kept with their reasons; the rest are counted (with the last one's line).
MAX_DETAILED = 1000
#: The most events one file may hold: a bigger import is best split (and would hold
#: every event in memory at once).
MAX_EVENTS = 250_000


class FormatError(ValueError):
    """The file as a whole cannot be read: nothing of it is imported."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason if line is None else f"line {line}: {reason}")
        self.reason = reason
        self.line = line


class RowError(ValueError):
    """One record cannot be read; ``str()`` says why, in words."""


@dataclass(frozen=True, slots=True)
class BadRow:
    """A record that was not read: ``line`` is where it starts in the file (1-based),
    ``record`` its position among the file's records (1-based)."""

    line: int
    record: int
    reason: str


@dataclass(frozen=True, slots=True)
class Loaded:
    """An event read from a file, with the line its record starts on."""

    line: int
    event: Event


@dataclass(slots=True)
class LoadResult:
    """Everything ``load`` read from one file."""

    loaded: list[Loaded] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    bad_count: int = 0  # every bad row, including those not kept in ``bad_rows``
    last_bad_line: int = 0
    skipped_blank: int = 0  # rows with no value at all, skipped without a word
    notes: list[str] = field(default_factory=list)

    @property
    def events(self) -> list[Event]:
        return [item.event for item in self.loaded]

    def add(self, line: int, event: Event) -> None:
        if len(self.loaded) >= MAX_EVENTS:
            raise FormatError(
                f"the file holds more than {MAX_EVENTS:,} events; split it into smaller files",
                line,
            )
        self.loaded.append(Loaded(line, event))

    def bad(self, line: int, record: int, reason: str) -> None:
        self.bad_count += 1
        self.last_bad_line = line
        if len(self.bad_rows) < MAX_DETAILED:
            self.bad_rows.append(BadRow(line, record, reason))


def line_of(text: str, offset: int, *, start: int = 0, line: int = 1) -> int:
    """The 1-based line of ``text[offset]``, counting on from ``line`` at ``start``."""
    return line + text.count("\n", start, offset)


def read_records(
    records: Iterable[tuple[int, Any]], parse: Callable[[Any], Event]
) -> LoadResult:
    """Each record of a JSON file (with the line it starts on) read into an event by
    ``parse``, or kept as a bad row with what ``parse`` found wrong."""
    result = LoadResult()
    for record, (line, item) in enumerate(records, start=1):
        try:
            result.add(line, parse(item))
        except RowError as exc:
            result.bad(line, record, str(exc))
    return result
