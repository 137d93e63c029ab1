"""The core's ports: the small interfaces it needs from the outside world.

Storage implements ``EventStore`` (and ``bot.reminders.store.ReminderStore``);
adapters implement ``Publisher``; the composition root supplies a ``Clock``.
Tests use the real store on a temporary database and tiny fakes of the clock
and publisher.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from bot.messages import FileIn, FileOut, Reply
from bot.model import Change, Event, EventRef, Precision, Status
from bot.transfer_report import ImportReport

PUBLISHED_ONLY: tuple[Status, ...] = (Status.PUBLISHED,)


@dataclass(frozen=True, slots=True)
class WordQuery:
    """What to find events by, as the core decided it (``bot.matching``).

    Each group in ``required`` must match an event's own fields (title, summary, place
    and tags; with ``tags_only``, its tags) through at least one of its spellings (a
    spelling may be a phrase, "united kingdom"). At least ``also_needed`` of the ``also``
    groups must match too, in the event's own fields or its source headlines. ``ranking``
    words never make a match: they only order the matches. So a source headline alone
    never makes an event match.
    """

    required: tuple[tuple[str, ...], ...]
    also: tuple[tuple[str, ...], ...] = ()
    also_needed: int = 0
    ranking: tuple[str, ...] = ()
    tags_only: bool = False


@dataclass(frozen=True, slots=True)
class StoredWord:
    """A word of the store's vocabulary and how many published events use it."""

    word: str
    events: int


@dataclass(frozen=True, slots=True)
class WordUse:
    """A word some event's own fields contain; ``named`` when some event's place or tags
    do: the store knows it as the name of a person, place or thing."""

    word: str
    named: bool


