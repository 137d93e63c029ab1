"""What text the core accepts from outside: valid Unicode without control characters.

Chat messages (``bot.core``) and articles (``bot.extraction``) pass through
``valid_text`` before anything reads or stores them.
"""

from __future__ import annotations

# C0 control characters but tab and line breaks, and DEL: nothing a person types means
# them, a chat would show them as boxes, and PostgreSQL's text cannot hold NUL at all.
_CONTROLS = dict.fromkeys(c for c in (*range(0x20), 0x7F) if chr(c) not in "\t\n\r")


def valid_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD and control characters
    removed. Surrogates arrive from undecodable bytes (a command-line argument of
    invalid UTF-8) and cannot be encoded, so a store or a platform would fail on them;
    a valid pair is joined."""
    joined = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return joined.translate(_CONTROLS)
