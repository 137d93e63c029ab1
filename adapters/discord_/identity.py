"""Who is asking: Discord member facts to an ``Actor`` with a ``Role``.

The adapter only maps platform facts (Manage Server permission, configured
moderator roles, server ownership) to a role; what a role may do is decided by
the core's one gate. Missing data (DMs, partial payloads) means member.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import discord

from bot.messages import Actor, Role

PLATFORM = "discord"
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """The platform facts a role depends on, however they were obtained."""

    user_id: str
    display_name: str = ""
    in_guild: bool = False
    permissions: int = 0
    role_ids: frozenset[int] = frozenset()
    is_owner: bool = False


def role_for(facts: MemberFacts, moderator_role_ids: Iterable[int]) -> Role:
    """Owner > Manage Server or a moderator role > member. Outside a guild: member."""
    if not facts.in_guild or not facts.user_id:
        return Role.MEMBER
    if facts.is_owner:
        return Role.OWNER
    if facts.permissions & (MANAGE_GUILD | ADMINISTRATOR):
        return Role.MODERATOR
    if facts.role_ids & frozenset(moderator_role_ids):
        return Role.MODERATOR
    return Role.MEMBER


def actor_for(facts: MemberFacts, moderator_role_ids: Iterable[int]) -> Actor:
    return Actor(PLATFORM, facts.user_id, facts.display_name, role_for(facts, moderator_role_ids))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _name(user: Mapping[str, Any]) -> str:
    return str(user.get("global_name") or user.get("username") or "")


def facts_from_payload(
    payload: Mapping[str, Any], guild_owner_id: int | None = None
) -> MemberFacts:
    """Facts from a raw INTERACTION_CREATE (or MESSAGE_CREATE) payload.

    The payload carries no guild owner, so the caller passes the cached one.
    """
    member = payload.get("member")
    guild_id = payload.get("guild_id")
    if not isinstance(member, Mapping) or not guild_id:
        user = payload.get("user") or payload.get("author") or {}
        return MemberFacts(str(user.get("id", "")), _name(user))
    user = member.get("user") or payload.get("author") or {}
    user_id = str(user.get("id", ""))
    return MemberFacts(
        user_id=user_id,
        display_name=str(member.get("nick") or _name(user)),
        in_guild=True,
        permissions=_int(member.get("permissions")),
        role_ids=frozenset(_int(role) for role in member.get("roles") or ()),
        is_owner=guild_owner_id is not None and user_id == str(guild_owner_id),
    )


def _role_ids(member: discord.Member) -> frozenset[int]:
    ids = {role.id for role in member.roles}
    # Roles of a guild missing from the cache are only known by id.
    ids.update(int(role_id) for role_id in getattr(member, "_roles", ()))
    return frozenset(ids)


def facts_from_user(
    user: discord.User | discord.Member,
    guild: discord.Guild | None,
    permissions: discord.Permissions | None = None,
) -> MemberFacts:
    """Facts from discord.py objects (an interaction's or a message's author)."""
    if not isinstance(user, discord.Member) or guild is None:
        return MemberFacts(str(user.id), user.display_name)
    perms = permissions if permissions is not None else user.guild_permissions
    return MemberFacts(
        user_id=str(user.id),
        display_name=user.display_name,
        in_guild=True,
        permissions=perms.value,
        role_ids=_role_ids(user),
        is_owner=guild.owner_id is not None and guild.owner_id == user.id,
    )


def facts_from_interaction(interaction: discord.Interaction[Any]) -> MemberFacts:
    guild = interaction.guild if interaction.guild_id else None
    return facts_from_user(interaction.user, guild, interaction.permissions)


def facts_from_message(message: discord.Message) -> MemberFacts:
    return facts_from_user(message.author, message.guild)