@dataclass(frozen=True, slots=True)
class Mentions:
    """Where one event mentions each of some groups of spellings (each group named by its
    first spelling): in its title, its place or tags, its summary, its source headlines."""

    title: frozenset[str] = frozenset()
    about: frozenset[str] = frozenset()
    summary: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of the events that answer a date question, with how many answer in all
    and the start dates of the first and last of them in the answer's order (None when
    none answer). A page past the end has no events and the true total."""

    events: list[Event]
    total: int
    first: date | None
    last: date | None


@dataclass(frozen=True, slots=True)
class Written:
    """What a write saved: the events as stored now, and the id of each one's audit
    entry, in the same order."""

    events: tuple[Event, ...]
    entries: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class TagUse:
    """A tag and how many published events carry it."""

    tag: str
    events: int


class EventStore(Protocol):
    """Reads and writes dated events. Every method is a few indexed lookups or one write."""

    async def on_month_days(
        self,
        month_days: Sequence[tuple[int, int]],
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 200,
        offset: int = 0,
    ) -> list[Event]:
        """Day-precision events starting on any (month, day) pair, any year, oldest first,
        skipping the first ``offset``."""
        ...

    async def count_on_month_days(
        self, month_days: Sequence[tuple[int, int]], statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int: ...

    async def on_month_days_page(
        self,
        month_days: Sequence[tuple[int, int]],
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 25,
        offset: int = 0,
    ) -> EventPage:
        """The page ``on_month_days`` would return, with its total and first and last
        dates, read at once (one query for one (month, day))."""
        ...

    async def in_period(
        self,
        start: date,
        end: date,
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 200,
        offset: int = 0,
        newest_first: bool = False,
    ) -> list[Event]:
        """The events that answer a question about ``start..end``, oldest first (or newest
        first with ``newest_first``): day-precision
        events that overlap it, and coarser ones ("October 2019") only when it covers them
        whole. The rule is applied before the limit, so pages and counts are true."""
        ...

    async def count_in_period(
        self, start: date, end: date, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int:
        """How many events ``in_period`` would return without a limit."""
        ...

    async def in_period_page(
        self,
        start: date,
        end: date,
        statuses: Sequence[Status] = PUBLISHED_ONLY,
        *,
        limit: int = 25,
        offset: int = 0,
        newest_first: bool = False,
    ) -> EventPage:
        """The page ``in_period`` would return, with its total and first and last dates,
        in one query."""
        ...

    async def search(
        self, words: WordQuery, limit: int = 20, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> list[Event]:
        """The events ``topic`` would list, best first: events whose title names every
        required group first, then by relevance, an event's own fields weighing more than
        its source headlines and the ranking words counting too. At most ``limit``."""
        ...

    async def topic(
        self,
        words: WordQuery,
        *,
        limit: int = 25,
        offset: int = 0,
        statuses: Sequence[Status] = PUBLISHED_ONLY,
    ) -> list[Event]:
        """Every event whose own fields match each required group of ``words``, oldest
        first, skipping ``offset``. Source headlines and ranking words never make a match."""
        ...

    async def count_topic(
        self, words: WordQuery, statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> int:
        """How many events ``topic`` would return without a limit."""
        ...

    async def word_uses(
        self, words: Sequence[str], statuses: Sequence[Status] = PUBLISHED_ONLY
    ) -> list[WordUse]:
        """Those of ``words`` that some event's own fields contain, matched as ``topic``
        matches them (stemmed: "killing" finds "killed"), in the order given."""
        ...

    async def mentions(
        self, event_ids: Sequence[int], groups: Sequence[Sequence[str]]
    ) -> dict[int, Mentions]:
        """Where each of ``event_ids`` mentions each group of spellings; an event that
        mentions none is left out."""
        ...

    async def word_forms(self, stem: str, limit: int = 12) -> list[StoredWord]:
        """Words of published events' own fields that begin with ``stem`` ("lock" finds
        "lockdown", "locked"): other forms of a word the store does not hold, most used
        first."""
        ...

    async def similar_words(self, word: str, limit: int = 40) -> list[StoredWord]:
        """Words of published events' own fields that share letter triples with ``word``,
        the most alike first: the candidates for a close spelling. Folded (lower case,
        no diacritics) but not stemmed."""
        ...

    async def nearest_month_days(
        self, month: int, day: int, limit: int = 3
    ) -> list[tuple[int, int]]:
        """The (month, day) pairs closest to the given one that have day-precision events."""
        ...

    async def nearest_dates(self, day: date, limit: int = 3) -> list[date]:
        """The calendar dates closest to ``day`` that have day-precision events."""
        ...

    async def years_with_month(self, month: int, near: int, limit: int = 3) -> list[int]:
        """Other years with day- or month-precision events in ``month``, nearest first."""
        ...

    async def nearest_years(self, year: int, limit: int = 3) -> list[int]:
        """Other years with events of any precision, nearest to ``year`` first."""
        ...

    async def recurring(
        self,
        month_days: Sequence[tuple[int, int]],
        *,
        before: date,
        precision: Precision = Precision.DAY,
        tags: Sequence[str] = (),
        limit: int = 200,
        offset: int = 0,
    ) -> list[Event]:
        """Published events of ``precision`` whose start falls on one of the (month, day)
        pairs in any year, strictly before ``before``; oldest first, skipping ``offset``.
        Month-precision events start on day 1 of their month."""
        ...

    async def count_recurring(
        self,
        month_days: Sequence[tuple[int, int]],
        *,
        before: date,
        precision: Precision = Precision.DAY,
        tags: Sequence[str] = (),
    ) -> int:
        """How many events ``recurring`` would return without a limit."""
        ...

    async def refs_on_dates(self, days: Sequence[date]) -> list[EventRef]:
        """Every published day-precision event starting exactly on one of ``days``, as
        references (no text), oldest first. Planning many alerts at once reads these."""
        ...

    async def refs_recurring(
        self,
        month_days: Sequence[tuple[int, int]],
        *,
        before: date,
        precision: Precision = Precision.DAY,
    ) -> list[EventRef]:
        """Every published event ``recurring`` would return, as references, without a
        limit: what a day's digests for any tag filter have to go on."""
        ...

    async def get(self, event_id: int) -> Event | None: ...

    async def add(self, event: Event, actor: str, at: datetime) -> Event:
        """Store a new event and record who created it; returns it with its id."""
        ...

    async def update(self, event: Event, actor: str, at: datetime, action: str = "edit") -> Event:
        """Replace an existing event and record the change. ``event.version`` must be the
        stored version: an update based on an older read raises ``ConflictError`` and
        writes nothing."""
        ...

    async def update_many(
        self, events: Sequence[Event], actor: str, at: datetime, action: str,
        details: Sequence[str] = (),
    ) -> Written:
        """Replace several events at once, all or none, each based on the version it
        carries (else ``ConflictError``, nothing written). Each gets an audit entry with
        its state before and after (``details[i]`` says what happened to ``events[i]``),
        and entries written together form one operation, which undo reverts whole."""
        ...

    async def changes(
        self, event_id: int | None = None, limit: int = 20, *, offset: int = 0,
        actor: str | None = None, since: datetime | None = None, states: bool = True,
    ) -> list[Change]:
        """Audit entries, newest first: one event's history, one actor's entries
        (``platform:user_id``), those since a moment, or the whole log (at most one
        filter); skipping ``offset``. Without ``states`` the
        entries' before and after are not read (cheaper, for a reader of who and when)."""
        ...

    async def count_changes(
        self, event_id: int | None = None, *, actor: str | None = None,
        since: datetime | None = None,
    ) -> int:
        """How many audit entries ``changes`` with the same filter would list."""
        ...

    async def change(self, entry_id: int) -> Change | None:
        """One audit entry by its id."""
        ...

    async def operation(self, entry_id: int) -> list[Change]:
        """Every entry of the operation entry ``entry_id`` belongs to (itself alone when
        it stands alone), oldest first; empty if there is no such entry."""
        ...

    async def tag_uses(self, limit: int = 25, offset: int = 0) -> list[TagUse]:
        """Tags of published events, most used first."""
        ...

    async def count_tags(self) -> int:
        """How many distinct tags ``tag_uses`` lists in all."""
        ...

    async def tagged(self, tag: str) -> list[Event]:
        """Every event carrying ``tag`` (any case), whatever its status but retracted."""
        ...

    async def topics(self, prefix: str = "", limit: int = 25) -> list[str]:
        """Tags that start with ``prefix``, most used first, for autocomplete."""
        ...

    async def count(self) -> int: ...

    async def import_events(self, events: Sequence[Event], actor: str, at: datetime) -> int:
        """Add many events in one transaction; returns how many were added."""
        ...


