"""Slash commands generated from the core's command table, and syncing them.

Every ``Command`` becomes a chat-input command and every ``Param`` an option,
so a command added to the table reaches Discord with no per-command glue.
Moderator commands are hidden by default (Manage Server); the core still checks
the role. Syncing is skipped when the stable hash of the payloads is unchanged
(Discord allows 200 command creations per day per guild).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from bot.commands import Command, Param, ParamKind
from bot.messages import Role

log = logging.getLogger(__name__)

CHAT_INPUT = 1
STRING, INTEGER, ATTACHMENT = 3, 4, 11
OPTION_TYPES = {ParamKind.TEXT: STRING, ParamKind.INTEGER: INTEGER, ParamKind.FILE: ATTACHMENT}
MANAGE_GUILD = 1 << 5
MAX_DESCRIPTION = 100
MAX_CHOICES = 25
MAX_OPTION_LENGTH = 6000
GLOBAL = "global"


def _description(text: str) -> str:
    text = " ".join(text.split()) or "-"
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def option_payload(param: Param, max_length: int | None = None) -> dict[str, Any]:
    option: dict[str, Any] = {
        "type": OPTION_TYPES[param.kind],
        "name": param.name.lower(),
        "description": _description(param.description),
        "required": param.required,
    }
    if param.kind is ParamKind.INTEGER:
        if param.min_value is not None:
            option["min_value"] = param.min_value
        if param.max_value is not None:
            option["max_value"] = param.max_value
    if param.complete and param.kind is ParamKind.TEXT:
        option["autocomplete"] = True
    if max_length is not None and param.kind is ParamKind.TEXT:
        # What the core reads of the whole command; Discord allows 1 to 6,000.
        option["max_length"] = max(1, min(max_length, MAX_OPTION_LENGTH))
    return option


def command_payload(command: Command) -> dict[str, Any]:
    # Discord wants required options first; the text is composed in table order anyway.
    params = sorted(command.params, key=lambda p: not p.required)
    limits = command.text_limits()
    payload: dict[str, Any] = {
        "type": CHAT_INPUT,
        "name": command.name.lower(),
        "description": _description(command.summary),
        "options": [option_payload(p, limits.get(p.name)) for p in params],
        "default_member_permissions": None,
    }
    if command.role >= Role.MODERATOR:
        payload["default_member_permissions"] = str(MANAGE_GUILD)
    return payload


def command_payloads(commands: Iterable[Command]) -> list[dict[str, Any]]:
    return [command_payload(c) for c in commands]


def payload_hash(payloads: Sequence[Mapping[str, Any]]) -> str:
    canonical = json.dumps(list(payloads), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def option_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Option name -> value from an interaction's ``data``."""
    return {
        str(o.get("name")): o.get("value")
        for o in data.get("options") or ()
        if isinstance(o, Mapping)
    }


def typed_options(values: Mapping[str, Any]) -> tuple[tuple[str, str | int], ...]:
    """The options as the core takes them typed: text as text, whole numbers as ints
    (anything else, or a boolean, is left to the text the command reads)."""
    return tuple(
        (name, value) for name, value in values.items()
        if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
    )


def attachment_ids(command: Command, values: Mapping[str, Any]) -> list[str]:
    """The ids of the files attached through ``command``'s file options, in table order."""
    return [str(values[p.name]) for p in command.params
            if p.kind is ParamKind.FILE and values.get(p.name)]


def without_files(command: Command, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` but the file options (an attachment id is no typed value for the core)."""
    files = {p.name for p in command.params if p.kind is ParamKind.FILE}
    return {name: value for name, value in values.items() if name not in files}


def focused_option(data: Mapping[str, Any]) -> tuple[str, str] | None:
    """The option being typed in an autocomplete interaction, with its partial value."""
    for option in data.get("options") or ():
        if isinstance(option, Mapping) and option.get("focused"):
            return str(option.get("name")), str(option.get("value") or "")
    return None


def compose_text(command: Command, values: Mapping[str, Any]) -> str:
    """The text the core parses: the command name, then the values in table order. An
    attachment's value is its id, which is no part of the text (the file reaches the
    core as ``Incoming.files``)."""
    parts = [p.compose(values[p.name]) for p in command.params
             if values.get(p.name) and p.kind is not ParamKind.FILE]
    return f"{command.name} {' '.join(parts)}"


class CommandHTTP(Protocol):
    """The part of ``discord.http.HTTPClient`` syncing uses."""

    async def bulk_upsert_global_commands(self, application_id: int, payload: Any) -> Any: ...

    async def bulk_upsert_guild_commands(
        self, application_id: int, guild_id: int, payload: Any
    ) -> Any: ...


def _read_state(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_state(path: Path, state: Mapping[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A temporary file of this writer's own: shard processes started together on one
    # database write the state at the same time, and a shared name would let one
    # move the other's half-written file into place, or find it gone.
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=path.name, suffix=".tmp", delete=False
    ) as tmp:
        tmp.write(json.dumps(dict(state), sort_keys=True, indent=2))
    Path(tmp.name).replace(path)


async def sync_commands(
    http: CommandHTTP,
    application_id: int,
    guild_ids: Sequence[int],
    payloads: Sequence[Mapping[str, Any]],
    state_path: Path,
) -> list[str]:
    """Upload the commands to each scope whose stored hash differs; return the synced scopes.

    Scopes are the guilds in ``guild_ids``, else global. The state file maps
    ``"<application id>:<scope>"`` to the hash last uploaded there, and is
    written only after Discord accepted the upload.
    """
    digest = payload_hash(payloads)
    state = await asyncio.to_thread(_read_state, state_path)
    synced: list[str] = []
    for scope in [str(g) for g in guild_ids] or [GLOBAL]:
        key = f"{application_id}:{scope}"
        if state.get(key) == digest:
            log.info("Discord commands for %s unchanged; not syncing", scope)
            continue
        if scope == GLOBAL:
            await http.bulk_upsert_global_commands(application_id, list(payloads))
        else:
            await http.bulk_upsert_guild_commands(application_id, int(scope), list(payloads))
        state[key] = digest
        synced.append(scope)
        log.info("synced %d Discord commands to %s", len(payloads), scope)
    if synced:
        await asyncio.to_thread(_write_state, state_path, state)
    return synced
