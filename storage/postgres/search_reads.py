"""``PgEventStore``'s reads by words: full-text search by relevance, a topic's every match
in date order (for paged timelines), where events mention words, and the vocabulary
lookups behind spelling correction.

Events carry two generated tsvectors (migration 0001), each with a GIN index: ``search``,
weighted A title, B place and tags, C summary, D source headlines; and ``names``, place
and tags alone. A required group must match the event's own fields, so a match is found
through the index on ``search`` and then checked on its A to C parts (``ts_filter``):
source headlines never make a match. Ranking follows SQLite's: events whose title holds
every required group first, then ``ts_rank_cd`` with the same order of weights as its
bm25 (title, place and tags, summary, headlines), then date.

Spellings arrive as bound arrays (``storage.postgres.search_terms``) and become tsqueries
in the statement itself, so no user text is ever read as tsquery or SQL syntax.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.model import Event, Status
from bot.ports import PUBLISHED_ONLY, Mentions, StoredWord, WordQuery, WordUse
from storage.fts import MAX_TOKENS, trigrams
from storage.postgres.database import PgDatabase
from storage.postgres.date_reads import status_values
from storage.postgres.rows import E_EVENT_COLUMNS, event_from_record
from storage.postgres.search_terms import (
    SearchTerms,
    consonants,
    folded,
    groups,
    phrase,
    search_terms,
)

# A group's tsquery: any of its spellings, each a phrase; a spelling the configuration
# reads no word in is left out. Parameters: spellings, group numbers.
_GROUP_QUERIES = (
    "SELECT a.g, tsquery_any(phraseto_tsquery('dateline', a.p)) AS q "
    "FROM unnest(${p}::text[], ${g}::integer[]) AS a (p, g) GROUP BY a.g"
)
# The tsqueries of a WordQuery, computed once per statement. req: every required group
# (NULL, so nothing matches, if a group has no word PostgreSQL reads); also: the also
# groups, each its own tsquery. Parameters $1 to $6: SearchTerms.match_params().
_TERMS = (
    "req AS (SELECT CASE WHEN count(*) = $3 THEN tsquery_all(q) END AS q FROM ("  # noqa: S608 - constant fragments only
    + _GROUP_QUERIES.format(p=1, g=2)
    + ") AS grp WHERE numnode(q) > 0), "
    "also AS (SELECT coalesce(array_agg(q), '{}') AS qs FROM ("
    + _GROUP_QUERIES.format(p=4, g=5)
    + ") AS grp WHERE numnode(q) > 0), "
    # What the index can look up: the required groups and, when at least one also group
    # must match, any of them too. Without the second part, a common required word
    # ("elected") sent the rest of the work to tens of thousands of rows at a million
    # events (400 ms); with it the index intersects the two (20 ms).
    "narrow AS (SELECT CASE WHEN $6 > 0 AND cardinality(qs) > 0 "
    "THEN (SELECT q FROM req) && (SELECT tsquery_any(x) FROM unnest(qs) AS x) "
    "ELSE (SELECT q FROM req) END AS q FROM also)"
)
_REQUIRED = "(SELECT q FROM req)"
# Own fields (A title, B place and tags, C summary), or with tags_only the tags alone.
_OWN_MATCH = (
    "e.search @@ (SELECT q FROM narrow) AND "  # noqa: S608 - constant fragments only
    f"ts_filter(e.search, '{{a,b,c}}') @@ {_REQUIRED}"
)
_TAGS_MATCH = (
    f"e.names @@ {_REQUIRED} "
    f"AND to_tsvector('dateline', search_text(e.tags_text)) @@ {_REQUIRED}"
)
# At least $6 of the also groups, in any field (source headlines too).
_ENOUGH_ALSO = (
    "($6 = 0 OR (SELECT count(*) FROM unnest((SELECT qs FROM also)) AS aq (q) "
    "WHERE e.search @@ aq.q) >= $6)"
)
# SQLite's bm25 weights (title 10, place 4 and tags 6, summary 2, headlines 0.5) as
# ts_rank_cd's {D, C, B, A}, over every spelling of the query as bm25 counts them: the
# required and also groups, and the ranking spellings ($8), which only add to the rank.
_RANK = (
    "ts_rank_cd('{0.05, 0.2, 0.5, 1.0}', e.search, (SELECT tsquery_any(r.q) FROM ("
    "SELECT q FROM req UNION ALL SELECT unnest(qs) FROM also UNION ALL "
    "SELECT phraseto_tsquery('dateline', w) FROM unnest($8::text[]) AS w) AS r (q) "
    "WHERE numnode(r.q) > 0))"
)


def _where(tags_only: bool) -> str:
    match = _TAGS_MATCH if tags_only else _OWN_MATCH
    return f"WHERE {match} AND e.status = ANY($7::text[]) AND {_ENOUGH_ALSO}"


def _search(tags_only: bool) -> str:
    return (
        f"WITH {_TERMS} SELECT {E_EVENT_COLUMNS} FROM events AS e {_where(tags_only)} "  # noqa: S608 - constant fragments only
        f"ORDER BY ts_filter(e.search, '{{a}}') @@ {_REQUIRED} DESC, {_RANK} DESC, "
        "e.start, e.id LIMIT $9"
    )


def _topic(tags_only: bool) -> str:
    return (
        f"WITH {_TERMS} SELECT {E_EVENT_COLUMNS} FROM events AS e {_where(tags_only)} "  # noqa: S608 - constant fragments only
        "ORDER BY e.start, e.id LIMIT $8 OFFSET $9"
    )


def _count_topic(tags_only: bool) -> str:
    return f"WITH {_TERMS} SELECT count(*) FROM events AS e {_where(tags_only)}"  # noqa: S608 - constant fragments only


#: tags_only -> SQL. Parameters $1 to $7 as ``_params``; then for SEARCH the ranking
#: spellings and limit, for TOPIC limit and offset.
SEARCH = {tags: _search(tags) for tags in (False, True)}
TOPIC = {tags: _topic(tags) for tags in (False, True)}
COUNT_TOPIC = {tags: _count_topic(tags) for tags in (False, True)}

# Which of some words the events' own fields hold, and which their place or tags hold
# (events_names): one row per word with any word PostgreSQL reads, in the order given.
# Parameters: spellings, statuses, whether those are the published status alone.
WORD_USES = (
    "WITH w AS (SELECT a.n, a.p, phraseto_tsquery('dateline', a.p) AS q "
    "FROM unnest($1::text[]) WITH ORDINALITY AS a (p, n)) "
    # A word in the vocabulary of published events' own fields is used, as the index
    # would say: the vocabulary answers at once where the index would gather every
    # event of a common word first ($3: only published events are asked about).
    "SELECT w.n, ($3 AND EXISTS (SELECT 1 FROM search_words AS s "
    "WHERE s.word = lower(w.p) AND s.events > 0)) "
    "OR EXISTS (SELECT 1 FROM events AS e WHERE e.search @@ w.q "
    "AND ts_filter(e.search, '{a,b,c}') @@ w.q AND e.status = ANY($2::text[])), "
    "EXISTS (SELECT 1 FROM events AS e WHERE e.names @@ w.q "
    "AND e.status = ANY($2::text[])) "
    "FROM w WHERE numnode(w.q) > 0 ORDER BY w.n"
)
# Where given events mention each group: the weight of each part of ``search``.
# Parameters: event ids, spellings, group numbers.
MENTIONS = (
    f"WITH grp AS ({_GROUP_QUERIES.format(p=2, g=3)}) "  # noqa: S608 - constant fragments only
    "SELECT e.id, grp.g, ts_filter(e.search, '{a}') @@ grp.q, "
    "ts_filter(e.search, '{b}') @@ grp.q, ts_filter(e.search, '{c}') @@ grp.q, "
    "ts_filter(e.search, '{d}') @@ grp.q "
    "FROM grp JOIN events AS e ON e.id = ANY($1::bigint[]) "
    "WHERE numnode(grp.q) > 0 AND e.search @@ grp.q"
)
# Other forms of a word: a prefix range of search_words' primary key (byte order).
# Parameters: the prefix, the first string past it, limit.
WORD_FORMS = (
    "SELECT word, events FROM search_words WHERE word >= $1 AND word < $2 AND events > 0 "
    "ORDER BY events DESC, word LIMIT $3"
)
# Close spellings: words whose letter triples, or whose consonants' triples, are like
# the asked word's (pg_trgm's similarity over the two trigram indexes of search_words),
# of about its length, the most alike first. Parameters: the word, its consonants (NULL
# when too few), shortest and longest length, limit.
SIMILAR_WORDS = (
    "SELECT word, events FROM search_words "
    "WHERE (word % $1 OR translate(word, 'aeiouy', '') % $2) AND events > 0 "
    "AND length(word) BETWEEN $3 AND $4 "
    "ORDER BY greatest(similarity(word, $1), "
    "coalesce(similarity(translate(word, 'aeiouy', ''), $2), 0)) DESC, events DESC, word "
    "LIMIT $5"
)

#: The ``Mentions`` fields, in the order of ``MENTIONS``' columns.
_FIELDS = ("title", "about", "summary", "sources")


class PgSearchReads:
    """Mixed into ``PgEventStore``; needs its ``_db``."""

    _db: PgDatabase

    async def search(
        self, words: WordQuery, limit: int = 20, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> list[Event]:
        """The events ``topic`` would list, best first: title matches, then relevance."""
        terms = search_terms(words)
        if terms is None or not statuses or limit <= 0:
            return []
        rows = await self._db.fetch(
            SEARCH[terms.tags_only], *_params(terms, statuses), terms.ranking, limit
        )
        return [event_from_record(row) for row in rows]

    async def topic(
        self,
        words: WordQuery,
        *,
        limit: int = 25,
        offset: int = 0,
        statuses: Sequence[Status] = PUBLISHED_ONLY,
    ) -> list[Event]:
        """Every event whose own fields match each required group, oldest first."""
        terms = search_terms(words)
        if terms is None or not statuses or limit <= 0:
            return []
        rows = await self._db.fetch(
            TOPIC[terms.tags_only], *_params(terms, statuses), limit, max(offset, 0)
        )
        return [event_from_record(row) for row in rows]

    async def count_topic(
        self, words: WordQuery, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int:
        """How many events ``topic`` would return without a limit."""
        terms = search_terms(words)
        if terms is None or not statuses:
            return 0
        sql = COUNT_TOPIC[terms.tags_only]
        return int(await self._db.fetchval(sql, *_params(terms, statuses)))

    async def word_uses(
        self, words: Sequence[str], statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> list[WordUse]:
        """Those of ``words`` some event's own fields contain; ``named`` when some event's
        place or tags do. One statement for all of them."""
        if not statuses:
            return []
        asked = [
            (word, spelt)
            for word in list(dict.fromkeys(words))[:MAX_TOKENS]
            if (spelt := phrase(word)) is not None
        ]
        if not asked:
            return []
        async with self._db.transaction(readonly=True) as conn:
            # Each EXISTS stops at its first match, so the planner expects a sequential
            # scan to find one soon; for a word no event has (a verb is no place or
            # tag) that scan reads every row: 2 s at a million events against a few
            # milliseconds through the GIN indexes. This statement alone scans no table.
            await conn.execute("SET LOCAL enable_seqscan = off")
            rows = await conn.fetch(
                WORD_USES, [spelt for _, spelt in asked], status_values(statuses),
                set(statuses) == {Status.PUBLISHED},
            )
        return [WordUse(asked[n - 1][0], named=bool(named)) for n, used, named in rows if used]

    async def mentions(
        self, event_ids: Sequence[int], groups_asked: Sequence[Sequence[str]]
    ) -> dict[int, Mentions]:
        """Where each event mentions each group (named by its first spelling)."""
        spelt = [(group, groups([group]).phrases) for group in groups_asked[:MAX_TOKENS]]
        kept = [(group[0], found) for group, found in spelt if found]
        if not event_ids or not kept:
            return {}
        phrases = [p for _, found in kept for p in found]
        numbers = [n for n, (_, found) in enumerate(kept) for _ in found]
        ids = list(dict.fromkeys(int(i) for i in event_ids))
        found: dict[int, dict[str, set[str]]] = {}
        for event_id, number, *present in await self._db.fetch(MENTIONS, ids, phrases, numbers):
            fields = found.setdefault(int(event_id), {f: set() for f in _FIELDS})
            for field, here in zip(_FIELDS, present, strict=True):
                if here:
                    fields[field].add(kept[number][0])
        return {
            event_id: Mentions(**{f: frozenset(words) for f, words in fields.items()})
            for event_id, fields in found.items()
        }

    async def word_forms(self, stem: str, limit: int = 12) -> list[StoredWord]:
        """Stored words beginning with ``stem``, most used first (a range of the primary key)."""
        stem = stem.replace("\x00", "")
        if not stem or limit <= 0:
            return []
        past = stem[:-1] + chr(min(ord(stem[-1]) + 1, 0x10FFFF))
        rows = await self._db.fetch(WORD_FORMS, stem, past, limit)
        return [StoredWord(row[0], int(row[1])) for row in rows]

    async def similar_words(self, word: str, limit: int = 40) -> list[StoredWord]:
        """Stored words sharing letter triples with ``word`` (or its consonants with
        theirs) and within three letters of its length, the most alike first."""
        asked = folded(word)
        if limit <= 0 or trigrams(asked) is None:  # no letter triple to compare
            return []
        params = (asked, consonants(asked), max(len(word) - 3, 1), len(word) + 3, limit)
        rows = await self._db.fetch(SIMILAR_WORDS, *params)
        return [StoredWord(row[0], int(row[1])) for row in rows]


def _params(terms: SearchTerms, statuses: Sequence[Status]) -> tuple[object, ...]:
    """Parameters $1 to $7 of ``SEARCH``, ``TOPIC`` and ``COUNT_TOPIC``."""
    return (*terms.match_params(), status_values(statuses))
