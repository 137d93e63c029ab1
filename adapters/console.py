"""The console adapter: one question (``dateline ask``) or an interactive or piped
session (``dateline chat``), answered by the same ``Bot`` as the chat platforms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TextIO
from zoneinfo import ZoneInfo

from adapters.console_render import render_json, render_text
from bot.core import Bot
from bot.messages import Actor, Incoming, Reply, Role

PROMPT = "dateline> "
GOODBYE = frozenset({"quit", "exit", "bye", ":q"})


@dataclass(frozen=True, slots=True)
class ConsoleSession:
    """Who is asking and when "today" is. ``today`` fixes the date for reproducible answers."""

    tz: str
    role: Role = Role.OWNER
    today: date | None = None
    as_json: bool = False

    def received_at(self, clock: Callable[[], datetime]) -> datetime:
        zone = ZoneInfo(self.tz)
        if self.today is not None:
            return datetime.combine(self.today, time(12, 0), tzinfo=zone)
        return clock().astimezone(zone)

    def incoming(self, text: str, clock: Callable[[], datetime]) -> Incoming:
        # The console user runs the bot on their own machine, so by default they are
        # its owner; --role lets them see what members and moderators get.
        actor = Actor("console", "local", "console user", self.role)
        return Incoming(text, actor, "console", self.received_at(clock), self.tz)

    def render(self, reply: Reply) -> str:
        return render_json(reply) if self.as_json else render_text(reply)


def system_clock() -> datetime:
    return datetime.now(UTC)


async def ask_once(bot: Bot, session: ConsoleSession, question: str, out: TextIO) -> None:
    reply = await bot.handle(session.incoming(question, system_clock))
    out.write(session.render(reply) + "\n")


async def chat(bot: Bot, session: ConsoleSession, stdin: TextIO, out: TextIO) -> None:
    """Answer line by line until end of input or "quit". Prompts only on a terminal."""
    interactive = stdin.isatty()
    if interactive:
        out.write(
            "Dateline: ask about dates, e.g. “what happened on 7 January?”. "
            "Say help for more, quit to leave.\n"
        )
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
        await ask_once(bot, session, question, out)
        out.flush()
