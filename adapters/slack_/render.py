"""Rendering a core ``Reply`` as Slack Block Kit: pure functions, no I/O.

Slack's limits are respected by splitting, never by rejecting or silently
cutting: 50 blocks and about 12,000 characters of text per message, 3,000
characters per section, 150 per header. A long answer becomes several
messages, and every message has at least one block. All event and user text
goes through ``markup``: it can neither mention (``<!channel>``, ``<@U123>``),
link, nor format; every mrkdwn text object is sent with ``verbatim: true`` so
Slack does not link bare URLs or channel names either. Links are only made from
http(s) URLs. Moments, people and commands named by typed pieces are shown by
``inline`` with the app's ``Lookups``: date tokens, display names, Slack forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from adapters.slack_.command_forms import SLASH_COMMAND
from adapters.slack_.inline import NOTHING_LOOKED_UP, Lookups, inline_mrkdwn
from adapters.slack_.markup import LONGEST_TOKEN, TOKEN, escape, escape_mrkdwn, link
from bot.messages import Action, Citation, Inline, Reply, Section

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_TEXT = 2000
MAX_MESSAGE_TEXT = 12000
MAX_HEADER = 150
MAX_BUTTON_LABEL = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTONS = 25
MAX_FALLBACK = 3000
ACTION_PREFIX = "dateline_run_"
UNTITLED = "Dateline"  # the header of a reply that has nothing else to show
NO_HEADING = "(untitled)"  # a section heading that is blank

# Room kept in every message for the "part k of n" note.
_BLOCK_BUDGET = MAX_BLOCKS - 1
_TEXT_BUDGET = MAX_MESSAGE_TEXT - 200


@dataclass(frozen=True)
class SlackMessage:
    """One Slack message: escaped fallback ``text`` plus Block Kit ``blocks``."""

    text: str
    blocks: tuple[Block, ...]
    ephemeral: bool = False

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": list(self.blocks)}


def chunks(escaped: str, limit: int) -> list[str]:
    """Split escaped text into pieces of at most ``limit`` chars, preferring line
    then word boundaries, never inside an entity or date token. Nothing is lost."""
    pieces: list[str] = []
    rest = escaped
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        pieces.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:].lstrip("\n")
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _cut_point(text: str, limit: int) -> int:
    cut = limit
    for sep in ("\n", " "):
        at = text.rfind(sep, limit // 2, limit)
        if at > 0:
            cut = at + 1
            break
    for token in TOKEN.finditer(text, max(0, cut - LONGEST_TOKEN), cut + LONGEST_TOKEN):
        if token.start() < cut < token.end() and token.start() > 0:
            return token.start()
    return cut


def _mrkdwn(text: str) -> dict[str, Any]:
    # verbatim: Slack would otherwise turn bare URLs, #channel and @name into links.
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section(mrkdwn: str) -> Block:
    return {"type": "section", "text": _mrkdwn(mrkdwn)}


def _context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [_mrkdwn(mrkdwn)]}


def _sections(lines: Iterable[str]) -> list[Block]:
    """Pack escaped lines into as few section blocks as the 3,000-char limit allows."""
    blocks: list[Block] = []
    current = ""
    for line in lines:
        for piece in chunks(line, MAX_SECTION_TEXT):
            joined = f"{current}\n{piece}" if current else piece
            if len(joined) > MAX_SECTION_TEXT:
                blocks += _nonblank_section(current)
                joined = piece
            current = joined
    return blocks + _nonblank_section(current)


def _nonblank_section(mrkdwn: str) -> list[Block]:
    # Slack rejects a section whose text is empty once trimmed.
    return [_section(mrkdwn)] if mrkdwn.strip() else []


def _code(text: str) -> str:
    """Text to show inside a `code span`: a backtick in it would end the span."""
    return escape(text.replace("`", "'"))


def citation_line(citation: Citation) -> str:
    label = f"{citation.publisher}: {citation.title}" if citation.title else citation.publisher
    line = f"• {link(citation.url, label)}"
    if len(line) > MAX_SECTION_TEXT:
        line = f"• {escape_mrkdwn(label)}"
    if citation.published:
        line += f" ({escape_mrkdwn(citation.published)})"
    return line


def _one_line(part: Inline) -> Inline:
    return re.sub(r"\s+", " ", part) if isinstance(part, str) else part


def section_blocks(section: Section, lookups: Lookups = NOTHING_LOOKED_UP) -> list[Block]:
    # One line, and no edge spaces: bold needs them gone.
    heading = inline_mrkdwn(tuple(map(_one_line, section.heading_parts())), lookups).strip()
    lines = [f"*{heading or escape_mrkdwn(NO_HEADING)}*"]
    lines += [inline_mrkdwn(line, lookups) for line in section.line_parts()]
    lines += [citation_line(citation) for citation in section.citations]
    return _sections(lines)


def title_blocks(title: str) -> list[Block]:
    if not title.strip():
        return []
    title = " ".join(title.split())
    shown = escape(title)
    if len(shown) <= MAX_HEADER:
        return [header(shown)]
    return _sections([f"*{escape_mrkdwn(title)}*"])


def header(text: str) -> Block:
    """A header block; ``text`` is plain text, so it is not mrkdwn-escaped."""
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def action_blocks(actions: Sequence[Action]) -> list[Block]:
    """Buttons for the actions; a command too long for a button becomes a line of text."""
    buttons: list[Block] = []
    spilled: list[str] = []
    for action in actions:
        if len(action.command) > MAX_BUTTON_VALUE:
            command = f"`{SLASH_COMMAND} {_code(action.command)}`"
            spilled.append(f"{escape_mrkdwn(action.label)}: {command}")
            continue
        # Slack rejects a blank button text; the command says what the button does.
        label = action.label if action.label.strip() else (action.command.strip() or "Run")
        if len(label) > MAX_BUTTON_LABEL:
            label = label[: MAX_BUTTON_LABEL - 1] + "…"
        button: Block = {
            "type": "button",
            "text": {"type": "plain_text", "text": label},
            "action_id": f"{ACTION_PREFIX}{len(buttons)}",
            "value": action.command,
        }
        if action.style in ("primary", "danger"):
            button["style"] = action.style
        buttons.append(button)
    blocks = [
        {"type": "actions", "elements": buttons[i : i + MAX_BUTTONS]}
        for i in range(0, len(buttons), MAX_BUTTONS)
    ]
    return blocks + _sections(spilled)


def reply_blocks(
    reply: Reply, *, with_actions: bool = True, lookups: Lookups = NOTHING_LOOKED_UP
) -> list[Block]:
    """Every block of the reply, in order, before splitting into messages."""
    blocks = title_blocks(reply.title)
    if reply.text.strip():
        blocks += _sections(escape_mrkdwn(reply.text).split("\n"))
    for section in reply.sections:
        blocks += section_blocks(section, lookups)
    if with_actions and reply.actions:
        blocks += action_blocks(reply.actions)
    if reply.footer.strip():
        pieces = chunks(escape_mrkdwn(reply.footer.strip()), MAX_CONTEXT_TEXT)
        blocks += [_context(piece) for piece in pieces if piece.strip()]
    if reply.reference:
        blocks.append(_context(f"Reference: `{_code(reply.reference)}`"))
    return blocks


def block_chars(block: Block) -> int:
    """The characters a block contributes to a message's text total."""
    kind = block.get("type")
    if kind in ("section", "header"):
        return len(block["text"]["text"])
    if kind == "context":
        return sum(len(element.get("text", "")) for element in block["elements"])
    if kind == "actions":
        return sum(len(e["text"]["text"]) + len(e.get("value", "")) for e in block["elements"])
    return 0


