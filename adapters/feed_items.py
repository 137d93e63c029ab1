"""Reading a feed document with feedparser: whether it is an RSS or Atom feed at all, and
each item's identity (guid, else link), link, title, date, the text the feed itself
carries (``content:encoded``, Atom content, else the summary) and a hash of that content,
which tells a changed item from one already read."""

from __future__ import annotations

import hashlib
import html
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

#: Feed text at least this long is taken as the article; shorter is a teaser, and the
#: linked page is fetched instead.
FULL_TEXT = 400
#: The newest items read per poll: a feed's first poll must not queue years of archive.
MAX_ITEMS = 50
_BREAKS = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6])\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]+>")


class NotAFeed(Exception):
    """The document is neither RSS nor Atom; the message says what was wrong."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    key: str
    link: str | None
    title: str
    published: date | None
    text: str  # what the feed carries, as plain text
    content_hash: str

    @property
    def full_text(self) -> bool:
        return len(self.text) >= FULL_TEXT


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    items: tuple[FeedItem, ...]


def parse_feed(body: bytes) -> ParsedFeed:
    """The feed in ``body`` (bytes: feedparser would fetch a string that looks like a URL)."""
    # Imported here: feedparser costs about 20 ms to import, and every ``dateline`` start
    # imports this module for its types (through the poller), while only a poll parses.
    import feedparser  # type: ignore[import-untyped]  # noqa: PLC0415 - no type information

    parsed = feedparser.parse(body)
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        why = f" ({type(reason).__name__})" if reason is not None else ""
        raise NotAFeed(f"not an RSS or Atom feed{why}")
    items = [item for entry in parsed.entries[:MAX_ITEMS]
             if (item := _item(entry)) is not None]
    return ParsedFeed(_plain(str(parsed.feed.get("title", ""))), tuple(items))


def _item(entry: Any) -> FeedItem | None:
    link = entry.get("link") or None
    key = entry.get("id") or link
    if not key:
        return None  # nothing to recognise it by next time
    title = _plain(str(entry.get("title", "")))
    text = _plain(_content(entry))
    digest = hashlib.sha256("\n".join((title, text)).encode("utf-8")).hexdigest()
    return FeedItem(str(key), link, title, _date(entry), text, digest)


def _content(entry: Any) -> str:
    contents: Sequence[Any] = entry.get("content") or ()
    longest = max((str(c.get("value", "")) for c in contents), key=len, default="")
    summary = str(entry.get("summary", ""))
    return longest if len(longest) >= len(summary) else summary


def _plain(markup: str) -> str:
    """Feed HTML as text: block ends become line breaks, so sentences stay apart."""
    text = html.unescape(_TAGS.sub(" ", _BREAKS.sub("\n", markup)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _date(entry: Any) -> date | None:
    for name in ("published_parsed", "updated_parsed"):
        value = entry.get(name)
        if isinstance(value, time.struct_time):
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None
