"""The timeline JSON format: reading and writing it, and opening a store seeded with the sample.

The format (version 1) is both the packaged sample timeline and the
import/export format::

    {"version": 1, "events": [{"date": "2020-01-03", "end": null, "title": "...",
      "summary": "...", "place": "...", "tags": ["iran"], "status": "published",
      "sources": [{"publisher": "...", "title": "...", "url": null,
                   "published": "2020-01-10", "quote": null}]}]}

``date`` and ``end`` are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.errors import StoreError
from bot.model import Event, EventDate, Source, Status
from storage.sqlite_store import SqliteEventStore

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
SAMPLE_ACTOR = "system:sample"
SAMPLE_RESOURCE = "sample_timeline.json"


def read_timeline(data: bytes | str) -> list[Event]:
    """Parse and validate timeline JSON; ``ValueError`` names the bad event and field."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"the timeline is not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise ValueError("the timeline must be a JSON object with 'version' and 'events'")
    if document.get("version") != FORMAT_VERSION:
        raise ValueError(f"unsupported timeline version {document.get('version')!r}; expected 1")
    events = document.get("events")
    if not isinstance(events, list):
        raise ValueError("the timeline's 'events' must be a list")
    return [_event(index, item) for index, item in enumerate(events)]


def dump_timeline(events: Sequence[Event]) -> str:
    """Events as timeline JSON (the export format; ids and audit fields are not included)."""
    return json.dumps(
        {"version": FORMAT_VERSION, "events": [event_json(e) for e in events]},
        ensure_ascii=False,
        indent=2,
    )


async def open_store(
    path: Path, *, sample: bool, now: datetime, sample_data: bytes | None = None
) -> SqliteEventStore:
    """Open the store at ``path``; on its first start, seed it with the sample if asked.

    Creating, migrating and seeding are finished together: a store whose first start
    was interrupted (killed, Ctrl-C) has no setup mark and is finished on the next
    start, and only one of several processes starting at once seeds it. A finished
    store is never seeded again, even if empty, nor is one that holds a user's data.
    ``sample_data`` replaces the packaged sample (for tests).
    """

    def load() -> list[Event]:
        return read_timeline(sample_data if sample_data is not None else _packaged_sample())

    is_new = await asyncio.to_thread(_prepare, path)
    # Read a new store's sample before creating the file, so a bad sample leaves none.
    seed = load() if sample and is_new else None
    store = await SqliteEventStore.open(path)
    try:
        if not await store.is_set_up():
            if sample and seed is None:
                seed = load()
            count = await store.finish_setup(seed or [], SAMPLE_ACTOR, now)
            if count:
                log.info("seeded a new database with %d sample events", count)
    except BaseException:
        await store.close()
        raise
    return store


def sample_events(sample_data: bytes | None = None) -> list[Event]:
    """The packaged sample timeline's events (or those of ``sample_data``, for tests)."""
    return read_timeline(sample_data if sample_data is not None else _packaged_sample())


def _prepare(path: Path) -> bool:
    """Create the parent folders; True when the database file does not exist yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return not path.exists()


def _packaged_sample() -> bytes:
    # Only a first start reads the sample; every other start skips the import.
    from importlib import resources  # noqa: PLC0415

    resource = resources.files("storage").joinpath(SAMPLE_RESOURCE)
    if not resource.is_file():
        raise StoreError(
            f"the sample timeline storage/{SAMPLE_RESOURCE} is missing from the package; "
            "reinstall Dateline or start without the sample"
        )
    return resource.read_bytes()


def _event(index: int, item: Any) -> Event:
    where = f"event {index}"
    if not isinstance(item, dict):
        raise ValueError(f"{where}: must be an object")
    title = _text(item, "title", where, required=True)
    where = f"event {index} ({title[:40]!r})"
    try:
        when = EventDate.parse(_text(item, "date", where, required=True), item.get("end"))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{where}: 'date'/'end': {exc}") from exc
    status_text = _text(item, "status", where) or Status.PUBLISHED.value
    try:
        status = Status(status_text)
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise ValueError(f"{where}: 'status' must be one of {choices}") from None
    return Event(
        date=when,
        title=title,
        summary=_text(item, "summary", where),
        place=_text(item, "place", where),
        tags=_tags(item.get("tags"), where),
        status=status,
        sources=tuple(_sources(item.get("sources"), where)),
    )


def _text(item: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = item.get(key)
    if value is None:
        if required:
            raise ValueError(f"{where}: '{key}' is required")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"{where}: '{key}' must be a non-empty string")
    return value


def _optional(item: Mapping[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{where}: '{key}' must be a string or null")
    return value


def _tags(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValueError(f"{where}: 'tags' must be a list of strings")
    return tuple(value)


def _sources(value: Any, where: str) -> list[Source]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{where}: 'sources' must be a list")
    sources = []
    for position, item in enumerate(value):
        at = f"{where}, source {position}"
        if not isinstance(item, dict):
            raise ValueError(f"{at}: must be an object")
        published = _optional(item, "published", at)
        try:
            day = None if not published else date.fromisoformat(published)
        except ValueError:
            raise ValueError(f"{at}: 'published' must be a YYYY-MM-DD date") from None
        sources.append(
            Source(
                publisher=_text(item, "publisher", at, required=True),
                title=_text(item, "title", at),
                url=_optional(item, "url", at),
                published=day,
                quote=_optional(item, "quote", at),
            )
        )
    return sources


def event_json(event: Event) -> dict[str, Any]:
    """``event`` as the timeline format writes it (what the JSON export builds on)."""
    return {
        "date": event.date.iso(),
        "end": event.date.end_iso(),
        "title": event.title,
        "summary": event.summary,
        "place": event.place,
        "tags": list(event.tags),
        "status": event.status.value,
        "sources": [
            {
                "publisher": s.publisher,
                "title": s.title,
                "url": s.url,
                "published": None if s.published is None else s.published.isoformat(),
                "quote": s.quote,
            }
            for s in event.sources
        ],
    }
