"""``dateline export`` and ``dateline import``: the store's events to and from files.

    dateline export --format csv|json|timelinejs|timelinejs-csv|ics [-o FILE] [--content-only]
    dateline import FILE [--format csv|json|timelinejs|timelinejs-csv] [--skip-bad] [--dry-run]

The conversions are ``adapters.formats``; this module reads the store, writes the files
and says what happened, every piece of file text made safe to print. An export holds
every event, drafts and rejected ones too, with their status (CSV, JSON); TimelineJS and
iCalendar are for readers and hold the published events only. An import checks the
whole file first: with bad rows it names every one with its line and imports nothing,
unless ``--skip-bad``; events the store (or the file, earlier) already has are skipped
and named (``adapters.formats.duplicates``). It writes in batches of ``BATCH`` events,
each its own transaction, so a running bot is never held up for long and a terminal can
show progress; an interrupted import keeps the batches written, and importing the same
file again skips those as duplicates. A full JSON export imported into an empty store
is restored instead, every number, stamp and history entry kept
(``adapters.transfer_service.restore_if_empty``); ``--dry-run`` says which it would be.

Exit codes: 0 done (skipped duplicates, and bad rows skipped with ``--skip-bad``, are
said but not failures); 1 the database cannot be opened, or there is none to export;
2 a usage error: a bad option or setting, a FILE that cannot be read, an iCalendar file
to import; 3 not done: the file cannot be read as its format (not UTF-8, missing columns,
too big), it has bad rows, a write failed or was interrupted (an export leaves no file;
an import's batches written before are kept, and said).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from adapters.composition import CoreSettings, load_core_settings
from adapters.console_render import terminal_safe
from adapters.formats import EXPORT_FORMATS, IMPORT_FORMATS, detect, json_format, report
from adapters.formats.json_history import Backup
from adapters.formats.rows import FormatError, Loaded, LoadResult
from adapters.settings import Problems, SettingsError
from adapters.stores import open_event_store
from adapters.transfer_service import (
    BATCH,
    FOR_READERS,
    PAGE,
    history_ids,
    pieces,
    restore_if_empty,
    stored_keys,
    tally_for,
)
from bot.errors import StoreError, UserError
from bot.model import Change, Event, Status

if TYPE_CHECKING:
    from storage.postgres.event_store import PgEventStore
    from storage.sqlite_store import SqliteEventStore

NOT_DONE = 3
ACTOR = "console:local"  # the console operator, as ``dateline chat`` records them


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dateline", add_help=False)
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="COMMAND")
    out = verbs.add_parser("export", help="write every event to a file",
                           description="Write the store's events in a file format.")
    out.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    out.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    out.add_argument("--content-only", action="store_true",
                     help="JSON: leave out ids, versions, who and when, the history")
    into = verbs.add_parser("import", help="add the events of a file",
                            description="Add the events of a file; nothing is imported "
                            "if a row is bad, unless --skip-bad.")
    into.add_argument("file", metavar="FILE", help="the file to import ('-' for stdin)")
    into.add_argument("--format", choices=IMPORT_FORMATS, help="default: told from the file")
    into.add_argument("--skip-bad", action="store_true", help="import the good rows anyway")
    into.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    for verb in (out, into):
        verb.add_argument("--db", metavar="PATH", help="database file (default: $DATELINE_DB)")
    return parser


def main(argv: Sequence[str], env: Mapping[str, str], out: TextIO, err: TextIO) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
        if getattr(args, "content_only", False) and args.format != "json":
            parser.error("--content-only is for --format json")
    except SystemExit as exit_:
        return int(exit_.code or 0)
    problems = Problems()
    core = load_core_settings({**env, **({"DATELINE_DB": args.db} if args.db else {})}, problems)
    if problems.found:
        err.write(SettingsError(problems.found).message() + "\n")
        return 2
    if args.verb == "export":
        return _export(core, args, out, err)
    return _import(core, args, out, err)


def say(stream: TextIO, text: str) -> None:
    """One line of text from a file or the store, made safe for a terminal."""
    stream.write(terminal_safe(text).replace("\n", "\\n").replace("\t", "\\t") + "\n")


def _export(core: CoreSettings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not core.location.is_postgres and not core.db_path.exists():
        say(err, f"dateline export: there is no database at {core.db_path}")
        return 1
    try:
        with asyncio.Runner() as runner:
            store = runner.run(
                open_event_store(core.location, sample=core.sample, now=datetime.now(UTC))
            )
            try:
                return _export_from(_Pages(runner, store), args, out, err)
            finally:
                runner.run(store.close())
    except (StoreError, OSError, sqlite3.Error) as error:
        say(err, f"dateline export: cannot read the database {core.location.describe()}: {error}")
        return 1


def _export_from(pages: _Pages, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    tally = tally_for(args.format)
    data = pieces(args.format, pages, tally, content_only=args.content_only)
    where = args.output or "standard output"
    try:
        if args.output:
            write_file(Path(args.output).expanduser(), data)
        else:
            _write_out(out, data)
    except OSError as error:
        say(err, f"dateline export: cannot write {where}: {error.strerror or error}")
        return NOT_DONE
    except KeyboardInterrupt:
        say(err, f"dateline export: interrupted; nothing was written to {where}"
            if args.output else "dateline export: interrupted")
        return NOT_DONE
    shown = report.count(tally.total, "event")
    if tally.shown != tally.total:
        shown = f"{tally.shown:,} of {shown} ({FOR_READERS[args.format][1]})"
    say(out if args.output else err, f"Exported {shown} to {where} ({args.format}).")
    return 0


class _Pages:
    """Every event, whatever its status, in date order (then by number), read a page at
    a time. Pages are separate reads: an event added meanwhile may shift one onto the
    next page, where it is recognised by its number and not written twice."""

    def __init__(self, runner: asyncio.Runner, store: SqliteEventStore | PgEventStore) -> None:
        self.runner, self.store = runner, store

    def events(self) -> Iterator[Event]:
        seen: set[int | None] = set()
        offset = 0
        while page := self.runner.run(self._page(offset)):
            offset += len(page)
            for event in page:
                if event.id not in seen:
                    seen.add(event.id)
                    yield event

    async def _page(self, offset: int) -> list[Event]:
        return await self.store.in_period(
            date.min, date.max, tuple(Status), limit=PAGE, offset=offset
        )

    def history(self) -> dict[int, list[int]]:
        """Each event's change-history ids, oldest first (only the ids are kept, and the
        entries are read a page at a time without the event states they hold)."""
        found: dict[int, list[int]] = {}
        offset = 0
        while page := self.runner.run(
            self.store.changes(None, limit=PAGE, offset=offset, states=False)
        ):
            offset += len(page)
            history_ids(found, page)
        return {event: sorted(set(ids)) for event, ids in found.items()}

    def entries(self) -> Iterator[Change]:
        """The whole audit log, oldest first, a page at a time."""
        last = 0
        while page := self.runner.run(self.store.log_after(last, PAGE)):
            yield from page
            last = page[-1].id or last


def write_file(path: Path, data: Iterable[bytes]) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, so a failed or
    interrupted export never leaves half a file there."""
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    try:
        with os.fdopen(handle, "wb") as file:
            file.writelines(data)
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, else what a new file gets (``mkstemp``'s own,
    owner-only, would hide a calendar from the web server that publishes it)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_out(out: TextIO, data: Iterable[bytes]) -> None:
    out.flush()
    buffer = getattr(out, "buffer", None)
    for piece in data:
        if buffer is None:
            out.write(piece.decode())
        else:
            buffer.write(piece)
    out.flush()


