"""Rendering a ``Reply`` for a terminal: plain text, or the ``--json`` document."""

from __future__ import annotations

import json
from typing import Any

from bot.messages import Citation, Reply, Section
from bot.model import Event


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


def render_text(reply: Reply) -> str:
    """The whole reply as plain text, nothing left out."""
    parts = [reply.title]
    if reply.text:
        parts.append(reply.text)
    parts += [section_text(section) for section in reply.sections]
    if reply.actions:
        parts.append("Try: " + "; ".join(action.command for action in reply.actions))
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
    return json.dumps(document, ensure_ascii=False, indent=2)
