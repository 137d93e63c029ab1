"""Converting between model objects and PostgreSQL rows (asyncpg records).

Everything that knows the column order of ``events`` lives here, as
``storage.rows`` does for SQLite; dates and instants arrive as Python objects
already, sources as the jsonb text ``[[publisher, title, url, published, quote]]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from bot.model import Event, EventDate, Precision, Status
from storage.rows import clean_tags, sources_from_json, sources_json, sources_text

#: The columns every event query selects, in the order ``event_from_record`` reads them.
EVENT_COLUMNS = (
    'id, start, "end", precision, title, summary, place, tags_text, status, '
    "created_by, created_at, updated_by, updated_at, sources::text, version, merged_into"
)

#: ``EVENT_COLUMNS`` of the events aliased ``e``, for joins.
E_EVENT_COLUMNS = ", ".join(
    f"e.{column.strip()}" for column in EVENT_COLUMNS.split(",")
)

#: ``INSERT INTO events`` with an explicit id, in the order ``event_values`` produces.
INSERT_EVENT = (
    'INSERT INTO events (id, start, "end", last_day, precision, year, month, day, title, '
    "summary, place, tags_text, sources_text, sources, status, created_by, created_at, "
    "updated_by, updated_at, version, merged_into) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
    "$9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, $18, $19, $20, $21)"
)

_PRECISIONS = {p.value: p for p in Precision}
_STATUSES = {s.value: s for s in Status}


def aware(at: datetime) -> datetime:
    """``at`` in UTC; naive datetimes are refused, as the SQLite store refuses them."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("timestamps must be timezone-aware")
    return at.astimezone(UTC)


def event_values(event: Event, event_id: int) -> tuple[Any, ...]:
    """The ``INSERT_EVENT`` values of ``event`` (its audit fields must be set)."""
    when = event.date
    if event.created_at is None or event.updated_at is None:
        raise ValueError("created_at and updated_at must be set before writing an event")
    return (
        event_id, when.start, when.end, when.last_day, when.precision.value,
        when.start.year, when.start.month, when.start.day,
        event.title, event.summary, event.place, "\n".join(clean_tags(event.tags)),
        sources_text(event.sources), sources_json(event.sources), event.status.value,
        event.created_by, aware(event.created_at), event.updated_by, aware(event.updated_at),
        event.version, event.merged_into,
    )


def tag_values(event_id: int, event: Event) -> list[tuple[Any, ...]]:
    """``event_tags`` rows: (event_id, position, tag, tag_key, status)."""
    status = event.status.value
    return [
        (event_id, position, tag, tag.lower(), status)
        for position, tag in enumerate(clean_tags(event.tags))
    ]


def event_from_record(row: Iterable[Any]) -> Event:
    """An event from a record of ``EVENT_COLUMNS`` (an asyncpg ``Record``, or a tuple)."""
    (event_id, start, end, precision, title, summary, place, tags_text, status,
     created_by, created_at, updated_by, updated_at, sources, version, merged_into) = row
    return Event(
        EventDate(start, _PRECISIONS[precision], end),
        title, summary, place,
        tuple(tags_text.split("\n")) if tags_text else (),
        _STATUSES[status],
        sources_from_json(sources),
        event_id, created_by, created_at.astimezone(UTC), updated_by,
        updated_at.astimezone(UTC), version, merged_into,
    )