class Clock(Protocol):
    """The source of "now" for scheduled work. ``bot/`` never reads the system clock."""

    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...

    async def sleep_until(self, when: datetime) -> None:
        """Return at ``when`` or soon after (callers re-read ``now()`` afterwards)."""
        ...


@dataclass(frozen=True, slots=True)
class Posted:
    """What a publisher reports after a post: the platform's id for its first message,
    and whether the platform already held the post (a retry after a crash that the
    platform's idempotency, not a second message, answered)."""

    message_id: str
    deduplicated: bool = False


class Publisher(Protocol):
    """Posts a scheduled reply into a channel, at most once per ``key``.

    ``key`` names the occasion (``digest:2026-01-03``); it is what makes a repeated
    post recognisable to the platform (a Discord nonce, Slack message metadata).
    ``retry`` is true when an earlier attempt for the same key may have reached the
    platform, so the publisher must check before posting again. A publisher makes
    exactly one attempt: it never retries by itself (the scheduler is the one retry
    layer) and reports failures as ``DeliveryFailed`` or ``ChannelUnavailable``.
    """

    async def publish(self, channel: str, reply: Reply, *, key: str, retry: bool = False) -> Posted:
        ...


class Transfers(Protocol):
    """Turns the store into a file of a format, and a file into stored events (the
    ``export`` and ``import`` commands). Formats are named as ``bot.transfer_report``
    names them. A file that cannot be read as its format raises ``UserError``."""

    async def export(self, format: str) -> FileOut:
        """The whole store as one file of ``format`` (at most ``MAX_FILE_BYTES``, else
        ``UserError``)."""
        ...

    async def import_file(
        self, file: FileIn, format: str | None, *, skip_bad: bool, dry_run: bool,
        actor: str, at: datetime,
    ) -> ImportReport:
        """Check the whole file (its format told from it when ``format`` is None); with
        bad rows import nothing unless ``skip_bad``; leave out duplicates; write the rest
        as ``actor`` (audited per event) unless ``dry_run``."""
        ...
