"""Typed pieces of text (``bot.messages.Inline``) as Discord markdown. Pure functions.

Plain pieces are escaped by ``markup.escape`` first; only then are the native forms
added, and only for typed pieces: a ``Moment`` becomes ``<t:UNIX:f>`` (each reader
sees their own local time), a ``CommandRef`` the command's clickable mention
``</name:id>`` when its id is known (its options, and else its typed form, in a code
span), and a ``Person`` their display name as escaped plain text, never a ``<@id>``
pill (it would look like a ping, and invite impersonation). Escaped text holds
no ``<`` that is not followed by an invisible character (see ``markup``), so joining
escaped pieces cannot make a native form out of event text, and ``NATIVE`` matches
Dateline's own forms only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType

from adapters.discord_.command_forms import SlashForm
from adapters.discord_.markup import escape, inert, quiet_mass_mentions
from adapters.people_refs import person_text
from bot.messages import CommandRef, Inline, Moment, Person

PLATFORM, LABEL = "discord", "Discord"
# The native forms this module makes, and nothing else (escaped text cannot match).
NATIVE = re.compile(r"<t:-?\d+:f>|</[-_a-z0-9]{1,32}:\d{1,20}>")
LONGEST_NATIVE = 60


@dataclass(frozen=True, slots=True)
class Lookups:
    """What the client found out before rendering: display names by person ref, and
    slash command forms by core command name. Empty: neutral forms, typed names."""

    names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    forms: Mapping[str, SlashForm] = field(default_factory=lambda: MappingProxyType({}))


NOTHING_LOOKED_UP = Lookups()


def unix_seconds(at: datetime) -> int:
    """Seconds since the epoch; a naive time is taken as UTC, as the store writes it."""
    return int((at if at.tzinfo is not None else at.replace(tzinfo=UTC)).timestamp())


def moment_markup(moment: Moment) -> str:
    """``<t:UNIX:f>``: the date and time in each reader's own zone."""
    return f"<t:{unix_seconds(moment.at)}:f>"


def _code(text: str) -> str:
    """``text`` as a code span: shown as typed, so nothing in it needs a markdown
    escape (which would show there); ``inert`` only adds invisible characters."""
    return f"`{inert(' '.join(text.replace('`', chr(39)).split()))}`"


def command_markup(ref: CommandRef, forms: Mapping[str, SlashForm]) -> str:
    """The command's mention and then its options ("</ask:1> `question:`"), else its
    typed slash form (`/ask question:`), else, unknown to Discord, its usage."""
    form = forms.get(ref.name)
    if form is None:
        return escape(ref.usage)
    mention = form.mention
    if mention is None:
        return _code(form.typed)
    return f"{mention} {_code(' '.join(form.options))}" if form.options else mention


def piece_markup(part: Inline, lookups: Lookups) -> str:
    match part:
        case str():
            return escape(part)
        case Moment():
            return moment_markup(part)
        case Person():
            return escape(person_text(part.ref, lookups.names, PLATFORM, LABEL))
        case CommandRef():
            return command_markup(part, lookups.forms)


def inline_markup(parts: tuple[Inline, ...], lookups: Lookups = NOTHING_LOOKED_UP) -> str:
    """The pieces as one markdown string."""
    # "@" ending one piece and "everyone" starting the next make a mass mention only
    # once joined, so that check runs again over the whole (no native form has an "@").
    return quiet_mass_mentions("".join(piece_markup(part, lookups) for part in parts))


def has_native(parts: tuple[Inline, ...], lookups: Lookups = NOTHING_LOOKED_UP) -> bool:
    """Whether the pieces show as a native form, which Discord renders only in an
    embed's description and field values (not in titles, field names or footers)."""
    for part in parts:
        if isinstance(part, Moment):
            return True
        if isinstance(part, CommandRef):
            form = lookups.forms.get(part.name)
            if form is not None and form.mention is not None:
                return True
    return False
