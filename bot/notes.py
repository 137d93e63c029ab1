"""What a reply says about the parts of a question it did not use.

A question such as "what happened in Iran in 2020" is answered for 2020; the reply says
plainly that "iran" was left out, so nobody mistakes a wider answer for a filtered one.
"""

from __future__ import annotations

from dataclasses import replace

from bot.messages import Reply, ReplyKind

MAX_SHOWN = 6


def ignored_note(ignored: tuple[str, ...]) -> str:
    """What was left out, and how to ask for it instead."""
    if not ignored:
        return ""
    shown = ", ".join(f"“{word}”" for word in ignored[:MAX_SHOWN])
    more = f" and {len(ignored) - MAX_SHOWN} more" if len(ignored) > MAX_SHOWN else ""
    words = [w for w in ignored if not _is_date(w)]
    if not words:
        return f"I left out {shown}{more}: ask about one date or one range at a time."
    return (
        f"I answered for the date only and left out {shown}{more}. "
        f"For events about a topic, ask “timeline {' '.join(words[:3])}”."
    )


def _is_date(phrase: str) -> bool:
    """A left-out date ("8 January 2020", "3") rather than a topic word."""
    return any(c.isdigit() for c in phrase) or " " in phrase


def with_ignored(reply: Reply, ignored: tuple[str, ...]) -> Reply:
    """``reply`` with the left-out words named before its lead."""
    note = ignored_note(ignored)
    if not note or reply.kind is ReplyKind.ERROR:
        return reply
    return replace(reply, text=f"{note}\n{reply.text}" if reply.text else note)
