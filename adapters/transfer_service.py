"""Exports and imports of the store through ``adapters.formats``: the ``Transfers`` port
the chat commands use, and the pieces ``dateline export``/``import`` share with it (which
formats hold which events, building a file a piece at a time, finding duplicates).

An export reads every event (and, for JSON, the ids of each one's history) a page at a
time and builds the file in a worker thread, refusing it once it outgrows what a chat
may carry. An import is checked whole before anything is written: with bad rows nothing
is imported unless skip-bad; events the store (or the file, earlier) has are left out;
the rest are written in batches of ``BATCH``, one transaction each, so a running bot is
never held up long; a batch that fails stops the import, the batches before kept.

A full JSON export (``adapters.formats.json_history``) imported into an empty store is
a restore instead (``restore_if_empty``): the events keep their numbers, versions and
stamps, and the history comes back entry for entry, in one transaction; so exporting
the restored store gives the same file, byte for byte.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Protocol, runtime_checkable

from adapters.formats import (
    csv_format,
    detect,
    ical,
    json_format,
    json_history,
    report,
    timelinejs,
    timelinejs_csv,
)
from adapters.formats.duplicates import Duplicates
from adapters.formats.rows import FormatError, Loaded, LoadResult
from bot.errors import StoreError, UserError
from bot.messages import FileIn, FileOut
from bot.model import Change, Event, Status
from bot.ports import EventStore
from bot.transfer_report import MAX_FILE_BYTES, ImportReport

#: Events (and history entries) read at a time.
PAGE = 5000
#: Events written in one transaction.
BATCH = 2000

#: Formats for readers, which hold only some events: which, and how that reads.
FOR_READERS: dict[str, tuple[Callable[[Event], bool], str]] = {
    "timelinejs": (timelinejs.includes, "the published ones"),
    "timelinejs-csv": (timelinejs.includes, "the published ones"),
    "ics": (ical.includes, "the published ones with a day"),
}
MEDIA_TYPES = {
    "csv": "text/csv", "timelinejs-csv": "text/csv", "json": "application/json",
    "timelinejs": "application/json", "ics": "text/calendar",
}
EXTENSIONS = {"timelinejs": "timelinejs.json", "timelinejs-csv": "timelinejs.csv"}


class EventPages(Protocol):
    """Every event, whatever its status, in date order; and each one's history ids."""

    def events(self) -> Iterator[Event]: ...

    def history(self) -> dict[int, list[int]]: ...

    def entries(self) -> Iterator[Change]:
        """The whole audit log, oldest first."""
        ...


@runtime_checkable
class Restorable(Protocol):
    """A store that can give its whole log and restore a backup (``SqliteEventStore``)."""

    async def is_empty(self) -> bool: ...

    async def restore(self, events: Sequence[Event], entries: Sequence[Change]) -> None: ...

    async def log_after(self, entry_id: int, limit: int = 1000) -> list[Change]: ...


async def restore_if_empty(
    store: object, backup: json_history.Backup | None, *, dry_run: bool
) -> str | None:
    """Restore ``backup`` if there is one and the store is empty: the report's line; None
    when the import is an ordinary one."""
    if backup is None or not isinstance(store, Restorable) or not await store.is_empty():
        return None
    if not dry_run:
        await store.restore(backup.events, backup.entries)
    what = (f"{report.count(len(backup.events), 'event')} with their "
            f"{report.count(len(backup.entries), 'history entry', 'history entries')}")
    if dry_run:
        return f"Dry run: would restore {what}, numbers and stamps kept (the store is empty)."
    return f"Restored {what}, numbers and stamps kept; the store was empty."


async def whole_log(store: object) -> list[Change]:
    """Every audit entry, oldest first, read a page at a time ([] for other stores)."""
    found: list[Change] = []
    while isinstance(store, Restorable):
        page = await store.log_after(found[-1].id or 0 if found else 0, PAGE)
        if not page:
            break
        found += page
    return found


class Tally:
    """Counts the events that go by, and those the format shows."""

    def __init__(self, shown: Callable[[Event], bool]) -> None:
        self.is_shown, self.total, self.shown = shown, 0, 0

    def counted(self, events: Iterable[Event]) -> Iterator[Event]:
        for event in events:
            self.total += 1
            self.shown += self.is_shown(event)
            yield event


def tally_for(name: str) -> Tally:
    return Tally(FOR_READERS.get(name, (lambda event: True, ""))[0])


def pieces(
    name: str, pages: EventPages, tally: Tally, *, content_only: bool = False
) -> Iterator[bytes]:
    """The export file of format ``name``, a piece at a time: neither the file nor every
    event need be in memory at once."""
    events = tally.counted(pages.events())
    if name == "ics":
        return ical.pieces(events, now=datetime.now(UTC))
    if name == "csv":  # the header needs the largest number of sources: a first pass
        text = csv_format.pieces(events, csv_format.source_groups(pages.events()))
    elif name == "json":
        history = {} if content_only else pages.history()
        entries = iter(()) if content_only else pages.entries()
        text = json_format.pieces(events, history, stored=not content_only, entries=entries)
    elif name == "timelinejs":
        text = timelinejs.pieces(events)
    else:
        text = timelinejs_csv.pieces(events)
    return (piece.encode() for piece in text)


def history_ids(found: dict[int, list[int]], changes: Iterable[Change]) -> None:
    """Add each change's id to its event's list in ``found``."""
    for change in changes:
        if change.event_id is not None and change.id is not None:
            found.setdefault(change.event_id, []).append(change.id)


