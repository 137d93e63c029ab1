"""Turning user text into a safe FTS5 ``MATCH`` expression.

User text never reaches ``MATCH`` as syntax: it is split into unicode word
tokens and every token is quoted as an FTS5 string, so operators such as
``AND``, ``NEAR``, ``*``, ``-``, ``^``, ``col:`` and stray quotes or brackets
are searched for as plain words (or dropped, when they contain no word
characters). The expression itself is still passed as a bound parameter.

A ``WordQuery`` from the core becomes an expression that requires its groups in the
event's own columns (the only columns column filters ever name are fixed here), its
``also`` groups in any column, and adds its ranking words only as optional phrases that
``bm25`` counts. Column names and operators in the expression come from this module,
never from user text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from bot.ports import WordQuery

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


# -- expressions for a ``WordQuery`` ------------------------------------------------------

#: The event's own columns; source headlines (``sources_text``) never make a match.
OWN_FIELDS = "{title summary place tags_text}"
TAGS = "{tags_text}"
NAMES = "{place tags_text}"
TITLE = "{title}"


def phrase(text: str) -> str | None:
    """One spelling as a quoted FTS5 phrase ("al-Asad" is the phrase "al asad")."""
    tokens = word_tokens(text)
    return quote_token(" ".join(tokens)) if tokens else None


def _any_of(spellings: Sequence[str], budget: list[int]) -> str | None:
    phrases = [p for p in map(phrase, spellings) if p][: max(budget[0], 0)]
    budget[0] -= len(phrases)
    return "(" + " OR ".join(phrases) + ")" if phrases else None


def _groups(query: WordQuery) -> list[str]:
    """Each required group as ``("a" OR "b")``, within ``MAX_TOKENS`` phrases in all."""
    budget = [MAX_TOKENS]
    found = (_any_of(group, budget) for group in query.required)
    return [group for group in found if group]


def required_match(query: WordQuery) -> str | None:
    """Rows whose own fields (or tags) match every required group and whose text, source
    headlines included, matches at least ``also_needed`` of the ``also`` groups."""
    groups = _groups(query)
    if not groups:
        return None
    columns = TAGS if query.tags_only else OWN_FIELDS
    expression = f"{columns} : ({' AND '.join(groups)})"
    also = _enough(query.also, query.also_needed)
    return f"{expression} AND ({also})" if also else expression


#: An "enough of these" condition is spelt out as every combination of groups; past this
#: many groups it is dropped rather than grown.
MAX_ALSO = 6


def _enough(groups: Sequence[Sequence[str]], needed: int) -> str | None:
    budget = [MAX_TOKENS]
    spelt = [g for g in (_any_of(group, budget) for group in groups) if g]
    if needed <= 0 or not spelt or len(spelt) > MAX_ALSO:
        return None
    return " OR ".join(
        "(" + " AND ".join(chosen) + ")"
        for chosen in itertools.combinations(spelt, min(needed, len(spelt)))
    )


def title_match(query: WordQuery) -> str | None:
    """Rows that match ``required_match`` and whose title matches every required group.
    (Repeating the whole match keeps the rows few: a title word alone may be common.)"""
    required, groups = required_match(query), _groups(query)
    return f"{required} AND {TITLE} : ({' AND '.join(groups)})" if required else None


def ranked_match(query: WordQuery) -> str | None:
    """``required_match``, plus the ranking words as optional phrases that ``bm25``
    counts: the OR group always matches, through the first required group."""
    required = required_match(query)
    ranking = _any_of(query.ranking, [MAX_TOKENS])
    if required is None or ranking is None:
        return required
    columns = TAGS if query.tags_only else OWN_FIELDS
    first = _groups(query)[0]
    return f"{required} AND ({columns} : {first} OR {ranking[1:-1]})"


def any_of(spellings: Sequence[str]) -> str | None:
    """Rows matching any of ``spellings`` in any column."""
    return _any_of(spellings, [MAX_TOKENS])


def trigrams(word: str) -> str | None:
    """Rows of the vocabulary's trigram index sharing a letter triple with ``word``, or a
    triple of its consonants with theirs."""
    consonants = word.translate(_NO_VOWELS)
    parts = [
        f"{{{column}}} : ({' OR '.join(quote_token(t) for t in triples)})"
        for column, triples in (("word", _triples(word)), ("consonants", _triples(consonants)))
        if triples
    ]
    return " OR ".join(parts) if parts else None


_NO_VOWELS = str.maketrans("", "", "aeiouy")


def _triples(text: str) -> list[str]:
    found = dict.fromkeys(text[i : i + 3] for i in range(len(text) - 2))
    return [t for t in found if word_tokens(t) == [t]][: MAX_TOKENS // 2]
