"""Changing events: edit, publish and unpublish, delete (a retraction, undoable) and
merge. Every change is one audited write based on the version the moderator saw.

    edit ID | title=... | date=... | summary=... | place=... | tags=a, b | version=N
    edit ID | tags+=a, b | tags-=c | source+=PUBLISHER ; TITLE ; URL ; PUBLISHED
    delete ID [confirm]          another's event needs "confirm"; the first reply asks
    merge KEEP OTHER             (or "merge OTHER into KEEP")
    publish ID / unpublish ID
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import wording
from bot.admin import call, event_id, event_number, live, save, saved_reply
from bot.context import Context
from bot.errors import FieldError, UserError
from bot.messages import Action, Person, Reply, ReplyKind, rich_section
from bot.model import Event, Status
from bot.moderation_dates import event_date
from bot.moderation_fields import (
    EVENT_FIELDS,
    FieldChange,
    merged_sources,
    merged_tags,
    named,
    parts_of,
    refuse_duplicate,
    source_field,
    source_warnings,
    tag_list,
)
from bot.numbers import whole_number
from bot.presenting import event_section
from bot.queries import Query
from bot.usage import DELETE_USAGE, EDIT_FIELDS, EDIT_USAGE, MERGE_USAGE

_EDITABLE = (*EVENT_FIELDS, "version")
_CONFIRM = frozenset({"confirm", "yes"})
_MERGE_INTO = re.compile(r"^#?(\d{1,12})\s+(?:into\s+)?#?(\d{1,12})$", re.IGNORECASE)


async def edit_event(ctx: Context, query: Query) -> Reply:
    head, *rest = parts_of(call(query).args, EDIT_USAGE)
    changes = [_change(part) for part in rest if part]
    typed = ctx.typed_int("id")
    event = await live(ctx, typed if typed is not None else event_id(head))
    version = [c for c in changes if c.name == "version"]
    if version:
        # A form sends the version it showed: a change made since then is refused.
        seen = whole_number(version[-1].value)
        if seen is None:
            raise UserError("version= takes the number “event ID” shows, e.g. version=3.")
        event = replace(event, version=seen)
    edits = [c for c in changes if c.name != "version"]
    if not edits:
        raise UserError(f"Say what to change. Usage: {EDIT_USAGE}; fields: {EDIT_FIELDS}.")
    new = event
    for change in edits:
        new = _apply(new, change, ctx)
    if replace(new, version=0) == replace(event, version=0):
        raise UserError(f"Nothing to change: event #{event.id} already reads so.")
    written = await save(ctx, [new], "edit", [", ".join(dict.fromkeys(c.name for c in edits))])
    saved = written.events[0]
    added = len(saved.sources) - len(event.sources)
    notes = source_warnings(saved, saved.sources, ctx.today) if added or _dated(edits) else []
    return saved_reply(ctx, f"Edited event #{saved.id}", written, notes)


def _dated(edits: list[FieldChange]) -> bool:
    return any(change.name == "date" for change in edits)


def _change(part: str) -> FieldChange:
    change = named(part, _EDITABLE)
    if change is None:
        raise UserError(f"“{part[:40]}” is not a change such as title=New title. "
                        f"Fields: {EDIT_FIELDS}. Usage: {EDIT_USAGE}")
    return change


def _apply(event: Event, change: FieldChange, ctx: Context) -> Event:
    name, op, value = change.name, change.op, change.value
    if op != "=" and name not in ("tags", "source"):
        raise UserError(f"Only tags and sources can be added to (+=) or taken from (-=); "
                        f"set {name} with {name}=.")
    if name == "tags":
        given = tag_list(value)
        if op == "+=":
            return replace(event, tags=merged_tags(event.tags, given))
        if op == "-=":
            drop = set(given)
            return replace(event, tags=tuple(t for t in event.tags if t.lower() not in drop))
        return replace(event, tags=given)
    if name == "source":
        if op == "-=":
            raise UserError("Remove a source with “sources ID remove N”.")
        source = source_field(value, ctx)
        refuse_duplicate(event.sources, source)
        return replace(event, sources=(*event.sources, source))
    if name == "date":
        return replace(event, date=event_date(value, ctx))
    if name == "title":
        if not value:
            raise FieldError("title", "An event needs a title; title= cannot be empty.")
        return replace(event, title=value)
    if name == "summary":
        return replace(event, summary=value)
    return replace(event, place=value)


async def publish(ctx: Context, query: Query) -> Reply:
    return await _set_status(ctx, query, Status.PUBLISHED, "publish")


async def unpublish(ctx: Context, query: Query) -> Reply:
    return await _set_status(ctx, query, Status.DRAFT, "unpublish")


async def _set_status(ctx: Context, query: Query, status: Status, action: str) -> Reply:
    event = await live(ctx, event_number(ctx, call(query).args))
    if event.status is status:
        raise UserError(f"Event #{event.id} is already {status.value}.")
    written = await save(ctx, [replace(event, status=status)], action,
                         [f"{event.status.value} → {status.value}"])
    verb = "Published" if status is Status.PUBLISHED else "Unpublished"
    note = "" if status is Status.PUBLISHED else "It no longer appears in any answer."
    return saved_reply(ctx, f"{verb} event #{event.id}", written, [note] if note else [])


async def delete_event(ctx: Context, query: Query) -> Reply:
    words = call(query).args.split()
    confirmed = bool(words) and words[-1].lower() in _CONFIRM
    number_text = " ".join(words[:-1] if confirmed else words)
    typed = ctx.typed_int("id")
    if typed is None and not number_text:
        raise UserError(f"Say which event. Usage: {DELETE_USAGE}")
    event = await live(ctx, typed if typed is not None else event_id(number_text))
    if event.created_by != ctx.actor.ref and not confirmed:
        return _confirm_delete(ctx, event)
    written = await save(ctx, [replace(event, status=Status.RETRACTED)], "delete",
                         [f"deleted (was {event.status.value})"])
    return saved_reply(ctx, f"Deleted event #{event.id}", written,
                       ["It no longer appears in any answer, timeline, digest, alert or search."])


def _confirm_delete(ctx: Context, event: Event) -> Reply:
    """Ask before deleting another moderator's event; nothing is changed yet."""
    command = f"delete {event.id} confirm"
    added = rich_section(("Added by ", Person(event.created_by)))
    return Reply(
        ReplyKind.ANSWER,
        f"Delete event #{event.id}?",
        f"Someone else added event #{event.id}; nothing has been changed. To delete it, "
        f"say “{command}”. A deletion can be undone.",
        (event_section(event, ctx.today, prefix=f"#{event.id} "), added),
        (event,),
        (Action(f"Delete #{event.id}", command, "danger"),),
        private=True,
    )


