"""``dateline db``: backing up and checking the database from a terminal.

    dateline db backup PATH [--db SOURCE] [--force]
    dateline db check [--db SOURCE]
    dateline db copy SOURCE TARGET

``backup`` copies the database while Dateline may be running and writing (SQLite's
online backup API, from one snapshot), verifies the copy, and only then puts it at
PATH; ``check`` reports what is wrong with a database, without writing to it;
``copy`` moves a whole store between SQLite and PostgreSQL (``adapters.db_copy``). The
work is ``storage.maintenance`` and ``storage.db_check``; this module reads the
command line and says what happened, with every path and SQLite message made safe to
print (``adapters.console_render.terminal_safe``, and on one line).

Exit codes: 0 done, or no problems found; 1 the database cannot be opened (missing,
unreadable, not a Dateline database); 2 a usage error, or a PATH that is refused
(it exists and ``--force`` was not given, it is the database itself, or its folder does
not exist); 3 not done: the backup failed, was interrupted or did not verify (nothing is
left at PATH), or ``check`` found problems.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from adapters.console_render import terminal_safe
from adapters.settings import default_db_path, is_postgres_url
from bot.errors import StoreError
from storage.db_check import check
from storage.maintenance import BackupReport, CannotOpen, MaintenanceError, Refused, backup

NOT_DONE = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline db", description="Back up or check the Dateline database."
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="COMMAND")
    copy = verbs.add_parser(
        "backup",
        help="copy the database to PATH, safely while Dateline runs, and verify the copy",
        description="Copy the database to PATH from one consistent snapshot, even while "
        "Dateline is running and writing; the copy is verified before it is put at PATH, "
        "and an interrupted backup leaves nothing there.",
    )
    copy.add_argument("path", metavar="PATH", help="the backup file to write")
    copy.add_argument("--force", action="store_true", help="replace PATH if it exists")
    examine = verbs.add_parser(
        "check",
        help="check the database for damage and say what is wrong; never writes to it",
        description="Run SQLite's integrity, foreign-key, full-text and R*Tree checks and "
        "Dateline's own (schema version, finished first start). Exit code 3 when a "
        "problem is found.",
    )
    move = verbs.add_parser(
        "copy",
        help="copy a whole store between SQLite and PostgreSQL (rerunnable)",
        description="Copy every event, source, history entry, subscription, delivery "
        "record, zone, review candidate and feed from SOURCE to TARGET, each a SQLite "
        "file or a postgresql:// address, then check every table's count. The target "
        "is created if needed and written in one transaction; rows it has already are "
        "skipped, so running the same copy again is safe.",
    )
    move.add_argument("source", metavar="SOURCE", help="the store to copy from (only read)")
    move.add_argument("target", metavar="TARGET", help="the store to copy into")
    for verb in (copy, examine):
        verb.add_argument(
            "--db",
            metavar="SOURCE",
            help="the database (default: $DATELINE_DB, else dateline/dateline.sqlite3 "
            "in the user's data directory)",
        )
    return parser


def main(argv: Sequence[str], env: Mapping[str, str], out: TextIO, err: TextIO) -> int:
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.verb == "copy":
        return _copy(args.source, args.target, out, err)
    raw = args.db or env.get("DATELINE_DB", "").strip()
    if is_postgres_url(raw):
        return _not_for_postgres(args.verb, err)
    source = Path(args.db).expanduser() if args.db else default_db_path(env)
    if args.verb == "backup":
        return _backup(source, Path(args.path).expanduser(), args.force, out, err)
    return _check(source, out, err)


def _backup(source: Path, target: Path, force: bool, out: TextIO, err: TextIO) -> int:
    def say(problem: str) -> None:
        err.write(shown(f"dateline db backup: {problem}") + "\n")

    try:
        report = backup(source, target, force=force)
    except CannotOpen as error:
        say(f"cannot open the database {source}: {error}")
        return 1
    except Refused as error:
        say(f"refused: {error}")
        return 2
    except MaintenanceError as error:
        say(f"not done, nothing was written to {target}: {error}")
        return NOT_DONE
    except (OSError, sqlite3.Error) as error:
        say(f"not done, nothing was written to {target}: {_reason(error)}")
        return NOT_DONE
    except KeyboardInterrupt:
        say(f"interrupted; nothing was written to {target}")
        return NOT_DONE
    out.write(shown(summary(report)) + "\n")
    return 0


def summary(report: BackupReport) -> str:
    events = f"{report.events} event" + ("" if report.events == 1 else "s")
    return (
        f"Backed up to {report.path}: {size_text(report.size)}, {events}, "
        f"schema version {report.schema_version}, in {report.seconds:.2f} s; "
        "the copy passed its integrity check."
    )


def _check(source: Path, out: TextIO, err: TextIO) -> int:
    try:
        report = check(source)
    except CannotOpen as error:
        err.write(shown(f"dateline db check: cannot open the database {source}: {error}") + "\n")
        return 1
    except (OSError, sqlite3.Error) as error:
        err.write(shown(f"dateline db check: the check could not finish: {_reason(error)}") + "\n")
        return NOT_DONE
    except KeyboardInterrupt:
        err.write("dateline db check: interrupted\n")
        return NOT_DONE
    lines = [f"Checked {source}: {', '.join(report.checked)}."]
    lines += [f"Note: {note}." for note in report.notes]
    lines += [f"Problem: {problem}." for problem in report.problems]
    count = len(report.problems)
    lines.append(
        f"{count} problem{'' if count == 1 else 's'} found."
        if count
        else f"No problems found (schema version {report.schema_version})."
    )
    out.write("".join(shown(line) + "\n" for line in lines))
    return NOT_DONE if count else 0


def _not_for_postgres(verb: str, err: TextIO) -> int:
    """``backup`` and ``check`` are SQLite's; a server has its own tools for both."""
    err.write(
        f"dateline db {verb}: the store is on PostgreSQL, which this command does not "
        "handle. Back it up with pg_dump (or take a SQLite copy with `dateline db copy "
        "postgresql://… FILE`), and check it with the server's own tools (amcheck).\n"
    )
    return 2


