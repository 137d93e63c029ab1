"""Reply -> Discord message payloads, within Discord's limits. Pure functions.

Each outgoing message carries one embed (a message's embeds share one 6,000
character budget, so one embed per message loses nothing). A long reply
continues in further messages, marked "Part i of n"; nothing is dropped. Only a
single item that cannot be split (a heading, a title) is shortened, and then it
says "…(truncated)". Event text is escaped by ``markup`` so it cannot forge
links, formatting or mention-like pills; nobody is pinged either way, as the sender
sets allowed_mentions to none. A title or heading Discord would trim to nothing
gets a visible placeholder, and the footer counts toward every embed's budget.

Moments, people and commands named by typed pieces are shown by ``inline`` with the
client's ``Lookups``. Discord renders a timestamp or command mention only in an
embed's description and field values, so a heading holding one becomes the bold
first line of its field's value (under an invisible field name), and no split ever
cuts through one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from adapters.discord_.buttons import MAX_BUTTONS
from adapters.discord_.inline import (
    LONGEST_NATIVE,
    NATIVE,
    NOTHING_LOOKED_UP,
    Lookups,
    has_native,
    inline_markup,
)
from adapters.discord_.markup import escape, inert, masked_link
from bot.messages import Action, Citation, FileOut, Reply, ReplyKind, Section

MAX_CONTENT = 2000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_EMBED_TOTAL = 6000
MAX_EMBEDS = 10
TRUNCATED = "…(truncated)"
BLANK = "\u200b"
PART_RESERVE = 40  # room for " · Part 99 of 99" in the footer
UNTITLED = "Dateline"  # shown for a reply title Discord would trim to nothing
NO_HEADING = "(untitled)"  # likewise for a section heading

COLOURS = {
    ReplyKind.ERROR: 0xD9534F,
    ReplyKind.HELP: 0x5865F2,
    ReplyKind.EMPTY: 0x99AAB5,
    ReplyKind.DONE: 0x57F287,
    ReplyKind.ALERT: 0xFEE75C,
}
DEFAULT_COLOUR = 0x2B6CB0


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One Discord message: embed dicts (Discord's JSON shape) and optional content."""

    embeds: tuple[dict[str, Any], ...]
    ephemeral: bool = False
    content: str = ""
    actions: tuple[Action, ...] = ()  # shown as buttons under the message
    files: tuple[FileOut, ...] = ()  # attached to the message (an export)


def shorten(text: str, limit: int) -> str:
    """``text`` if it fits, else cut with a visible "…(truncated)" marker."""
    if len(text) <= limit:
        return text
    return text[: _keep_escapes(text, limit - len(TRUNCATED))] + TRUNCATED


def _keep_escapes(text: str, at: int) -> int:
    """``at``, or one less if cutting there would split a backslash from what it escapes."""
    run = 0
    while run < at and text[at - 1 - run] == "\\":
        run += 1
    return at - run % 2  # an odd run ends in an escape whose character is cut off


def _cut_point(text: str, limit: int) -> int:
    for sep in ("\n", " "):
        at = text.rfind(sep, 0, limit + 1)
        if at > limit // 2:
            return at  # native forms hold no spaces: never inside one
    at = max(1, _keep_escapes(text, limit))
    for native in NATIVE.finditer(text, max(0, at - LONGEST_NATIVE), at + LONGEST_NATIVE):
        if native.start() < at < native.end() and native.start() > 0:
            return native.start()
    return at


