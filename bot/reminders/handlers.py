"""The scheduled-post chat commands: subscribe, unsubscribe, pause, resume,
subscriptions, schedule and status. Each acts on the asking channel's
subscription unless a subscription number (``#3``) is given."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot import wording
from bot.context import Context
from bot.errors import UserError
from bot.messages import Inline, Moment, Reply, ReplyKind, Section, plain, rich_section
from bot.numbers import whole_number
from bot.queries import CommandCall, Query
from bot.reminders import manage, rules
from bot.reminders.model import FAILING_AFTER, Counters, Kind, Subscription
from bot.reminders.options import describe, parse_options
from bot.reminders.preview import PlannedPost, preview
from bot.reminders.store import ReminderStore
from bot.usage import MAX_SCHEDULE_DAYS

DEFAULT_SCHEDULE_DAYS = 7
NEXT_POST_HORIZON = 60


def _args(query: Query) -> str:
    if not isinstance(query, CommandCall):
        raise TypeError(f"expected a CommandCall, got {type(query).__name__}")
    return query.args


def _store(ctx: Context) -> ReminderStore:
    if ctx.reminders is None:
        raise UserError("Scheduled posts are not set up in this Dateline.")
    return ctx.reminders


def _editor(ctx: Context) -> manage.Editor:
    return manage.Editor(ctx.actor.ref, ctx.now)


def _id_and_words(args: str) -> tuple[int | None, list[str]]:
    """A subscription number (``#3``, ``3`` or ``id 3``) and the remaining words."""
    words = args.lower().split()
    number: int | None = None
    rest: list[str] = []
    for index, word in enumerate(words):
        digits = word.lstrip("#")
        if word in ("id", "subscription") and index + 1 < len(words):
            continue
        if (found := whole_number(digits)) is not None and number is None:
            number = found
        else:
            rest.append(word)
    return number, rest


def _subscription_and_words(ctx: Context, query: Query) -> tuple[int | None, list[str]]:
    """The subscription number (the form's typed one first) and the other words."""
    number, words = _id_and_words(_args(query))
    typed = ctx.typed_int("subscription")
    return (typed if typed is not None else number), words


async def _target(ctx: Context, number: int | None) -> Subscription:
    return await manage.find(_store(ctx), number, ctx.actor.platform, ctx.channel)


def _local(moment: datetime, tz: str) -> str:
    local = moment.astimezone(rules.zone(tz))
    return f"{local:%H:%M} on {wording.full_date(local.date())}"


async def next_posts(ctx: Context, sub: Subscription, limit: int) -> list[PlannedPost]:
    """The subscription's next posts after now, looking up to 60 days ahead."""
    if sub.paused:
        return []
    today = rules.local_day(ctx.now, sub.policy.tz)
    start = max(ctx.now, sub.checked_until or ctx.now)
    posts = await preview(
        ctx.store, [sub], today, today + timedelta(days=NEXT_POST_HORIZON),
        max_events=ctx.settings.max_events, limit=limit + 8,
    )
    return [p for p in posts if p.occasion.due_at > start][:limit]


async def _next_line(ctx: Context, sub: Subscription) -> tuple[Inline, ...]:
    if sub.paused:
        return (f"Paused: {sub.paused}. Nothing is posted until a moderator says “resume”.",)
    posts = await next_posts(ctx, sub, 1)
    if not posts:
        return (f"Nothing is due in the next {NEXT_POST_HORIZON} days.",)
    first = posts[0]
    # Worded in the subscription's zone (where the post lands); a platform that can
    # shows each reader the same instant in their own zone.
    when = Moment(first.occasion.due_at, _local(first.occasion.due_at, sub.policy.tz))
    return ("Next post: ", when, f": {first.reply.title}")


def _sub_heading(sub: Subscription) -> str:
    state = " (paused)" if sub.paused else ""
    return f"Subscription {sub.id}: {sub.platform} channel {sub.channel}{state}"


async def subscribe(ctx: Context, query: Query) -> Reply:
    change = parse_options(_args(query))
    if (typed := ctx.typed_int("subscription")) is not None:
        change = replace(change, subscription_id=typed)
    store, by = _store(ctx), _editor(ctx)
    if change.subscription_id is not None:
        sub = await manage.find(store, change.subscription_id, "", "")
        saved, created = await manage.update(store, by, sub, change, additive=True), False
    else:
        if not ctx.channel:
            raise UserError("Run this in the channel that should receive the posts.")
        saved, created = await manage.subscribe(
            store, by, ctx.actor.platform, ctx.channel, change, default_tz=ctx.tz
        )
    ctx.on_change()
    title = "Subscribed this channel" if created else f"Subscription {saved.id} changed"
    lines = (*((line,) for line in describe(saved.policy)), await _next_line(ctx, saved))
    hint = "Change it with “subscribe at 08:00” (and other options), stop with “unsubscribe”."
    if saved.platform == "console":
        hint += " Console channels' posts are printed by “dateline run --console”."
    return Reply(ReplyKind.DONE, title, hint, (rich_section((_sub_heading(saved),), lines),))


async def unsubscribe(ctx: Context, query: Query) -> Reply:
    number, words = _subscription_and_words(ctx, query)
    kinds = {"digest": Kind.DIGEST, "alerts": Kind.ALERT, "alert": Kind.ALERT}
    unknown = [w for w in words if w not in kinds and w != "both"]
    if unknown or len(words) > 1:
        raise UserError("Usage: unsubscribe [#ID] [digest|alerts]")
    kind = kinds.get(words[0]) if words else None
    sub = await _target(ctx, number)
    left = await manage.unsubscribe(_store(ctx), _editor(ctx), sub, kind)
    ctx.on_change()
    if left is None:
        return Reply(
            ReplyKind.DONE,
            f"Subscription {sub.id} removed",
            f"The {sub.platform} channel {sub.channel} receives no more scheduled posts.",
        )
    return Reply(
        ReplyKind.DONE, f"Subscription {left.id} changed", "",
        (Section(_sub_heading(left), tuple(describe(left.policy))),),
    )


async def pause(ctx: Context, query: Query) -> Reply:
    number, _ = _subscription_and_words(ctx, query)
    sub = await manage.pause(_store(ctx), _editor(ctx), await _target(ctx, number))
    ctx.on_change()
    return Reply(
        ReplyKind.DONE, f"Subscription {sub.id} paused",
        "Nothing is posted, and nothing is caught up later, until a moderator says “resume”.",
    )


async def resume(ctx: Context, query: Query) -> Reply:
    number, _ = _subscription_and_words(ctx, query)
    sub = await manage.resume(_store(ctx), _editor(ctx), await _target(ctx, number))
    ctx.on_change()
    return Reply(
        ReplyKind.DONE, f"Subscription {sub.id} resumed", plain(await _next_line(ctx, sub))
    )


async def subscriptions(ctx: Context, query: Query) -> Reply:
    """What this channel receives (anyone may ask)."""
    if _args(query).strip():
        raise UserError("Usage: subscriptions (it shows what this channel receives)")
    sub = await _store(ctx).subscription_for(ctx.actor.platform, ctx.channel)
    if sub is None:
        return Reply(
            ReplyKind.EMPTY,
            "No scheduled posts here",
            "This channel receives no digest or alerts. A moderator can add them with “subscribe”.",
        )
    lines = (*((line,) for line in describe(sub.policy)), await _next_line(ctx, sub))
    section = rich_section((_sub_heading(sub),), lines)
    return Reply(ReplyKind.ANSWER, "What this channel receives", "", (section,))


async def schedule(ctx: Context, query: Query) -> Reply:
    """Every post a channel will receive in the next N days (moderators)."""
    days, number = _schedule_args(_args(query))
    typed_days, typed_number = ctx.typed_int("days"), ctx.typed_int("subscription")
    days = days if typed_days is None else typed_days
    number = number if typed_number is None else typed_number
    if not 1 <= days <= MAX_SCHEDULE_DAYS:
        raise UserError(SCHEDULE_USAGE)
    sub = await _target(ctx, number)
    today = rules.local_day(ctx.now, sub.policy.tz)
    posts = [
        p for p in await preview(
            ctx.store, [sub], today, today + timedelta(days=days - 1),
            max_events=ctx.settings.max_events,
        )
        if p.occasion.due_at > ctx.now
    ]
    window = f"the next {wording.plural(days, 'day')}"
    if not posts:
        text = "It is paused." if sub.paused else "Nothing is due."
        return Reply(ReplyKind.EMPTY, f"Nothing scheduled in {window}", text, private=True)
    note = " It is paused, so none of them will go out until it is resumed." if sub.paused else ""
    sections = tuple(
        Section(f"{_local(p.occasion.due_at, sub.policy.tz)} · {p.occasion.kind.value}",
                (p.reply.title,), event_id=p.occasion.event_id)
        for p in posts
    )
    return Reply(
        ReplyKind.LIST, f"Scheduled for {sub.platform} channel {sub.channel}",
        f"{wording.plural(len(posts), 'post')} in {window}.{note}", sections, private=True,
    )


SCHEDULE_USAGE = f"Usage: schedule [DAYS] [#ID], with DAYS from 1 to {MAX_SCHEDULE_DAYS}"


def _schedule_args(args: str) -> tuple[int, int | None]:
    """(days, subscription number) from "14", "#3", "14 days #3" or "id 3 14"."""
    days, number = DEFAULT_SCHEDULE_DAYS, None
    words = args.lower().replace("#", " # ").split()
    index = 0
    while index < len(words):
        word = words[index]
        if word in ("#", "id", "subscription") and index + 1 < len(words):
            index += 1
            number = _whole(words[index], SCHEDULE_USAGE)
        elif word not in ("day", "days", "next"):
            days = _whole(word, SCHEDULE_USAGE)
            if not 1 <= days <= MAX_SCHEDULE_DAYS:
                raise UserError(SCHEDULE_USAGE)
        index += 1
    return days, number


def _whole(word: str, usage: str) -> int:
    number = whole_number(word)
    if number is None:
        raise UserError(usage)
    return number


async def status(ctx: Context, query: Query) -> Reply:
    """Every subscription: what it receives, its next post, its counters; latest failures."""
    store = _store(ctx)
    subs = await store.subscriptions()
    counters = await store.counters()
    sections = [await _status_section(ctx, s, counters.get(s.id or 0, Counters())) for s in subs]
    failures = await store.failures(5)
    if failures:
        sections.append(
            rich_section(
                ("Latest failures",),
                tuple(
                    (wording.moment(f.at, ctx.tz), f" subscription {f.subscription_id}, "
                     f"{f.key}: {f.error}")
                    for f in failures
                ),
            )
        )
    text = (
        f"{wording.plural(len(subs), 'subscription')}."
        if subs else "No channel is subscribed yet. Subscribe one with “subscribe”."
    )
    sections.extend(await _feed_sections(ctx))
    return Reply(ReplyKind.LIST, "Scheduled posts", text, tuple(sections), private=True)


async def _feed_sections(ctx: Context) -> list[Section]:
    """The feeds the same loop polls: those failing in full, the rest as one count."""
    if ctx.feeds is None:
        return []
    from bot.feed_commands import feed_section  # noqa: PLC0415 - loaded only with feeds

    feeds = await ctx.feeds.store.feeds()
    if not feeds:
        return []
    failing = [f for f in feeds if f.failures]
    summary = Section(f"Feeds: {wording.plural(len(feeds), 'feed')}, {len(failing)} failing "
                      "(see “feeds”)")
    return [summary, *(feed_section(ctx, f) for f in failing)]


async def _status_section(ctx: Context, sub: Subscription, c: Counters) -> Section:
    policy = sub.policy
    lines: list[tuple[Inline, ...]] = [
        (f"{policy.kinds} at {policy.post_at:%H:%M} {policy.tz}"
         + (f", tags {', '.join(policy.tags)}" if policy.tags else ""),),
        await _next_line(ctx, sub),
        (f"Posted {c.posted} ({c.late} late) · skipped {c.skipped} · failed attempts "
         f"{c.failed} · deduplicated {c.deduplicated} · waiting {c.pending}",),
    ]
    if c.failing >= FAILING_AFTER:
        lines.append(
            (f"Failing: {c.failing} failed attempts in a row (see the latest failures).",)
        )
    return rich_section((_sub_heading(sub),), tuple(lines))

