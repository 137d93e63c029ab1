"""A reply's actions ("More", "ask 7 January 2020") as Discord buttons, and back.

A button's ``custom_id`` carries the command it runs when it fits Discord's 100
characters; a longer command is remembered in this process under a short digest
(a button pressed after a restart then says it has expired). The views are
stopped before they are sent, so discord.py does not hold them: presses arrive
in ``on_interaction``, which runs the command for whoever pressed.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence

import discord

from bot.messages import Action

PREFIX, DIGEST_PREFIX = "dl:", "dl#"
MAX_CUSTOM_ID = 100
MAX_LABEL = 80
MAX_BUTTONS = 25  # five rows of five
STYLES = {"primary": discord.ButtonStyle.primary, "danger": discord.ButtonStyle.danger}


class ButtonCommands:
    """Encodes commands into custom ids and decodes pressed ones."""

    def __init__(self, remember: int = 10_000) -> None:
        self._long: OrderedDict[str, str] = OrderedDict()
        self._limit = remember

    def custom_id(self, command: str) -> str:
        plain = PREFIX + command
        if len(plain) <= MAX_CUSTOM_ID:
            return plain
        digest = DIGEST_PREFIX + hashlib.sha256(command.encode()).hexdigest()[:32]
        self._long[digest] = command
        self._long.move_to_end(digest)
        while len(self._long) > self._limit:
            self._long.popitem(last=False)
        return digest

    def command(self, custom_id: str) -> str | None:
        """The command a pressed button runs; None if it is not Dateline's or expired."""
        if custom_id.startswith(PREFIX):
            return custom_id[len(PREFIX) :]
        if custom_id.startswith(DIGEST_PREFIX):
            return self._long.get(custom_id)
        return None

    def view(self, actions: Sequence[Action]) -> discord.ui.View | None:
        if not actions:
            return None
        view = discord.ui.View(timeout=None)
        for action in actions[:MAX_BUTTONS]:
            label = action.label if len(action.label) <= MAX_LABEL else action.label[:79] + "…"
            view.add_item(
                discord.ui.Button(
                    label=label,
                    custom_id=self.custom_id(action.command),
                    style=STYLES.get(action.style, discord.ButtonStyle.secondary),
                )
            )
        view.stop()
        return view
