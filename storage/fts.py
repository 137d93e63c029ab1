"""Turning user text into a safe FTS5 ``MATCH`` expression.

User text never reaches ``MATCH`` as syntax: it is split into unicode word
tokens and every token is quoted as an FTS5 string, so operators such as
``AND``, ``NEAR``, ``*``, ``-``, ``^``, ``col:`` and stray quotes or brackets
are searched for as plain words (or dropped, when they contain no word
characters). The expression itself is still passed as a bound parameter.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")

#: More distinct tokens than this are ignored, to keep a hostile message cheap.
MAX_TOKENS = 64


def word_tokens(text: str) -> list[str]:
    """The distinct word tokens of ``text`` in order of first appearance (case-insensitive)."""
    seen: set[str] = set()
    tokens: list[str] = []
    for token in _WORD.findall(text):
        key = token.casefold()
        if key not in seen:
            seen.add(key)
            tokens.append(token)
    return tokens[:MAX_TOKENS]


def quote_token(token: str) -> str:
    """Quote one token as an FTS5 string, doubling any embedded double quote."""
    return '"' + token.replace('"', '""') + '"'


def match_all(tokens: list[str]) -> str:
    """An expression matching rows that contain every token (implicit AND)."""
    return " ".join(quote_token(t) for t in tokens)


def match_any(tokens: list[str]) -> str:
    """An expression matching rows that contain at least one token."""
    return " OR ".join(quote_token(t) for t in tokens)
