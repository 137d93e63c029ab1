"""Tags across the store, and one event's sources, for moderators.

    tags                                  every tag of published events, with its count
    tags rename OLD NEW                   OLD becomes NEW on every event (NEW is new)
    tags merge A B                        A becomes B on every event (B exists)
    sources ID                            the event's sources, numbered
    sources ID edit N | PUBLISHER | TITLE | URL | PUBLISHED
    sources ID remove N

Tags with spaces are written with a ``|`` between them ("tags rename united kingdom |
uk"). A tag change is one audited operation with an entry per event it changed, which
``undo`` reverts whole; retracted events keep their tags as they were.
"""

from __future__ import annotations

from dataclasses import replace

from bot import wording
from bot.admin import call, event_id, existing, live, save, saved_reply
from bot.context import Context
from bot.errors import NotFound, UserError
from bot.messages import Reply, ReplyKind, Section
from bot.model import Event, Source
from bot.moderation_fields import (
    merged_tags,
    parts_of,
    refuse_duplicate,
    source_from,
    source_warnings,
    tag_list,
)
from bot.numbers import whole_number
from bot.presenting import citation
from bot.queries import Query
from bot.usage import SOURCES_USAGE, TAGS_USAGE


async def tags(ctx: Context, query: Query) -> Reply:
    args = " ".join(call(query).args.split())
    if not args:
        return await _tag_list(ctx)
    verb, _, rest = args.partition(" ")
    if verb.lower() not in ("rename", "merge"):
        raise UserError(f"Usage: {TAGS_USAGE}")
    old, new = _two_tags(rest)
    events = await ctx.store.tagged(old)
    if not events:
        raise NotFound(f"No event is tagged “{old}”.")
    taken = new != old and bool(await ctx.store.tagged(new))
    if verb.lower() == "rename" and taken:
        raise UserError(f"“{new}” is already a tag. To fold “{old}” into it, say "
                        f"“tags merge {old} | {new}”.")
    if verb.lower() == "merge" and not taken:
        raise NotFound(f"No event is tagged “{new}”; to give “{old}” a new name, say "
                       f"“tags rename {old} | {new}”.")
    changed = [replace(e, tags=_renamed(e.tags, old, new)) for e in events]
    detail = f"tag “{old}” {'renamed' if verb.lower() == 'rename' else 'merged into'} “{new}”"
    written = await save(ctx, changed, "tags", [detail] * len(changed))
    title = f"Tag “{old}” {'renamed to' if verb.lower() == 'rename' else 'merged into'} “{new}”"
    note = f"{wording.plural(len(changed), 'event')} changed"
    if len(changed) > 1:
        note += ", with an audit entry each; undoing any of them reverts them all"
    reply = saved_reply(ctx, title, written, [f"{note}."])
    return replace(reply, sections=reply.sections[:10])


def _two_tags(text: str) -> tuple[str, str]:
    if "|" in text:
        first, _, second = text.partition("|")
        pair = tag_list(first), tag_list(second)
    else:
        words = text.split()
        pair = (tag_list(words[0]), tag_list(words[1])) if len(words) == 2 else ((), ())
    if len(pair[0]) != 1 or len(pair[1]) != 1:
        raise UserError(f"Name two tags. Usage: {TAGS_USAGE}")
    return pair[0][0], pair[1][0]


def _renamed(event_tags: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    return merged_tags([new if tag.lower() == old else tag for tag in event_tags], ())


async def _tag_list(ctx: Context) -> Reply:
    page = ctx.page
    uses = await ctx.store.tag_uses(page.size, page.offset)
    total = await ctx.store.count_tags()
    if not uses:
        text = page.beyond(total, "tags") if total else "No published event has a tag yet."
        return Reply(ReplyKind.EMPTY, "Tags", text)
    sections = tuple(Section(f"{use.tag}: {wording.plural(use.events, 'event')}")
                     for use in uses)
    return Reply(
        ReplyKind.LIST, "Tags", "Tags of published events, the most used first.", sections,
        actions=page.actions(len(uses), total), footer=page.footer(len(uses), total),
        total=total, next=page.next(len(uses), total),
    )


async def sources(ctx: Context, query: Query) -> Reply:
    head, *rest = parts_of(call(query).args, SOURCES_USAGE)
    # A form's values are composed into the same words ("12 edit 2 | AP | ..."), the
    # event number first.
    number_text, *words = head.split() or ["?"]
    number = event_id(number_text)
    if not words:
        return _source_list(ctx, await existing(ctx, number))
    if len(words) != 2 or words[0].lower() not in ("edit", "remove"):
        raise UserError(f"Usage: {SOURCES_USAGE}")
    event = await live(ctx, number)
    position = _source_number(words[1], event)
    if words[0].lower() == "remove":
        if rest:
            raise UserError(f"“remove N” takes nothing after it. Usage: {SOURCES_USAGE}")
        gone = event.sources[position]
        kept = event.sources[:position] + event.sources[position + 1:]
        written = await save(ctx, [replace(event, sources=kept)], "sources",
                             [f"removed source {position + 1}: {gone.publisher}: {gone.title}"])
        return saved_reply(ctx, f"Source {position + 1} removed from event #{event.id}", written)
    return await _edit_source(ctx, event, position, rest)


async def _edit_source(ctx: Context, event: Event, position: int, parts: list[str]) -> Reply:
    source = source_from(parts, ctx, SOURCES_USAGE)
    refuse_duplicate(event.sources, source, skip=position)
    changed = list(event.sources)
    changed[position] = source
    written = await save(ctx, [replace(event, sources=tuple(changed))], "sources",
                         [f"edited source {position + 1}: {source.publisher}: {source.title}"])
    notes = source_warnings(written.events[0], [source], ctx.today, first=position + 1)
    return saved_reply(ctx, f"Source {position + 1} of event #{event.id} edited", written, notes)


def _source_number(text: str, event: Event) -> int:
    number = whole_number(text.lstrip("#"))
    if number is None or not 1 <= number <= len(event.sources):
        count = wording.plural(len(event.sources), "source")
        raise UserError(f"Event #{event.id} has {count}; give a number from the list "
                        f"(“sources {event.id}”).")
    return number - 1


def _source_list(ctx: Context, event: Event) -> Reply:
    if not event.sources:
        return Reply(ReplyKind.EMPTY, f"Sources of event #{event.id}",
                     f"Event #{event.id} has no sources. Add one with: cite {event.id} | "
                     "PUBLISHER | TITLE | URL | PUBLISHED")
    sections = tuple(_source_section(n, s) for n, s in enumerate(event.sources, start=1))
    return Reply(ReplyKind.LIST, f"Sources of event #{event.id}",
                 f"{event.title}: edit one with “sources {event.id} edit N | PUBLISHER | "
                 f"TITLE | URL | PUBLISHED”, or “sources {event.id} remove N”.",
                 sections, (event,))


def _source_section(number: int, source: Source) -> Section:
    shown = citation(source)
    lines = tuple(line for line in (source.url or "", shown.published and
                                    f"Published {shown.published}") if line)
    return Section(f"{number}. {source.publisher}: {source.title}", lines)
