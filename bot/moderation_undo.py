"""``undo ENTRY``: revert an audited change by restoring the event's state before it.

An entry that created an event (``add``, ``import``) is reverted by retracting the
event. A change made to several events at once (a merge, a tag rename) is one
operation, and undoing any of its entries reverts all of them, so a merge is never
half undone. The revert is itself an audited change (``undo``), so it too can be
undone. It is refused, changing nothing, when an event has changed since the entry
(its version is no longer the one the entry left): undo the later entries first.
Entries recorded before the audit kept whole states, and entries not about an event
(subscriptions, time zones), cannot be undone.
"""

from __future__ import annotations

from dataclasses import replace

from bot import wording
from bot.admin import call, existing, save, saved_reply
from bot.context import Context
from bot.errors import NotFound, UserError
from bot.messages import Reply
from bot.model import Change, Event, Status
from bot.numbers import whole_number
from bot.queries import Query
from bot.usage import UNDO_USAGE


async def undo(ctx: Context, query: Query) -> Reply:
    typed = ctx.typed_int("entry")
    number = typed if typed is not None else whole_number(call(query).args.strip().lstrip("#"))
    if number is None:
        raise UserError(f"Name the audit entry to undo by its number. Usage: {UNDO_USAGE}")
    entries = await ctx.store.operation(number)
    if not entries:
        raise NotFound(f"There is no audit entry #{number}.")
    restored = [await _restored(ctx, entry, number) for entry in entries]
    details = [f"undid entry #{entry.id} ({entry.action})" for entry in entries]
    written = await save(ctx, restored, "undo", details)
    together = ""
    if len(entries) > 1:
        others = wording.plural(len(entries) - 1, "other entry", "other entries")
        together = (f"Entry #{number} was one change with {others}; all of it was undone.")
    what = f"Undid entry #{number} ({entries[0].action})"
    return saved_reply(ctx, what, written, [together] if together else [])


async def _restored(ctx: Context, entry: Change, asked: int) -> Event:
    """The event as it was before ``entry``, based on its current version, once checked
    that nothing changed it since."""
    if entry.event_id is None:
        raise UserError(f"Entry #{asked} is not a change to an event (subscriptions and time "
                        "zones are set again by hand); nothing was undone.")
    after = entry.after
    if after is None:
        raise UserError(f"Entry #{asked} was recorded before Dateline kept what undo needs; "
                        "nothing was undone. Make the change again by hand.")
    current = await existing(ctx, entry.event_id)
    if current.version != after.version:
        raise UserError(
            f"Event #{current.id} has changed since entry #{entry.id} (which left it at "
            f"version {after.version}; it is now at version {current.version}); nothing was "
            f"undone. Undo the later changes first, newest first (“history {current.id}”)."
        )
    before = entry.before
    if before is None:  # the entry created the event: undoing it retracts the event
        return replace(current, status=Status.RETRACTED, merged_into=None)
    return replace(
        current, date=before.date, title=before.title, summary=before.summary,
        place=before.place, tags=before.tags, status=before.status, sources=before.sources,
        merged_into=before.merged_into,
    )
