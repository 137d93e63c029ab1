"""The console adapter: one question (``dateline ask``) or an interactive or piped
session (``dateline chat``), answered by the same ``Bot`` as the chat platforms.

Replies are written to a terminal, and event text comes from whoever may add or cite
events on any platform, so everything printed is made terminal-safe here: control
characters and bidi overrides are shown as visible escapes, never sent raw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console_render import json_safe, render_json, render_text, terminal_safe
from bot.core import Bot
from bot.messages import Actor, Incoming, Reply, ReplyKind, Role

PROMPT = "dateline> "
GOODBYE = frozenset({"quit", "exit", "bye", ":q"})
@dataclass(frozen=True, slots=True)
class ConsoleSession:
    """Who is asking and when "today" is. ``today`` fixes the date for reproducible answers."""

    tz: str
    role: Role = Role.OWNER
    today: date | None = None
    as_json: bool = False
    own_tz: bool = False  # --tz names the asker's own zone; DATELINE_TZ is the newsroom's

    def received_at(self, clock: Callable[[], datetime]) -> datetime:
        zone = ZoneInfo(self.tz)
        if self.today is not None:
            return datetime.combine(self.today, time(12, 0), tzinfo=zone)
        return clock().astimezone(zone)

    def incoming(self, text: str, clock: Callable[[], datetime]) -> Incoming:
        # The console user runs the bot on their own machine, so by default they are
        # its owner; --role lets them see what members and moderators get.
        actor = Actor("console", "local", "console user", self.role)
        # Without --tz the zone is the newsroom's default, so one set with "timezone"
        # for the console space comes first, as on the chat platforms.
        return Incoming(text, actor, "console", self.received_at(clock),
                        self.tz if self.own_tz else None, own_tz=self.own_tz)

    def render(self, reply: Reply) -> str:
        if self.as_json:
            return json_safe(render_json(reply))
        return terminal_safe(render_text(reply))


def system_clock() -> datetime:
    return datetime.now(UTC)


def not_done(bot: Bot, question: str, reply: Reply, role: Role = Role.OWNER) -> bool:
    """Whether ``reply`` says that what was asked was not done: a command the asker's
    role may not run, a command that changes the store refused or failed (so nothing
    was saved), or an internal error. A question answered with "nothing known" or
    "that date does not exist" was done."""
    if reply.kind is not ReplyKind.ERROR:
        return False
    return (reply.reference is not None or bot.changes_store(question)
            or bot.refuses(role, question))


async def ask_once(bot: Bot, session: ConsoleSession, question: str, out: TextIO) -> bool:
    """Answer ``question``; returns whether it was done (see ``not_done``)."""
    reply = await bot.handle(session.incoming(question, system_clock))
    out.write(session.render(reply) + "\n")
    return not not_done(bot, question, reply, session.role)


async def chat(bot: Bot, session: ConsoleSession, stdin: TextIO, out: TextIO) -> int:
    """Answer line by line until end of input or "quit"; returns how many messages
    were not done (see ``not_done``). Prompts only on a terminal."""
    interactive = stdin.isatty()
    if interactive:
        out.write(
            "Dateline: ask about dates, e.g. “what happened on 7 January?”. "
            "Say help for more, quit to leave.\n"
        )
    failures = 0
    while True:
        if interactive:
            out.write(PROMPT)
            out.flush()
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        if question.lower() in GOODBYE:
            break
        if not await ask_once(bot, session, question, out):
            failures += 1
        out.flush()
    return failures
