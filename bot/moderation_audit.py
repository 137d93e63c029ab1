"""Reading the audit log: one event's history, one event shown with its history, and
the log itself, filtered and paged.

    history ID [share]
    show ID [share]
    audit [COUNT] [event ID | by USER | since DATE] [share]

Each entry shows its number (what ``undo`` takes) and what it changed, worded from the
event's states before and after (``bot.moderation_diff``). These reports name users,
so they are private to the moderator who asked unless the command ends with ``share``.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from bot import wording
from bot.admin import call, event_id, event_number, existing, followed, report, shared
from bot.context import Context
from bot.errors import UserError
from bot.messages import Reply, Section
from bot.model import Change, Event
from bot.moderation_dates import since_day
from bot.moderation_diff import entry_section
from bot.numbers import whole_number
from bot.paging import Page
from bot.presenting import event_section
from bot.queries import Query
from bot.usage import AUDIT_USAGE

MAX_COUNT = 200
# A platform's way of naming a user: Slack "<@U123>" or "<@U123|name>", Discord "<@123>"
# or "<@!123>"; the id is what the audit log keeps after the platform.
_MENTION = re.compile(r"^<@!?([A-Za-z0-9_.-]+)(?:\|[^>]*)?>$")


async def history(ctx: Context, query: Query) -> Reply:
    args, share = shared(call(query).args)
    event = await existing(ctx, event_number(ctx, args))
    page = ctx.page
    sections, total = await _history(ctx, event, page)
    return report(f"History of event #{event.id}", _merged_note(event), sections, share,
                  page=page, total=total)


async def show(ctx: Context, query: Query) -> Reply:
    """One event as members see it, with its status, version and whole history."""
    args, share = shared(call(query).args)
    number = event_number(ctx, args)
    event, merged = await followed(ctx, number)
    page = ctx.page
    entries, total = await _history(ctx, event, page)
    note = f"Event #{merged[0]} was merged into #{event.id}. " if merged else ""
    status = f"{note}Status: {event.status.value}, version {event.version}."
    heading = event_section(event, ctx.today, prefix=f"#{event.id} ")
    reply = report(f"Event #{event.id}", status, entries, share, page=page, total=total)
    sections = (heading, *entries) if page.number == 1 else entries
    return Reply(reply.kind, reply.title, reply.text, sections, (event,), reply.actions,
                 reply.footer, private=reply.private, total=reply.total, next=reply.next)


async def _history(ctx: Context, event: Event, page: Page) -> tuple[tuple[Section, ...], int]:
    number = event.id or 0
    changes = await ctx.store.changes(number, limit=page.size, offset=page.offset)
    total = await ctx.store.count_changes(number)
    last_page = page.offset + len(changes) >= total
    if last_page and event.created_at and not _created(changes):
        # Events imported before each import was audited per event have no entry of
        # their own; their stamp says who brought them in, and when.
        changes.append(Change(number, event.created_by, event.created_at, "import"))
        total += 1
    return tuple(entry_section(change, ctx.tz) for change in changes), total


def _created(changes: list[Change]) -> bool:
    return bool(changes) and changes[-1].action in ("add", "import")


def _merged_note(event: Event) -> str:
    if event.merged_into is None:
        return ""
    return f"Event #{event.id} was merged into #{event.merged_into}."


async def audit(ctx: Context, query: Query) -> Reply:
    args, share = shared(call(query).args)
    count, rest = _count(ctx, args)
    event, actor, since = _filter(ctx, rest)
    page = Page(ctx.page_number, count, ctx.command)
    changes = await ctx.store.changes(event, limit=count, offset=page.offset, actor=actor,
                                      since=since)
    total = await ctx.store.count_changes(event, actor=actor, since=since)
    about = _about(event, actor, since)
    if not changes and page.number > 1:
        return report("Audit log", page.beyond(total, "entries"), (), share)
    text = f"{wording.plural(total, 'entry', 'entries')}{about}, newest first."
    sections = tuple(entry_section(change, ctx.tz) for change in changes)
    return report("Audit log", text, sections, share, page=page, total=total)


def _count(ctx: Context, args: str) -> tuple[int, str]:
    """The page size (the form's typed count, else a leading number) and the rest; a
    form's count is also the first word of the text composed from it."""
    first, _, rest = args.partition(" ")
    written = whole_number(first)
    typed = ctx.typed_int("count")
    number = typed if typed is not None else written
    if number is None:
        return 20, args
    if not 1 <= number <= MAX_COUNT:
        raise UserError(f"Give a number of entries from 1 to {MAX_COUNT}, for example "
                        "“audit 50”.")
    return number, rest.strip() if written is not None else args


def _filter(ctx: Context, text: str) -> tuple[int | None, str | None, datetime | None]:
    """At most one of an event, a user (``platform:id``) and a first moment."""
    if not text:
        return None, None, None
    word, _, rest = text.partition(" ")
    word, rest = word.lower(), rest.strip()
    if word in ("event", "#") or (word.startswith("#") and not rest):
        return event_id(rest or word), None, None
    if word in ("by", "user") and rest:
        return None, _actor(ctx, rest), None
    if word == "since" and rest:
        day = since_day(rest, ctx)
        return None, None, datetime.combine(day, time(0), tzinfo=ctx.now.tzinfo)
    raise UserError(f"Usage: {AUDIT_USAGE}")


def _actor(ctx: Context, text: str) -> str:
    """A user as the audit log names them: "me", a mention, an id on the asker's own
    platform, or a whole ``platform:id``."""
    if text.lower() == "me":
        return ctx.actor.ref
    mention = _MENTION.match(text)
    if mention is not None:
        return f"{ctx.actor.platform}:{mention.group(1)}"
    if ":" in text:
        return text
    return f"{ctx.actor.platform}:{text.lstrip('@')}"


def _about(event: int | None, actor: str | None, since: datetime | None) -> str:
    if event is not None:
        return f" about event #{event}"
    if actor is not None:
        return f" by {actor}"
    if since is not None:
        return f" since {wording.full_date(since.date())}"
    return ""
