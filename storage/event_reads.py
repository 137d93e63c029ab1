"""The event store's reads by id and by words: events in a given order, full-text
search by relevance, and a topic's every match in date order (for paged timelines).

User text reaches ``MATCH`` only as quoted tokens (``storage.fts``), always as a
bound parameter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.model import Event, Status
from bot.ports import PUBLISHED_ONLY
from storage import fts, queries
from storage.database import Database
from storage.rows import event_from_row


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
        self, text: str, limit: int = 20, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> list[Event]:
        """Events matching every word of ``text`` or, failing that, any word; best first."""
        tokens = fts.word_tokens(text)
        if not tokens or not statuses or limit <= 0:
            return []
        expressions = [fts.match_all(tokens)]
        if len(tokens) > 1:
            expressions.append(fts.match_any(tokens))
        async with self._db.lock:
            for expression in expressions:
                params = (expression, _statuses(statuses), limit)
                rows = await self._db.fetch(queries.SEARCH_IDS, params)
                if rows:
                    return await self._events_by_ids([row[0] for row in rows])
        return []

    async def topic(
        self,
        text: str,
        *,
        limit: int = 25,
        offset: int = 0,
        statuses: Sequence[Status] = PUBLISHED_ONLY,
    ) -> list[Event]:
        """Every event ``search`` would match, oldest first, skipping ``offset``."""
        if limit <= 0 or not statuses:
            return []
        async with self._db.lock:
            expression = await self._topic_expression(text, statuses)
            if expression is None:
                return []
            params = (expression, _statuses(statuses), limit, max(offset, 0))
            rows = await self._db.fetch(queries.TOPIC_IDS, params)
            return await self._events_by_ids([row[0] for row in rows])

    async def count_topic(
        self, text: str, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int:
        """How many events ``topic`` would return without a limit."""
        if not statuses:
            return 0
        async with self._db.lock:
            expression = await self._topic_expression(text, statuses)
            if expression is None:
                return 0
            rows = await self._db.fetch(queries.COUNT_TOPIC, (expression, _statuses(statuses)))
        return int(rows[0][0])

    async def _topic_expression(self, text: str, statuses: Sequence[Status]) -> str | None:
        """Every word if anything has every word, else any word (as ``search`` does)."""
        tokens = fts.word_tokens(text)
        if not tokens:
            return None
        every = fts.match_all(tokens)
        if len(tokens) == 1:
            return every
        rows = await self._db.fetch(queries.COUNT_TOPIC, (every, _statuses(statuses)))
        return every if int(rows[0][0]) else fts.match_any(tokens)
