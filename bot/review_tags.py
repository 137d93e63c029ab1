"""The event an approved review candidate becomes, with the tags it is published under.

Extraction finds a candidate's place and actors from capitalisation alone
(``bot.extraction.places``), which is noisy: a common noun opening a sentence
("Rescue teams …", "Inflation rose …") is capitalised too, and people come with their
titles ("Health Minister Carla Ortiz"). The tags keep what is reliably a name:

- each part of the place ("Baghdad International Airport, Iraq" gives both parts);
- each actor, split at "and" ("Israel and Hamas"), without a leading title ("Health
  Minister Carla Ortiz" is tagged "carla ortiz");
- but not a single word that only opens the sentence or a clause, unless it is an
  acronym ("NATO said …" is a name; "Troops fired …" is not);
- and never the publisher: a news agency named in its own copy, or a feed's title,
  says who reported the event, not what happened.

Tags are lower-cased, as moderators' tags are (``bot.moderation_fields.tag_list``), each
once, at most ``MAX_TAGS``. Both stores publish a candidate through ``published_event``,
so an event looks the same whichever store approved it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.extraction.titles import strip_dateline
from bot.model import Event, Source, Status
from bot.review_port import NewCandidate

MAX_TAGS = 8
_LONGEST_TAG = 40
_PARTS = re.compile(r"\s*(?:[,;/]|\band\b|&)\s*")
_WORD = re.compile(r"[\w’'.-]+")
# Words that name a role rather than the person holding it, dropped from the front of
# an actor ("President Emmanuel Macron", "Challenger Ana Ribeiro").
# fmt: off
_ROLES = frozenset(
    """president vice prime minister chancellor king queen prince princess pope
    secretary senator sen rep representative gov governor mayor general gen col lt sgt
    capt admiral adm judge justice chief director spokesman spokeswoman spokesperson
    challenger incumbent leader chairman chairwoman chair ceo coach captain mr mrs ms dr
    prof sir lord lady foreign defence defense interior finance health home
    economy trade energy education deputy acting former opposition police army
    officials official one two three four five six seven eight nine ten""".split()
)
# fmt: on
# Where a sentence or clause opens: a capital there is no evidence of a name.
_OPENING = re.compile(r"(?:^|[,;:(\"“‘]\s*|[.!?]\s+|\s[—–-]\s+)$")


def published_event(new: NewCandidate) -> Event:
    """The published event a candidate becomes on approval, its article as the source."""
    return Event(new.date, new.title, new.summary, new.place, candidate_tags(new),
                 Status.PUBLISHED, (new.source,))


def candidate_tags(new: NewCandidate) -> tuple[str, ...]:
    """The tags for ``new``: its place's parts and its named actors (see the module)."""
    sentence = strip_dateline(new.source.quote or "")
    publisher = _publisher_names(new.source)
    tags: dict[str, None] = {}
    places = _parts(new.place)
    actors = [part for actor in new.actors for part in _parts(actor)]
    for name, from_place in [*((p, True) for p in places), *((a, False) for a in actors)]:
        tag = _tag(name, sentence, from_place=from_place)
        if tag and not _is_publisher(tag, publisher):
            tags.setdefault(tag, None)
    return tuple(tags)[:MAX_TAGS]


def _parts(text: str) -> list[str]:
    return [part.strip(" .") for part in _PARTS.split(text) if part.strip(" .")]


def _tag(name: str, sentence: str, *, from_place: bool) -> str:
    """``name`` as a tag, or "" when it is not reliably a name."""
    words = _WORD.findall(name)
    while len(words) > 1 and words[0].lower().rstrip(".") in _ROLES:
        words = words[1:]  # "Health Minister Carla Ortiz" -> "Carla Ortiz"
    if not words or (len(words) == 1 and words[0].lower().rstrip(".") in _ROLES):
        return ""
    if len(words) == 1 and not from_place and _only_opening(words[0], sentence):
        return ""
    tag = " ".join(words).lower()
    if len(tag) < 2 or len(tag) > _LONGEST_TAG or not any(c.isalpha() for c in tag):
        return ""
    return tag


def _only_opening(word: str, sentence: str) -> bool:
    """Whether ``word`` (not an acronym) is capitalised only where a sentence or clause
    opens, so its capital proves nothing."""
    if word.isupper() and len(word) > 1:
        return False
    pattern = re.compile(rf"(?<![\w’'-]){re.escape(word)}(?![\w’'-])")
    starts = [m.start() for m in pattern.finditer(sentence)]
    return not starts or all(_OPENING.search(sentence, 0, s) for s in starts)


def _publisher_names(source: Source) -> tuple[frozenset[str], str]:
    """The publisher's significant words (with the URL's site name) and initials."""
    words = [w.lower() for w in _WORD.findall(source.publisher) if w.lower() != "the"]
    if source.url:
        host = (urlsplit(source.url).hostname or "").removeprefix("www.")
        words.extend(part for part in host.split(".")[:-1] if len(part) > 2)
    initials = "".join(w[0] for w in _WORD.findall(source.publisher)
                       if w[:1].isupper() and w.lower() != "the")
    return frozenset(words), initials.lower() if len(initials) > 1 else ""


def _is_publisher(tag: str, publisher: tuple[frozenset[str], str]) -> bool:
    words, initials = publisher
    tag_words = set(tag.split())
    return bool(words) and (tag_words <= words or tag == initials)
