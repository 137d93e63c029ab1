"""Backing up and checking a Dateline database file, with plain ``sqlite3``.

``backup`` makes a consistent copy with SQLite's online backup API while the bot may be
running and writing: the source is opened read-only, and in WAL mode (the store always
is) one read transaction pins the snapshot the backup began with, so the copy is that
snapshot exactly, and writers are never blocked (in WAL a reader never holds a writer
up). The copy is made in a temporary file beside the target, verified, then moved into
place in one rename: an interrupted backup never leaves part of a file at the target.

Also the read-only opening that ``storage.db_check`` shares. Synchronous: these serve
one-shot commands (``adapters.db_cli``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storage.migrations import load_migrations

Progress = Callable[[int, int, int], object]
"""Called after each backup step with (SQLite status, pages remaining, pages in all)."""

PAGES_PER_STEP = 1024  # 4 MiB at SQLite's default page size
_BUSY_SECONDS = 5.0  # as the store's busy_timeout
_COMPANIONS = ("-wal", "-shm", "-journal")


class MaintenanceError(Exception):
    """A backup or check that could not be done; ``str()`` is one line for the user."""


class CannotOpen(MaintenanceError):
    """The database is missing, unreadable, or not a Dateline database."""


class Refused(MaintenanceError):
    """The backup's target is not a safe place to write; nothing was done."""


class BackupFailed(MaintenanceError):
    """The copy failed or did not verify; nothing was left at the target."""


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    size: int
    events: int
    schema_version: int
    seconds: float


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, in autocommit mode; raises ``CannotOpen``."""
    if not path.is_file():
        raise CannotOpen("there is no such file" if not path.exists() else "it is not a file")
    # A URI, percent-encoded by as_uri, so "?", "#" or "%" in the path stay part of it.
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=_BUSY_SECONDS)
    except sqlite3.Error as exc:
        raise CannotOpen(str(exc)) from exc
    try:
        user_version(conn)  # reads the header: "file is not a database" shows here
    except sqlite3.Error as exc:
        conn.close()
        raise CannotOpen(str(exc)) from exc
    return conn


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def known_version() -> int:
    """The schema version this Dateline's migrations bring a database to."""
    return load_migrations()[-1].version


def backup(
    source: Path,
    target: Path,
    *,
    force: bool = False,
    pages_per_step: int = PAGES_PER_STEP,
    progress: Progress | None = None,
) -> BackupReport:
    """Copy ``source`` to ``target`` (refusing an existing one unless ``force``), verify
    the copy, and say what it holds. ``progress`` may raise to abandon the copy."""
    started = time.monotonic()
    refuse_target(source, target, force=force)
    conn = open_read_only(source)
    try:
        if user_version(conn) == 0:
            raise CannotOpen("it is not a Dateline database (its schema version is 0)")
        temp = _temporary_beside(target)
        try:
            version = snapshot_copy(conn, temp, pages_per_step, progress)
            events = _verified(temp, version)
            _place(temp, target, source, force=force)
        except BaseException:
            _remove_with_companions(temp)
            raise
    finally:
        conn.close()
    size = target.stat().st_size
    return BackupReport(target, size, events, version, time.monotonic() - started)


def refuse_target(source: Path, target: Path, *, force: bool) -> None:
    """Raise ``Refused`` unless writing ``target`` is safe and was asked for."""
    if not target.parent.is_dir():
        raise Refused(
            f"there is no folder {target.parent} (create it first, or correct the path)"
        )
    real = source.resolve()
    own_files = {real, *(real.with_name(real.name + suffix) for suffix in _COMPANIONS)}
    if target.resolve() in own_files or _same_file(source, target):
        raise Refused(f"{target} is the database being backed up (or one of its files)")
    if target.is_dir():
        raise Refused(f"{target} is a folder; give the backup's file name")
    if os.path.lexists(target) and not force:
        raise Refused(f"{target} already exists (add --force to replace it)")
    # SQLite would replay a leftover journal or write-ahead log into the new copy,
    # corrupting it, whatever database that log belonged to.
    for suffix in ("-wal", "-journal"):
        beside = target.with_name(target.name + suffix)
        if beside.is_file() and beside.stat().st_size > 0:
            raise Refused(
                f"{beside} is beside it: {target} may be a database in use, or one not "
                "closed cleanly; move both away or choose another path"
            )


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)  # hard links too
    except OSError:
        return False


def _temporary_beside(target: Path) -> Path:
    """An empty file in the target's folder, so the final rename is atomic."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    return Path(name)


def snapshot_copy(
    conn: sqlite3.Connection, dest: Path, pages_per_step: int, progress: Progress | None
) -> int:
    """Copy the database ``conn`` reads into the file ``dest``; the schema version copied.

    In WAL mode a read transaction is held for the whole copy: every step copies from
    the same snapshot, and other connections' commits neither block it nor restart it.
    In rollback-journal mode such a transaction would hold writers up until the copy
    ends, so the steps run without one and SQLite restarts the copy after a write."""
    target = sqlite3.connect(dest)
    try:
        if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # starts the read
        # A Python callback between steps also lets Ctrl-C stop a long copy.
        conn.backup(target, pages=pages_per_step, progress=progress or _between_steps)
        return user_version(conn)
    except sqlite3.Error as exc:
        raise BackupFailed(f"the copy failed: {exc}") from exc
    finally:
        target.close()
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def _between_steps(status: int, remaining: int, total: int) -> None:
    del status, remaining, total


def _verified(copy: Path, version: int) -> int:
    """How many events the copy holds, once it passes SQLite's integrity check and has
    the source's schema version; raises ``BackupFailed`` otherwise."""
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        found = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        if found != ["ok"]:
            raise BackupFailed(f"the copy failed its integrity check: {found[0]}")
        copied = user_version(conn)
        if copied != version:
            raise BackupFailed(f"the copy is at schema version {copied}, not {version}")
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    except sqlite3.Error as exc:
        raise BackupFailed(f"the copy cannot be read back: {exc}") from exc
    finally:
        conn.close()  # the last connection: SQLite removes the copy's -wal and -shm


def _place(temp: Path, target: Path, source: Path, *, force: bool) -> None:
    """Move the finished copy to ``target`` in one step, with the source's permissions."""
    os.chmod(temp, stat.S_IMODE(source.stat().st_mode))
    if force:
        os.replace(temp, target)
    else:
        try:
            # A hard link never replaces a file that appeared since the first check.
            os.link(temp, target)
        except FileExistsError as exc:
            raise Refused(f"{target} already exists (add --force to replace it)") from exc
        except OSError:  # a file system without hard links
            if os.path.lexists(target):
                raise Refused(f"{target} already exists (add --force to replace it)") from None
            os.replace(temp, target)
        else:
            temp.unlink()
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; not every platform can open a folder to sync it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_with_companions(path: Path) -> None:
    for name in (path.name, *(path.name + suffix for suffix in _COMPANIONS)):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(name).unlink()
