"""The audit log's rows: an event's whole state as JSON, and audit entries as ``Change``.

An entry's ``state_before`` and ``state_after`` hold the event as it was, every field
that a change can touch and that undo restores (date, text, tags, sources, status,
the event it was merged into) and the version it was at, which undo checks. The JSON
names its fields, so the audit log reads plainly in any SQLite tool and a field added
later is simply absent from older entries.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bot.model import Change, Event, EventDate, Precision, Source, Status
from storage.rows import clean_tags, timestamp

#: The columns every audit query selects, in the order ``change_from_row`` reads them.
CHANGE_COLUMNS = "id, event_id, actor, at, action, detail, state_before, state_after, operation"
INSERT_CHANGE = (
    "INSERT INTO changes (event_id, actor, at, action, detail, state_before, state_after, "
    "operation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_decode = json.JSONDecoder().decode


def state_json(event: Event) -> str:
    """``event`` (stored: with its id and version) as the audit log keeps it."""
    when = event.date
    return _encode({
        "id": event.id,
        "start": when.start.isoformat(),
        "end": None if when.end is None else when.end.isoformat(),
        "precision": when.precision.value,
        "title": event.title,
        "summary": event.summary,
        "place": event.place,
        "tags": list(clean_tags(event.tags)),
        "status": event.status.value,
        "sources": [_source_json(s) for s in event.sources],
        "version": event.version,
        "merged_into": event.merged_into,
        "created_by": event.created_by,
        "created_at": None if event.created_at is None else timestamp(event.created_at),
        "updated_by": event.updated_by,
        "updated_at": None if event.updated_at is None else timestamp(event.updated_at),
    })


def _source_json(source: Source) -> dict[str, Any]:
    published = None if source.published is None else source.published.isoformat()
    return {"publisher": source.publisher, "title": source.title, "url": source.url,
            "published": published, "quote": source.quote}


def state_from_json(text: str | None) -> Event | None:
    """The event an audit state holds; None for no state."""
    if text is None:
        return None
    data = _decode(text)
    end = data.get("end")
    return Event(
        EventDate(date.fromisoformat(data["start"]), Precision(data["precision"]),
                  None if end is None else date.fromisoformat(end)),
        data["title"],
        data.get("summary", ""),
        data.get("place", ""),
        tuple(data.get("tags", ())),
        Status(data["status"]),
        tuple(_source(s) for s in data.get("sources", ())),
        data.get("id"),
        data.get("created_by", ""),
        _moment(data.get("created_at")),
        data.get("updated_by", ""),
        _moment(data.get("updated_at")),
        int(data.get("version", 0)),
        data.get("merged_into"),
    )


def _source(data: dict[str, Any]) -> Source:
    published = data.get("published")
    return Source(data["publisher"], data.get("title", ""), data.get("url"),
                  None if published is None else date.fromisoformat(published), data.get("quote"))


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def change_params(change: Change) -> tuple[Any, ...]:
    """The ``INSERT_CHANGE`` parameters of ``change``."""
    return (
        change.event_id,
        change.actor,
        timestamp(change.at),
        change.action,
        change.detail,
        None if change.before is None else state_json(change.before),
        None if change.after is None else state_json(change.after),
        change.operation,
    )


def change_from_row(row: Sequence[Any], *, states: bool = True) -> Change:
    """A ``Change`` from a row of ``CHANGE_COLUMNS``; without ``states``, its before and
    after are left undecoded (None), for readers that need only who did what when."""
    entry_id, event_id, actor, at, action, detail, before, after, operation = row
    return Change(
        event_id,
        actor,
        datetime.fromisoformat(at),
        action,
        detail,
        entry_id,
        state_from_json(before) if states else None,
        state_from_json(after) if states else None,
        operation,
    )
