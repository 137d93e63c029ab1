"""Dedupe: the existing event a candidate reports, if any, so that a second article about
the same happening adds a source to it instead of a second event.

A candidate matches a published event when their dates are compatible (the store's own
rule for a date question: ``in_period`` over the candidate's date gives the events on
that day, or within that month or year) and the event mentions enough of the
candidate's content words (its title, summary, place and people) in its own fields,
matched as a "when" question matches them: through the store's stemmed full-text index
(``EventStore.mentions``), glue and generic news words left out (``bot.wordrules``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.model import Event
from bot.ports import EventStore, Mentions
from bot.review_port import NewCandidate
from bot.wordrules import fold, is_generic

#: A match needs at least this many shared content words ...
MIN_SHARED = 3
#: ... and at least this share of the candidate's content words. Two reports of one
#: happening share its names and its what (five of eight words in the tests' articles);
#: two happenings of one day share a country or two.
MIN_SHARE = 0.3
#: At most this many content words are compared (the index's cap on one expression).
MAX_WORDS = 24
#: At most this many events on the candidate's dates are compared.
MAX_EVENTS = 50

_WORD = re.compile(r"[^\W_]+")
# The date matched already: its words say nothing more about the happening.
_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday"
    " friday saturday sunday today yesterday later earlier week month".split()
)


def content_words(candidate: NewCandidate) -> list[str]:
    """The candidate's distinctive words, folded, in order: names, places, things."""
    text = " ".join((candidate.title, candidate.place, *candidate.actors, candidate.summary))
    found = dict.fromkeys(
        word for word in _WORD.findall(fold(text))
        if not is_generic(word) and not word.isdigit() and word not in _DATE_WORDS
    )
    return list(found)[:MAX_WORDS]


async def find_match(store: EventStore, candidate: NewCandidate) -> int | None:
    """The number of the published event ``candidate`` reports, or None."""
    day = candidate.date
    events = await store.in_period(day.start, day.last_day, limit=MAX_EVENTS)
    ids = [event.id for event in events if event.id is not None]
    words = content_words(candidate)
    if not ids or not words:
        return None
    seen = await store.mentions(ids, [(word,) for word in words])
    return best(events, seen, len(words))


def best(events: Sequence[Event], seen: dict[int, Mentions], words: int) -> int | None:
    """The event sharing the most words, if it shares enough (``MIN_SHARED``,
    ``MIN_SHARE``); the earliest wins a tie."""
    scored = [(shared(seen.get(e.id)), e.id) for e in events if e.id is not None]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    if not scored:
        return None
    count, number = scored[0]
    return number if count >= MIN_SHARED and count >= MIN_SHARE * words else None


def shared(mentions: Mentions | None) -> int:
    """How many of the words an event has in its own fields (not its source headlines)."""
    if mentions is None:
        return 0
    return len(mentions.title | mentions.about | mentions.summary)
