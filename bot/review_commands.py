"""The moderators' review queue commands: ``review`` lists pending candidates (each with
its quoted passage, resolved date, confidence and matched event, and buttons to approve,
reject or edit it), ``approve``, ``reject``, ``review edit`` and ``review merge``.

Approving publishes the candidate as an event, tagged with its place and the names it
mentions (``bot.review_tags``; the list shows those tags beforehand), or adds its article
as a source to the event it matches; merging does that for an event the moderator names.
Each decision is one audited write (``ReviewQueue``), and its reply names the audit entry.
"""

from __future__ import annotations

from dataclasses import replace

from bot.admin import call, event_id, live, saved_reply
from bot.context import Context
from bot.errors import ConflictError, FieldError, NotFound, UserError
from bot.messages import Action, Reply, ReplyKind, Section
from bot.moderation_dates import event_date
from bot.moderation_fields import named, parts_of
from bot.paging import Page
from bot.queries import Query
from bot.review_matching import find_match
from bot.review_port import Decided, NewCandidate, Queued, ReviewQueue
from bot.review_tags import candidate_tags

#: Candidates a page: three buttons each stay within a platform's 25.
PAGE_SIZE = 5
REVIEW_USAGE = "review [edit ID | field=value… | merge ID EVENT]"
EDIT_USAGE = "review edit ID | date=… | title=… | summary=… | place=…"
MERGE_USAGE = "review merge ID EVENT"
EDITABLE = ("date", "title", "summary", "place")


def _queue(ctx: Context) -> ReviewQueue:
    if ctx.review is None:
        raise UserError("There is no review queue here.")
    return ctx.review


def candidate_number(text: str) -> int:
    try:
        return event_id(text)
    except UserError:
        raise UserError(f"“{text.strip()[:40]}” is not a candidate number; they look like "
                        "#3 (see “review”).") from None


async def _pending(ctx: Context, number: int) -> Queued:
    found = await _queue(ctx).candidate(number)
    if found is None:
        raise NotFound(f"There is no candidate #{number}.")
    if found.status.value != "pending":
        raise UserError(f"Candidate #{number} was already {found.status.value}.")
    return found


def candidate_section(queued: Queued) -> Section:
    new = queued.new
    match = f"matches event #{new.matched_event}" if new.matched_event else "new event"
    source = " — ".join(p for p in (new.source.publisher, new.source.title) if p)
    lines = [f"“{queued.quote}”",
             f"Date: {new.date.iso()} ({new.date.precision.value}, from “{new.date_text}”)",
             f"Confidence: {new.confidence:.2f}; {match}"]
    if new.place or new.actors:
        lines.append(f"Place: {new.place or '-'}; people: {', '.join(new.actors) or '-'}")
    if new.matched_event is None and (tags := candidate_tags(new)):
        lines.append(f"Tags once published: {', '.join(tags)}")
    if source or new.source.url:
        lines.append(f"Source: {source or '-'} {new.source.url or ''}".rstrip())
    return Section(f"Candidate #{queued.id}: {new.title}", tuple(lines))


def candidate_actions(queued: Queued) -> tuple[Action, ...]:
    number = queued.id
    approve = (f"Add to #{queued.new.matched_event}" if queued.new.matched_event
               else f"Approve #{number}")
    return (Action(approve, f"approve {number}", "primary"),
            Action(f"Reject #{number}", f"reject {number}", "danger"),
            Action(f"Edit #{number}", f"review edit {number}"))


async def review(ctx: Context, query: Query) -> Reply:
    """``review`` (a page of pending candidates), ``review edit``, ``review merge``."""
    args = call(query).args.strip()
    head, _, rest = args.partition(" ")
    if head.lower() == "edit":
        return await _edit(ctx, rest)
    if head.lower() == "merge":
        return await _merge(ctx, rest)
    if args:
        raise UserError(f"Usage: {REVIEW_USAGE}")
    return await _list(ctx)


