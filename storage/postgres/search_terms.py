"""A ``WordQuery`` as the bound arrays PostgreSQL's searches take.

User text never becomes tsquery syntax: each spelling is split into word tokens (as
``storage.fts`` splits it for SQLite, with the same caps) and sent as one bound text
parameter, which the SQL turns into a tsquery with ``phraseto_tsquery`` (the words in
order, stemmed and folded by the ``dateline`` configuration). Spellings of one group
become one array, each element tagged with its group's number, so the SQL can OR a
group's spellings and AND the groups (the ``tsquery_any`` and ``tsquery_all``
aggregates of migration 0001) without any statement text depending on the query.

Which groups count follows ``storage.fts`` exactly: a spelling without words is left
out, a group without spellings is dropped, at most ``MAX_TOKENS`` spellings are read in
all, and an "at least N of these" condition over more than ``MAX_ALSO`` groups is
dropped rather than grown.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bot.ports import WordQuery
from storage.fts import MAX_ALSO, MAX_TOKENS, word_tokens


def phrase(text: str) -> str | None:
    """One spelling as the words ``phraseto_tsquery`` reads ("al-Asad" is "al Asad")."""
    tokens = word_tokens(text)
    return " ".join(tokens) if tokens else None


@dataclass(frozen=True, slots=True)
class Groups:
    """Groups of spellings as two parallel arrays: each spelling, and its group's number
    (0, 1, ... over the groups kept)."""

    phrases: list[str]
    numbers: list[int]
    count: int


def groups(spellings: Sequence[Sequence[str]], budget: int = MAX_TOKENS) -> Groups:
    """The groups that have a spelling with words, within ``budget`` spellings in all."""
    phrases: list[str] = []
    numbers: list[int] = []
    count = 0
    for group in spellings:
        found = [p for p in map(phrase, group) if p][: max(budget, 0)]
        budget -= len(found)
        if found:
            phrases += found
            numbers += [count] * len(found)
            count += 1
    return Groups(phrases, numbers, count)


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """A ``WordQuery`` ready to bind: the required groups, the ``also`` groups with how
    many of them must match (0: no such condition), and the ranking spellings."""

    required: Groups
    also: Groups
    also_needed: int
    ranking: list[str]
    tags_only: bool

    def match_params(self) -> tuple[object, ...]:
        """Parameters $1 to $6 of the searches (``storage.postgres.search_reads``)."""
        return (
            self.required.phrases, self.required.numbers, self.required.count,
            self.also.phrases, self.also.numbers, self.also_needed,
        )


def search_terms(query: WordQuery) -> SearchTerms | None:
    """``query`` as bound values, or None when no required group has a word (nothing
    can match), as ``storage.fts.required_match`` decides."""
    required = groups(query.required)
    if not required.count:
        return None
    also = groups(query.also)
    needed = min(query.also_needed, also.count)
    if needed <= 0 or also.count > MAX_ALSO:
        also, needed = Groups([], [], 0), 0
    ranking = groups([query.ranking]).phrases
    return SearchTerms(required, also, needed, ranking, query.tags_only)


def folded(word: str) -> str:
    """``word`` in lower case without diacritics, as the vocabulary stores its words."""
    decomposed = unicodedata.normalize("NFKD", word.replace("\x00", ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_NO_VOWELS = str.maketrans("", "", "aeiouy")


def consonants(word: str) -> str | None:
    """The consonants of a folded word, when there are enough to share a triple."""
    found = word.translate(_NO_VOWELS)
    return found if len(found) >= 3 else None
