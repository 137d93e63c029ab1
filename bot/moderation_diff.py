"""What an audit entry changed, in words, from the event's states before and after it:
which field went from what to what, which tags and sources were added, removed or
edited, and an entry's own note where the states cannot say it (an undo, a merge).
Entries from before the audit kept states are described by their note alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import wording
from bot.messages import Moment, Person, Section, rich_section
from bot.model import Change, Event, Source
from bot.moderation_fields import url_key

_SHORT = 80
_TEXT_FIELDS = ("title", "summary", "place")
# Actions whose note says what the states alone do not.
_NOTED = frozenset({"undo", "merge", "tags"})


def entry_section(change: Change, tz: str) -> Section:
    """One audit entry: when, what and who, then its number and what it changed."""
    target = f"#{change.event_id} " if change.event_id is not None else ""
    moment: Moment = wording.moment(change.at, tz)
    heading = (moment, f": {target}{change.action} by ", Person(change.actor))
    lines = describe(change)
    if change.id is not None:  # the number undo takes, first
        lines = [f"Entry {change.id}: {lines[0]}" if lines else f"Entry {change.id}",
                 *lines[1:]]
    return rich_section(heading, tuple((line,) for line in lines))


def describe(change: Change) -> list[str]:
    """What ``change`` did, one line per thing it changed."""
    before, after = change.before, change.after
    if after is None:
        return [change.detail] if change.detail else []
    noted = [change.detail] if change.action in _NOTED and change.detail else []
    if before is None:
        sources = f", {wording.plural(len(after.sources), 'source')}" if after.sources else ""
        return [*noted, f"created “{_short(after.title)}”, "
                        f"{wording.event_date(after.date)}{sources}"]
    lines = noted + _fields(before, after) + _tags(before.tags, after.tags)
    lines += _sources(before.sources, after.sources)
    return lines or ["no visible change"]


def _fields(before: Event, after: Event) -> list[str]:
    lines = []
    if before.date != after.date:
        lines.append(f"date: {wording.event_date(before.date)} → "
                     f"{wording.event_date(after.date)}")
    for name in _TEXT_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            lines.append(f"{name}: {_quoted(old)} → {_quoted(new)}")
    if before.status != after.status:
        lines.append(f"status: {before.status.value} → {after.status.value}")
    if before.merged_into != after.merged_into:
        lines.append(f"merged into #{after.merged_into}" if after.merged_into is not None
                     else f"no longer merged into #{before.merged_into}")
    return lines


def _tags(before: Sequence[str], after: Sequence[str]) -> list[str]:
    old = {tag.lower() for tag in before}
    new = {tag.lower() for tag in after}
    added = [tag for tag in after if tag.lower() not in old]
    removed = [tag for tag in before if tag.lower() not in new]
    parts = ([f"added {_listed(added)}"] if added else []) + (
        [f"removed {_listed(removed)}"] if removed else [])
    return [f"tags: {'; '.join(parts)}"] if parts else []


def _sources(before: Sequence[Source], after: Sequence[Source]) -> list[str]:
    if before == after:
        return []
    if len(before) == len(after):
        # As many as before: sources edited in place, each compared with its own.
        return [f"source {n}: {_source_change(old, new)}"
                for n, (old, new) in enumerate(zip(before, after, strict=True), start=1)
                if old != new]
    old_keys = [_key(s) for s in before]
    new_keys = [_key(s) for s in after]
    lines = [f"source {n} removed: {_source(s)}"
             for n, s in enumerate(before, start=1) if _key(s) not in new_keys]
    lines += [f"source {n} added: {_source(s)}"
              for n, s in enumerate(after, start=1) if _key(s) not in old_keys]
    return lines


def _source_change(old: Source, new: Source) -> str:
    changes = []
    for name in ("publisher", "title", "url", "published", "quote"):
        was, now = getattr(old, name), getattr(new, name)
        if was != now:
            changes.append(f"{name} {_quoted(_plain(was))} → {_quoted(_plain(now))}")
    return "; ".join(changes)


def _key(source: Source) -> str:
    return url_key(source.url) if source.url else f"{source.publisher}\n{source.title}"


def _source(source: Source) -> str:
    url = f" ({_short(source.url)})" if source.url else ""
    return f"{_short(source.publisher)}: {_quoted(source.title)}{url}"


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def _listed(tags: Sequence[str]) -> str:
    return ", ".join(_quoted(tag) for tag in tags)


def _quoted(text: str) -> str:
    return f"“{_short(text)}”" if text else "(empty)"


def _short(text: str) -> str:
    # Only cut: the text is shown as typed (each platform escapes what it must).
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"
