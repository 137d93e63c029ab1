"""``check``: is a Dateline database sound? Said in plain words, never writing to it.

SQLite's integrity check (damage named by the table or index it is in) and foreign-key
check (rows referring to rows that do not exist), each FTS5 index's own check against its
rows, each R*Tree's, the schema version against this Dateline's migrations, and the setup
mark a finished first start leaves in ``meta``. The database is opened read-only.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from storage.maintenance import (
    PAGES_PER_STEP,
    BackupFailed,
    CannotOpen,
    known_version,
    open_read_only,
    snapshot_copy,
    user_version,
)

_FTS5 = re.compile(r"\busing\s+fts5\s*\(", re.IGNORECASE)
_RTREE = re.compile(r"\busing\s+rtree(_i32)?\s*\(", re.IGNORECASE)
_APOSTROPHE = "'"


@dataclass(frozen=True, slots=True)
class CheckReport:
    schema_version: int
    known_version: int
    checked: tuple[str, ...]
    problems: tuple[str, ...]
    notes: tuple[str, ...]


def check(path: Path) -> CheckReport:
    """Every check, on the database read-only; raises ``CannotOpen``."""
    conn = open_read_only(path)
    try:
        try:
            schema = _Schema.read(conn)
        except sqlite3.DatabaseError as exc:
            raise CannotOpen(f"it is damaged: its list of tables cannot be read ({exc})") from exc
        version = user_version(conn)
        problems = _integrity(conn, schema) + _foreign_keys(conn) + _rtrees(conn, schema)
        notes, more = _dateline_checks(conn, version)
        problems += more
    finally:
        conn.close()
    problems += _fts(path, schema.fts)
    checked = (
        "integrity",
        "foreign keys",
        _count(len(schema.fts), "full-text index"),
        _count(len(schema.rtrees), "R*Tree index"),
        "schema version",
        "setup mark",
    )
    return CheckReport(version, known_version(), checked, tuple(problems), tuple(notes))


@dataclass(frozen=True, slots=True)
class _Schema:
    tables: tuple[str, ...]  # ordinary tables, which PRAGMA integrity_check(T) can check
    fts: tuple[str, ...]
    rtrees: tuple[str, ...]
    pages: dict[int, str]  # the first page of each table and index: "index events_start"
    index_tables: dict[str, str]

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> _Schema:
        rows = conn.execute("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema")
        tables, fts, rtrees, pages, index_tables = [], [], [], {}, {}
        for kind, name, table, root, sql in rows.fetchall():
            if kind == "table" and root:
                tables.append(name)
            elif kind == "table" and _FTS5.search(sql or ""):
                fts.append(name)
            elif kind == "table" and _RTREE.search(sql or ""):
                rtrees.append(name)
            if kind == "index":
                index_tables[name] = table
            if root:
                pages[int(root)] = f"{kind} {name}"
        return cls(tuple(tables), tuple(fts), tuple(rtrees), pages, index_tables)


_MISSING_ROW = re.compile(r"row (\d+) missing from index (.+)")
_TREE_PAGE = re.compile(r"(?:On tree page|Tree \d+ page) (\d+) cell \d+: (.*)")
_PLAIN = (
    (re.compile(r"wrong # of entries in index (.+)"), "index {0} has the wrong number of entries"),
    (re.compile(r"NULL value in (\w+)\.(\w+)"), "table {0}: a row has no value in column {1}, "
     "which requires one"),
    (re.compile(r"CHECK constraint failed in (\w+)"), "table {0}: a row breaks a CHECK rule"),
    (re.compile(r"Page (\d+).*never used"), "page {0} of the file belongs to nothing "
     "(lost space, not lost data)"),
)


def _integrity(conn: sqlite3.Connection, schema: _Schema) -> list[str]:
    """SQLite's integrity check, in plain words: rows missing from an index are named
    together, and damage is named by the table or index it is in."""
    try:
        found = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        # Some damage stops the whole check; table by table, it names where it is.
        return _damaged_tables(conn, schema, exc)
    if found == ["ok"]:
        return []
    missing: dict[str, list[str]] = {}
    problems: list[str] = []
    lines = (line for text in found for line in text.splitlines())
    for line in lines:
        if line.startswith("*** in database"):
            continue
        if match := _MISSING_ROW.fullmatch(line):
            missing.setdefault(match.group(2), []).append(match.group(1))
        elif match := _TREE_PAGE.fullmatch(line):
            page = int(match.group(1))
            where = schema.pages.get(page, "a table or index")
            problems.append(f"page {page} ({where}) is damaged: {match.group(2)}")
        else:
            problems.append(_plain(line))
    for index, rows in missing.items():
        table = schema.index_tables.get(index, "its table")
        problems.append(
            f"index {index} lacks {_rows(rows)} of table {table} (REINDEX rebuilds an index)"
        )
    return list(dict.fromkeys(problems))  # one line per distinct problem


def _plain(line: str) -> str:
    for pattern, words in _PLAIN:
        if match := pattern.fullmatch(line):
            return words.format(*match.groups())
    return f"SQLite reports: {line}"


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" + ("" if number == 1 else "es" if thing.endswith("x") else "s")


def _rows(ids: list[str]) -> str:
    if len(ids) == 1:
        return f"row {ids[0]}"
    shown = ", ".join(ids[:10])
    return f"rows {shown}" + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")


def _damaged_tables(
    conn: sqlite3.Connection, schema: _Schema, error: sqlite3.Error
) -> list[str]:
    damaged: list[str] = []
    for table in schema.tables:
        try:
            # PRAGMA takes no parameters; the name is quoted as an SQL string.
            pragma = f"PRAGMA integrity_check({_quoted(table, _APOSTROPHE)})"
            found = conn.execute(pragma).fetchall()
        except sqlite3.DatabaseError as exc:
            damaged.append(f"table {table} (or an index of it) is damaged: SQLite stops "
                           f"reading it with “{exc}”")
        else:
            damaged += [f"table {table}: SQLite reports {r[0]}" for r in found if r[0] != "ok"]
    return damaged or [f"the file is damaged: the integrity check stops with “{error}”"]


def _quoted(name: str, mark: str = '"') -> str:
    return mark + name.replace(mark, mark * 2) + mark


def _foreign_keys(conn: sqlite3.Connection) -> list[str]:
    """Rows that refer to rows that do not exist, grouped by table and reference."""
    try:
        rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [f"the foreign keys could not be checked: {exc}"]
    groups: dict[tuple[str, str, int], list[str]] = {}
    for table, rowid, parent, key in rows:
        groups.setdefault((table, parent, key), []).append("" if rowid is None else str(rowid))
    # The pragma reports tables in SQLite's hash order, which shifts whenever a migration
    # adds a table: report them in the order the schema created them instead.
    created = {name: n for n, (name,) in enumerate(conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"))}
    problems = []
    for (table, parent, key), ids in sorted(
            groups.items(), key=lambda group: (created.get(group[0][0], 0), group[0][2])):
        columns = ", ".join(
            row[3] for row in conn.execute(f"PRAGMA foreign_key_list({_quoted(table)})")
            if row[0] == key
        )
        which = _rows(ids) if all(ids) else f"{_count(len(ids), 'row')} (it has no row ids)"
        problems.append(
            f"table {table}, {which}: {columns} refers to a row of {parent} that does not exist"
        )
    return problems


def _rtrees(conn: sqlite3.Connection, schema: _Schema) -> list[str]:
    problems = []
    for name in schema.rtrees:
        try:
            found = str(conn.execute("SELECT rtreecheck(?)", (name,)).fetchone()[0])
        except sqlite3.Error as exc:
            found = str(exc)
        if found != "ok":
            problems.append(f"R*Tree index {name} is inconsistent: {' '.join(found.split())}")
    return problems


def _dateline_checks(conn: sqlite3.Connection, version: int) -> tuple[list[str], list[str]]:
    """Notes and problems about the schema version and the setup mark."""
    known = known_version()
    if version == 0:
        return [], ["it is not a Dateline database: its schema version is 0"]
    if version > known:
        return [], [f"its schema version is {version}, newer than this Dateline knows "
                    f"({known}): use a newer Dateline with it"]
    notes = []
    if version < known:
        notes.append(f"its schema version is {version}: this Dateline upgrades it to "
                     f"{known} when it next opens it")
    try:
        mark = conn.execute("SELECT value FROM meta WHERE key = 'setup'").fetchone()
    except sqlite3.Error as exc:
        return notes, [f"the meta table cannot be read: {exc}"]
    if mark is None:
        return notes, ["its first start never finished: there is no setup mark in table "
                       "meta (start Dateline once on it to finish)"]
    return notes, []


def _fts(path: Path, tables: tuple[str, ...]) -> list[str]:
    """FTS5's own check of each full-text index, against its content table too.

    FTS5 runs it as an INSERT, which a read-only connection refuses, so it runs on a
    private snapshot copy in a temporary folder: the database itself is never written."""
    if not tables:
        return []
    with tempfile.TemporaryDirectory(prefix="dateline-check-") as folder:
        copy = Path(folder) / "snapshot.sqlite3"
        source = open_read_only(path)
        try:
            snapshot_copy(source, copy, PAGES_PER_STEP, None)
        except BackupFailed as exc:
            return [f"the full-text indexes could not be checked: {exc}"]
        finally:
            source.close()
        conn = sqlite3.connect(copy, isolation_level=None)
        try:
            return [problem for table in tables if (problem := _fts_problem(conn, table))]
        finally:
            conn.close()


def _fts_problem(conn: sqlite3.Connection, table: str) -> str | None:
    name = _quoted(table)
    try:
        # rank 1: also compare an external-content index with its content table.
        conn.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('integrity-check', 1)")  # noqa: S608
    except sqlite3.Error as exc:
        return (f"full-text index {table} fails its check: {exc} (if the rest is sound, "
                f"INSERT INTO {table}({table}) VALUES('rebuild') rebuilds it)")
    return None
