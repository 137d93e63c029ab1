"""The event store's reads by id and by words: events in a given order, full-text
search by relevance, a topic's every match in date order (for paged timelines), and
the vocabulary lookups behind spelling correction (which words are known, which
stored words look like a given one).

User text reaches ``MATCH`` only as quoted tokens (``storage.fts``), always as a
bound parameter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.model import Event, Status
from bot.ports import PUBLISHED_ONLY, Mentions, StoredWord, WordQuery, WordUse
from storage import fts, queries
from storage.database import Database
from storage.rows import event_from_row

#: The ``Mentions`` fields.
_FIELDS = ("title", "about", "summary", "sources")


def _statuses(statuses: Sequence[Status]) -> str:
    return json.dumps([Status(s).value for s in statuses])


class EventReads:
    """Mixed into ``SqliteEventStore``; needs its ``_db``."""

    _db: Database

    async def _events_by_ids(self, ids: Sequence[int]) -> list[Event]:
        """Events in the order of ``ids``; the caller holds the lock."""
        rows = await self._db.fetch(queries.EVENTS_BY_IDS, (json.dumps(list(ids)),))
        position = {event_id: i for i, event_id in enumerate(ids)}
        rows.sort(key=lambda row: position[row[0]])
        return [event_from_row(row) for row in rows]

    async def search(
        self, words: WordQuery, limit: int = 20, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> list[Event]:
        """The events ``topic`` would list, best first: title matches, then ``bm25``."""
        expression, title = fts.ranked_match(words), fts.title_match(words)
        if expression is None or title is None or not statuses or limit <= 0:
            return []
        params = (expression, _statuses(statuses), title, limit)
        async with self._db.lock:
            rows = await self._db.fetch(queries.SEARCH_IDS, params)
            return await self._events_by_ids([row[0] for row in rows])

    async def topic(
        self,
        words: WordQuery,
        *,
        limit: int = 25,
        offset: int = 0,
        statuses: Sequence[Status] = PUBLISHED_ONLY,
    ) -> list[Event]:
        """Every event whose own fields match each required group, oldest first."""
        expression = fts.required_match(words)
        if expression is None or limit <= 0 or not statuses:
            return []
        params = (expression, _statuses(statuses), limit, max(offset, 0))
        async with self._db.lock:
            rows = await self._db.fetch(queries.TOPIC_IDS, params)
            return await self._events_by_ids([row[0] for row in rows])

    async def count_topic(
        self, words: WordQuery, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int:
        """How many events ``topic`` would return without a limit."""
        expression = fts.required_match(words)
        if expression is None or not statuses:
            return 0
        async with self._db.lock:
            rows = await self._db.fetch(queries.COUNT_TOPIC, (expression, _statuses(statuses)))
        return int(rows[0][0])

    async def word_uses(
        self, words: Sequence[str], statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> list[WordUse]:
        """Those of ``words`` some event's own fields contain; ``named`` when some event's
        place or tags do (looked up in ``event_names``, which holds only those). Two
        one-row lookups a word."""
        uses: list[WordUse] = []
        if not statuses:
            return uses
        params = _statuses(statuses)
        async with self._db.lock:
            for word in list(dict.fromkeys(words))[: fts.MAX_TOKENS]:
                group = fts.any_of([word])
                if group is None:
                    continue
                if await self._db.fetch(queries.ANY_MATCH, (f"{fts.OWN_FIELDS} : {group}", params)):
                    named = await self._db.fetch(queries.NAMED, (group, params))
                    uses.append(WordUse(word, named=bool(named)))
        return uses

    async def mentions(
        self, event_ids: Sequence[int], groups: Sequence[Sequence[str]]
    ) -> dict[int, Mentions]:
        """Where each event mentions each group: one index lookup per group and event."""
        found: dict[int, dict[str, set[str]]] = {}
        ids = json.dumps(list(dict.fromkeys(event_ids)))
        async with self._db.lock:
            for group in groups[: fts.MAX_TOKENS]:
                expression = fts.any_of(group)
                if expression is None:
                    continue
                for row in await self._db.fetch(queries.MENTIONS, (expression, ids)):
                    fields = found.setdefault(int(row[0]), {f: set() for f in _FIELDS})
                    title, summary, place, tags, sources = (bool(v) for v in row[1:])
                    for field, present in (("title", title), ("about", place or tags),
                                           ("summary", summary), ("sources", sources)):
                        if present:
                            fields[field].add(group[0])
        return {
            event_id: Mentions(**{f: frozenset(words) for f, words in fields.items()})
            for event_id, fields in found.items()
        }

    async def word_forms(self, stem: str, limit: int = 12) -> list[StoredWord]:
        """Stored words beginning with ``stem``, most used first (a range of the primary key)."""
        if not stem or limit <= 0:
            return []
        params = (stem, stem[:-1] + chr(ord(stem[-1]) + 1), limit)
        async with self._db.lock:
            rows = await self._db.fetch(queries.WORD_FORMS, params)
        return [StoredWord(row[0], int(row[1])) for row in rows]

    async def similar_words(self, word: str, limit: int = 40) -> list[StoredWord]:
        """Stored words sharing letter triples with ``word`` and within three letters of
        its length, the most triples shared first."""
        expression = fts.trigrams(word)
        if expression is None or limit <= 0:
            return []
        params = (expression, max(len(word) - 3, 1), len(word) + 3, limit)
        async with self._db.lock:
            rows = await self._db.fetch(queries.SIMILAR_WORDS, params)
        return [StoredWord(row[0], int(row[1])) for row in rows]
