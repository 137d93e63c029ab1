"""The audit log's rows on PostgreSQL: audit entries as ``Change`` and back.

An entry keeps the event's whole state before and after as jsonb, in the same JSON
the SQLite store writes (``storage.audit_rows.state_json``), so a backup moves between
the engines unchanged and undo reads the same fields on both. ``at`` is a timestamptz.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from typing import Any

from bot.model import Change
from storage.audit_rows import state_from_json, state_json
from storage.postgres.rows import aware

#: The columns every audit query selects, in the order ``change_from_record`` reads them.
CHANGE_COLUMNS = (
    "id, event_id, actor, at, action, detail, state_before::text, state_after::text, "
    "operation"
)
#: The same without the states, for readers of who did what when (they are not sent).
BARE_CHANGE_COLUMNS = (
    "id, event_id, actor, at, action, detail, NULL::text, NULL::text, operation"
)

_VALUES = "$1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8"
#: One audit entry, numbered by the table; in the order ``change_values`` produces.
INSERT_CHANGE = (
    "INSERT INTO changes (event_id, actor, at, action, detail, state_before, state_after, "  # noqa: S608 - constant fragments only
    f"operation) VALUES ({_VALUES}) RETURNING id"
)
#: One entry without asking its number back (bulk writes, ``executemany``).
INSERT_CHANGES = INSERT_CHANGE.removesuffix(" RETURNING id")
#: One entry with its number kept (a restore): ``change_values``, then the number (an
#: entry without one is numbered by the table, as SQLite would number it).
INSERT_NUMBERED_CHANGE = (
    "INSERT INTO changes (id, event_id, actor, at, action, detail, state_before, "  # noqa: S608 - constant fragments only
    "state_after, operation) "
    "VALUES (coalesce($9::bigint, nextval(pg_get_serial_sequence('changes', 'id'))), "
    f"{_VALUES})"
)


def change_values(change: Change) -> tuple[Any, ...]:
    """The ``INSERT_CHANGE`` values of ``change``; naive times are refused."""
    return (
        change.event_id,
        change.actor,
        aware(change.at),
        change.action,
        change.detail,
        None if change.before is None else state_json(change.before),
        None if change.after is None else state_json(change.after),
        change.operation,
    )


def change_from_record(row: Iterable[Any]) -> Change:
    """A ``Change`` from a record of ``CHANGE_COLUMNS`` (or ``BARE_CHANGE_COLUMNS``,
    whose states are None)."""
    entry_id, event_id, actor, at, action, detail, before, after, operation = row
    return Change(
        event_id,
        actor,
        at.astimezone(UTC),
        action,
        detail,
        entry_id,
        state_from_json(before),
        state_from_json(after),
        operation,
    )
