"""Converting between model objects and database rows.

Everything that knows the column order of ``events``, ``sources`` and
``event_tags`` lives here, so the store's query code only deals in events.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from bot.model import Event, EventDate, Precision, Source, Status

#: The columns every event query selects, in the order ``event_from_row`` reads them.
EVENT_COLUMNS = (
    'id, start, "end", precision, title, summary, place, tags_text, status, '
    "created_by, created_at, updated_by, updated_at, sources_json, version, merged_into"
)

#: Placeholders for ``INSERT INTO events`` in the order ``event_params`` produces.
INSERT_EVENT = (
    'INSERT INTO events (id, start, "end", last_day, precision, year, month, day, title, '
    "summary, place, tags_text, sources_text, status, created_by, created_at, updated_by, "
    "updated_at, sources_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

INSERT_SOURCE = (
    "INSERT INTO sources (event_id, position, publisher, title, url, published, quote) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)

INSERT_TAG = (
    "INSERT INTO event_tags (event_id, position, tag, tag_key, status) VALUES (?, ?, ?, ?, ?)"
)

_PRECISIONS = {p.value: p for p in Precision}
_STATUSES = {s.value: s for s in Status}
_day = date.fromisoformat
_stamp = datetime.fromisoformat
_decode_json = json.JSONDecoder().decode  # json.loads without its per-call keyword checks


def timestamp(at: datetime) -> str:
    """An aware datetime as a sortable ISO string in UTC; naive datetimes are refused."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("timestamps must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags stripped of surrounding and embedded line breaks, without empties."""
    out = (" ".join(tag.split()) for tag in tags)
    return tuple(tag for tag in out if tag)


def event_params(event: Event, event_id: int) -> tuple[Any, ...]:
    """The ``INSERT_EVENT`` parameters of ``event`` (its audit fields must be set). A new
    event is never merged into another, so ``merged_into`` is written by updates only."""
    when = event.date
    created_at = event.created_at
    updated_at = event.updated_at
    if created_at is None or updated_at is None:
        raise ValueError("created_at and updated_at must be set before writing an event")
    return (
        event_id,
        when.start.isoformat(),
        None if when.end is None else when.end.isoformat(),
        when.last_day.isoformat(),
        when.precision.value,
        when.start.year,
        when.start.month,
        when.start.day,
        event.title,
        event.summary,
        event.place,
        "\n".join(clean_tags(event.tags)),
        sources_text(event.sources),
        event.status.value,
        event.created_by,
        timestamp(created_at),
        event.updated_by,
        timestamp(updated_at),
        sources_json(event.sources),
    )


def sources_text(sources: Sequence[Source]) -> str:
    """Publisher and title of every source, one per line, for full-text search."""
    return "\n".join(f"{s.publisher} {s.title}" for s in sources)


def sources_json(sources: Sequence[Source]) -> str:
    """The sources as ``[[publisher, title, url, published, quote], ...]`` (events.sources_json)."""
    return json.dumps(
        [
            [s.publisher, s.title, s.url, None if s.published is None else s.published.isoformat(),
             s.quote]
            for s in sources
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def source_params(event_id: int, sources: Sequence[Source]) -> list[tuple[Any, ...]]:
    return [
        (
            event_id,
            position,
            s.publisher,
            s.title,
            s.url,
            None if s.published is None else s.published.isoformat(),
            s.quote,
        )
        for position, s in enumerate(sources)
    ]


def tag_params(event_id: int, event: Event) -> list[tuple[Any, ...]]:
    status = event.status.value
    return [
        (event_id, position, tag, tag.lower(), status)
        for position, tag in enumerate(clean_tags(event.tags))
    ]


def span_days(event: Event) -> int:
    """How many days after its start an event's last covered day falls."""
    return (event.date.last_day - event.date.start).days


def sources_from_json(text: str) -> tuple[Source, ...]:
    """The sources stored by ``sources_json``, in order."""
    if text == "[]":
        return ()
    return tuple([
        Source(publisher, title, url, None if published is None else _day(published), quote)
        for publisher, title, url, published, quote in _decode_json(text)
    ])


def event_from_row(row: Sequence[Any]) -> Event:
    """An event from a row of ``EVENT_COLUMNS``.

    A page of 25 events is decoded for every day question, so this unpacks the row once
    and passes every field by position (as ``Event`` declares them), with the decoders
    bound to module names: about a fifth faster than reading each column by index and
    passing keywords."""
    (event_id, start, end, precision, title, summary, place, tags_text, status,
     created_by, created_at, updated_by, updated_at, sources, version, merged_into) = row
    return Event(
        EventDate(_day(start), _PRECISIONS[precision], None if end is None else _day(end)),
        title,
        summary,
        place,
        tuple(tags_text.split("\n")) if tags_text else (),
        _STATUSES[status],
        sources_from_json(sources),
        event_id,
        created_by,
        _stamp(created_at),
        updated_by,
        _stamp(updated_at),
        version,
        merged_into,
    )
