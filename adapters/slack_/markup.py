"""Plain text and citation URLs made safe for Slack mrkdwn. Pure functions.

Responsible for turning plain text into mrkdwn that shows exactly that text:

* ``escape``: Slack's three control characters as ``&amp;``, ``&lt;``, ``&gt;``,
  so text can never mention (``<!channel>``, ``<@U1>``) or link. This alone is
  right for plain-text places (headers, notification text).
* ``escape_mrkdwn``: also neutralises ``*``, ``_``, ``~`` and backticks (and
  their full-width forms, which Slack also formats with) and a leading ``>``.
  mrkdwn has no escape character (a backslash shows), and a zero-width space
  does not help: Slack treats it as a word boundary, which is what *enables*
  formatting inside words. So each run of these characters is written as the
  fallback text of a deliberately invalid date token, ``<!date^00000000^{_}|*>``:
  Slack shows a date token's fallback verbatim, unformatted, when it cannot
  format the date, and a ``<…>`` token is never part of a formatting span.
  (The technique of jsx-slack's ``<Escape>``.) A line-leading ``&gt;`` cannot go
  in a token (entities are not decoded there), so it gets an invisible soft
  hyphen in front, which stops it from starting a quote.
* ``safe_url``/``link``: ``<url|label>`` for http(s) addresses, with the only
  characters that could end the token (``|``, ``<``, ``>``, spaces…)
  percent-encoded, which is the same address.

Every mrkdwn text object is also sent with ``verbatim: true`` (see ``render``),
so Slack does not turn bare URLs, ``#channel`` or ``@name`` into links.
"""

from __future__ import annotations

import re

from adapters.web_addresses import web_address

MAX_URL = 1500
_RUN = 50  # characters per date token, so no token comes near a block's limit
# "*", "_", "~", "`" and the full-width forms Slack also formats with.
_FORMATTING = re.compile(f"[*_~`\uff0a\uff3f\uff40]{{1,{_RUN}}}")
_QUOTE_START = re.compile("^(&gt;|\uff1e)", re.MULTILINE)
SOFT_HYPHEN = "\u00ad"
# Entities and date tokens (``literal`` runs, and moments from ``inline``) must never
# be split between two blocks; none is longer than ``LONGEST_TOKEN``.
TOKEN = re.compile(
    r"&(?:amp|lt|gt);|<!date\^00000000\^\{_\}\|[^>]*>"
    r"|<!date\^\d{1,12}\^\{date_short_pretty\} \{time\}\|[^<>|]*>"
)
LONGEST_TOKEN = 120


def escape(text: str) -> str:
    """Escape Slack's three control characters so text can never mention or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def literal(run: str) -> str:
    """``run`` of formatting characters, shown as is: an unformattable date's fallback."""
    return f"<!date^00000000^{{_}}|{run}>"


def escape_mrkdwn(text: str) -> str:
    """Plain ``text`` as mrkdwn that shows exactly ``text``: no mentions, links or formatting."""
    escaped = _FORMATTING.sub(lambda m: literal(m.group()), escape(text))
    return _QUOTE_START.sub(SOFT_HYPHEN + r"\1", escaped)


def safe_url(url: str | None) -> str | None:
    """The http(s) address as it can stand in ``<url|label>``, or None.

    Characters a URI may not hold literally (spaces, ``<>"{}\\^```, controls,
    non-ASCII) and ``|`` (which would end the address and start the label) are
    percent-encoded; ``%7C`` names the same resource as ``|``.
    """
    encoded = web_address(url)
    if encoded is None:
        return None
    return encoded if len(encoded) <= MAX_URL else None


def link(url: str | None, label: str) -> str:
    """``<url|label>`` with the label escaped, or just the escaped label if the URL is unsafe.

    Inside the link only ``&<>`` are escaped: a date token cannot nest in a link.
    """
    label = " ".join(label.split())
    target = safe_url(url)
    if target is None:
        return escape_mrkdwn(label)
    if not label:
        return f"<{escape(target)}>"
    return f"<{escape(target)}|{escape(label)}>"