def _import(core: CoreSettings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    started, source = time.monotonic(), "standard input" if args.file == "-" else args.file
    if err.isatty():  # reading a large file takes seconds before the progress bar starts
        say(err, f"Reading {source} …")
    try:
        text = detect.decode(_read_input(args.file))
        name = args.format or detect.guess(text)
        if name == "ics":
            say(err, f"dateline import: {source} is an iCalendar file; "
                "those can be exported, not imported")
            return 2
        result, backup = (json_format.load_backup(text) if name == "json"
                          else (detect.load(name, text), None))
    except OSError as error:
        say(err, f"dateline import: cannot read {source}: {error.strerror or error}")
        return 2
    except FormatError as error:
        say(err, f"dateline import: {source}: {error}; nothing was imported")
        return NOT_DONE
    del text  # the events are all that is needed from here on
    return _Import(core, args, (name, source), (out, err), started).run(result, backup)


def _read_input(file: str) -> bytes:
    if file == "-":
        return detect.read(sys.stdin.buffer)
    with open(Path(file).expanduser(), "rb") as handle:
        return detect.read(handle)


class _Import:
    """One import after its file was read: the report, the duplicates, the writes."""

    def __init__(
        self, core: CoreSettings, args: argparse.Namespace, what: tuple[str, str],
        streams: tuple[TextIO, TextIO], started: float,
    ) -> None:
        self.core, self.args, self.started = core, args, started
        self.name, self.source = what  # the format, and the file as the report names it
        self.out, self.err = streams
        self.opened = False
        self.written: list[Loaded] = []
        self.fresh = self.duplicates = 0
        self.restored: str | None = None

    def run(self, result: LoadResult, backup: Backup | None = None) -> int:
        for line in report.bad_rows(result):
            say(self.err, line)
        if result.bad_count and not self.args.skip_bad:
            say(self.err, "dateline import: " + report.refused(result, self.source))
            return NOT_DONE
        for note in result.notes:
            say(self.out, f"Note: {note}.")
        if not result.loaded:
            return self._nothing(result)
        try:
            asyncio.run(self._write(result.loaded, backup))
        except (StoreError, UserError, OSError, sqlite3.Error) as error:
            return self._failed(f"{error}", 1 if not self.opened else NOT_DONE)
        except KeyboardInterrupt:
            return self._failed("interrupted", NOT_DONE)
        if self.restored:
            say(self.out, self.restored)
            return 0
        imported = self.fresh if self.args.dry_run else len(self.written)
        say(self.out, report.summary(
            imported=imported, source=self.source, name=self.name,
            seconds=time.monotonic() - self.started, duplicates=self.duplicates,
            bad=result.bad_count, blank=result.skipped_blank, dry_run=self.args.dry_run,
        ))
        return 0

    async def _write(self, loaded: list[Loaded], backup: Backup | None) -> None:
        store = await open_event_store(
            self.core.location, sample=self.core.sample, now=datetime.now(UTC)
        )
        self.opened = True
        try:
            self.restored = await restore_if_empty(store, backup, dry_run=self.args.dry_run)
            if self.restored:
                return
            fresh, duplicates = (await stored_keys(store, loaded)).split(loaded)
            self.fresh, self.duplicates = len(fresh), len(duplicates)
            for line in report.duplicates(duplicates):
                say(self.out, line)
            if not self.args.dry_run:
                await self._batches(store, fresh)
        finally:
            await store.close()

    async def _batches(self, store: SqliteEventStore | PgEventStore, fresh: list[Loaded]) -> None:
        bar = Progress(self.err, len(fresh))
        try:
            for start in range(0, len(fresh), BATCH):
                batch = fresh[start : start + BATCH]
                await store.import_events([item.event for item in batch], ACTOR, datetime.now(UTC))
                self.written += batch
                bar.show(len(self.written))
        finally:
            bar.close()

    def _nothing(self, result: LoadResult) -> int:
        found = "no events" if not result.bad_count else "no good rows"
        if result.skipped_blank:
            found += f" ({report.count(result.skipped_blank, 'empty row')})"
        say(self.err, f"dateline import: {self.source} holds {found}; nothing was imported")
        return NOT_DONE

    def _failed(self, why: str, code: int) -> int:
        if not self.opened:
            where = self.core.location.describe()
            say(self.err, f"dateline import: cannot open the database {where}: {why}")
            return code
        kept = ""
        if self.written:
            kept = (f"; {report.count(len(self.written), 'event')} (to line "
                    f"{self.written[-1].line}) were imported before and are kept: importing "
                    f"{self.source} again skips them as duplicates")
        say(self.err, f"dateline import: not done: {why}{kept}")
        return code


class Progress:
    """A progress bar on a terminal; nothing elsewhere (a log gets the summary line)."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream = stream if total > 0 and stream.isatty() else None
        self.total = total

    def show(self, done: int) -> None:
        if self.stream:
            self.stream.write("\r" + report.progress(done, self.total))
            self.stream.flush()

    def close(self) -> None:
        if self.stream:
            self.stream.write("\n")
