"""The ``timezone`` command: which zone "today" is read in for the asker and why, and
moderators setting or clearing the zone of their space (a Discord server, a Slack
workspace). Everyone may look; only moderators may change it, and every change is
written to the audit log by the store in the same transaction (``SpaceZones``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot import wording
from bot.context import Context
from bot.errors import UserError
from bot.messages import Person, Reply, ReplyKind, Role, Section, rich_section
from bot.queries import CommandCall, Query
from bot.zone_settings import SpaceZone, SpaceZones, ZoneSource
from bot.zones import zone_name

#: What a moderator may say to go back to the bot's default zone.
RESET_WORDS = frozenset({"default", "reset", "clear", "none", "unset"})
EXAMPLE = "Europe/London"


async def timezone(ctx: Context, query: Query) -> Reply:
    """``timezone`` shows the zone in use; ``timezone AREA/CITY`` and ``timezone default``
    (moderators) set or clear this space's zone."""
    args = query.args.strip() if isinstance(query, CommandCall) else ""
    if not args:
        return await _show(ctx)
    if ctx.actor.role < Role.MODERATOR:
        return Reply(
            ReplyKind.ERROR,
            "Not allowed",
            "Only moderators can change the time zone here. Say “timezone” to see the one "
            "in use.",
        )
    zones = _settable(ctx)
    if args.lower() in RESET_WORDS:
        return await _reset(ctx, zones)
    name = zone_name(args)
    if name is None:
        raise UserError(
            f"“{args[:60]}” is not a time zone. Use an IANA name such as {EXAMPLE}, "
            "America/New_York or Asia/Tokyo (any case), or “timezone default”."
        )
    return await _set(ctx, zones, name)


def _settable(ctx: Context) -> SpaceZones:
    if ctx.zones is None:
        raise UserError("This Dateline keeps no time zone settings, so none can be set here.")
    return ctx.zones


async def _show(ctx: Context) -> Reply:
    space = await ctx.zones.zone_of(ctx.actor.platform, ctx.space) if ctx.zones else None
    if ctx.zone_source is ZoneSource.OWN:
        lead = f"Your answers use {ctx.tz}, your own time zone."
    elif ctx.zone_source is ZoneSource.SPACE:
        lead = f"Answers here use {ctx.tz}, the time zone moderators set here."
    else:
        lead = f"Answers here use {ctx.tz}, Dateline's default: no time zone is set here."
    lead += f" There it is {ctx.now:%H:%M} on {wording.full_date(ctx.today)}."
    sections: list[Section] = []
    if space is not None:
        sections.append(_set_by(space, ctx.tz))
    sections.append(Section(_how_to_change(ctx, space)))
    return Reply(ReplyKind.ANSWER, "Time zone", lead, tuple(sections))


def _set_by(space: SpaceZone, tz: str) -> Section:
    own = " (used for anyone whose own zone Dateline does not know)"
    return rich_section(
        (f"Set here: {space.tz}{own}",),
        (("Set by ", Person(space.set_by), " at ", wording.moment(space.set_at, tz)),),
    )


def _how_to_change(ctx: Context, space: SpaceZone | None) -> str:
    if ctx.actor.role < Role.MODERATOR:
        return "Moderators can set the zone used here with “timezone AREA/CITY”."
    reset = f", or go back to the default ({ctx.settings.default_tz}) with “timezone default”"
    return f"Set the zone used here with “timezone {EXAMPLE}”{reset if space else ''}."


async def _set(ctx: Context, zones: SpaceZones, name: str) -> Reply:
    current = await zones.zone_of(ctx.actor.platform, ctx.space)
    local = ctx.now.astimezone(ZoneInfo(name))
    there = f"There it is {local:%H:%M} on {wording.full_date(local.date())}."
    if current is not None and current.tz == name:
        return Reply(ReplyKind.DONE, "Time zone unchanged", f"The zone here already is {name}. "
                     + there)
    await zones.set_zone(ctx.actor.platform, ctx.space, name, ctx.actor.ref, ctx.now)
    return Reply(
        ReplyKind.DONE,
        "Time zone set",
        f"“Today” is now read in {name} here, for everyone whose own zone Dateline does "
        f"not know. {there}",
    )


async def _reset(ctx: Context, zones: SpaceZones) -> Reply:
    removed = await zones.clear_zone(ctx.actor.platform, ctx.space, ctx.actor.ref, ctx.now)
    default = ctx.settings.default_tz
    if removed is None:
        return Reply(ReplyKind.DONE, "Time zone unchanged",
                     f"No time zone was set here; Dateline's default, {default}, is in use.")
    return Reply(
        ReplyKind.DONE,
        "Time zone reset",
        f"The zone set here ({removed.tz}) is removed: Dateline's default, {default}, is "
        "used for everyone whose own zone it does not know.",
    )
