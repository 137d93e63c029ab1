"""Subscribing channels and changing, pausing, resuming and removing subscriptions.

The chat commands and the ``dateline reminders`` command line both call these,
so the rules (one subscription per channel, kinds added by "subscribe" and
taken away by "unsubscribe", every change audited, a change based on an old
reading refused) hold wherever a moderator works.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from bot.errors import ConflictError, NotFound, UserError
from bot.reminders.model import Kind, Policy, Subscription
from bot.reminders.options import PolicyChange, describe
from bot.reminders.store import ReminderStore

PLATFORMS = ("console", "discord", "slack")
_CHANNEL_SHAPES = {
    "discord": (re.compile(r"^[1-9]\d{0,20}$"), "a Discord channel id is a number"),
    "slack": (
        re.compile(r"^[CGD](?=[A-Z0-9]*\d)[A-Z0-9]{2,20}$"),
        "a Slack channel id looks like C0123ABCD (a name such as general is not one)",
    ),
    "console": (re.compile(r"^[\w.#-]{1,40}$"), "a console channel is a short name such as desk"),
}
# A channel pasted as a mention: Discord's <#123>, Slack's <#C0123ABCD|general>.
_MENTION = re.compile(r"^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$")
CHANGED_MEANWHILE = (
    "The subscription was changed by someone else meanwhile; nothing was saved. Try again."
)


@dataclass(frozen=True, slots=True)
class Editor:
    """Who makes a change, and when (``actor`` is an ``Actor.ref`` such as slack:U123)."""

    actor: str
    at: datetime


def channel_id(platform: str, channel: str) -> str:
    """The channel id as the platform writes it (a pasted mention is unwrapped, Slack
    ids upper-cased); ``UserError`` says what is expected when it cannot be right."""
    if platform not in _CHANNEL_SHAPES:
        raise UserError(f"“{platform[:20]}” is not a platform; use one of {', '.join(PLATFORMS)}.")
    text = channel.strip()
    if mention := _MENTION.match(text):
        text = mention.group(1)
    if platform == "slack":
        text = text.upper()
    shape, expected = _CHANNEL_SHAPES[platform]
    if not shape.match(text):
        raise UserError(f"“{channel[:40]}” is not a channel id: {expected}.")
    return text


def audit_detail(sub: Subscription, what: str = "") -> str:
    head = f"subscription {sub.id} ({sub.platform} {sub.channel})"
    return f"{head}: {what}" if what else f"{head}: " + "; ".join(describe(sub.policy))


async def _save(
    reminders: ReminderStore, sub: Subscription, by: Editor, action: str, what: str = ""
) -> Subscription:
    try:
        saved = await reminders.save_subscription(
            sub, by.actor, by.at, action, audit_detail(sub, what)
        )
    except ConflictError as err:
        raise UserError(CHANGED_MEANWHILE) from err
    return saved


async def subscribe(
    reminders: ReminderStore,
    by: Editor,
    platform: str,
    channel: str,
    change: PolicyChange,
    *,
    default_tz: str,
) -> tuple[Subscription, bool]:
    """Subscribe a channel, or update its subscription; returns (subscription, created).

    On an existing subscription, naming a kind adds it ("subscribe alerts" to a
    digest channel gives both); other options replace their settings.
    """
    channel = channel_id(platform, channel)
    existing = await reminders.subscription_for(platform, channel)
    if existing is None:
        policy = change.apply(Policy(tz=default_tz))
        if change.digest is None and change.alerts is None:
            policy = replace(policy, digest=True, alerts=True)
        new = Subscription(platform, channel, policy)
        return await _save(reminders, new, by, "subscribe"), True
    return await update(reminders, by, existing, change, additive=True), False


async def update(
    reminders: ReminderStore,
    by: Editor,
    sub: Subscription,
    change: PolicyChange,
    *,
    additive: bool = False,
) -> Subscription:
    """Apply ``change`` to ``sub`` (kinds added when ``additive``)."""
    policy = change.apply(sub.policy)
    if additive:
        policy = replace(
            policy,
            digest=sub.policy.digest or bool(change.digest),
            alerts=sub.policy.alerts or bool(change.alerts),
        )
    if not (policy.digest or policy.alerts):
        raise UserError("A subscription needs the digest, alerts or both.")
    return await _save(reminders, replace(sub, policy=policy), by, "subscription change")


async def pause(reminders: ReminderStore, by: Editor, sub: Subscription) -> Subscription:
    if sub.paused:
        raise UserError(f"Subscription {sub.id} is already paused ({sub.paused}).")
    paused = replace(sub, paused=f"paused by {by.actor}")
    return await _save(reminders, paused, by, "pause", "paused")


async def resume(reminders: ReminderStore, by: Editor, sub: Subscription) -> Subscription:
    if not sub.paused:
        raise UserError(f"Subscription {sub.id} is not paused.")
    return await _save(reminders, replace(sub, paused=""), by, "resume", "resumed")


async def unsubscribe(
    reminders: ReminderStore, by: Editor, sub: Subscription, kind: Kind | None
) -> Subscription | None:
    """Stop one kind of post, or the whole subscription; ``None`` when it was removed."""
    policy = sub.policy
    if kind is Kind.DIGEST and policy.alerts:
        stopped = replace(sub, policy=replace(policy, digest=False))
        return await _save(reminders, stopped, by, "subscription change", "digest stopped")
    if kind is Kind.ALERT and policy.digest:
        stopped = replace(sub, policy=replace(policy, alerts=False))
        return await _save(reminders, stopped, by, "subscription change", "alerts stopped")
    try:
        await reminders.remove_subscription(sub, by.actor, by.at, audit_detail(sub, "removed"))
    except ConflictError as err:
        raise UserError(CHANGED_MEANWHILE) from err
    return None


async def find(
    reminders: ReminderStore, subscription_id: int | None, platform: str, channel: str
) -> Subscription:
    """Subscription ``subscription_id``, else the one of the asking channel."""
    if subscription_id is not None:
        sub = await reminders.subscription(subscription_id)
        if sub is None:
            raise NotFound(f"There is no subscription {subscription_id}.")
        return sub
    sub = await reminders.subscription_for(platform, channel)
    if sub is None:
        raise NotFound(
            "This channel has no subscription. Subscribe it with “subscribe”, or name one "
            "by its number (see “status”)."
        )
    return sub
