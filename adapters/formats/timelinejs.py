"""TimelineJS's JSON format (https://timeline.knightlab.com/docs/json-format.html).

An export holds the published events only (a timeline is for readers), each as::

    {"start_date": {"year": 2020, "month": 1, "day": 3}, "end_date": {...},
     "text": {"headline": "<escaped title>", "text": "<escaped summary, <br> breaks>"},
     "media": {"url": "<first source link>", "credit": "<publisher>",
               "caption": "<source title>"},
     "group": "<first tag>", "unique_id": "dateline-<id>"}

``month`` and ``day`` are left out for month and year precision; ``end_date``, ``media``
and ``group`` when there is none. Headline and text are HTML in TimelineJS, so Dateline's
plain text is escaped there (``adapters.formats.html_text``) and read back as text.

An import reads ``events`` (a title slide and eras are not events, and are skipped):
the headline becomes the title, the text the summary, a web-address ``media`` a source
(its credit the publisher, else the site's name; its caption the source's title), the
group a tag. Times of day are not kept. Place, the other tags and sources, and the
status are not part of the format.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from adapters.formats import fields, html_text, json_out, json_walk
from adapters.formats.rows import FormatError, LoadResult, RowError, read_records
from bot.model import Event, Precision, Source, Status


def dump(events: Sequence[Event]) -> str:
    return "".join(pieces(events))


def pieces(events: Iterable[Event]) -> Iterator[str]:
    """The file a slide at a time."""
    return json_out.document({}, (_slide(event) for event in events if includes(event)))


def includes(event: Event) -> bool:
    """Whether an export for readers shows the event: only published ones."""
    return event.status is Status.PUBLISHED


def _slide(event: Event) -> dict[str, Any]:
    slide: dict[str, Any] = {"start_date": _date(event.date.start, event.date.precision)}
    if event.date.end is not None:
        slide["end_date"] = _date(event.date.end, event.date.precision)
    slide["text"] = {
        "headline": html_text.to_html(event.title),
        "text": html_text.to_html(event.summary),
    }
    media = media_source(event)
    if media is not None:
        slide["media"] = {
            "url": media.url,
            "credit": html_text.to_html(media.publisher),
            "caption": html_text.to_html(media.title),
        }
    if event.tags:
        slide["group"] = event.tags[0]
    if event.id is not None:
        slide["unique_id"] = f"dateline-{event.id}"
    return slide


def media_source(event: Event) -> Source | None:
    """The first source with a web address: what a slide shows as its media."""
    return next((source for source in event.sources if source.url), None)


def _date(day: date, precision: Precision) -> dict[str, int]:
    parts = {"year": day.year}
    if precision is not Precision.YEAR:
        parts["month"] = day.month
    if precision is Precision.DAY:
        parts["day"] = day.day
    return parts


def load(text: str) -> LoadResult:
    document = json_walk.read(text)
    if document.events is None:
        raise FormatError('a TimelineJS file needs an "events" list')
    return read_records(document.events, _event)


def _event(item: object) -> Event:
    if not isinstance(item, dict):
        raise RowError("an event must be an object {...}")
    start = _parts(item.get("start_date"), "start_date")
    end = _parts(item.get("end_date"), "end_date") if item.get("end_date") else ""
    words = _object(item.get("text"), "text")
    media = _object(item.get("media"), "media")
    return build(
        start,
        end,
        headline=words.get("headline"),
        text=words.get("text"),
        media=(media.get("url"), media.get("credit"), media.get("caption")),
        group=item.get("group"),
    )


def build(
    start: str,
    end: str,
    *,
    headline: object,
    text: object,
    media: tuple[object, object, object],
    group: object,
) -> Event:
    """An event from a TimelineJS slide's values (HTML text), shared with the sheet."""
    return Event(
        date=fields.event_date(start, end or None),
        title=fields.text(_plain(headline, "headline"), "title", required=True),
        summary=fields.text(_plain(text, "text"), "summary"),
        tags=fields.tags([_plain(group, "group")]),
        sources=_media(*media),
    )


def _plain(value: object, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RowError(f"{name} must be text, not {fields.shown(value)}")
    return html_text.to_text(value)


def _media(link: object, credit: object, caption: object) -> tuple[Source, ...]:
    if not isinstance(link, str) or urlsplit(link.strip()).scheme.lower() not in ("http", "https"):
        return ()  # an image, embed code or nothing: not a source
    publisher = _plain(credit, "media credit") or urlsplit(link.strip()).hostname or ""
    return (fields.source(publisher, _plain(caption, "media caption"), link),)


def _object(value: object, name: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RowError(f"{name} must be an object {{...}}")
    return value


def _parts(value: object, name: str) -> str:
    if not isinstance(value, dict):
        raise RowError(f"{name} must be an object such as {{\"year\": 2020}}")
    return date_text(value.get("year"), value.get("month"), value.get("day"), name)


def date_text(year: object, month: object, day: object, name: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from TimelineJS's numbers (or their text)."""
    numbers = [_number(value, f"{name} {part}") for value, part in
               ((year, "year"), (month, "month"), (day, "day"))]
    y, m, d = numbers
    if y is None:
        raise RowError(f"{name} has no year")
    if y <= 0:
        raise RowError(f"{name} year {y}: years BC cannot be stored (and there is no year 0)")
    if y > 9999:
        raise RowError(f"{name} year {y} is beyond 9999")
    if d is not None and m is None:
        raise RowError(f"{name} has a day but no month")
    if m is not None and not 1 <= m <= 12:
        raise RowError(f"{name} month {m}: there is no such month (months run from 1 to 12)")
    if d is not None and not 1 <= d <= 31:
        raise RowError(f"{name} day {d}: there is no such day (days run from 1 to 31)")
    return f"{y:04d}" + ("" if m is None else f"-{m:02d}") + ("" if d is None else f"-{d:02d}")


def _number(value: object, name: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RowError(f"{name} must be a whole number, not {fields.shown(value)}")
    try:
        return int(value)
    except ValueError:
        raise RowError(f"{name} must be a whole number, not {fields.shown(value)}") from None
