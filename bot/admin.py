"""Curating the store from chat: show one event, add events and sources, and read
the change history and audit log. Arguments are ``|``-separated fields.

An edit is based on the event as it was read; if someone changed it meanwhile the
store refuses the edit and the moderator is asked to try again, so no change is
silently undone. The history and the audit log name users, so they are shown only
to the moderator who asked, unless they end the command with ``share``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import wording
from bot.commands import SHARE_WORDS
from bot.context import Context
from bot.errors import ConflictError, NotFound, UserError
from bot.messages import Person, Reply, ReplyKind, Role, Section, rich_section
from bot.model import Change, Event, EventDate, Source, Status, parse_iso
from bot.numbers import whole_number
from bot.presenting import event_section
from bot.queries import CommandCall, Query
from bot.usage import ADD_USAGE, CITE_USAGE

MAX_FIELD = 1000
_URL = re.compile(r"^https?://[^\s<>\"]+$")
#: A last word that posts a moderator report to the whole channel instead of privately.
PRIVATE_NOTE = "Only you can see this. Add “share” to the command to post it to the channel."


def fields(args: str, least: int, most: int, usage: str) -> list[str]:
    parts = [part.strip() for part in args.split("|")] if args.strip() else []
    if len(parts) < least or len(parts) > most or any(len(p) > MAX_FIELD for p in parts):
        raise UserError(f"Usage: {usage}")
    return parts + [""] * (most - len(parts))


def event_id(text: str) -> int:
    number = whole_number(text.strip().lstrip("#"))
    if number is None:
        raise UserError(f"“{text.strip()}” is not an event number; event numbers look like #12.")
    return number


def _call(query: Query) -> CommandCall:
    if not isinstance(query, CommandCall):
        raise TypeError(f"expected a CommandCall, got {type(query).__name__}")
    return query


async def _existing(ctx: Context, number: int) -> Event:
    event = await ctx.store.get(number)
    if event is None:
        raise NotFound(f"There is no event #{number}.")
    return event


def _event_number(ctx: Context, args: str) -> int:
    """The event number from the form's typed "id", else read from the words."""
    typed = ctx.typed_int("id")
    return typed if typed is not None else event_id(args)


async def show_event(ctx: Context, query: Query) -> Reply:
    event = await _existing(ctx, _event_number(ctx, _call(query).args))
    if event.status is not Status.PUBLISHED and ctx.actor.role < Role.MODERATOR:
        raise NotFound(f"There is no event #{event.id}.")
    section = event_section(event, ctx.today, prefix=f"#{event.id} ")
    status = "" if event.status is Status.PUBLISHED else f"Status: {event.status.value}. "
    return Reply(ReplyKind.ANSWER, f"Event #{event.id}", status.strip(), (section,), (event,))




def parse_event_date(text: str) -> EventDate:
    start, _, end = text.partition(" to ")
    try:
        return EventDate.parse(start, end.strip() or None)
    except ValueError as err:
        raise UserError(f"Bad date: {err}.") from err


async def add_event(ctx: Context, query: Query) -> Reply:
    when, title, summary, place, tags = fields(_call(query).args, 2, 5, ADD_USAGE)
    if not title:
        raise UserError(f"An event needs a title. Usage: {ADD_USAGE}")
    tag_list = tuple(dict.fromkeys(t.strip().lower() for t in tags.split(",") if t.strip()))
    event = Event(parse_event_date(when), title, summary, place, tag_list, Status.PUBLISHED)
    saved = await ctx.store.add(event, ctx.actor.ref, ctx.now)
    return Reply(
        ReplyKind.DONE,
        f"Added event #{saved.id}",
        "Add a source with: cite ID | PUBLISHER | TITLE | URL | PUBLISHED",
        (event_section(saved, ctx.today, prefix=f"#{saved.id} "),),
        (saved,),
    )




async def cite_source(ctx: Context, query: Query) -> Reply:
    number, publisher, title, url, published = fields(_call(query).args, 3, 5, CITE_USAGE)
    event = await _existing(ctx, event_id(number))
    if not publisher or not title:
        raise UserError(f"A source needs a publisher and a title. Usage: {CITE_USAGE}")
    if url and not _URL.match(url):
        raise UserError("A source URL must start with http:// or https:// and have no spaces.")
    day = None
    if published:
        try:
            day = parse_iso(published)[0]
        except ValueError as err:
            raise UserError(f"Bad publication date: {err}.") from err
    source = Source(publisher, title, url or None, day)
    try:
        saved = await ctx.store.update(
            replace(event, sources=(*event.sources, source)), ctx.actor.ref, ctx.now,
            action="cite",
        )
    except ConflictError as err:
        raise UserError(changed_meanwhile(event)) from err
    return Reply(
        ReplyKind.DONE,
        f"Source added to event #{saved.id}",
        "",
        (event_section(saved, ctx.today, prefix=f"#{saved.id} "),),
        (saved,),
    )


def changed_meanwhile(event: Event) -> str:
    return (
        f"Event #{event.id} was changed by someone else meanwhile; nothing was saved. "
        f"Look at it again (“event {event.id}”) and try again."
    )


def shared(args: str) -> tuple[str, bool]:
    """The arguments without a last ``share`` (or ``public``), and whether it was there."""
    head, _, last = args.strip().rpartition(" ")
    if last.lower() in SHARE_WORDS:
        return head.strip(), True
    return args.strip(), False


def _report(title: str, text: str, sections: tuple[Section, ...], share: bool) -> Reply:
    """A moderator report: private to the asker unless they asked to share it."""
    footer = "" if share else PRIVATE_NOTE
    return Reply(ReplyKind.LIST, title, text, sections, footer=footer, private=not share)


def _change_section(change: Change, tz: str) -> Section:
    target = f"#{change.event_id} " if change.event_id is not None else ""
    detail = ((change.detail,),) if change.detail else ()
    heading = (wording.moment(change.at, tz), f": {target}{change.action} by ",
               Person(change.actor))
    return rich_section(heading, detail)




async def history(ctx: Context, query: Query) -> Reply:
    args, share = shared(_call(query).args)
    number = _event_number(ctx, args)
    event = await _existing(ctx, number)
    changes = await ctx.store.changes(number, limit=50)
    if not any(change.action == "add" for change in changes) and event.created_at:
        # Bulk imports (the sample timeline, JSON imports) stamp the event itself
        # rather than writing one audit entry per event.
        changes.append(Change(number, event.created_by, event.created_at, "import"))
    return _report(
        f"History of event #{number}",
        wording.plural(len(changes), "change"),
        tuple(_change_section(change, ctx.tz) for change in changes),
        share,
    )


async def audit(ctx: Context, query: Query) -> Reply:
    args, share = shared(_call(query).args)
    count = 20
    typed = ctx.typed_int("count")
    if typed is not None or args:
        number = typed if typed is not None else whole_number(args)
        if number is None or not 1 <= number <= 200:
            raise UserError("Give a number of entries from 1 to 200, for example “audit 50”.")
        count = number
    changes = await ctx.store.changes(None, limit=count)
    return _report(
        "Audit log",
        f"The newest {wording.plural(len(changes), 'entry', 'entries')}.",
        tuple(_change_section(change, ctx.tz) for change in changes),
        share,
    )
