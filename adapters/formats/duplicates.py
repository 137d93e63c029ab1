"""Which imported events the store already has, or the file has twice.

Two events are the same when they have the same date (start, precision and end) and
either the same title once normalised, or a source link in common. A title is
normalised by Unicode compatibility folding (NFKC), case folding, and keeping only its
words: "Iran fires missiles" and "IRAN fires missiles!" are one title. A link is
compared without its scheme, a leading ``www.``, a trailing slash or a fragment:
``https://www.example.com/a/`` and ``http://example.com/a#top`` are one link. So a
story imported twice, or retitled in the file but citing the same article on the same
date, is not stored twice; the same title on another date is another event.

The first of several equal events in a file is imported, the others are reported as
duplicates of its line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from adapters.formats.rows import Loaded
from bot.model import Event, EventDate

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An imported event not imported: ``line`` is where it is in the file, ``same_as``
    names what it duplicates ("event #12", "line 5") and ``why`` how."""

    line: int
    title: str
    same_as: str
    why: str


def title_key(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(_WORD.findall(folded))


def link_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


class Duplicates:
    """The keys of events already known, by what they are known as."""

    def __init__(self, existing: Iterable[Event] = ()) -> None:
        self._titles: dict[tuple[EventDate, str], str] = {}
        self._links: dict[tuple[EventDate, str], str] = {}
        self.know(existing)

    def know(self, existing: Iterable[Event]) -> None:
        """Remember stored events (a page at a time: only their keys are kept)."""
        for event in existing:
            self._remember(event, f"event #{event.id}")

    def split(self, loaded: Sequence[Loaded]) -> tuple[list[Loaded], list[Duplicate]]:
        """The events to import, in order, and the duplicates left out."""
        fresh: list[Loaded] = []
        found: list[Duplicate] = []
        for item in loaded:
            duplicate = self._match(item)
            if duplicate is None:
                fresh.append(item)
                self._remember(item.event, f"line {item.line}")
            else:
                found.append(duplicate)
        return fresh, found

    def _match(self, item: Loaded) -> Duplicate | None:
        event = item.event
        known = self._titles.get((event.date, title_key(event.title)))
        if known is not None:
            return Duplicate(item.line, event.title, known, "the same date and title")
        for source in event.sources:
            if source.url and (known := self._links.get((event.date, link_key(source.url)))):
                return Duplicate(item.line, event.title, known, "the same date and source link")
        return None

    def _remember(self, event: Event, name: str) -> None:
        self._titles.setdefault((event.date, title_key(event.title)), name)
        for source in event.sources:
            if source.url:
                self._links.setdefault((event.date, link_key(source.url)), name)