async def merge_events(ctx: Context, query: Query) -> Reply:
    keep_number, other_number = _merge_numbers(ctx, call(query).args)
    if keep_number == other_number:
        raise UserError("An event cannot be merged into itself.")
    keep, other = await live(ctx, keep_number), await live(ctx, other_number)
    kept = replace(
        keep,
        summary=keep.summary or other.summary,
        place=keep.place or other.place,
        tags=merged_tags(keep.tags, other.tags),
        sources=merged_sources(keep.sources, other.sources),
    )
    gone = replace(other, status=Status.RETRACTED, merged_into=keep.id)
    written = await save(ctx, [kept, gone], "merge",
                         [f"merged #{other.id} into this", f"merged into #{keep.id}"])
    added = wording.plural(len(kept.sources) - len(keep.sources), "source")
    note = (f"Event #{other.id} now leads to #{keep.id}, which gained its tags and {added} "
            "it did not have. Undoing either entry undoes the whole merge.")
    reply = saved_reply(ctx, f"Merged event #{other.id} into #{keep.id}", written, [note])
    return replace(reply, sections=reply.sections[:1], events=reply.events[:1])


def _merge_numbers(ctx: Context, args: str) -> tuple[int, int]:
    keep, other = ctx.typed_int("id"), ctx.typed_int("other")
    if keep is not None and other is not None:
        return keep, other
    text = " ".join(args.split())
    match = _MERGE_INTO.match(text)
    if match is None:
        raise UserError(f"Usage: {MERGE_USAGE}")
    first, second = int(match.group(1)), int(match.group(2))
    # "merge 13 into 12" keeps 12; "merge 12 13" keeps the first.
    return (second, first) if " into " in f" {text.lower()} " else (first, second)

