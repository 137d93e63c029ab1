"""The fields of moderators' commands: ``|``-separated parts, ``name=value`` changes,
tag lists and sources, and the checks a source must pass.

``add`` and ``edit`` name their fields the same way (``title=...``), so a platform form
can fill either: each field is a ``Param`` in the table whose flag is ``| name=``. A
source's own parts are separated by ``;`` inside a field (``source=AP ; Title ; URL``),
and by ``|`` in ``cite`` and ``sources``, where they are the whole command.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot import wording
from bot.context import Context
from bot.errors import FieldError, UserError
from bot.model import Event, Source
from bot.moderation_dates import source_day

MAX_FIELD = 1000
URL = re.compile(r"^https?://[^\s<>\"]+$")
#: The fields ``add`` and ``edit`` set by name, and what each holds.
EVENT_FIELDS = ("date", "title", "summary", "place", "tags", "source")
_NAMED = re.compile(r"^(?P<name>[A-Za-z]+)\s*(?P<op>\+=|-=|=)(?P<value>.*)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One ``name=value`` (or ``name+=value``, ``name-=value``) part of a command."""

    name: str
    op: str
    value: str


def fields(args: str, least: int, most: int, usage: str) -> list[str]:
    """``args`` split at ``|``: between ``least`` and ``most`` parts, padded with ""."""
    parts = [part.strip() for part in args.split("|")] if args.strip() else []
    if len(parts) < least or len(parts) > most or any(len(p) > MAX_FIELD for p in parts):
        raise UserError(f"Usage: {usage}")
    return parts + [""] * (most - len(parts))


def parts_of(args: str, usage: str) -> list[str]:
    """``args`` split at ``|``, each part stripped, none too long."""
    parts = [part.strip() for part in args.split("|")]
    if any(len(part) > MAX_FIELD for part in parts):
        raise UserError(f"A field can be at most {MAX_FIELD:,} characters. Usage: {usage}")
    return parts


def named(part: str, allowed: Sequence[str]) -> FieldChange | None:
    """``part`` as a named change if it starts with one of the ``allowed`` names and
    ``=`` (or ``+=``, ``-=``); None otherwise, so "E=mc2" can still be a title."""
    match = _NAMED.match(part)
    if match is None or match.group("name").lower() not in allowed:
        return None
    return FieldChange(match.group("name").lower(), match.group("op"),
                       match.group("value").strip())


def tag_list(text: str) -> tuple[str, ...]:
    """Comma-separated tags, lower-cased, each once, in order."""
    tags = (" ".join(tag.split()).lower() for tag in text.split(","))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def source_from(parts: Sequence[str], ctx: Context, usage: str) -> Source:
    """A source from PUBLISHER, TITLE, URL and PUBLISHED (the last two optional)."""
    padded = [*parts, "", "", ""][:4]  # a lone publisher is refused below, not a crash
    publisher, title, url, published = (" ".join(p.split()) for p in padded)
    if len(parts) > 4:
        raise UserError(f"A source has at most four parts. Usage: {usage}")
    if not publisher or not title:
        raise UserError(f"A source needs a publisher and a title. Usage: {usage}")
    if url and not published and ":" not in url and not url.lower().startswith("www."):
        # A form left the URL out: what follows the title is the publication date.
        url, published = "", url
    if url and not URL.match(url):
        raise UserError("A source URL must start with http:// or https:// and have no spaces.")
    day = source_day(published, ctx) if published else None
    return Source(publisher, title, url or None, day)


def source_field(value: str, ctx: Context) -> Source:
    """A source written inside one field: ``PUBLISHER ; TITLE ; URL ; PUBLISHED``.
    Its errors name the "source" field, so a form shows them there."""
    try:
        return source_from([p.strip() for p in value.split(";")], ctx,
                           "source=PUBLISHER ; TITLE ; URL ; PUBLISHED")
    except UserError as err:
        raise FieldError("source", str(err)) from err


def url_key(url: str) -> str:
    """A URL as compared for duplicates: the scheme and host in any case, and a
    trailing slash, make no difference."""
    scheme, sep, rest = url.strip().partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}".rstrip("/")


def refuse_duplicate(sources: Sequence[Source], source: Source, skip: int | None = None) -> None:
    """Refuse ``source`` if another of ``sources`` (but the one at ``skip``) has its URL."""
    if source.url is None:
        return
    key = url_key(source.url)
    for position, other in enumerate(sources):
        if position != skip and other.url is not None and url_key(other.url) == key:
            raise UserError(
                f"Source {position + 1} already has that URL ({source.url[:200]}); "
                "nothing was saved. The same source URL can be cited once per event."
            )


def source_warnings(
    event: Event, sources: Sequence[Source], today: date, *, first: int = 1
) -> list[str]:
    """Lines warning about sources dated before their event began or in the future
    (saved all the same: a date may be a typo, or a source may predate its event).
    ``first`` is the number of the first of ``sources`` among the event's."""
    lines = []
    for number, source in enumerate(sources, start=first):
        day = source.published
        if day is None:
            continue
        if day < event.date.start:
            lines.append(f"Warning: source {number} is dated {wording.full_date(day)}, "
                         f"before the event ({wording.event_date(event.date)}).")
        elif day > today:
            lines.append(f"Warning: source {number} is dated {wording.full_date(day)}, "
                         "which is in the future.")
    return lines


def merged_sources(first: Sequence[Source], second: Sequence[Source]) -> tuple[Source, ...]:
    """``first`` then those of ``second`` not already there (by URL, or by publisher
    and title for sources without one)."""
    def key(source: Source) -> str:
        if source.url:
            return url_key(source.url)
        return f"{source.publisher.lower()}\n{source.title.lower()}"

    seen = {key(s) for s in first}
    extra = []
    for source in second:
        if key(source) not in seen:
            seen.add(key(source))
            extra.append(source)
    return (*first, *extra)


def merged_tags(first: Sequence[str], second: Sequence[str]) -> tuple[str, ...]:
    """The tags of both, each once (any case), in order."""
    seen: dict[str, str] = {}
    for tag in (*first, *second):
        seen.setdefault(tag.lower(), tag)
    return tuple(seen.values())
