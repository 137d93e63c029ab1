"""The ``"history"`` of a full Dateline JSON export, and reading a full export back as a
``Backup``, which an empty store restores exactly (``adapters.transfer_service``).

Each entry is one row of the audit log, oldest first::

    {"id": 7, "event_id": 2, "actor": "chat:u1", "at": "2024-05-01T12:00:00+00:00",
     "action": "edit", "detail": "...", "operation": null,
     "state_before": {<the event as exported, its stored data without history>},
     "state_after": {...}}

A backup must hang together before anything is written, since a restore keeps every
number: event and entry numbers are unique, every entry is about an event of the file
(or none), every event's ``stored.history`` lists exactly its entries, and every
operation and ``merged_into`` names an entry or event of the file. Anything else is a
``FormatError`` naming the first problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapters.formats.rows import FormatError, RowError
from bot.model import Change, Event

#: The members of an entry, as the audit log's columns name them.
KEYS = ("id", "event_id", "actor", "at", "action", "detail", "operation",
        "state_before", "state_after")


@dataclass(frozen=True, slots=True)
class Backup:
    """Every event with what its store knew, and the whole audit log, by number."""

    events: tuple[Event, ...]
    entries: tuple[Change, ...]


def entry_item(change: Change, state: Callable[[Event], dict[str, Any]]) -> dict[str, Any]:
    """``change`` as the file holds it; ``state`` writes an event state."""
    return {
        "id": change.id, "event_id": change.event_id, "actor": change.actor,
        "at": change.at.isoformat(), "action": change.action, "detail": change.detail,
        "operation": change.operation,
        "state_before": None if change.before is None else state(change.before),
        "state_after": None if change.after is None else state(change.after),
    }


def moment(value: object, name: str) -> datetime:
    """An ISO 8601 moment with its offset (as exports write them)."""
    try:
        found = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        found = None
    if found is None or found.utcoffset() is None:
        raise RowError(f"{name} must be a moment like 2024-05-01T12:00:00+00:00")
    return found


def backup(
    events: Sequence[tuple[Event, list[int]]], history: object,
    read_state: Callable[[object], Event],
) -> Backup:
    """The file's events (each with its history ids) and ``history`` as a ``Backup``."""
    if not isinstance(history, list):
        raise FormatError('"history" must be a list [...]')
    entries = []
    for position, item in enumerate(history, start=1):
        try:
            entries.append(_entry(item, read_state))
        except RowError as exc:
            raise FormatError(f"history entry {position} is not valid: {exc}") from None
    found = Backup(tuple(event for event, _ in events), tuple(entries))
    _consistent(found, {event.id: ids for event, ids in events})
    return found


def _entry(item: object, read_state: Callable[[object], Event]) -> Change:
    if not isinstance(item, dict):
        raise RowError("an entry must be an object {...}")
    if not _number(item.get("id")):
        raise RowError("id must be a number from 1")
    for key in ("event_id", "operation"):
        if item.get(key) is not None and not _number(item.get(key)):
            raise RowError(f"{key} must be a number from 1, or null")
    for key in ("actor", "action", "detail"):
        if not isinstance(item.get(key), str):
            raise RowError(f"{key} must be text")
    states = [None if item.get(k) is None else read_state(item[k])
              for k in ("state_before", "state_after")]
    return Change(item.get("event_id"), item["actor"], moment(item.get("at"), "at"),
                  item["action"], item["detail"], item["id"], states[0], states[1],
                  item.get("operation"))


def _number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _consistent(found: Backup, listed: dict[int | None, list[int]]) -> None:
    """``FormatError`` for the first way the backup does not hang together."""
    event_ids = [event.id for event in found.events]
    entry_ids = [entry.id for entry in found.entries]
    if len(set(event_ids)) != len(event_ids):
        raise FormatError(f"two events have the number {_twice(event_ids)}")
    if len(set(entry_ids)) != len(entry_ids):
        raise FormatError(f"two history entries have the number {_twice(entry_ids)}")
    known, logged = set(event_ids), set(entry_ids)
    own: dict[int | None, list[int]] = {}
    for entry in found.entries:
        if entry.event_id is not None and entry.event_id not in known:
            raise FormatError(f"history entry {entry.id} is about event {entry.event_id}, "
                              "which is not in the file")
        if entry.operation is not None and entry.operation not in logged:
            raise FormatError(f"history entry {entry.id} belongs to operation "
                              f"{entry.operation}, which is not in the file's history")
        own.setdefault(entry.event_id, []).append(entry.id or 0)
    for event in found.events:
        if sorted(listed.get(event.id, [])) != sorted(own.get(event.id, [])):
            raise FormatError(f"event {event.id}'s stored history does not list "
                              "exactly its entries in the file's history")
        if event.merged_into is not None and event.merged_into not in known:
            raise FormatError(f"event {event.id} was merged into event "
                              f"{event.merged_into}, which is not in the file")


def _twice(ids: Sequence[int | None]) -> int | None:
    seen: set[int | None] = set()
    for found in ids:
        if found in seen:
            return found
        seen.add(found)
    return None  # pragma: no cover - only called when there is a repeat