def split_blocks(blocks: Sequence[Block]) -> list[list[Block]]:
    """Group blocks into messages within the block and text budgets."""
    parts: list[list[Block]] = [[]]
    used = 0
    for block in blocks:
        size = block_chars(block)
        if parts[-1] and (len(parts[-1]) >= _BLOCK_BUDGET or used + size > _TEXT_BUDGET):
            parts.append([])
            used = 0
        parts[-1].append(block)
        used += size
    return parts


def fallback_text(reply: Reply) -> str:
    """The plain notification text: title and lead, escaped."""
    text = escape(" — ".join(part for part in (reply.title, reply.text) if part.strip()))
    if len(text) > MAX_FALLBACK:
        text = chunks(text, MAX_FALLBACK - 40)[0] + " … (the full answer is below)"
    return text or UNTITLED


def _continued_text(reply: Reply, note: str) -> str:
    """The notification text of a later part: the title, shortened, and ``note``."""
    title = escape(" ".join(reply.title.split()))
    if len(title) > MAX_FALLBACK:
        title = chunks(title, MAX_FALLBACK - 2)[0] + " …"
    return f"{title} ({note.lower()})"


def render(reply: Reply, lookups: Lookups = NOTHING_LOOKED_UP) -> list[SlackMessage]:
    """The reply as one or more Slack messages, in order; ``lookups`` are the display
    names and command forms the app found."""
    # Slack rejects a message with no blocks; an empty reply still says who it is from.
    parts = split_blocks(reply_blocks(reply, lookups=lookups) or [header(UNTITLED)])
    total = len(parts)
    fallback = fallback_text(reply)
    messages = []
    for number, part in enumerate(parts, start=1):
        text, blocks = fallback, part
        if total > 1 and number > 1:
            note = f"Continued: part {number} of {total}"
            blocks = [_context(note), *part]
            text = _continued_text(reply, note)
        elif total > 1:
            blocks = [*part, _context(f"Part 1 of {total}; the rest follows.")]
        messages.append(SlackMessage(text, tuple(blocks), reply.ephemeral))
    return messages


def home_view(upcoming: Reply, *, days: int = 30) -> dict[str, Any]:
    """The App Home tab: how to ask, then the anniversaries of the next ``days`` days."""
    intro: list[Block] = [
        header("Dateline"),
        _section(
            "Ask about dates in any channel I am in: "
            f"`{SLASH_COMMAND} what happened on 7 January?`, "
            f"`{SLASH_COMMAND} timeline Iran`, or mention me with a question. "
            f"`{SLASH_COMMAND} help` lists every command you may run."
        ),
        {"type": "divider"},
        header(f"The next {days} days"),
    ]
    body = reply_blocks(upcoming, with_actions=False)
    room = MAX_HOME_BLOCKS - len(intro) - 1
    if len(body) > room:
        hidden = len(body) - room + 1
        note = _context(
            f"{hidden} more blocks are not shown here; run "
            f"`{SLASH_COMMAND} upcoming {days}` for the full list."
        )
        body = [*body[: room - 1], note]
    return {"type": "home", "blocks": intro + body}
