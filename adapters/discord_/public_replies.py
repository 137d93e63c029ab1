"""What to post publicly when a reply should be private but Discord cannot keep it so.

Errors, help and private reports are shown only to the asker where Discord
allows it: in answer to a slash command or a button. An @mention is answered
with a channel message, which everyone sees, and so is a "thinking" message
that was deferred publicly. There this module decides what is posted instead,
so a channel never gets the whole help (several messages) or someone's private
report, and an error stays one short message:

- help: one line naming the main commands (or the one command asked about), and
  a pointer to ``/help``, whose answer only the asker sees;
- an error: its title, what was wrong on one line, and a pointer to ``/help``;
- a private report: a pointer to its slash command, which answers privately.

Pure functions from ``Reply`` to ``Reply``; the client renders and sends them.
"""

from __future__ import annotations

from bot.commands import Command, CommandTable
from bot.messages import Reply, ReplyKind, Role

MAIN_COMMANDS = 5
MAX_LINE = 300
HELP_POINTER = "Use /help for every command with examples: only you will see it."
ERROR_POINTER = "Use /help to see what you can ask: only you will see it."
FULL_HELP_BELOW = "The full help follows, and only you can see it."


def must_stay_private(reply: Reply) -> bool:
    """Whether ``reply`` must never be posted as it is where everyone sees it.

    Errors may be: they are about the asker's own input (or carry a reference id
    for an operator), so they hold nothing private; help is kept out because it
    is long, and reports because they are for the asker only.
    """
    return reply.private or reply.kind is ReplyKind.HELP


def one_line(text: str, limit: int = MAX_LINE) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def main_commands(commands: CommandTable) -> list[str]:
    """The first commands of the table that anyone may run publicly with arguments
    (the table lists the everyday ones first; "more" takes no argument)."""
    names = [c.name for c in commands if c.role is Role.MEMBER and not c.private and c.params]
    return names[:MAIN_COMMANDS]


def short_help(reply: Reply, commands: CommandTable, pointer: str = HELP_POINTER) -> Reply:
    """Help in two lines: the command asked about, or the main commands; then ``pointer``."""
    if len(reply.sections) == 1 and not reply.text:
        first = one_line(reply.sections[0].heading)
    else:
        names = ", ".join(f"/{name}" for name in main_commands(commands))
        first = f"Ask about dates in plain words, or use {names}."
    return Reply(ReplyKind.HELP, reply.title or "Dateline help", f"{first}\n{pointer}")


def short_error(reply: Reply) -> Reply:
    """The error's title, what was wrong on one line (with its first two examples,
    if it lists some), and a pointer to ``/help``."""
    examples = [section.heading for section in reply.sections[:2] if section.heading]
    line = one_line(" ".join([reply.text, " · ".join(examples)]))
    text = f"{line}\n{ERROR_POINTER}" if line else ERROR_POINTER
    return Reply(ReplyKind.ERROR, reply.title, text, reference=reply.reference)


def private_pointer(command: Command) -> Reply:
    return Reply(
        ReplyKind.EMPTY,
        "Only for you",
        f"“{command.name}” answers only the asker. Use /{command.name}: only you will see it.",
    )


def for_channel(reply: Reply, commands: CommandTable, asked: Command) -> Reply:
    """What to post in answer to an @mention, where every message is public."""
    if reply.private:
        return private_pointer(asked)
    if reply.kind is ReplyKind.HELP:
        return short_help(reply, commands)
    if reply.kind is ReplyKind.ERROR:
        return short_error(reply)
    return reply


def stand_in(reply: Reply, commands: CommandTable) -> Reply:
    """What a public "thinking" message becomes when ``reply`` must stay private;
    the reply itself then follows privately."""
    if reply.kind is ReplyKind.HELP and not reply.private:
        return short_help(reply, commands, FULL_HELP_BELOW)
    return Reply(ReplyKind.EMPTY, "Answered privately", "Only you can see this answer, below.")
