"""Finding events by the words of a question, and knowing when nothing matches.

A question's words play four parts (``bot.wordrules`` sorts them):

- **subjects**, the words the store knows as names of people, places and things (some
  event has them in its place or tags): every one must be in the event's own fields;
- **other content words** ("join", "blast"): when there are subjects, all of them but
  one (none, if there are fewer than three content words in all) must be in the event,
  its source headlines included; without subjects, every one must be in its own fields;
- **kinds** of event ("killed", "shot", "attack"): the event must use a word of each kind
  named;
- glue, question words and ordinals, which never make a match.

A word no event contains is replaced by its closest stored spellings when they are close
enough to take without asking ("suleimani" finds "soleimani"); otherwise nothing matches,
since the question is about something the store does not hold, and the reply offers the
close spellings that would find something ("did you mean"). Spelling candidates come
from the store's vocabulary index, so only a few dozen stored words are ever compared
here, never the events.

``rank`` orders a "when" question's matches: events whose title names the subjects
first, then those that have more of the question's words, then by where they have the
subjects, then day-precise events, then the earliest (later events tend to look back on
the one asked about: "after the Beirut blast", anniversaries, verdicts).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.model import Event, Precision
from bot.ports import EventStore, Mentions, WordQuery
from bot.wordrules import (
    ALIASES,
    KIND_OF,
    KINDS,
    ORDINALS,
    correction_budget,
    fold,
    generic_neighbour,
    is_generic,
    spelling_cost,
    suggestion_budget,
    words,
)

#: At most this many "did you mean" alternatives are offered.
MAX_SUGGESTIONS = 3
#: A "when" question ranks this many of the store's best matches.
CANDIDATES = 20

Group = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Spelling:
    """A stored word close to one the asker wrote, and how close (``spelling_cost``)."""

    word: str
    cost: float
    events: int


@dataclass(frozen=True, slots=True)
class Correction:
    """A word the store does not hold, and the stored spellings searched instead."""

    wrote: str
    meant: Group


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A question, corrected, that does find events: its words, and the events' own
    spelling of each correction ("Soleimani") for the reply."""

    words: tuple[str, ...]
    shown: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Resolved:
    """A question's words sorted by their part, and the ``WordQuery`` they make (None when
    nothing can match: no content word, or one the store does not hold)."""

    query: WordQuery | None
    subjects: tuple[Group, ...] = ()
    others: tuple[Group, ...] = ()
    kinds: tuple[Group, ...] = ()
    ordinals: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    unknown: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = field(default=())


async def resolve(
    store: EventStore, text: str, *, timeline: bool = False, suggest: bool = True
) -> Resolved:
    """Sort ``text``'s words and correct the spellings the store lacks; when one cannot
    be corrected, name it and (with ``suggest``) offer the spellings that would do.

    A timeline of generic words only ("timeline earthquake", "timeline attack") matches
    events tagged with them, since a tag is a curated topic; a "when" question needs a
    content word.
    """
    asked = words(text)
    content = [w for w in asked if not is_generic(w)]
    if not content:
        tagged = tuple((w,) for w in asked if w in KIND_OF or w in ORDINALS)
        if timeline and tagged:
            return Resolved(WordQuery(tagged, tags_only=True))
        return Resolved(None)
    spelt = {w: ALIASES.get(w, (w,)) for w in content}
    named = {u.word: u.named for u in await store.word_uses([s for g in spelt.values() for s in g])}
    missing = [w for w in content if not any(s in named for s in spelt[w])]
    misspelt = {w: g for w in missing if (g := generic_neighbour(w))}
    close = {w: await _spellings(store, w) for w in missing if w not in misspelt}
    taken = {w: _takeable(w, spellings) for w, spellings in close.items()}
    for w in [w for w, group in taken.items() if not group]:
        taken[w] = await _forms(store, w)
    if not all(taken.values()):
        unknown = tuple(w for w, spellings in close.items() if not spellings)
        suggestions = await _suggest(store, asked, close) if suggest else ()
        return Resolved(None, unknown=unknown, suggestions=suggestions)
    for use in await store.word_uses([s for group in taken.values() for s in group]):
        named[use.word] = use.named
    groups = {w: taken.get(w, spelt[w]) for w in content if w not in misspelt}
    if not groups:  # only misspelt generic words ("when was it assasinated")
        return Resolved(None)
    kinds = [KIND_OF[w] for w in (*asked, *misspelt.values()) if w in KIND_OF]
    subject_words = {w for w, group in groups.items() if any(named.get(s) for s in group)}
    for w, group in list(groups.items()):
        # "locked" also finds "lockdown", "elected" "election": the event's own word form.
        # Tags make common nouns subjects too, so they get forms, but only long ones:
        # a short name's stem is too often another word ("raisi", "raised").
        if w not in subject_words or len(w) >= SUBJECT_FORM_MIN:
            groups[w] = tuple(dict.fromkeys((*group, *await _forms(store, w))))
    return _resolved(
        groups,
        subject_words,
        tuple(KINDS[k] for k in dict.fromkeys(kinds)),
        tuple(w for w in asked if w in ORDINALS),
        tuple(Correction(w, group) for w, group in taken.items()),
    )


def _resolved(
    groups: dict[str, Group],
    subject_words: set[str],
    kinds: tuple[Group, ...],
    ordinals: tuple[str, ...],
    corrections: tuple[Correction, ...],
) -> Resolved:
    """With subjects, the other content words may miss one between them (never half);
    without, every content word is required in the event's own fields."""
    subjects = tuple(g for w, g in groups.items() if w in subject_words)
    others = tuple(g for w, g in groups.items() if w not in subject_words)
    spare = 1 if len(groups) >= 3 else 0
    ranking = tuple(s for g in others for s in g) + ordinals
    if subjects:
        query = WordQuery(subjects + kinds, others, len(others) - spare, ranking)
    else:
        query = WordQuery(others + kinds, ranking=ranking)
    return Resolved(query, subjects, others, kinds, ordinals, corrections)


