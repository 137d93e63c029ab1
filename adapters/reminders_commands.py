"""What each ``dateline reminders`` verb does, through the core's reminder operations."""

from __future__ import annotations

import argparse
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from adapters.clock import SystemClock
from adapters.composition import CoreSettings
from adapters.console_render import json_safe, render_text, terminal_safe
from adapters.scheduling import configured_platforms, make_scheduler, open_publishers
from bot.core import Bot
from bot.errors import UserError
from bot.reminders import manage
from bot.reminders.model import Policy, Subscription
from bot.reminders.options import (
    PolicyChange,
    describe,
    parse_lead_days,
    parse_milestones,
    parse_tags,
    parse_time,
    parse_zone,
)
from bot.reminders.preview import MAX_PREVIEW_DAYS, PlannedPost, preview
from bot.reminders.scheduler import TickReport
from bot.reminders.store import ReminderStore
from bot.wording import plural

OPERATOR = "console:local"
FUTURE_TOLERANCE = timedelta(minutes=1)
POLICY_OPTIONS = ("digest", "alerts", "tz", "at", "milestones", "lead_days", "tags", "weekends",
                  "empty")


@dataclass(frozen=True, slots=True)
class Io:
    out: TextIO
    err: TextIO


Verb = Callable[[Bot, argparse.Namespace, Mapping[str, str], Io, CoreSettings], Awaitable[int]]


def _store(bot: Bot) -> ReminderStore:
    assert bot.reminders is not None
    return bot.reminders


def _editor() -> manage.Editor:
    return manage.Editor(OPERATOR, SystemClock().now())


def policy_change(args: argparse.Namespace) -> PolicyChange:
    """The subscription options given on the command line, read as chat reads them."""
    kinds: dict[str, Any] = {}
    if args.digest or args.alerts:
        kinds = {"digest": args.digest, "alerts": args.alerts}
    return PolicyChange(
        **kinds,
        tz=parse_zone(args.tz) if args.tz else None,
        post_at=parse_time(args.at) if args.at else None,
        milestones=parse_milestones(args.milestones) if args.milestones else None,
        lead_days=parse_lead_days(args.lead_days) if args.lead_days else None,
        tags=parse_tags(args.tags) if args.tags is not None else None,
        weekend_friday=None if args.weekends is None else args.weekends == "friday",
        post_empty=None if args.empty is None else args.empty == "on",
    )


def _show(sub: Subscription, io: Io) -> None:
    state = f" (paused: {sub.paused})" if sub.paused else ""
    io.out.write(f"Subscription {sub.id}: {sub.platform} channel {sub.channel}{state}\n")
    for line in describe(sub.policy):
        io.out.write(f"  {line}\n")


async def subscribe(
    bot: Bot, args: argparse.Namespace, env: Mapping[str, str], io: Io, core: CoreSettings
) -> int:
    sub, created = await manage.subscribe(
        _store(bot), _editor(), args.platform, args.channel, policy_change(args),
        default_tz=core.bot.default_tz,
    )
    io.out.write("Subscribed.\n" if created else "Changed.\n")
    _show(sub, io)
    return 0


async def list_subscriptions(
    bot: Bot, args: argparse.Namespace, env: Mapping[str, str], io: Io, core: CoreSettings
) -> int:
    subs = await _store(bot).subscriptions()
    if args.json:
        io.out.write(json.dumps([subscription_json(s) for s in subs], indent=2) + "\n")
        return 0
    if not subs:
        io.out.write("No channel is subscribed. Add one with: dateline reminders subscribe\n")
    for sub in subs:
        _show(sub, io)
    return 0


def subscription_json(sub: Subscription) -> dict[str, Any]:
    policy = sub.policy
    return {
        "id": sub.id,
        "platform": sub.platform,
        "channel": sub.channel,
        "digest": policy.digest,
        "alerts": policy.alerts,
        "tz": policy.tz,
        "at": f"{policy.post_at:%H:%M}",
        "milestones": list(policy.milestones),
        "lead_days": list(policy.lead_days),
        "tags": list(policy.tags),
        "weekends": "friday" if policy.weekend_friday else "keep",
        "empty": policy.post_empty,
        "paused": sub.paused or None,
    }


def _one(verb: str) -> Verb:
    async def act(
        bot: Bot, args: argparse.Namespace, env: Mapping[str, str], io: Io, core: CoreSettings
    ) -> int:
        store = _store(bot)
        sub = await manage.find(store, args.id, "", "")
        if verb == "pause":
            await manage.pause(store, _editor(), sub)
        elif verb == "resume":
            await manage.resume(store, _editor(), sub)
        else:
            await manage.unsubscribe(store, _editor(), sub, None)
        io.out.write(f"Subscription {sub.id} ({sub.platform} {sub.channel}): {verb}d.\n")
        return 0

    return act


def _day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{what} “{text[:20]}” is not a date in the form YYYY-MM-DD") from None


