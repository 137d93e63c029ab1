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
It is left out by ``dump(..., stored=False)`` and ignored on import, which gives events
new numbers and records the import as their origin; so a file without it comes back
byte for byte from an export of the store it was imported into.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from adapters.formats import fields, json_out, json_walk
from adapters.formats.rows import FormatError, LoadResult, RowError
from bot.model import Event, Source

VERSION = 1


def dump(
    events: Sequence[Event],
    history: Mapping[int, Sequence[int]] | None = None,
    *,
    stored: bool = True,
) -> str:
    """``history`` maps an event's id to its change-history ids (oldest first)."""
    return "".join(pieces(events, history, stored=stored))


def pieces(
    events: Iterable[Event],
    history: Mapping[int, Sequence[int]] | None = None,
    *,
    stored: bool = True,
) -> Iterator[str]:
    """The file an event at a time."""
    items = (_item(event, history or {}, stored=stored) for event in events)
    return json_out.document({"version": VERSION}, items)


def _item(event: Event, history: Mapping[int, Sequence[int]], *, stored: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "date": event.date.iso(),
        "end": event.date.end_iso(),
        "title": event.title,
        "summary": event.summary,
        "place": event.place,
        "tags": list(event.tags),
        "status": event.status.value,
        "sources": [_source(source) for source in event.sources],
    }
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


def _source(source: Source) -> dict[str, Any]:
    return {
        "publisher": source.publisher,
        "title": source.title,
        "url": source.url,
        "published": None if source.published is None else source.published.isoformat(),
        "quote": source.quote,
    }


def _stamp(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


def load(text: str) -> LoadResult:
    document = json_walk.read(text)
    version = document.members.get("version")
    if version != VERSION:
        found = json.dumps(version)[:40]
        raise FormatError(f'a Dateline JSON file has "version": 1, not {found}')
    if document.events is None:
        raise FormatError('a Dateline JSON file needs an "events" list')
    result = LoadResult()
    for record, (line, item) in enumerate(document.events, start=1):
        try:
            result.add(line, _event(item))
        except RowError as exc:
            result.bad(line, record, str(exc))
    return result


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
