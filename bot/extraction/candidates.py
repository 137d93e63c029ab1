"""Candidate events: one per sentence that reports something happening at a resolved date.

For every sentence the tagger's dates are read; dates that are not calendar dates
(durations, sets, weeks, "now"), dates after the publication, dates governed by a
future modal and dates that need a publication date that was not given are set aside
with a reason. Of the dates left, the sentence's main one (the most precise, not in a
subordinate "since/after/until" phrase) makes the candidate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.extraction import cues, places, titles
from bot.extraction.sentences import Sentence
from bot.model import EventDate, Precision, Source, parse_iso
from bot.temporal import Timex

_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T.*)?$")
_EXPLICIT = re.compile(r"\b\d{4}\b|\b\d{1,2}\b")
_SUBORDINATE = re.compile(
    r"\b(?:since|until|till|after|before|following|ahead of|than|as of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "the same month", "that day": the tagger resolves these to the period mentioned last,
# which in an article may be background rather than the event the sentence reports.
_ANAPHORIC = re.compile(
    r"^(?:(?:early|earlier|late|later)\s+)?(?:the\s+same|that|the\s+following|the\s+previous)\b",
    re.I,
)
_RANK = {Precision.DAY: 3, Precision.MONTH: 2, Precision.YEAR: 1}


@dataclass(frozen=True, slots=True)
class Article:
    """What an article brings: its text and, when known, where and when it appeared."""

    text: str
    published: date | None = None
    publisher: str = ""
    title: str = ""
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed event, for a person to review: never stored as is."""

    date: EventDate
    title: str
    summary: str
    place: str
    actors: tuple[str, ...]
    source: Source
    confidence: float
    date_text: str
    sentence_start: int


@dataclass(frozen=True, slots=True)
class SetAside:
    """A date that made no candidate, and why ("after publication", "needs a
    publication date", "future plan")."""

    date_text: str
    reason: str
    sentence_start: int


def event_date(value: str | None) -> EventDate | None:
    """A TIMEX3 DATE/TIME value as a calendar date, or None (weeks, seasons, PAST_REF)."""
    if value is None or (match := _DATE_VALUE.match(value)) is None:
        return None
    year, month, day = match.groups()
    text = "-".join(part for part in (year, month, day) if part)
    try:
        start, precision = parse_iso(text)
    except ValueError:
        return None
    return EventDate(start, precision)


def sentence_candidate(
    article: Article, sentence: Sentence, timexes: list[Timex], aside: list[SetAside]
) -> Candidate | None:
    """The candidate of one sentence, adding every refused date to ``aside``."""
    usable: list[tuple[Timex, EventDate]] = []
    for timex in timexes:
        reason, when = _judge(article, sentence, timex)
        if when is not None:
            usable.append((timex, when))
        elif reason:
            aside.append(SetAside(timex.text, reason, sentence.start))
    if not usable:
        return None
    timex, when = max(usable, key=lambda pair: _main_date_rank(sentence, *pair))
    return _build(article, sentence, timex, when)


def _judge(article: Article, sentence: Sentence, timex: Timex) -> tuple[str, EventDate | None]:
    """Why a date makes no candidate ("" when it is simply not a date), or its date."""
    if timex.type not in ("DATE", "TIME"):
        return "", None
    if timex.value is None:
        return "needs a publication date to resolve", None
    start, end = timex.start - sentence.start, timex.end - sentence.start
    if _ANAPHORIC.match(timex.text):
        return "refers back to an earlier date", None
    when = event_date(timex.value)
    if when is None:
        if timex.value.startswith(("PRESENT", "PAST", "FUTURE")):
            return "", None
        if cues.is_future(sentence.text, start, end) or timex.text.lower().startswith("next"):
            return "a future plan, not a past event", None
        return "a week or season: too vague to date an event", None
    if article.published is not None and when.start > article.published:
        return "after the publication date: a plan, not a past event", None
    if cues.is_future(sentence.text, start, end):
        return "a future plan, not a past event", None
    return "", when


def _main_date_rank(sentence: Sentence, timex: Timex, when: EventDate) -> tuple[int, int, int]:
    local = timex.start - sentence.start
    main = _SUBORDINATE.search(sentence.text[:local]) is None and not (
        cues.in_trailing_attribution(sentence.text, local)
    )
    quoted = cues.enclosing_quote(sentence.text, local, local + len(timex.text)) is None
    return (int(main and quoted), _RANK[when.precision], -local)


def _build(article: Article, sentence: Sentence, timex: Timex, when: EventDate) -> Candidate:
    local = timex.start - sentence.start
    undated = titles.remove_span(sentence.text, local, local + len(timex.text))
    place = places.place_in(titles.strip_dateline(sentence.text))
    explicit = _EXPLICIT.search(timex.text) is not None
    title = titles.title_from(undated)
    return Candidate(
        date=when,
        title=title,
        summary=titles.summary_from(sentence.text),
        place=place,
        actors=places.actors_in(titles.strip_dateline(sentence.text), place),
        source=Source(
            publisher=article.publisher,
            # A source without its article's headline (a pasted text) is named by what
            # it reports, so a citation never reads as an empty title.
            title=article.title or title,
            url=article.url,
            published=article.published,
            quote=sentence.text,
        ),
        confidence=cues.confidence(sentence.text, local, local + len(timex.text),
                                   explicit=explicit),
        date_text=timex.text,
        sentence_start=sentence.start,
    )