async def preview_posts(
    bot: Bot, args: argparse.Namespace, env: Mapping[str, str], io: Io, core: CoreSettings
) -> int:
    first, last = _day(args.first, "--from"), _day(args.last, "--to")
    if last < first or (last - first).days >= MAX_PREVIEW_DAYS:
        raise UserError(f"--to must be on or after --from, at most {MAX_PREVIEW_DAYS} days on")
    subs = await _store(bot).subscriptions()
    given = any(getattr(args, name, None) not in (None, False) for name in POLICY_OPTIONS)
    if given or not subs:
        if subs:
            io.err.write(f"Previewing the policy given, not the {len(subs)} subscriptions.\n")
        change = policy_change(args)
        policy = change.apply(Policy(tz=core.bot.default_tz))
        if change.digest is None:
            policy = Policy(**{**_policy_dict(policy), "digest": True, "alerts": True})
        subs = [Subscription("console", "preview", policy)]
    posts = await preview(bot.store, [s for s in subs if s.active], first, last,
                          max_events=core.bot.max_events)
    if args.json:
        document = json.dumps([post_json(p) for p in posts], ensure_ascii=False, indent=2)
        io.out.write(json_safe(document) + "\n")
    else:
        for post in posts:
            shown = terminal_safe(f"{_post_heading(post)}\n{render_text(post.reply)}")
            io.out.write(f"{shown}\n\n")
        io.out.write(f"{plural(len(posts), 'post')} from {first} to {last}.\n")
    return 0


def _policy_dict(policy: Policy) -> dict[str, Any]:
    return {name: getattr(policy, name) for name in Policy.__dataclass_fields__}


def _post_heading(post: PlannedPost) -> str:
    sub, occasion = post.subscription, post.occasion
    local = occasion.due_at.astimezone(ZoneInfo(sub.policy.tz))
    where = f"{sub.platform} {sub.channel}"
    return f"── {local:%Y-%m-%d %H:%M} {sub.policy.tz} · {where} · {occasion.kind}"


def post_json(post: PlannedPost) -> dict[str, Any]:
    occasion = post.occasion
    event = post.reply.events[0] if occasion.event_id is not None and post.reply.events else None
    return {
        "date": occasion.day.isoformat(),
        "kind": occasion.kind.value,
        "channel": post.subscription.channel,
        "event_id": occasion.event_id,
        "event_date": event.date.iso() if event is not None else None,
        "years": occasion.years,
        "lead_days": occasion.lead_days,
        "text": render_text(post.reply),
        "platform": post.subscription.platform,
        "subscription": post.subscription.id,
        "at": occasion.due_at.isoformat(),
    }


def _instant(text: str | None, tz: str) -> datetime:
    if not text:
        return SystemClock().now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"--now “{text[:40]}” is not an ISO date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment


async def tick(
    bot: Bot, args: argparse.Namespace, env: Mapping[str, str], io: Io, core: CoreSettings
) -> int:
    now = _instant(args.now, core.bot.default_tz)
    if now > SystemClock().now() + FUTURE_TOLERANCE and not args.dry_run:
        raise UserError(
            "--now is in the future, and a pass as of a future time would post early and "
            "use up those posts; add --dry-run to see what it would post"
        )
    platforms = configured_platforms(env)
    left = [s for s in await _store(bot).subscriptions() if s.platform not in platforms]
    async with open_publishers(platforms, env, io.out) as publishers:
        scheduler = make_scheduler(bot, publishers, core.scheduler)
        report = await scheduler.tick(now, dry_run=args.dry_run)
    _report(report, left, io, dry_run=args.dry_run)
    return 3 if report.failed else 0


def _report(report: TickReport, left: list[Subscription], io: Io, *, dry_run: bool) -> None:
    if dry_run:
        for sub, occasion in report.would_post:
            io.out.write(f"would post {occasion.key} to {sub.platform} {sub.channel}\n")
        io.out.write(f"Dry run: {len(report.would_post)} new posts due; nothing was posted.\n")
    else:
        io.out.write(
            f"Posted {len(report.posted)} ({report.late} late, {report.deduplicated} already "
            f"there), skipped {len(report.skipped)}, failed {len(report.failed)}.\n"
        )
    for sub, key, reason in report.skipped:
        io.out.write(f"skipped {key} for subscription {sub.id}: {reason}\n")
    for sub, key, error in report.failed:
        io.out.write(f"failed {key} for subscription {sub.id}: {error} (will be retried)\n")
    for sub, reason in report.paused:
        io.out.write(f"paused subscription {sub.id}: {reason}\n")
    platforms = sorted({s.platform for s in left})
    for platform in platforms:
        count = sum(1 for s in left if s.platform == platform)
        token = "DISCORD_TOKEN" if platform == "discord" else "SLACK_BOT_TOKEN"
        subs = plural(count, f"{platform} subscription")
        io.out.write(f"{subs} left alone: {token} is not set.\n")


COMMANDS: dict[str, Verb] = {
    "subscribe": subscribe,
    "list": list_subscriptions,
    "pause": _one("pause"),
    "resume": _one("resume"),
    "remove": _one("remove"),
    "preview": preview_posts,
    "tick": tick,
}