async def stored_keys(store: EventStore, loaded: Sequence[Loaded]) -> Duplicates:
    """What the store has that the file's events could duplicate: every stored event
    that could equal one of them lies in the span of their dates."""
    first = min(item.event.date.start for item in loaded)
    last = max(item.event.date.last_day for item in loaded)
    known, offset = Duplicates(), 0
    while page := await store.in_period(first, last, tuple(Status), limit=PAGE, offset=offset):
        known.know(page)
        offset += len(page)
    return known


class _Read:
    """Events and history read already, for building a file in a worker thread."""

    def __init__(
        self, events: list[Event], history: dict[int, list[int]], entries: list[Change]
    ) -> None:
        self._events, self._history, self._entries = events, history, entries

    def events(self) -> Iterator[Event]:
        return iter(self._events)

    def history(self) -> dict[int, list[int]]:
        return self._history

    def entries(self) -> Iterator[Change]:
        return iter(self._entries)


class StoreTransfers:
    """``bot.ports.Transfers`` over an ``EventStore``, for files sent in chat."""

    def __init__(self, store: EventStore, limit: int = MAX_FILE_BYTES) -> None:
        self.store, self.limit = store, limit

    async def export(self, format: str) -> FileOut:
        events = await self._events()
        history = await self._history() if format == "json" else {}
        entries = await whole_log(self.store) if format == "json" else []
        read = _Read(events, history, entries)
        content = await asyncio.to_thread(self._build, format, read)
        name = f"dateline-events.{EXTENSIONS.get(format, format)}"
        return FileOut(name, content, MEDIA_TYPES[format])

    def _build(self, format: str, pages: EventPages) -> bytes:
        built, size = [], 0
        for piece in pieces(format, pages, tally_for(format)):
            size += len(piece)
            if size > self.limit:
                raise UserError(
                    f"The export is over the {self.limit / 2**20:g} MB a file in chat may be: "
                    f"use dateline export --format {format} -o FILE on the server instead."
                )
            built.append(piece)
        return b"".join(built)

    async def _events(self) -> list[Event]:
        found: dict[int | None, Event] = {}  # an event seen on two pages is kept once
        offset = 0
        while page := await self.store.in_period(
            date.min, date.max, tuple(Status), limit=PAGE, offset=offset
        ):
            offset += len(page)
            for event in page:
                found.setdefault(event.id if event.id is not None else -offset, event)
        return list(found.values())

    async def _history(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        offset = 0
        while page := await self.store.changes(None, limit=PAGE, offset=offset, states=False):
            offset += len(page)
            history_ids(found, page)
        return {event: sorted(set(ids)) for event, ids in found.items()}

    async def import_file(
        self, file: FileIn, format: str | None, *, skip_bad: bool, dry_run: bool,
        actor: str, at: datetime,
    ) -> ImportReport:
        started = time.monotonic()
        name, result, backup = await asyncio.to_thread(_loaded, file, format)
        base = ImportReport(
            file.name, name, 0, bad=result.bad_count, blank=result.skipped_blank,
            bad_lines=tuple(report.bad_rows(result)), notes=tuple(result.notes),
            dry_run=dry_run,
        )
        if result.bad_count and not skip_bad:
            refused = report.refused(result, file.name).replace("--skip-bad", "skip-bad")
            return _with(base, refused=refused)
        if not result.loaded:
            found = "no events" if not result.bad_count else "no good rows"
            return _with(base, refused=f"{file.name} holds {found}; nothing was imported.")
        if restored := await restore_if_empty(self.store, backup, dry_run=dry_run):
            return _with(base, imported=len(result.loaded), summary=restored)
        fresh, duplicates = (await stored_keys(self.store, result.loaded)).split(result.loaded)
        base = _with(base, duplicates=len(duplicates),
                     duplicate_lines=tuple(report.duplicates(duplicates)))
        written, stopped = (len(fresh), "") if dry_run else await self._write(fresh, actor, at)
        summary = report.summary(
            imported=written, source=file.name, name=name,
            seconds=time.monotonic() - started, duplicates=len(duplicates),
            bad=result.bad_count, blank=result.skipped_blank, dry_run=dry_run,
        )
        return _with(base, imported=written, summary=summary, stopped=stopped)

    async def _write(self, fresh: list[Loaded], actor: str, at: datetime) -> tuple[int, str]:
        """Write ``fresh`` in batches: (how many were written, why it stopped or "")."""
        written = 0
        for start in range(0, len(fresh), BATCH):
            batch = fresh[start : start + BATCH]
            try:
                await self.store.import_events([item.event for item in batch], actor, at)
            except StoreError:
                if not written:
                    raise  # nothing was saved: the core says so
                return written, (
                    f"Saving failed after {report.count(written, 'event')} (to line "
                    f"{fresh[start - 1].line}); those are kept, and importing the file again "
                    "leaves them out as duplicates."
                )
            written += len(batch)
        return written, ""


def _with(base: ImportReport, **changes: object) -> ImportReport:
    return replace(base, **changes)  # type: ignore[arg-type]


def _loaded(
    file: FileIn, format: str | None
) -> tuple[str, LoadResult, json_history.Backup | None]:
    """The format, what the file holds, and the backup a full JSON export is;
    ``UserError`` when it cannot be read."""
    try:
        text = detect.decode(file.content)
        name = format or detect.guess(text)
        if name == "ics":
            raise UserError(f"{file.name} is an iCalendar file; those can be exported, "
                            "not imported.")
        if name == "json":
            return name, *json_format.load_backup(text)
        return name, detect.load(name, text), None
    except FormatError as error:
        why = str(error).replace("give --format", "name the format, e.g. “import csv”")
        raise UserError(f"{file.name}: {why}; nothing was imported.") from None
