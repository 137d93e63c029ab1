"""Help built from the command table, and the reply for text that is not understood."""

from __future__ import annotations

from bot.commands import Command, CommandTable
from bot.messages import Action, CommandRef, Reply, ReplyKind, Role, Section, rich_section

EXAMPLES = (
    "what happened on 7 January?",
    "what happened between 3 and 8 January 2020?",
    "when was Soleimani killed?",
    "timeline Iran",
    "what anniversaries are coming up?",
)


def help_reply(table: CommandTable, role: Role, name: str | None = None) -> Reply:
    """Help for every command the role may run, or for one named command."""
    if name:
        command = table.get(name)
        if command is None or role < command.role:
            return Reply(
                ReplyKind.ERROR,
                "Unknown command",
                f"There is no command “{name}” you can run. Say “help” for the list.",
            )
        section = rich_section(
            (CommandRef(command.name, command.usage), f": {command.summary}"),
            tuple((f"Example: {example}",) for example in command.examples),
        )
        # The examples can be tried at once: buttons where the platform has them.
        return Reply(ReplyKind.HELP, "Dateline help", "", (section,),
                     actions=_try(command.examples))
    return Reply(
        ReplyKind.HELP,
        "Dateline help",
        "Ask about dates in plain words, or use a command; “help COMMAND” gives its "
        "examples. Every answer cites its sources.",
        _grouped(table.allowed(role)),
        actions=_try(EXAMPLES),
    )


def _grouped(commands: list[Command]) -> tuple[Section, ...]:
    """One section per group, a line per command: a short list a platform shows whole."""
    groups: dict[str, list[Command]] = {}
    for command in commands:
        groups.setdefault(command.group, []).append(command)
    return tuple(
        rich_section(
            (group or "Commands",),
            tuple((CommandRef(c.name, c.usage), f": {c.summary}") for c in members),
        )
        for group, members in groups.items()
    )


def _try(examples: tuple[str, ...]) -> tuple[Action, ...]:
    return tuple(Action(example[:1].upper() + example[1:], example) for example in examples)


def not_understood(text: str) -> Reply:
    shown = text if len(text) <= 80 else text[:77] + "..."
    return Reply(
        ReplyKind.ERROR,
        "I did not understand that",
        f"I could not find a date or a question in “{shown}”. Try one of these:",
        tuple(Section(example) for example in EXAMPLES),
        actions=_try(EXAMPLES),
    )
