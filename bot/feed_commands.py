"""The ``feeds`` and ``feed`` commands (moderators): the subscribed RSS and Atom feeds
with their state, next poll and failures; subscribing one (optionally auto-publishing
candidates at or above a confidence), removing one, pausing and resuming one, and polling
one now. The URL policy and the polling itself are the service's
(``bot.feed_port.FeedService``); subscribing, removing, pausing and resuming are audited
by the store in the same transaction as the change. A paused feed is not polled, not
even by ``feed poll``: that would undo what the moderator who paused it wanted."""

from __future__ import annotations

import re

from bot import wording
from bot.context import Context
from bot.errors import ConflictError, NotFound, UserError
from bot.feed_port import Feed, FeedService
from bot.messages import Inline, Reply, ReplyKind, Section, rich_section
from bot.queries import CommandCall, Query

USAGE = ("feed add URL [auto-publish 0.9] · feed remove ID · feed pause ID · "
         "feed resume ID · feed poll ID")
_AUTO = re.compile(r"^(?P<url>\S+)(?:\s+auto-?publish\s+(?P<threshold>\S+))?$", re.I)


async def feeds(ctx: Context, query: Query) -> Reply:
    """Every subscribed feed: its URL, state, next poll and failures."""
    service = _service(ctx)
    found = await service.store.feeds()
    if not found:
        return Reply(ReplyKind.EMPTY, "Feeds", "No feed is subscribed. Subscribe one with "
                     "“feed add URL”.", private=True)
    sections = tuple(feed_section(ctx, f) for f in found)
    return Reply(ReplyKind.LIST, "Feeds", f"{wording.plural(len(found), 'feed')}.",
                 sections, private=True)


def feed_section(ctx: Context, feed: Feed) -> Section:
    """One feed as ``feeds`` and ``status`` show it."""
    state = "paused" if feed.paused else ("failing" if feed.failures else "polling")
    auto = (f" · auto-publishes at {feed.auto_publish:g}" if feed.auto_publish is not None
            else "")
    lines: list[tuple[Inline, ...]] = [
        (f"{state}{auto}",),
        ("Not polled until it is resumed",) if feed.paused
        else ("Next poll ", wording.moment(feed.next_poll_at, ctx.tz)),
    ]
    if feed.failures:
        lines.append((f"Failed {wording.plural(feed.failures, 'time')} in a row: "
                      f"{feed.last_error or 'unknown error'}",))
    return rich_section((f"Feed {feed.id}: {feed.url}",), tuple(lines))


async def feed(ctx: Context, query: Query) -> Reply:
    """``feed add URL [auto-publish T]``, ``feed remove ID``, ``feed pause ID``,
    ``feed resume ID``, ``feed poll ID``."""
    service = _service(ctx)
    args = query.args.strip() if isinstance(query, CommandCall) else ""
    action, _, rest = args.partition(" ")
    action, rest = action.lower(), rest.strip()
    if action == "add" and rest:
        return await _add(ctx, service, rest)
    if action in ("remove", "poll", "pause", "resume") and rest:
        number = _number(rest)
        if action == "remove":
            return await _remove(ctx, service, number)
        if action == "poll":
            return await _poll(ctx, service, number)
        return await _pause(ctx, service, number, paused=action == "pause")
    raise UserError(f"Say what to do with feeds: {USAGE}.")


def _service(ctx: Context) -> FeedService:
    if ctx.feeds is None:
        raise UserError("This Dateline polls no feeds, so none can be managed here.")
    return ctx.feeds


def _number(text: str) -> int:
    digits = text.removeprefix("#")
    if not digits.isdigit() or int(digits) < 1:
        raise UserError(f"“{text[:40]}” is not a feed number (see “feeds”).")
    return int(digits)


def threshold(text: str) -> float:
    """An auto-publish threshold: a confidence from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise UserError(f"“{text[:20]}” is not a confidence from 0 to 1.") from None
    if not 0.0 <= value <= 1.0:
        raise UserError(f"“{text[:20]}” is not a confidence from 0 to 1.")
    return value


async def _add(ctx: Context, service: FeedService, rest: str) -> Reply:
    match = _AUTO.match(rest)
    if match is None:
        raise UserError(f"Give one URL, optionally with a threshold: {USAGE}.")
    url = service.checked_url(match["url"])
    auto = threshold(match["threshold"]) if match["threshold"] else None
    try:
        added = await service.store.add_feed(url, auto, ctx.actor.ref, ctx.now)
    except ConflictError:
        raise UserError(f"{url} is subscribed already (see “feeds”).") from None
    service.wake()
    auto_text = (f" Candidates of confidence {auto:g} or more are published at once."
                 if auto is not None else " Its candidates wait for review.")
    return Reply(ReplyKind.DONE, "Feed added",
                 f"Feed {added.id} ({url}) is polled from now on.{auto_text} "
                 f"Poll it now with “feed poll {added.id}”.")


async def _remove(ctx: Context, service: FeedService, number: int) -> Reply:
    removed = await service.store.remove_feed(number, ctx.actor.ref, ctx.now)
    if removed is None:
        raise NotFound(f"There is no feed {number} (see “feeds”).")
    return Reply(ReplyKind.DONE, "Feed removed",
                 f"Feed {number} ({removed.url}) is no longer polled. What it queued stays "
                 "in review.")


async def _pause(ctx: Context, service: FeedService, number: int, *, paused: bool) -> Reply:
    before = await service.store.feed(number)
    if before is None:
        raise NotFound(f"There is no feed {number} (see “feeds”).")
    if before.paused == paused:
        raise UserError(f"Feed {number} is {'paused' if paused else 'polled'} already; "
                        "nothing changed.")
    changed = await service.store.set_paused(number, paused, ctx.actor.ref, ctx.now)
    if changed is None:
        raise NotFound(f"There is no feed {number} (see “feeds”).")
    if paused:
        return Reply(ReplyKind.DONE, "Feed paused",
                     f"Feed {number} ({changed.url}) is not polled until “feed resume "
                     f"{number}”. What it queued stays in review.")
    service.wake()  # due already if its next poll passed while it was paused
    return Reply(ReplyKind.DONE, "Feed resumed",
                 f"Feed {number} ({changed.url}) is polled again from its next poll on.")


async def _poll(ctx: Context, service: FeedService, number: int) -> Reply:
    found = await service.store.feed(number)
    if found is None:
        raise NotFound(f"There is no feed {number} (see “feeds”).")
    if found.paused:
        raise UserError(f"Feed {number} is paused; resume it with “feed resume {number}” "
                        "to poll it.")
    result = await service.poll(found, ctx.now)
    if result.error is not None:
        return Reply(ReplyKind.ERROR, "Feed failed", f"Feed {number} failed: {result.error}. "
                     "It is tried again later (see “feeds”).")
    line = result.line()
    return Reply(ReplyKind.DONE, "Feed polled",
                 f"{line[0].upper()}{line[1:]}. See the candidates with “review”.")