def split_text(text: str, limit: int) -> list[str]:
    """Split into chunks of at most ``limit`` characters, at line or word breaks if possible."""
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        at = _cut_point(rest, limit)
        chunks.append(rest[:at].rstrip())
        # Any whitespace, not just "\n ": a piece of only tabs would be a blank,
        # rejected field value.
        rest = rest[at:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def citation_line(citation: Citation) -> str:
    text = masked_link(f"{citation.publisher}: {citation.title}".strip(": "), citation.url)
    if citation.published:
        text += f" ({escape(citation.published)})"
    return "• " + text


def action_line(action: Action) -> str:
    command = action.command.replace("`", "'")
    return f"{escape(action.label)}: `/{command}`"


def section_fields(
    section: Section, lookups: Lookups = NOTHING_LOOKED_UP
) -> list[dict[str, Any]]:
    heading = section.heading_parts()
    body = [inline_markup(line, lookups) for line in section.line_parts()]
    body += [citation_line(c) for c in section.citations]
    if has_native(heading, lookups):
        # A field name would show "<t:…>" as typed: the heading leads the value instead.
        name, more = BLANK, "(continued)"
        body.insert(0, f"**{' '.join(inline_markup(heading, lookups).split())}**")
    else:
        shown = inline_markup(heading, lookups)
        name = shorten(shown, MAX_FIELD_NAME) if section.heading.strip() else NO_HEADING
        more = shorten(f"{name} (continued)", MAX_FIELD_NAME)
    chunks = split_text("\n".join(body), MAX_FIELD_VALUE) or [BLANK]
    return [
        {"name": name if i == 0 else more, "value": chunk, "inline": False}
        for i, chunk in enumerate(chunks)
    ]


def _footer(reply: Reply, marker: str) -> str:
    # Discord shows footers as plain text: a markdown escape would be visible there.
    parts = [inert(reply.footer.strip())] if reply.footer.strip() else []
    if reply.reference:
        parts.append(inert(f"Reference {reply.reference}"))
    text = shorten(" · ".join(parts), MAX_FOOTER - PART_RESERVE - len(marker) - 3)
    return " · ".join(p for p in (text, marker) if p)


@dataclass
class _Packer:
    """Fills embeds greedily, starting a new message when a limit would be crossed."""

    title: str
    colour: int
    budget: int
    embeds: list[dict[str, Any]] = field(default_factory=list)

    def _new(self) -> dict[str, Any]:
        title = self.title if not self.embeds else shorten(f"{self.title} (continued)", MAX_TITLE)
        embed: dict[str, Any] = {"title": title, "color": self.colour, "fields": []}
        self.embeds.append(embed)
        return embed

    def _current(self) -> dict[str, Any]:
        return self.embeds[-1] if self.embeds else self._new()

    @staticmethod
    def size(embed: dict[str, Any]) -> int:
        fields = sum(len(f["name"]) + len(f["value"]) for f in embed["fields"])
        return len(embed["title"]) + len(embed.get("description", "")) + fields

    def add_description(self, chunk: str) -> None:
        embed = self._current()
        if "description" in embed or embed["fields"]:
            embed = self._new()
        embed["description"] = chunk

    def add_field(self, item: dict[str, Any]) -> None:
        embed = self._current()
        cost = len(item["name"]) + len(item["value"])
        if len(embed["fields"]) >= MAX_FIELDS or self.size(embed) + cost > self.budget:
            embed = self._new()
        embed["fields"].append(item)


def render_reply(
    reply: Reply,
    marker: str = "",
    *,
    buttons: bool = False,
    lookups: Lookups = NOTHING_LOOKED_UP,
) -> list[OutgoingMessage]:
    """The messages that carry ``reply``, first to last. Never empty, never over a limit.

    ``marker`` (plain text, such as a scheduled post's reference) ends every footer.
    With ``buttons`` the actions go under the last message as buttons instead of
    being listed in the embed (beyond Discord's 25 buttons they are listed).
    ``lookups`` are the display names and slash command forms the client found.
    """
    footer = _footer(reply, marker)
    title = shorten(escape(reply.title), MAX_TITLE) if reply.title.strip() else UNTITLED
    # The footer and "Part i of n" are added to every embed last, so the budget
    # for the rest is what they leave of the 6,000 characters.
    budget = MAX_EMBED_TOTAL - len(footer) - PART_RESERVE
    packer = _Packer(title, COLOURS.get(reply.kind, DEFAULT_COLOUR), budget)
    for chunk in split_text(escape(reply.text), min(MAX_DESCRIPTION, budget - MAX_TITLE)):
        packer.add_description(chunk)
    for section in reply.sections:
        for item in section_fields(section, lookups):
            packer.add_field(item)
    pressable = tuple(_pressable(a) for a in reply.actions[:MAX_BUTTONS]) if buttons else ()
    listed = reply.actions[len(pressable):]
    if listed:
        lines = "\n".join(action_line(a) for a in listed)
        for chunk in split_text(lines, MAX_FIELD_VALUE):
            packer.add_field({"name": "Next", "value": chunk, "inline": False})
    embeds = packer.embeds or [packer._current()]
    last = len(embeds) - 1
    return [
        OutgoingMessage(
            (_finish(embed, footer, i, len(embeds)),),
            reply.ephemeral,
            actions=pressable if i == last else (),
            files=reply.files if i == 0 else (),  # with the lead, which names them
        )
        for i, embed in enumerate(embeds)
    ]


def _pressable(action: Action) -> Action:
    """``action`` with a label a button can show: a blank one is rejected by Discord."""
    if action.label.strip():
        return action
    return Action(action.command.strip() or "Run", action.command, action.style)


def _finish(embed: dict[str, Any], footer: str, index: int, total: int) -> dict[str, Any]:
    text = footer
    if total > 1:
        text = " · ".join(p for p in (footer, f"Part {index + 1} of {total}") if p)
    if text:
        embed["footer"] = {"text": text}
    if not embed["fields"]:
        del embed["fields"]
    return embed


def embed_length(embed: dict[str, Any]) -> int:
    """Characters Discord counts toward the 6,000 limit of an embed."""
    fields = sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", ()))
    footer = len(embed.get("footer", {}).get("text", ""))
    return len(embed.get("title", "")) + len(embed.get("description", "")) + fields + footer
