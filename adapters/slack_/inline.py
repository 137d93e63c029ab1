"""Typed pieces of text (``bot.messages.Inline``) as Slack mrkdwn. Pure functions.

Plain pieces are escaped by ``markup.escape_mrkdwn`` first (no ``<`` or ``>`` is left
in them but inside Dateline's own tokens); only then are the native forms added, and
only for typed pieces: a ``Moment`` becomes a date token,
``<!date^UNIX^{date_short_pretty} {time}|FALLBACK>``, which Slack shows in each
reader's own zone, with ``Moment.text`` as the fallback where it cannot (stripped of
what could end the token); a ``Person`` their display name as escaped plain text,
never a ``<@U…>`` mention; a ``CommandRef`` its Slack form (``command_forms``), escaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType

from adapters.people_refs import person_text
from adapters.slack_.markup import escape_mrkdwn
from bot.messages import CommandRef, Inline, Moment, Person

PLATFORM, LABEL = "slack", "Slack"
MOMENT_FORMAT = "{date_short_pretty} {time}"
MAX_FALLBACK = 60  # keeps a date token short enough never to be split (see render)
# Inside a token entities are not decoded, and "|" or ">" would end it early.
_TOKEN_ENDERS = re.compile(r"[<>|&\s]+")


@dataclass(frozen=True, slots=True)
class Lookups:
    """What the app found out before rendering: display names by person ref, and the
    Slack forms of commands by core command name. Empty: neutral forms, usages."""

    names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    forms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


NOTHING_LOOKED_UP = Lookups()


def unix_seconds(at: datetime) -> int:
    """Seconds since the epoch; a naive time is taken as UTC, as the store writes it."""
    return int((at if at.tzinfo is not None else at.replace(tzinfo=UTC)).timestamp())


def token_fallback(text: str, at: datetime) -> str:
    """``text`` as it can stand after the ``|`` of a token, never blank."""
    shown = _TOKEN_ENDERS.sub(" ", text).strip()[:MAX_FALLBACK].strip()
    return shown or at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def moment_mrkdwn(moment: Moment) -> str:
    """A date token showing the instant in each reader's own zone."""
    fallback = token_fallback(moment.text, moment.at)
    seconds = unix_seconds(moment.at)
    if seconds < 0:
        return escape_mrkdwn(moment.text)  # Slack formats no date before 1970
    return f"<!date^{seconds}^{MOMENT_FORMAT}|{fallback}>"


def piece_mrkdwn(part: Inline, lookups: Lookups) -> str:
    match part:
        case str():
            return escape_mrkdwn(part)
        case Moment():
            return moment_mrkdwn(part)
        case Person():
            return escape_mrkdwn(person_text(part.ref, lookups.names, PLATFORM, LABEL))
        case CommandRef():
            return escape_mrkdwn(lookups.forms.get(part.name, part.usage))


def inline_mrkdwn(parts: tuple[Inline, ...], lookups: Lookups = NOTHING_LOOKED_UP) -> str:
    """The pieces as one mrkdwn string."""
    return "".join(piece_mrkdwn(part, lookups) for part in parts)
