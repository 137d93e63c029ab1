"""What ``dateline db copy`` moves between engines: the tables that hold a newsroom's
data, their columns, and how each column's value is spelt on each engine.

A value crosses in a neutral Python form (``date``, aware ``datetime`` in UTC,
``bool``, JSON as text, ``time``, numbers, text); ``to_neutral`` reads a SQLite
value into it and ``to_sqlite`` writes it back, while asyncpg speaks the neutral
form natively. Tables that triggers derive (search indexes, word and tag counts,
the R*Tree, SQLite's normalised ``sources``) are not copied: inserting the base rows
rebuilds them on the target. The scheduler lease is not data and is not copied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import Enum
from typing import Any


class Kind(Enum):
    PLAIN = "plain"      # integers, reals and text: the same on both engines
    DATE = "date"        # SQLite: YYYY-MM-DD text
    INSTANT = "instant"  # SQLite: ISO 8601 text in UTC
    BOOL = "bool"        # SQLite: 0 or 1
    JSON = "json"        # SQLite: JSON text; PostgreSQL: jsonb
    TIME = "time"        # SQLite: HH:MM text


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind = Kind.PLAIN
    sqlite_name: str | None = None  # where SQLite calls it something else

    @property
    def in_sqlite(self) -> str:
        return self.sqlite_name or self.name


@dataclass(frozen=True, slots=True)
class Table:
    """A table copied row by row; ``key`` is its primary key (a rerun skips rows whose
    key is there already), ``identity`` the column whose numbers must never be reused."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    identity: str | None = None


def _cols(spec: str, **kinds: Kind) -> tuple[Column, ...]:
    return tuple(Column(name, kinds.get(name, Kind.PLAIN)) for name in spec.split())


_D, _I, _B, _J, _T = Kind.DATE, Kind.INSTANT, Kind.BOOL, Kind.JSON, Kind.TIME

TABLES: tuple[Table, ...] = (
    Table("meta", _cols("key value"), ("key",)),
    Table(
        "events",
        (*_cols("id start end last_day precision year month day title summary place "
                "tags_text sources_text", start=_D, end=_D, last_day=_D),
         Column("sources", Kind.JSON, "sources_json"),
         *_cols("status created_by created_at updated_by updated_at version merged_into",
                created_at=_I, updated_at=_I)),
        ("id",), "id",
    ),
    Table("event_tags", _cols("event_id position tag tag_key status"), ("event_id", "position")),
    Table("changes", _cols("id event_id actor at action detail state_before state_after "
                           "operation", at=_I, state_before=_J, state_after=_J),
          ("id",), "id"),
    Table("subscriptions", _cols(
        "id platform channel tz post_at digest alerts milestones lead_days tags "
        "weekend_friday post_empty paused checked_until failing version removed_at "
        "created_by created_at updated_by updated_at",
        post_at=_T, digest=_B, alerts=_B, milestones=_J, lead_days=_J, tags=_J,
        weekend_friday=_B, post_empty=_B, checked_until=_I, removed_at=_I, created_at=_I,
        updated_at=_I), ("id",), "id"),
    Table("deliveries", _cols(
        "subscription_id occasion due_at state attempts next_attempt_at owner message_id "
        "posted_at late deduplicated reason created_at",
        due_at=_I, next_attempt_at=_I, posted_at=_I, late=_B, deduplicated=_B,
        created_at=_I), ("subscription_id", "occasion")),
    Table("delivery_failures", _cols("id subscription_id occasion at error", at=_I),
          ("id",), "id"),
    Table("space_zones", _cols("platform space tz set_by set_at", set_at=_I),
          ("platform", "space")),
    Table("candidates", _cols(
        "id article_hash article_url publisher article_title published quote start end "
        "precision date_text title summary place actors confidence matched_event status "
        "event_id created_by created_at decided_by decided_at",
        published=_D, start=_D, end=_D, created_at=_I, decided_at=_I), ("id",), "id"),
    Table("feeds", _cols(
        "id url added_by added_at auto_publish next_poll_at last_poll_at failures "
        "last_error paused", added_at=_I, next_poll_at=_I, last_poll_at=_I, paused=_B),
        ("id",), "id"),
    Table("feed_items", _cols("feed_id item_key content_hash seen_at", seen_at=_I),
          ("feed_id", "item_key", "content_hash")),
)


def to_neutral(kind: Kind, value: Any) -> Any:
    """A SQLite value in the neutral form."""
    if value is None or kind is Kind.PLAIN:
        return value
    if kind is Kind.DATE:
        return date.fromisoformat(value)
    if kind is Kind.INSTANT:
        return datetime.fromisoformat(value).astimezone(UTC)
    if kind is Kind.BOOL:
        return bool(value)
    if kind is Kind.TIME:
        return time.fromisoformat(value)
    return str(value)  # JSON stays text


def to_sqlite(kind: Kind, value: Any) -> Any:
    """A neutral value as SQLite stores it (as ``storage.rows`` and the stores write it)."""
    if value is None or kind is Kind.PLAIN:
        return value
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.INSTANT:
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if kind is Kind.BOOL:
        return int(bool(value))
    if kind is Kind.TIME:
        return f"{value:%H:%M}"
    return compact_json(value)


def compact_json(text: str) -> str:
    """JSON text as SQLite's stores write it: no spaces, characters unescaped. jsonb hands
    back its own spelling (``[1, 2]``), which would make a copied row differ in bytes."""
    return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
