"""``Bot``: the single entry point adapters call. It resolves the command, checks
the actor's role in one place (failing closed), runs the handler, and turns
every failure into a reply: user errors say what was wrong, bugs carry a
reference id while the traceback goes to the log."""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.command_set import build_commands
from bot.commands import Command, CommandTable
from bot.context import BotSettings, Context
from bot.errors import UserError
from bot.messages import Incoming, Reply, ReplyKind, Role
from bot.paging import Continuations, split_page
from bot.ports import EventStore

if TYPE_CHECKING:
    from bot.reminders.store import ReminderStore

log = logging.getLogger(__name__)

MAX_INPUT = 4000
# Replies whose "more" replaces what an asker's last "more" would have shown.
LISTS = frozenset({ReplyKind.ANSWER, ReplyKind.LIST, ReplyKind.EMPTY})


class Bot:
    def __init__(
        self,
        store: EventStore,
        settings: BotSettings | None = None,
        reminders: ReminderStore | None = None,
    ) -> None:
        self.store = store
        self.settings = settings or BotSettings()
        self.reminders = reminders
        self.commands: CommandTable = build_commands()
        self.continuations = Continuations()
        # Set when a subscription changes, so a scheduler in this process wakes at once.
        self.reminders_changed = asyncio.Event()

    async def handle(self, incoming: Incoming) -> Reply:
        """Answer one message. Never raises, except to propagate cancellation."""
        try:
            return await self._handle(incoming)
        except asyncio.CancelledError:
            raise
        except UserError as err:
            return Reply(ReplyKind.ERROR, "That did not work", str(err))
        except Exception:
            reference = secrets.token_hex(4)
            log.exception("handling a message failed (reference %s)", reference)
            return Reply(
                ReplyKind.ERROR,
                "Something went wrong",
                "Dateline hit an internal error. Please tell an operator the reference "
                f"{reference}.",
                reference=reference,
            )

    async def _handle(self, incoming: Incoming) -> Reply:
        tz = incoming.tz or self.settings.default_tz
        try:
            zone = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            return Reply(
                ReplyKind.ERROR,
                "Unknown timezone",
                f"“{tz[:60]}” is not a timezone name such as Europe/London.",
            )
        command, args = self.commands.resolve(incoming.text[:MAX_INPUT])
        asker = incoming.actor.ref
        if command.name == "more":
            remembered = self.continuations.get(asker, incoming.channel)
            if remembered is not None:
                command, args = self.commands.resolve(remembered)
        args, page = split_page(args)
        if not self.may_run(incoming.actor.role, command):
            return Reply(
                ReplyKind.ERROR,
                "Not allowed",
                f"Only moderators can use “{command.name}”. Say “help” for what you can run.",
            )
        ctx = Context(
            self.store,
            incoming.actor,
            incoming.channel,
            incoming.received_at.astimezone(zone),
            tz,
            self.settings,
            self.reminders,
            self.reminders_changed.set,
            command=f"{command.name} {args}".strip(),
            page_number=page,
        )
        reply = await command.run(ctx, command.parse(args, ctx))
        if reply.kind in LISTS:
            self.continuations.remember(asker, incoming.channel, reply.next)
        return reply

    @staticmethod
    def may_run(role: Role, command: Command) -> bool:
        """The one permission gate. An unknown role value is treated as a member's."""
        effective = role if isinstance(role, Role) else Role.MEMBER
        return effective >= command.role

    async def complete(self, source: str, prefix: str, limit: int = 25) -> list[str]:
        """Autocomplete values for a parameter's completion source (e.g. "topics")."""
        if source != "topics":
            return []
        try:
            return await self.store.topics(prefix.strip().lower()[:100], limit)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("autocomplete failed")
            return []
