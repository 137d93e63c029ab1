"""Rendering a ``Reply`` for a terminal: plain text, or the ``--json`` document, and
making either safe to print: event text comes from whoever may add or cite events on any
platform, so control characters and bidi overrides are shown as visible escapes."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.messages import Citation, Reply, Section
from bot.model import Event

# Bidi embeddings, overrides and isolates: they reorder what follows on the line, so
# text can read differently from what it is ("Trojan Source").
_BIDI = "\u202a-\u202e\u2066-\u2069"
# C0 controls except tab and newline (escape sequences start with ESC; CR and BS
# overwrite), DEL, C1 controls (U+009B is CSI, U+009D is OSC on some terminals), bidi.
_UNSAFE_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
# ``json.dumps`` already escapes C0; DEL, C1 and bidi it writes raw (ensure_ascii=False).
_UNSAFE_JSON = re.compile(f"[\x7f-\x9f{_BIDI}]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control character (but tab and newline) and bidi override
    shown as a visible escape such as ``\\x1b``, so a terminal never acts on it."""
    return _UNSAFE_TEXT.sub(_escaped, text)


def json_safe(document: str) -> str:
    """A JSON document with DEL, C1 and bidi characters written as ``\\u`` escapes:
    the same JSON value, but nothing a terminal acts on. Such characters can only be
    inside strings, where ``\\u0080`` means exactly what the raw character meant."""
    return _UNSAFE_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def citation_text(citation: Citation) -> str:
    text = f"Source: {citation.publisher}, “{citation.title}”"
    if citation.published:
        text += f", published {citation.published}"
    if citation.url:
        text += f" <{citation.url}>"
    return text


def section_text(section: Section) -> str:
    lines = [f"• {section.heading}"]
    lines += [f"  {line}" for line in section.lines]
    lines += [f"  {citation_text(c)}" for c in section.citations]
    return "\n".join(lines)


def _shown(command: str, sections: tuple[Section, ...]) -> bool:
    return any(
        command in (section.heading, *(line.removeprefix("Example: ") for line in section.lines))
        for section in sections
    )


def render_text(reply: Reply) -> str:
    """The whole reply as plain text, nothing left out."""
    parts = [reply.title]
    if reply.text:
        parts.append(reply.text)
    parts += [section_text(section) for section in reply.sections]
    # Buttons on chat platforms; here only the suggestions the text does not already show.
    untold = [a.command for a in reply.actions if not _shown(a.command, reply.sections)]
    if untold:
        parts.append("Try: " + "; ".join(untold))
    # A terminal shows no attachment: it is named (``dateline export`` writes files).
    parts += [f"attached: {file.name} ({len(file.content):,} bytes)" for file in reply.files]
    if reply.footer:
        parts.append(reply.footer)
    return "\n\n".join(parts)


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "date": event.date.iso(),
        "precision": event.date.precision.value,
        "end": event.date.end_iso(),
        "title": event.title,
        "summary": event.summary,
        "place": event.place,
        "tags": list(event.tags),
        "sources": [
            {
                "publisher": source.publisher,
                "title": source.title,
                "url": source.url,
                "published": source.published.isoformat() if source.published else None,
            }
            for source in event.sources
        ],
    }


def render_json(reply: Reply) -> str:
    document = {
        "kind": reply.kind.value,
        "title": reply.title,
        "text": render_text(reply),
        "events": [event_json(event) for event in reply.events],
        "total": reply.total if reply.total is not None else len(reply.events),
        "next": reply.next,
    }
    if reply.files:  # only then, so the document of every other reply stays as it was
        document["files"] = [
            {"name": file.name, "size": len(file.content), "media_type": file.media_type}
            for file in reply.files
        ]
    return json.dumps(document, ensure_ascii=False, indent=2)
