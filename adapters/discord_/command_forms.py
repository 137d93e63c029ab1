"""How help shows a command on Discord: the slash command as Discord accepts it.

A form is built from the same payload the command is registered with
(``appcommands.command_payload``), so help names exactly the options Discord offers,
required ones first as Discord lists them and optional ones in brackets:
``/ask question:``, ``/upcoming [window:]``. Once the registered commands' ids are
known (``command_ids``, read after syncing), a form carries its id and the renderer
shows a clickable command mention instead of the typed name. Forms hold only names
and numbers from the command table and Discord's answer, never event text; the
renderer still checks both before building a mention (``mention``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import discord

from adapters.discord_.appcommands import GLOBAL, command_payload
from bot.commands import Command

log = logging.getLogger(__name__)

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
# What a chat-input command name may be for Dateline's table (Discord allows more
# scripts; the table uses none of them), and what a snowflake id is.
_COMMAND_NAME = re.compile(r"[-_a-z0-9]{1,32}")
_SNOWFLAKE = re.compile(r"[1-9][0-9]{0,19}")


@dataclass(frozen=True, slots=True)
class SlashForm:
    """A command as Discord accepts it: ``/name`` and its options ("question:",
    "[window:]"), and its id in the scope it was registered in, once known."""

    name: str
    options: tuple[str, ...] = ()
    command_id: int | None = None

    @property
    def typed(self) -> str:
        """The command as typed: "/upcoming [window:]"."""
        return " ".join((f"/{self.name}", *self.options))

    @property
    def mention(self) -> str | None:
        """Discord's clickable command mention ``</name:id>``, if the form has a
        valid id and name; None otherwise (then the typed form is shown)."""
        if self.command_id is None or not _COMMAND_NAME.fullmatch(self.name):
            return None
        if not _SNOWFLAKE.fullmatch(str(self.command_id)):
            return None
        return f"</{self.name}:{self.command_id}>"


def _option_form(option: Mapping[str, Any]) -> str:
    name = f"{option.get('name')}:"
    return name if option.get("required") else f"[{name}]"


def slash_form(command: Command, command_id: int | None = None) -> SlashForm:
    """The form of one command, from its registered payload."""
    payload = command_payload(command)
    options = tuple(
        _option_form(option)
        for option in payload.get("options") or ()
        if option.get("type") not in (SUB_COMMAND, SUB_COMMAND_GROUP)
    )
    return SlashForm(str(payload["name"]), options, command_id)


def slash_forms(
    commands: Iterable[Command], ids: Mapping[str, int] | None = None
) -> dict[str, SlashForm]:
    """Core command name -> form; ``ids`` maps Discord command names to their ids."""
    ids = ids or {}
    forms = {}
    for command in commands:
        form = slash_form(command)
        forms[command.name] = SlashForm(form.name, form.options, ids.get(form.name))
    return forms


class CommandLister(Protocol):
    """The part of ``discord.http.HTTPClient`` that lists registered commands."""

    async def get_global_commands(self, application_id: int) -> Any: ...

    async def get_guild_commands(self, application_id: int, guild_id: int) -> Any: ...


def _ids(listed: Any) -> dict[str, int]:
    found: dict[str, int] = {}
    for command in listed if isinstance(listed, list) else ():
        name, command_id = command.get("name"), str(command.get("id", ""))
        if isinstance(name, str) and _SNOWFLAKE.fullmatch(command_id):
            found[name] = int(command_id)
    return found


async def command_ids(
    http: CommandLister, application_id: int, guild_ids: Sequence[int]
) -> dict[str, dict[str, int]]:
    """Scope (a guild id, or ``GLOBAL``) -> command name -> id, as Discord lists them.

    Guild commands have ids of their own in every guild. A scope Discord does not
    list is left out, and help there shows the typed forms: worth a warning, not a
    failed start.
    """
    scopes: dict[str, dict[str, int]] = {}
    for scope in [str(g) for g in guild_ids] or [GLOBAL]:
        try:
            if scope == GLOBAL:
                listed = await http.get_global_commands(application_id)
            else:
                listed = await http.get_guild_commands(application_id, int(scope))
        except discord.HTTPException as err:
            log.warning("listing Discord commands of %s failed: %s %s", scope, err.status, err.code)
            continue
        scopes[scope] = _ids(listed)
    return scopes