async def _list(ctx: Context) -> Reply:
    queue = _queue(ctx)
    page = Page(ctx.page_number, PAGE_SIZE, ctx.command)
    total = await queue.count_pending()
    shown = await queue.pending(PAGE_SIZE, page.offset)
    if not shown:
        text = page.beyond(total, "candidates") if total else "Nothing is waiting for review."
        return Reply(ReplyKind.EMPTY, "Review queue", text, private=True)
    actions = tuple(a for q in shown for a in candidate_actions(q))
    return Reply(
        ReplyKind.LIST, f"Review queue: {total:,} pending",
        page.footer(len(shown), total), tuple(candidate_section(q) for q in shown),
        actions=actions + page.actions(len(shown), total), private=True, total=total,
        next=page.next(len(shown), total),
    )


async def approve(ctx: Context, query: Query) -> Reply:
    number = candidate_number(call(query).args)
    found = await _pending(ctx, number)
    into = found.new.matched_event
    if into is None:
        # Matched again now: another article's candidate for the same happening may have
        # been approved since this one was queued, and it must not become a second event.
        into = await find_match(ctx.store, found.new)
    if into is not None:
        await live(ctx, into)
    decided = await _decide(ctx, number, into)
    title = (f"Candidate #{number} added as a source to event #{decided.candidate.event_id}"
             if into is not None else
             f"Candidate #{number} published as event #{decided.candidate.event_id}")
    return saved_reply(ctx, title, decided.written)


async def _merge(ctx: Context, args: str) -> Reply:
    words = args.replace("|", " ").split()  # a form joins the event number with "|"
    if len(words) != 2:
        raise UserError(f"Usage: {MERGE_USAGE}")
    number, target = candidate_number(words[0]), event_id(words[1])
    await _pending(ctx, number)
    await live(ctx, target)
    decided = await _decide(ctx, number, target)
    return saved_reply(ctx, f"Candidate #{number} added as a source to event #{target}",
                       decided.written)


async def _decide(ctx: Context, number: int, into: int | None) -> Decided:
    try:
        return await _queue(ctx).approve(number, ctx.actor.ref, ctx.now, into)
    except ConflictError as err:
        raise UserError(f"Candidate #{number} or its event changed meanwhile; nothing was "
                        "saved. Look at “review” again.") from err


async def reject(ctx: Context, query: Query) -> Reply:
    number = candidate_number(call(query).args)
    await _pending(ctx, number)
    try:
        decided = await _queue(ctx).reject(number, ctx.actor.ref, ctx.now)
    except ConflictError as err:
        raise UserError(f"Candidate #{number} was decided meanwhile.") from err
    entry = decided.written.entries[0]
    return Reply(ReplyKind.DONE, f"Candidate #{number} rejected",
                 footer=f"Audit entry #{entry}.")


async def _edit(ctx: Context, args: str) -> Reply:
    number_text, *parts = parts_of(args, EDIT_USAGE)
    number = candidate_number(number_text)
    found = await _pending(ctx, number)
    changes = [named(part, EDITABLE) for part in parts if part]
    if not changes:
        return Reply(ReplyKind.ANSWER, f"Candidate #{number}",
                     f"To change it: {EDIT_USAGE}", (candidate_section(found),),
                     actions=candidate_actions(found)[:2], private=True)
    new, notes = found.new, list[str]()
    for change in changes:
        if change is None:
            raise UserError(f"Name each field to change. Usage: {EDIT_USAGE}")
        before = _field(found, change.name)
        if change.name == "date":
            new = replace(new, date=event_date(change.value, ctx))
        elif change.name == "title":
            if not change.value:
                raise FieldError("title", "A candidate needs a title.")
            new = replace(new, title=change.value)
        elif change.name == "summary":
            new = replace(new, summary=change.value)
        else:
            new = replace(new, place=change.value)
        notes.append(f"{change.name}: “{before}” → “{_field_of(new, change.name)}”")
    detail = f"candidate #{number}: " + "; ".join(notes)
    decided = await _queue(ctx).revise(replace(found, new=new), ctx.actor.ref, ctx.now, detail)
    return Reply(ReplyKind.DONE, f"Candidate #{number} changed", "\n".join(notes),
                 (candidate_section(decided.candidate),),
                 actions=candidate_actions(decided.candidate)[:2],
                 footer=f"Audit entry #{decided.written.entries[0]}.")


def _field(found: Queued, name: str) -> str:
    return _field_of(found.new, name)


def _field_of(new: NewCandidate, name: str) -> str:
    if name == "date":
        return new.date.iso()
    value: str = getattr(new, name)
    return value
