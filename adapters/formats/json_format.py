"""Dateline's JSON: every field of the model, a superset of the sample timeline's format
(``storage.sample``, version 1), which ``storage.read_timeline`` still reads::

    {"version": 1, "events": [{
      "date": "2020-01-03", "end": null, "title": "...", "summary": "...", "place": "...",
      "tags": ["iran"], "status": "published",
      "sources": [{"publisher": "...", "title": "...", "url": null,
                   "published": "2020-01-10", "quote": null}],
      "stored": {"id": 2, "version": 1, "created_by": "system:sample",
                 "created_at": "2024-05-01T12:00:00+00:00", "updated_by": "...",
                 "updated_at": "...", "history": [1, 7], "merged_into": null}}]}

``stored`` is what only the exporting store knows: the event's number, its version, who
created and last changed it and when (UTC), the ids of its change-history entries, and
for a retracted event merged into another, that one's number.
It is left out by ``dump(..., stored=False)`` and ignored by an ordinary import, which
gives events new numbers and records the import as their origin; so a file without it comes back
byte for byte from an export of the store it was imported into.

A full export (with ``stored``) also ends with ``"history"``: every entry of the audit
log, oldest first (``adapters.formats.json_history``). Still ``"version": 1``: a reader
that knows nothing of ``history`` imports the events as before. ``load_backup`` reads
such a file as a backup too, which restores an empty store exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from adapters.formats import fields, json_history, json_out, json_walk
from adapters.formats.rows import FormatError, LoadResult, RowError, read_records
from bot.model import Change, Event, Source
from storage.sample import event_json

VERSION = 1


def dump(
    events: Sequence[Event],
    history: Mapping[int, Sequence[int]] | None = None,
    *,
    stored: bool = True,
    entries: Iterable[Change] | None = None,
) -> str:
    """``history`` maps an event's id to its change-history ids (oldest first);
    ``entries`` are the audit entries themselves, oldest first (the ``"history"``, left
    out when None)."""
    return "".join(pieces(events, history, stored=stored, entries=entries))


def pieces(
    events: Iterable[Event],
    history: Mapping[int, Sequence[int]] | None = None,
    *,
    stored: bool = True,
    entries: Iterable[Change] | None = None,
) -> Iterator[str]:
    """The file an event at a time (and an audit entry at a time, after the events)."""
    items = (_item(event, history or {}, stored=stored) for event in events)
    if not stored or entries is None:  # a content-only file is the events alone
        return json_out.document({"version": VERSION}, items)
    logged = (json_history.entry_item(change, state_item) for change in entries)
    return json_out.document({"version": VERSION}, items, tail={"history": logged})


def state_item(event: Event) -> dict[str, Any]:
    """An event state an audit entry holds, written as an exported event (no history)."""
    item = _item(event, {}, stored=True)
    del item["stored"]["history"]
    return item


def _item(event: Event, history: Mapping[int, Sequence[int]], *, stored: bool) -> dict[str, Any]:
    item = event_json(event)
    if stored:
        item["stored"] = {
            "id": event.id,
            "version": event.version,
            "created_by": event.created_by,
            "created_at": _stamp(event.created_at),
            "updated_by": event.updated_by,
            "updated_at": _stamp(event.updated_at),
            "history": list(history.get(event.id, ())) if event.id is not None else [],
            "merged_into": event.merged_into,
        }
    return item


def _stamp(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def load(text: str) -> LoadResult:
    return load_backup(text)[0]


def load_backup(text: str) -> tuple[LoadResult, json_history.Backup | None]:
    """The events, as ``load`` reads them; and, if the file is a full export (every event
    with ``stored``, and the ``history``), all of it for a restore. A history that does
    not fit its events (``json_history.backup``) is a ``FormatError``."""
    document = json_walk.read(text)
    result = _events(document)
    found: list[tuple[Event, list[int]]] = []
    for item in (item for _, item in document.events or []):
        if not isinstance(item, dict) or "stored" not in item:
            break
        try:
            found.append(stored_event(item))
        except RowError:
            break  # an ordinary import ignores stored data; only a restore needs it
    else:
        if not result.bad_count and "history" in document.members:
            history = document.members["history"]
            return result, json_history.backup(found, history, read_state)
    return result, None


def _events(document: json_walk.Document) -> LoadResult:
    version = document.members.get("version")
    if version != VERSION:
        found = json.dumps(version)[:40]
        raise FormatError(f'a Dateline JSON file has "version": 1, not {found}')
    if document.events is None:
        raise FormatError('a Dateline JSON file needs an "events" list')
    return read_records(document.events, _event)


def _event(item: object) -> Event:
    if not isinstance(item, dict):
        raise RowError("an event must be an object {...}")
    return Event(
        date=fields.event_date(item.get("date"), item.get("end")),
        title=fields.text(item.get("title"), "title", required=True),
        summary=fields.text(item.get("summary"), "summary"),
        place=fields.text(item.get("place"), "place"),
        tags=fields.tags(_list(item, "tags")),
        status=fields.status(item.get("status")),
        sources=tuple(_sources(_list(item, "sources"))),
    )


def _list(item: Mapping[str, Any], key: str) -> list[Any]:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RowError(f"{key} must be a list [...]")
    return value


def _sources(values: list[Any]) -> list[Source]:
    if len(values) > fields.MAX_SOURCES:
        raise RowError(f"more than {fields.MAX_SOURCES} sources")
    found = []
    for position, value in enumerate(values, start=1):
        if not isinstance(value, dict):
            raise RowError(f"source {position} must be an object {{...}}")
        found.append(
            fields.source(
                value.get("publisher"), value.get("title"), value.get("url"),
                value.get("published"), value.get("quote"), position=position,
            )
        )
    return found


def stored_event(item: Mapping[str, Any]) -> tuple[Event, list[int]]:
    """The event of an exported item with what its store knew, and its history ids."""
    event = _event(item)
    data = item.get("stored")
    if not isinstance(data, dict):
        raise RowError("stored must be an object {...}")
    history = _list(data, "history")
    if not all(_is_id(entry) for entry in history):
        raise RowError("stored.history must list entry numbers")
    merged = data.get("merged_into")
    if not _is_id(data.get("id")) or not (merged is None or _is_id(merged)):
        raise RowError("stored.id and stored.merged_into must be event numbers")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RowError("stored.version must be a whole number from 1")
    return replace(
        event, id=data["id"], version=version, merged_into=merged,
        created_by=_who(data, "created_by"), created_at=_moment(data, "created_at"),
        updated_by=_who(data, "updated_by"), updated_at=_moment(data, "updated_at"),
    ), history


def read_state(item: object) -> Event:
    """An event state of an audit entry (``state_item``)."""
    stored = item.get("stored") if isinstance(item, dict) else None
    if not isinstance(item, dict) or not isinstance(stored, dict):
        raise RowError("a state must be an object {...} with its stored data")
    return stored_event({**item, "stored": {**stored, "history": []}})[0]


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _who(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise RowError(f"stored.{key} must be text")
    return value


def _moment(data: Mapping[str, Any], key: str) -> datetime:
    return json_history.moment(data.get(key), f"stored.{key}")
