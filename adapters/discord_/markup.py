"""Plain text and citation URLs made safe for Discord embeds. Pure functions.

Responsible for two things the renderer needs:

* ``escape`` (markdown-rendered embed parts) and ``inert`` (the footer, which
  Discord shows as plain text) so that event text can neither format, forge a
  masked link, nor look like a live mention, channel, role, slash command,
  timestamp or custom emoji;
* ``safe_url``/``masked_link`` so that a citation links to exactly the address
  it was given.

Why a zero-width space after ``<`` rather than a backslash: every Discord
"mention" form (``<@id>``, ``<@!id>``, ``<@&id>``, ``<#id>``, ``</cmd:id>``,
``<t:…>``, ``<:name:id>``, ``<a:name:id>``, ``<id:…>``) must start with ``<``
immediately followed by its sigil, so an invisible character there stops every
one of them from matching. A backslash escape only works where Discord applies
markdown escapes: not in footers (no markdown at all, the backslash would show)
and not inside masked-link text, where Discord disabled escapes
(discord/discord-api-docs#6185). discord.py's own ``escape_mentions`` uses the
same zero-width-space technique for ``@everyone``.
"""

from __future__ import annotations

import re

from discord.utils import escape_markdown

from adapters.web_addresses import web_address

ZWSP = "\u200b"

# A bracket not already escaped by an odd run of backslashes: it could still
# open or close a masked link, so it gets its own backslash.
_LIVE_BRACKET = re.compile(r"(?<!\\)((?:\\\\)*)([\[\]])")
_MASS_MENTION = re.compile(r"@(everyone|here)")


def quiet_mass_mentions(text: str) -> str:
    """``text`` with ``@everyone`` and ``@here`` broken by an invisible character."""
    return _MASS_MENTION.sub("@" + ZWSP + r"\1", text)


def inert(text: str) -> str:
    """``text`` with every mention-like form broken by an invisible character."""
    return quiet_mass_mentions(text.replace("<", "<" + ZWSP))


def escape(text: str) -> str:
    """Markdown-escape plain text (brackets included) and make mentions inert."""
    return inert(_LIVE_BRACKET.sub(r"\1\\\2", escape_markdown(text)))


def _parentheses_nest_simply(url: str) -> bool:
    """True if every "(" closes before the next opens, as masked links require.

    Discord's masked-link grammar (simple-markdown's ``LINK_HREF_AND_TITLE``)
    reads a target as plain characters or ``\\([^)]*\\)`` groups, so balanced,
    unnested parentheses (Wikipedia's ``Foo_(bar)``) stay part of the address.
    """
    depth = 0
    for ch in url:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if depth not in (0, 1):
            return False
    return depth == 0


def safe_url(url: str | None) -> str | None:
    """An http(s) URL that can be the target of a masked link, or None.

    The address is kept exactly, except that characters which may not appear in
    a URI are percent-encoded (the same address), and parentheses are encoded
    only when they nest or do not balance (the one case the grammar cannot hold).
    """
    encoded = web_address(url)
    if encoded is None:
        return None
    if not _parentheses_nest_simply(encoded):
        encoded = encoded.replace("(", "%28").replace(")", "%29")
    return encoded


def masked_link(label: str, url: str | None) -> str:
    """``[label](url)`` with the label escaped, or just the label if the URL is unusable.

    Without a label the address itself is shown, in Discord's ``<url>`` form,
    which ends only at ``>`` (never inside ``safe_url``'s output).
    """
    target = safe_url(url)
    if not label.strip():
        return f"<{target}>" if target else ""
    shown = escape(label)
    return f"[{shown}]({target})" if target else shown
