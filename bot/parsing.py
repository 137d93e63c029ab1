"""Turning a chat question into a typed ``Query``.

``parse`` is pure: the asker's local date comes in as ``today`` and the clock is never
read. Dates are read by the temporal tagger (``bot.question_dates``), the same stack
that reads articles; this module recognises the question's shape ("when", timelines,
upcoming anniversaries, help) and says which words of a date question it left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from bot.queries import (
    PERIOD_QUERIES,
    HelpQuery,
    InvalidQuery,
    NotUnderstood,
    PeriodQuery,
    Query,
    TimelineQuery,
    WhenQuery,
)
from bot.question_dates import NumericOrder, Used, read
from bot.question_periods import OUTSIDE_CALENDAR
from bot.upcoming_phrases import MAX_UPCOMING_DAYS, parse_upcoming

MAX_TEXT = 500
MAX_YEAR = 9999

STOPWORDS = frozenset(
    (
        "a an the of on in at by to for from with was were is are be been did does do done "
        "has have had will would could should happen happened happening take took place "
        "what which when where who whom why how date day it its there that this those these "
        "me you tell know please about any ever first"
    ).split()
)

# Words a date question may hold besides its dates without asking anything more.
_FILLER = STOPWORDS | frozenset(
    (
        "events event news anything something everything all happening show list give us "
        "recorded record records history stories story going around during between and or "
        "since before after until till up onwards on then also else there's what's whats "
        "dateline ask onthisday i we can could see look looking find like want need there "
        "else major big important key notable nothing our your"
    ).split()
)

# Invisible characters that change no word but would break a match ("7\u200bJanuary").
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_FOLD = str.maketrans("’‘‚‛“”„‟–—―−,", "''''\"\"\"\"---- ")


@dataclass(frozen=True, slots=True)
class ParseSettings:
    """Per-newsroom parsing choices."""

    numeric_order: NumericOrder | None = None


def normalise(text: str) -> str:
    """NFKC, invisible characters dropped, lower case, quotes and dashes folded, mentions
    and closing punctuation removed."""
    text = unicodedata.normalize("NFKC", text[: MAX_TEXT * 2])
    text = _INVISIBLE.sub("", text)[:MAX_TEXT].lower()
    text = re.sub(r"<[@#!][^>]*>", " ", text)
    text = text.translate(_FOLD)
    text = re.sub(r"^\s*(?:@?dateline\b:?|/)\s*", "", text)
    text = re.sub(r"(\d)\s*-\s*(\d)", r"\1-\2", text)
    text = re.sub(r"(?<=\w)\s+-\s+(?=\w)", " - ", text)
    text = re.sub(r"[?!;]+", " ", text)
    text = re.sub(r"\.(?=\s|$)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def parse(text: str, today: date, settings: ParseSettings = ParseSettings()) -> Query:
    """Parse one question. Never raises; unknown text becomes ``NotUnderstood``."""
    clean = normalise(text)
    if not clean or re.fullmatch(r"(?:help|commands|\?|what can you do|how does this work)", clean):
        return HelpQuery()
    for recogniser in (_anniversary_of, parse_upcoming, _timeline, _elapsed, _when):
        query = recogniser(clean, today)
        if query is not None:
            return query
    query = parse_period(clean, today, settings)
    if query is not None:
        return query
    return NotUnderstood(text.strip()[:MAX_TEXT])


def parse_period(
    clean: str, today: date, settings: ParseSettings = ParseSettings()
) -> Query | None:
    """A date, month, year, range or relative day in already-normalised text, with the
    words it did not use listed as ignored."""
    reading = read(clean, today, settings.numeric_order)
    query = reading.query
    year = getattr(query, "year", None)
    if isinstance(year, int) and not 1 <= year <= MAX_YEAR:
        return InvalidQuery(OUTSIDE_CALENDAR)
    if not isinstance(query, PERIOD_QUERIES):
        return query
    left_out = ignored_words(reading.text, reading.used, reading.others)
    return replace(query, ignored=left_out) if left_out else query


def ignored_words(text: str, used: Used, others: Used | None = None) -> tuple[str, ...]:
    """Dates in ``others`` as written, then the words outside every span that are neither
    question words nor filler."""
    others = others or []
    kept = list(text)
    phrases = [" ".join(text[start:end].split()) for start, end in others]
    for start, end in [*used, *others]:
        kept[max(start, 0) : end] = " " * (end - max(start, 0))
    words = [w.strip("'-") for w in re.findall(r"[\w'-]+", "".join(kept))]
    return tuple(dict.fromkeys([*phrases, *(w for w in words if w and w not in _FILLER)]))


_TIMELINE = re.compile(
    r"^(?:show |give |get )?(?:me )?(?:a |the )?timeline"
    r"(?: of| for| on| about)?(?: the)? (?P<a>.+)$"
    r"|^(?:the )?(?P<b>.+?) timeline$"
)


def _timeline(clean: str, today: date) -> Query | None:
    match = _TIMELINE.match(clean)
    if match is None:
        return None
    topic = (match.group("a") or match.group("b") or "").strip()
    return TimelineQuery(topic) if topic else None


_WHEN = re.compile(
    r"(?:^|\b)(?:when|what date|what day|which day|which year|what year)\b(?P<rest>.*)$"
)
_ELAPSED = re.compile(
    r"^(?:how long ago (?:was|were|did|is|has)?|how many (?:years|months|days|weeks) "
    r"(?:ago (?:was|were|did)?|(?:has it been |is it |have passed )?since)"
    r"|how long (?:has it been |is it )?since|how old is)\b(?P<rest>.*)$"
)


_ANNIVERSARY_OF = re.compile(
    r"\b(?:\w+ )?anniversary (?:of|for) (?:the )?(?P<rest>.+)$"
)


def _anniversary_of(clean: str, today: date) -> Query | None:
    """ "when is the anniversary of the Capitol riot?": a question about one event's date
    (and how long ago it was), not about anniversaries coming up."""
    match = _ANNIVERSARY_OF.search(clean)
    if match is None:
        return None
    words = keywords(match.group("rest"))
    return WhenQuery(" ".join(words), elapsed=True) if words else None


def _elapsed(clean: str, today: date) -> Query | None:
    """ "how long ago was Soleimani killed?", "how many years since the Beirut blast?"."""
    match = _ELAPSED.match(clean)
    if match is None:
        return None
    words = keywords(match.group("rest"))
    return WhenQuery(" ".join(words), elapsed=True) if words else None


def _when(clean: str, today: date) -> Query | None:
    match = _WHEN.search(clean)
    if match is None:
        return None
    words = keywords(match.group("rest"))
    return WhenQuery(" ".join(words)) if words else None


def keywords(text: str) -> list[str]:
    """The content words of a question, for full-text search."""
    return [w for w in re.findall(r"[\w'-]+", text.lower()) if w not in STOPWORDS][:12]


__all__ = [
    "MAX_UPCOMING_DAYS",
    "NumericOrder",
    "ParseSettings",
    "PeriodQuery",
    "keywords",
    "normalise",
    "parse",
    "parse_period",
]
