"""The one table of commands. It drives dispatch, help (which shows only what the
caller may run), the platform adapters' slash commands, and the README docs test.

A command's ``parse`` turns its argument text into a ``Query``; its ``run``
answers that query. The required role is checked in one place, ``Bot.handle``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.context import Context
from bot.messages import Reply, Role
from bot.queries import Query
from bot.usage import MAX_INPUT

# The most digits a whole number option can take (Discord's integers are 53-bit).
INTEGER_DIGITS = 17


class ParamKind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    FILE = "file"  # an attached file: it reaches the core as ``Incoming.files``, not as text


@dataclass(frozen=True, slots=True)
class Param:
    """One argument as platforms with typed options (Discord) should present it.

    Arguments are joined with spaces, in table order, to form the text the
    command parses, so a platform with a single text box (Slack) needs nothing
    more. A ``flag`` is written before its value ("at 08:00"), for options that
    a person would type by name. ``complete`` names a completion source
    ("topics") for autocomplete.
    """

    name: str
    description: str
    required: bool = False
    kind: ParamKind = ParamKind.TEXT
    complete: str | None = None
    min_value: int | None = None
    max_value: int | None = None
    flag: str = ""
    max_length: int | None = None  # a text value's own limit; else a share of MAX_INPUT

    def compose(self, value: object) -> str:
        """How a filled-in value reads in the command's text."""
        return f"{self.flag} {value}" if self.flag else str(value)


Parser = Callable[[str, Context], Query]
Runner = Callable[[Context, Query], Awaitable[Reply]]


#: A last word that asks a private report to be posted to the channel instead.
SHARE_WORDS = frozenset({"share", "public"})


@dataclass(frozen=True, slots=True)
class Command:
    """One command. ``private`` says its reply is for the asker only (unless the command
    ends with a share word), so an adapter can keep even its "thinking" notice private."""

    name: str
    summary: str
    usage: str
    examples: tuple[str, ...]
    role: Role
    parse: Parser
    run: Runner
    params: tuple[Param, ...] = ()
    private: bool = False
    group: str = ""  # the heading help lists it under

    def text_limits(self) -> dict[str, int]:
        """The longest value each text parameter may have, so that the whole command
        composed from a form always fits in what the core reads (``MAX_INPUT``): a
        parameter's own ``max_length``, else an equal share of what is left."""
        texts = [p for p in self.params if p.kind is ParamKind.TEXT]
        fixed = {p.name: p.max_length for p in texts if p.max_length is not None}
        shared = [p.name for p in texts if p.max_length is None]
        used = len(self.name) + sum(1 + len(p.flag) + bool(p.flag) for p in self.params)
        used += sum(fixed.values()) + INTEGER_DIGITS * (len(self.params) - len(texts))
        share = (MAX_INPUT - used) // len(shared) if shared else 0
        return {**fixed, **dict.fromkeys(shared, share)}

    def answers_privately(self, args: str) -> bool:
        """Whether the reply to this command with ``args`` is for the asker only."""
        words = args.split()
        return self.private and not (words and words[-1].lower() in SHARE_WORDS)


class CommandTable:
    """An ordered, immutable set of commands looked up by name."""

    def __init__(self, commands: Sequence[Command], default: str) -> None:
        self._by_name = {command.name: command for command in commands}
        if len(self._by_name) != len(commands):
            raise ValueError("command names must be unique")
        self.default = self._by_name[default]

    def __iter__(self) -> Iterator[Command]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def get(self, name: str) -> Command | None:
        return self._by_name.get(name.lower())

    def allowed(self, role: Role) -> list[Command]:
        return [command for command in self if role >= command.role]

    def resolve(self, text: str) -> tuple[Command, str]:
        """The command a message names by its first word, else the default (a question)."""
        stripped = text.strip()
        head, _, rest = stripped.partition(" ")
        command = self.get(head.lstrip("/!").rstrip(":"))
        if command is None:
            return self.default, stripped
        return command, rest.strip()
