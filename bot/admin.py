"""Curating the store from chat: showing one event, adding events and citing sources,
and what every moderation command shares (event numbers, reports, replies to writes).

An edit is based on the event as it was read; if someone changed it meanwhile the
store refuses the edit and the moderator is asked to try again, so no change is
silently undone. Every write is audited with the event's state before and after, and
its reply names the audit entry that undoes it. Reports that name users (history,
audit) are shown only to the moderator who asked, unless they end with ``share``.
The other commands live in ``bot.moderation_*``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.commands import SHARE_WORDS
from bot.context import Context
from bot.errors import ConflictError, FieldError, NotFound, UserError
from bot.forms import ensure_changeable
from bot.messages import Action, Reply, ReplyKind, Role, Section
from bot.model import Event, Source, Status
from bot.moderation_dates import event_date
from bot.moderation_fields import (
    EVENT_FIELDS,
    fields,
    named,
    parts_of,
    refuse_duplicate,
    source_field,
    source_from,
    source_warnings,
    tag_list,
)
from bot.numbers import whole_number
from bot.paging import Page
from bot.ports import Written
from bot.presenting import event_section
from bot.queries import CommandCall, Query
from bot.usage import ADD_USAGE, CITE_USAGE

#: A last word that posts a moderator report to the whole channel instead of privately.
PRIVATE_NOTE = "Only you can see this. Add “share” to the command to post it to the channel."
# How many merges a lookup follows before giving up (merges never form a loop, but a
# store edited by hand might).
_MAX_REDIRECTS = 20


def event_id(text: str) -> int:
    number = whole_number(text.strip().lstrip("#"))
    if number is None:
        raise UserError(f"“{text.strip()[:40]}” is not an event number; event numbers look "
                        "like #12.")
    return number


def call(query: Query) -> CommandCall:
    if not isinstance(query, CommandCall):
        raise TypeError(f"expected a CommandCall, got {type(query).__name__}")
    return query


async def existing(ctx: Context, number: int) -> Event:
    event = await ctx.store.get(number)
    if event is None:
        raise NotFound(f"There is no event #{number}.")
    return event


async def live(ctx: Context, number: int) -> Event:
    """Event ``number`` if it may be changed: not deleted, not merged away."""
    event = await existing(ctx, number)
    ensure_changeable(event)
    return event


async def followed(ctx: Context, number: int) -> tuple[Event, list[int]]:
    """Event ``number``, or the event it was merged into (and that one's, and so on),
    with the numbers of the events merged along the way."""
    event = await existing(ctx, number)
    merged: list[int] = []
    while event.merged_into is not None and len(merged) < _MAX_REDIRECTS:
        merged.append(event.id or number)
        event = await existing(ctx, event.merged_into)
    return event, merged


def event_number(ctx: Context, args: str) -> int:
    """The event number from the form's typed "id", else read from the words."""
    typed = ctx.typed_int("id")
    return typed if typed is not None else event_id(args)


def shared(args: str) -> tuple[str, bool]:
    """The arguments without a last ``share`` (or ``public``), and whether it was there."""
    head, _, last = args.strip().rpartition(" ")
    if last.lower() in SHARE_WORDS:
        return head.strip(), True
    return args.strip(), False


def report(
    title: str, text: str, sections: tuple[Section, ...], share: bool, *,
    page: Page | None = None, total: int | None = None,
) -> Reply:
    """A moderator report: private to the asker unless they asked to share it; with a
    page, it says which entries it shows and offers the next page ("more")."""
    footer = "" if share else PRIVATE_NOTE
    if page is None or total is None:
        return Reply(ReplyKind.LIST, title, text, sections, footer=footer, private=not share)
    shown = len(sections)
    where = page.footer(shown, total)
    return Reply(
        ReplyKind.LIST, title, " ".join(p for p in (text, where) if p), sections,
        actions=page.actions(shown, total), footer=footer, private=not share,
        total=total, next=page.next(shown, total),
    )


def changed_meanwhile(event: Event) -> str:
    return (
        f"Event #{event.id} was changed by someone else meanwhile; nothing was saved. "
        f"Look at it again (“event {event.id}”) and try again."
    )


async def save(ctx: Context, events: Sequence[Event], action: str,
               details: Sequence[str] = ()) -> Written:
    """Write ``events`` (each based on the version it carries) and audit them; a change
    made meanwhile is refused with the usual "try again"."""
    try:
        return await ctx.store.update_many(events, ctx.actor.ref, ctx.now, action, details)
    except ConflictError as err:
        raise UserError(changed_meanwhile(events[0])) from err


def saved_reply(ctx: Context, title: str, written: Written, notes: Sequence[str] = ()) -> Reply:
    """What a moderator is told after a write: the events as saved, any warnings, and
    the audit entry that undoes it (a button where the platform has them)."""
    entry = written.entries[0]
    return Reply(
        ReplyKind.DONE,
        title,
        "\n".join(notes),
        tuple(event_section(e, ctx.today, prefix=f"#{e.id} ") for e in written.events),
        written.events,
        (Action(f"Undo #{entry}", f"undo {entry}"),),
        footer=f"Audit entry #{entry}. To revert it, say “undo {entry}”.",
    )


async def show_event(ctx: Context, query: Query) -> Reply:
    number = event_number(ctx, call(query).args)
    event, merged = await followed(ctx, number)
    if event.status is not Status.PUBLISHED and ctx.actor.role < Role.MODERATOR:
        raise NotFound(f"There is no event #{number}.")
    section = event_section(event, ctx.today, prefix=f"#{event.id} ")
    notes = [f"Event #{m} was merged into #{event.id}." for m in merged[:1]]
    if ctx.actor.role >= Role.MODERATOR:
        notes.append(f"Status: {event.status.value}, version {event.version}.")
    return Reply(ReplyKind.ANSWER, f"Event #{event.id}", " ".join(notes), (section,), (event,))


async def add_event(ctx: Context, query: Query) -> Reply:
    """``add DATE | TITLE | SUMMARY | PLACE | TAGS``, any part after the date also
    written by name (``title=...``), and ``source=`` parts adding sources."""
    parts = parts_of(call(query).args, ADD_USAGE)
    if not parts[0]:
        raise UserError(f"An event needs a date and a title. Usage: {ADD_USAGE}")
    values = {"date": parts[0]}
    sources: list[Source] = []
    positional = iter(("title", "summary", "place", "tags"))
    for part in parts[1:]:
        change = named(part, EVENT_FIELDS)
        if change is not None and change.name == "source":
            source = source_field(change.value, ctx)
            refuse_duplicate(sources, source)
            sources.append(source)
        elif change is not None:
            values[change.name] = change.value
        else:
            name = next(positional, None)
            if name is None:
                raise UserError(f"Too many parts. Usage: {ADD_USAGE}")
            values.setdefault(name, part)
    if not values.get("title"):
        raise FieldError("title", f"An event needs a title. Usage: {ADD_USAGE}")
    event = Event(event_date(values["date"], ctx), values["title"], values.get("summary", ""),
                  values.get("place", ""), tag_list(values.get("tags", "")), Status.PUBLISHED,
                  tuple(sources))
    saved = await ctx.store.add(event, ctx.actor.ref, ctx.now)
    notes = source_warnings(saved, saved.sources, ctx.today)
    if not saved.sources:
        notes.append("Add a source with: cite ID | PUBLISHER | TITLE | URL | PUBLISHED")
    return Reply(
        ReplyKind.DONE,
        f"Added event #{saved.id}",
        "\n".join(notes),
        (event_section(saved, ctx.today, prefix=f"#{saved.id} "),),
        (saved,),
    )


async def cite_source(ctx: Context, query: Query) -> Reply:
    number, *parts = fields(call(query).args, 3, 5, CITE_USAGE)
    event = await live(ctx, event_id(number))
    source = source_from(parts, ctx, CITE_USAGE)
    refuse_duplicate(event.sources, source)
    written = await save(ctx, [replace(event, sources=(*event.sources, source))], "cite",
                         [f"cited {source.publisher}: {source.title}"])
    saved = written.events[0]
    notes = source_warnings(saved, saved.sources[-1:], ctx.today, first=len(saved.sources))
    return saved_reply(ctx, f"Source added to event #{saved.id}", written, notes)
