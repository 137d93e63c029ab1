"""How help shows a command on Slack: as typed after the app's one slash command.

Dateline's Slack app has a single slash command, ``SLASH_COMMAND`` (``/dateline``, the
name the app manifest in the README registers and ``app`` listens to); every command
of the core's table is its first word, so help shows ``/dateline ask QUESTION``. The
forms are plain text built from the command table, and the renderer escapes them like
any other text.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.commands import Command

SLASH_COMMAND = "/dateline"


def slack_form(command: Command, slash: str = SLASH_COMMAND) -> str:
    """The command as typed in Slack: "/dateline timeline TOPIC"."""
    return f"{slash} {' '.join(command.usage.split())}"


def slack_forms(commands: Iterable[Command], slash: str = SLASH_COMMAND) -> dict[str, str]:
    """Core command name -> its Slack form."""
    return {command.name: slack_form(command, slash) for command in commands}