async def _spellings(store: EventStore, word: str) -> list[Spelling]:
    """Stored words within ``suggestion_budget`` of ``word``: closest, then most used."""
    budget = suggestion_budget(word)
    if not budget:
        return []
    found = [
        Spelling(stored.word, spelling_cost(word, stored.word), stored.events)
        for stored in await store.similar_words(word)
        if stored.word != word
    ]
    close = [s for s in found if s.cost <= budget]
    return sorted(close, key=lambda s: (s.cost, -s.events, s.word))


#: Words shorter than this are never read as another form of a stored word.
FORM_MIN = 6
#: ... nor subjects (names, and tagged nouns) shorter than this.
SUBJECT_FORM_MIN = 7


async def _forms(store: EventStore, word: str) -> Group:
    """Other forms of a word the store lacks ("invade": "invasion"; "locked": "lockdown";
    "elected": "election"): stored words sharing all but its last two letters, and at least
    four. Names are rarely inflected, so this finds verbs and nouns, not a different name."""
    if len(word) < FORM_MIN:
        return ()
    stem = word[: max(4, len(word) - 2)]
    return tuple(stored.word for stored in await store.word_forms(stem))


def _takeable(word: str, spellings: list[Spelling]) -> Group:
    """The closest spellings, if they are close enough to search without asking."""
    if not spellings or spellings[0].cost > correction_budget(word):
        return ()
    return tuple(s.word for s in spellings if s.cost == spellings[0].cost)


async def _suggest(
    store: EventStore, asked: list[str], close: dict[str, list[Spelling]]
) -> tuple[Suggestion, ...]:
    """Up to ``MAX_SUGGESTIONS`` corrected questions that find something: the k-th
    closest spelling of each missing word, for k = 0, 1, 2."""
    if not close or not all(close.values()):
        return ()
    suggestions: list[Suggestion] = []
    for rank in range(MAX_SUGGESTIONS):
        choice = {w: s[min(rank, len(s) - 1)].word for w, s in close.items()}
        corrected = tuple(choice.get(w, w) for w in asked)
        if any(s.words == corrected for s in suggestions):
            continue
        again = await resolve(store, " ".join(corrected), suggest=False)
        found = await store.search(again.query, limit=1) if again.query else []
        if found:
            shown = tuple(surface(w, found) for w in choice.values())
            suggestions.append(Suggestion(corrected, shown))
    return tuple(suggestions)


async def rank(store: EventStore, resolved: Resolved, limit: int) -> list[Event]:
    """A "when" question's matches, best first (see the module's description)."""
    if resolved.query is None:
        return []
    candidates = await store.search(resolved.query, limit=CANDIDATES)
    ids = [e.id for e in candidates if e.id is not None]
    groups = [*resolved.subjects, *resolved.others, *resolved.kinds,
              *((o,) for o in resolved.ordinals)]
    found = await store.mentions(ids, groups) if ids else {}

    def key(item: tuple[int, Event]) -> tuple[bool, int, float, bool, str, int]:
        position, event = item
        named, covered, points = _relevance(found.get(event.id or 0, Mentions()), resolved)
        return (not named, -covered, -points, event.date.precision is not Precision.DAY,
                event.date.start.isoformat(), position)

    return [event for _, event in sorted(enumerate(candidates), key=key)[:limit]]


def _relevance(seen: Mentions, resolved: Resolved) -> tuple[bool, int, float]:
    """Three measures, compared in turn: whether the title names at least half of the
    subjects (the event is about them, not merely mentioning them); how many of the
    question's words the event has anywhere, source headlines included (an ordinal only
    counts in the title: "the second time"); and where it has the subjects, the title
    counting most, then place and tags, then the summary, and whether its title names
    the kind of event asked about ("attack")."""
    subjects = [g[0] for g in (resolved.subjects or resolved.others)]
    others = [g[0] for g in resolved.others] if resolved.subjects else []
    anywhere = seen.title | seen.about | seen.summary | seen.sources
    named = sum(w in seen.title for w in subjects) * 2 >= len(subjects)
    covered = sum(w in anywhere for w in subjects + others)
    covered += sum(g[0] in anywhere for g in resolved.kinds)
    covered += sum(w in seen.title for w in resolved.ordinals)
    points = sum(
        3.0 if w in seen.title else 2.0 if w in seen.about else 1.0 if w in seen.summary
        else 0.0
        for w in subjects
    )
    points += sum(1.0 if g[0] in seen.title else 0.0 for g in resolved.kinds)
    return named, covered, points


_TOKEN = re.compile(r"[^\W_]+")


def surface(word: str, events: Sequence[Event]) -> str:
    """How the events themselves write a folded stored word ("Soleimani", not "soleimani")."""
    for event in events:
        for text in (event.title, event.place, event.summary, *event.tags):
            for token in _TOKEN.findall(text):
                if fold(token) == word:
                    return str(token)
    return word


def showing(corrections: Sequence[Correction], events: Sequence[Event]) -> str:
    """The lead's note on corrected spellings, or "" when there were none."""
    parts = [
        f"{' or '.join(surface(m, events) for m in c.meant)} (you wrote {c.wrote})"
        for c in corrections
        if c.meant
    ]
    return f"Showing matches for {', '.join(parts)}. " if parts else ""