def _copy(source_text: str, target_text: str, out: TextIO, err: TextIO) -> int:
    from adapters.db_copy import copy_store, location_of, same_place  # noqa: PLC0415

    source, target = location_of(source_text), location_of(target_text)
    if same_place(source, target):
        err.write("dateline db copy: SOURCE and TARGET are the same store\n")
        return 2
    try:
        report, seconds = asyncio.run(copy_store(source, target))
    except StoreError as error:
        err.write(shown(f"dateline db copy: not done, nothing was changed: {error}") + "\n")
        return NOT_DONE
    except KeyboardInterrupt:
        err.write("dateline db copy: interrupted; nothing was changed\n")
        return NOT_DONE
    width = max(len(row.table) for row in report)
    lines = [f"Copied {source.describe()} to {target.describe()} in {seconds:.1f} s:"]
    lines += [f"  {row.table:<{width}}  {row.source:>9} in the source, {row.added:>9} added, "
              f"{row.target:>9} in the target" for row in report]
    lines.append("Every table's rows are all in the target.")
    out.write("".join(shown(line) + "\n" for line in lines))
    return 0


def _reason(error: Exception) -> str:
    # An OSError's strerror leaves out the path, which the message names already.
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def shown(text: str) -> str:
    """``text`` as one line a terminal only displays: paths and table names come from
    the user and the database file, and may hold escape sequences or newlines."""
    return terminal_safe(text).replace("\n", "\\n").replace("\t", "\\t")


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value, units = size / 1024, ["KiB", "MiB", "GiB", "TiB"]
    while value >= 1024 and len(units) > 1:
        value, units = value / 1024, units[1:]
    return f"{value:.1f} {units[0]}"
