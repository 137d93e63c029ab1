"""Platform-neutral messages: who is asking, what they asked, and the reply.

Adapters turn platform payloads into ``Incoming`` and render ``Reply``; the
core never sees a raw platform payload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum

from bot.model import Event


class Role(IntEnum):
    """What a user may do. Ordered, so ``role >= Role.MODERATOR`` reads naturally."""

    MEMBER = 0
    MODERATOR = 1
    OWNER = 2


@dataclass(frozen=True, slots=True)
class Actor:
    """A user on a platform, identified by an immutable id. Missing data means member."""

    platform: str
    user_id: str
    display_name: str = ""
    role: Role = Role.MEMBER

    @property
    def ref(self) -> str:
        """A stable identity string for change history: ``platform:user_id``."""
        return f"{self.platform}:{self.user_id}"


@dataclass(frozen=True, slots=True)
class Incoming:
    """A question or command as the core sees it.

    ``received_at`` must be timezone-aware. ``space`` is the server the message came
    from (a Discord guild id, a Slack team id; empty where there is none), whose
    moderators may set its time zone. ``tz`` is an IANA zone for the asker: their own
    when ``own_tz`` (Slack's profile zone, the console's ``--tz``), and then it is used
    as is; otherwise a zone the adapter chose for the place, used only when the space
    has none set. With ``tz`` ``None`` the space's zone applies, else the bot's default.
    """

    text: str
    actor: Actor
    channel: str
    received_at: datetime
    tz: str | None = None
    space: str = ""
    own_tz: bool = True
    # Typed values of a platform's form fields (Discord's slash-command options) by
    # parameter name. ``text`` says the same in words, for platforms without forms.
    options: tuple[tuple[str, str | int], ...] = ()
    files: tuple[FileIn, ...] = ()  # files attached to the message (an import)

    def __post_init__(self) -> None:
        if self.received_at.tzinfo is None or self.received_at.utcoffset() is None:
            raise ValueError("Incoming.received_at must be timezone-aware")


@dataclass(frozen=True, slots=True)
class FileIn:
    """A file that came with a message, already read by the adapter (within its limit)."""

    name: str
    content: bytes


@dataclass(frozen=True, slots=True)
class FileOut:
    """A file a reply carries (an export): platforms attach it, the console saves it."""

    name: str
    content: bytes
    media_type: str = "application/octet-stream"


class ReplyKind(StrEnum):
    ANSWER = "answer"
    LIST = "list"
    EMPTY = "empty"
    ERROR = "error"
    HELP = "help"
    DIGEST = "digest"
    ALERT = "alert"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Citation:
    """A source as shown in an answer. ``published`` is already worded ("10 January 2020")."""

    publisher: str
    title: str
    url: str | None = None
    published: str = ""


@dataclass(frozen=True, slots=True)
class Moment:
    """An instant that each reader should see in their own time zone (Discord and Slack
    can show it so). ``text`` is how it reads in the asker's zone, for everywhere else."""

    at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Person:
    """Someone known by their identity string (``platform:user_id``, see ``Actor.ref``).
    An adapter of that platform shows their display name instead."""

    ref: str


@dataclass(frozen=True, slots=True)
class CommandRef:
    """A command as help names it. ``usage`` is how it is typed in words ("timeline
    TOPIC"); a platform shows its own form instead (a slash command and its options)."""

    name: str
    usage: str


Inline = str | Moment | Person | CommandRef


def plain(parts: tuple[Inline, ...]) -> str:
    """Typed pieces of text as plain text: moments in the asker's zone, people by ref,
    commands by their usage."""
    return "".join(_plain_piece(part) for part in parts)


def _plain_piece(part: Inline) -> str:
    match part:
        case str():
            return part
        case Moment():
            return part.text
        case Person():
            return part.ref
        case CommandRef():
            return part.usage


@dataclass(frozen=True, slots=True)
class Section:
    """One block of an answer, usually one event: a heading, plain lines and citations.

    All strings are plain text. Adapters escape and format them for their
    platform; the core never emits platform markup. Where a heading or line names a
    moment or a person, ``rich_heading`` and ``rich_lines`` (index for index with
    ``lines``) hold it as typed pieces, so a platform can show its own forms; the
    plain strings stay the whole text for every other reader. Build such a section
    with ``rich_section``.
    """

    heading: str
    lines: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    event_id: int | None = None
    rich_heading: tuple[Inline, ...] = ()
    rich_lines: tuple[tuple[Inline, ...], ...] = ()

    def heading_parts(self) -> tuple[Inline, ...]:
        return self.rich_heading or (self.heading,)

    def line_parts(self) -> list[tuple[Inline, ...]]:
        if len(self.rich_lines) == len(self.lines):
            return list(self.rich_lines)
        return [(line,) for line in self.lines]


def rich_section(
    heading: tuple[Inline, ...], lines: tuple[tuple[Inline, ...], ...] = ()
) -> Section:
    """A section whose heading and lines may name moments and people."""
    return Section(
        plain(heading), tuple(plain(line) for line in lines),
        rich_heading=heading, rich_lines=lines,
    )


@dataclass(frozen=True, slots=True)
class Action:
    """A button-like follow-up. ``command`` is the text the core runs when it is chosen."""

    label: str
    command: str
    style: str = "default"


@dataclass(frozen=True, slots=True)
class Reply:
    """A render-neutral answer.

    ``text`` is the lead paragraph; ``sections`` carry the detail; ``events``
    are the events the answer is about, for adapters and ``--json``. A list
    reply gives ``total`` (every event that answers) and ``next`` (the command
    for the next page, or ``None``).
    """

    kind: ReplyKind
    title: str
    text: str = ""
    sections: tuple[Section, ...] = ()
    events: tuple[Event, ...] = ()
    actions: tuple[Action, ...] = ()
    footer: str = ""
    reference: str | None = field(default=None)
    private: bool = False
    total: int | None = None  # how many events answer, when that is more than are shown
    next: str | None = None  # the command that shows the next page, if there is one
    files: tuple[FileOut, ...] = ()
    # For an error about one field of a form (a modal's "date"): a platform that can
    # shows ``text`` on that field.
    field: str | None = None

    @property
    def ephemeral(self) -> bool:
        """Errors, help and private replies (moderator reports) are shown only to the
        asker where the platform allows it."""
        return self.private or self.kind in (ReplyKind.ERROR, ReplyKind.HELP)
