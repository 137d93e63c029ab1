"""Checking the values of one imported record and turning them into model parts.

Imported text is hostile: it may hold mentions, markup or control characters. The store
keeps text as text (renderers escape it for their platform), so the only change made
here is to drop C0 and C1 control characters other than newline and tab (CR LF and a
lone CR become a newline), and to trim surrounding white space. Every other check
refuses the record with a ``RowError`` that says what is wrong in words: an impossible
date (31 February, year 0), a status that does not exist, a source link that is not a
web address, a value too long to be what its column says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from urllib.parse import urlsplit

from adapters.formats.rows import RowError
from bot.model import EventDate, Precision, Source, Status, parse_iso

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile("\r\n?")
_YEAR_ZERO = re.compile(r"0000(?:-|$)")

#: The longest value each field may hold, in characters: far beyond real use, and short
#: enough that a file of garbage cannot fill the store with megabyte "titles".
LIMITS = {
    "title": 1000,
    "summary": 20_000,
    "place": 500,
    "tag": 100,
    "publisher": 500,
    "source title": 1000,
    "url": 2000,
    "quote": 10_000,
}
MAX_TAGS = 50
MAX_SOURCES = 50


def clean(value: str) -> str:
    """``value`` without control characters (newline and tab kept), trimmed."""
    if _CONTROL.search(value) is None:  # nearly always: one scan instead of two rewrites
        return value.strip()
    return _CONTROL.sub("", _NEWLINES.sub("\n", value)).strip()


def shown(value: object, limit: int = 40) -> str:
    """A value quoted for a bad row's reason, cut short."""
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def text(value: object, name: str, *, required: bool = False) -> str:
    """A text field: ``None`` and "" are empty; anything but text is refused."""
    if not value:
        if required:
            raise RowError(f"{name} is empty")
        if value is None or value == "":
            return ""
    if not isinstance(value, str):
        raise RowError(f"{name} must be text, not {shown(value)}")
    cleaned = clean(value)
    if required and not cleaned:
        raise RowError(f"{name} is empty")
    limit = LIMITS.get(name, LIMITS["summary"])
    if len(cleaned) > limit:
        raise RowError(f"{name} is longer than {limit:,} characters")
    return cleaned


def event_date(start: object, end: object = None) -> EventDate:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, and an optional end of the same precision."""
    first = _date_text(start, "date")
    if not first:
        raise RowError("date is empty")
    last = _date_text(end, "end")
    try:
        return EventDate.parse(first, last or None)
    except ValueError as exc:
        if repr(first) in str(exc) or repr(last) in str(exc):  # it names the value itself
            raise RowError(f"date {exc}") from None
        where = f"date {shown(first)}" + (f" to {shown(last)}" if last else "")
        raise RowError(f"{where}: {exc}") from None


def _date_text(value: object, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RowError(f"{name} must be text such as \"2020-01-03\", not {shown(value)}")
    value = clean(value)
    if _YEAR_ZERO.match(value):
        raise RowError(f"{name} {shown(value)}: there is no year 0 (1 BC is followed by AD 1)")
    return value


def status(value: object) -> Status:
    name = text(value, "status").lower()
    if not name:
        return Status.PUBLISHED
    try:
        return Status(name)
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise RowError(f"status {shown(name)} is not one of {choices}") from None


def tags(values: Sequence[object]) -> tuple[str, ...]:
    found = tuple(tag for tag in (text(value, "tag") for value in values) if tag)
    if len(found) > MAX_TAGS:
        raise RowError(f"more than {MAX_TAGS} tags")
    return found


def url(value: object) -> str | None:
    """A source link: a web address (``http://`` or ``https://``), or none."""
    link = text(value, "url")
    if not link:
        return None
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in link:
        raise RowError(f"source URL {shown(link)} is not a web address (http:// or https://)")
    return link


def published(value: object) -> date | None:
    day = text(value, "published")
    if not day:
        return None
    try:
        found, precision = parse_iso(day)
    except ValueError as exc:
        raise RowError(f"source published date {shown(day)}: {exc}") from None
    if precision is not Precision.DAY:
        raise RowError(f"source published date {shown(day)} must be a whole date, YYYY-MM-DD")
    return found


def source(
    publisher: object,
    title: object = None,
    link: object = None,
    day: object = None,
    quote: object = None,
    *,
    position: int = 1,
) -> Source:
    """One source; its publisher is required (a title or link alone is not a source)."""
    try:
        return Source(
            publisher=text(publisher, "publisher", required=True),
            title=text(title, "source title"),
            url=url(link),
            published=published(day),
            quote=text(quote, "quote") or None,
        )
    except RowError as exc:
        raise RowError(f"source {position}: {exc}") from None
