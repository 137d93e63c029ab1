"""Ranges and open ends between tagged dates: what questions need beyond single dates.

``tag`` finds single expressions, as TimeML annotates them. A question also joins them:
"between 3 and 8 January 2020", "from 28 December 2019 to 8 January 2020", "2009-2010",
"January 3-8, 2020", "from March to May" are one period each, and "before 2020", "since
7 January 2020" or "from 3 January 2020 onwards" are open at one end. ``spans`` and
``bounds`` find those over the output of ``tag``; the article tagger and its benchmark
are unchanged by them.

A range end written as a bare day ("3" in "3-8 January 2020") comes back as a Timex
whose text is completed from the other end ("3 January 2020"), so a reader treats both
ends alike.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Literal

from bot.temporal.lexicon import ORDINALS
from bot.temporal.resolve_explicit import day_number
from bot.temporal.timex import Timex

Direction = Literal["before", "after"]

_ORD = "|".join(sorted((re.escape(k) for k in ORDINALS if not k[0].isdigit()), key=len,
                       reverse=True))
_BARE_DAY = rf"(?:the\s+)?(?P<d>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?|{_ORD})"
_JOIN = r"\s*(?:-|to|and|until|till|through|thru)\s*(?:the\s+)?"
_LEAD = re.compile(r"(?:\b(?:between|from)\s+)?$")
_JOINED = re.compile(rf"^{_JOIN}$")
_BARE_BEFORE = re.compile(rf"(?:\b(?P<lead>between|from)\s+)?\b{_BARE_DAY}{_JOIN}$")
_DAY_AFTER = re.compile(  # used with .match(text, pos), which anchors at pos
    r"\s*(?:-|to|until|through|thru|till)\s*(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(?P<y>1[6-9]\d\d|20\d\d)\b)?"
)
_YEARS = re.compile(
    r"(?<![\w.-])(?:(?P<lead>between|from)\s+)?(?P<a>1[6-9]\d\d|20\d\d)"
    r"\s*(?:-|/|to|and|until|through)\s*(?P<b>1[6-9]\d\d|20\d\d|\d\d)(?![\w.-])"
)
_DAY_VALUE = re.compile(r"^(?P<ym>\d{4}-\d\d)-\d\d$")
_OPENING_DAY = re.compile(rf"^{_BARE_DAY}\s", re.IGNORECASE)

_BEFORE = re.compile(
    r"\b(?P<w>before|prior\s+to|earlier\s+than|until|till|up\s+(?:to|until)|through)"
    r"(?:\s+(?:the\s+)?(?:end\s+of\s+)?)?\s*$"
)
_AFTER = re.compile(
    r"\b(?P<w>after|since|later\s+than|starting(?:\s+(?:in|on|from))?|as\s+of)"
    r"(?:\s+(?:on|in))?\s*$"
)
_ONWARDS = re.compile(
    r"\s*(?P<w>on(?:wards?)?|forwards?|and\s+(?:later|after)|or\s+later"
    r"|and\s+(?:earlier|before)|or\s+earlier)\b"
)
# A bare "from 2019" ("news from 2019") names the period itself; only "from … onwards"
# (or "… and later") opens it.
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$")
_INCLUSIVE = frozenset({"until", "till", "up to", "up until", "through", "since",
                        "as of", "starting", "starting in", "starting on", "starting from"})


@dataclass(frozen=True, slots=True)
class Span:
    """Two dates the text joins into one period; ``start``/``end`` cover the whole phrase."""

    start: int
    end: int
    left: Timex
    right: Timex


@dataclass(frozen=True, slots=True)
class Bound:
    """A date with an open side: "before 2020" (``before``), "since 2020" (``after``)."""

    start: int
    end: int
    timex: Timex
    direction: Direction
    inclusive: bool


def spans(text: str, timexes: list[Timex]) -> list[Span]:
    """Every range in ``text``, left to right, none overlapping."""
    found = [*_year_spans(text), *_tagged_spans(text, timexes)]
    found.sort(key=lambda s: (s.start, s.start - s.end))
    kept: list[Span] = []
    for span in found:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _tagged_spans(text: str, timexes: list[Timex]) -> list[Span]:
    out: list[Span] = []
    for i, right in enumerate(timexes):
        left = timexes[i - 1] if i else None
        span = _joined(text, left, right) if left is not None else None
        span = span or _bare_left(text, right)
        if span is not None:
            out.append(span)
        if (span := _bare_right(text, right)) is not None:
            out.append(span)
    return out


def _joined(text: str, left: Timex, right: Timex) -> Span | None:
    between = text[left.end : right.start]
    if not _JOINED.match(between):
        return None
    lead = _LEAD.search(text, 0, left.start)
    has_lead = lead is not None and lead.group(0) != ""
    if between.strip().startswith("and") and not has_lead:
        return None  # "3 January and 7 January" lists two days; "between … and …" spans
    start = lead.start() if lead is not None and has_lead else left.start
    return Span(start, right.end, left, right)


def _bare_left(text: str, right: Timex) -> Span | None:
    """ "3-8 January 2020", "between the 3rd and 8th of January": the left end is a day."""
    match = _BARE_BEFORE.search(text, 0, right.start)
    if match is None or _OPENING_DAY.match(right.text + " ") is None:
        return None
    if "and" in match.group(0).split() and not match.group("lead"):
        return None
    day = day_number(match.group("d"))
    rest = _OPENING_DAY.sub("", right.text + " ", count=1).strip()
    left = Timex(match.start("d"), match.end("d"), f"{day} {rest}", right.type,
                 _with_day(right.value, day))
    return Span(match.start(), right.end, left, right)


def _bare_right(text: str, left: Timex) -> Span | None:
    """ "January 3-8, 2020": the right end is a day, and a year may follow both."""
    if _OPENING_DAY.match(left.text + " ") is not None or not re.search(r"\d", left.text):
        return None
    match = _DAY_AFTER.match(text, left.end)
    if match is None or re.search(r"\b\d{4}\b", left.text):
        return None
    year = match.group("y")
    month_text = re.sub(r"\s*\d+(?:st|nd|rd|th)?$", "", left.text)
    suffix = f" {year}" if year else ""
    value = left.value
    if year and value is not None and _DAY_VALUE.match(value):
        value = f"{year}{value[4:]}"
    day = int(match.group("d"))
    first = Timex(left.start, left.end, f"{left.text}{suffix}", left.type, value)
    last = Timex(match.start("d"), match.end("d"), f"{month_text} {day}{suffix}", left.type,
                 _with_day(value, day))
    return Span(left.start, match.end(), first, last)


def _year_spans(text: str) -> list[Span]:
    """ "2009-2010", "2009-10", "between 2019 and 2021": years the tagger leaves apart."""
    out: list[Span] = []
    for match in _YEARS.finditer(text):
        first = match.group("a")
        second = match.group("b")
        if len(second) == 2:
            second = first[:2] + second
        if "and" in match.group(0).split() and not match.group("lead"):
            continue
        if int(second) < int(first) and len(match.group("b")) == 2:
            continue  # "1999-00" reads as a century turn nobody writes this way
        left = Timex(match.start("a"), match.end("a"), first, "DATE", first)
        right = Timex(match.start("b"), match.end("b"), second, "DATE", second)
        out.append(Span(match.start(), match.end(), left, right))
    return out


def bounds(text: str, timexes: list[Timex]) -> list[Bound]:
    """Dates opened on one side by the words around them, left to right."""
    out: list[Bound] = []
    for timex in timexes:
        after_text = _ONWARDS.match(text, timex.end)
        before = _BEFORE.search(text, 0, timex.start)
        after = _AFTER.search(text, 0, timex.start)
        if after_text is not None:
            word = " ".join(after_text.group("w").split())
            direction: Direction = "before" if word.endswith(("earlier", "before")) else "after"
            lead_word = after or _FROM.search(text, 0, timex.start)
            lead = lead_word.start() if lead_word is not None else timex.start
            out.append(Bound(lead, after_text.end(), timex, direction, inclusive=True))
        elif before is not None:
            word = " ".join(before.group("w").split())
            out.append(Bound(before.start(), timex.end, timex, "before", word in _INCLUSIVE))
        elif after is not None:
            word = " ".join(after.group("w").split())
            out.append(Bound(after.start(), timex.end, timex, "after", word in _INCLUSIVE))
    return out


def _with_day(value: str | None, day: int) -> str | None:
    """``value`` ("2020-01-08") with another day of the month, if that day exists."""
    match = _DAY_VALUE.match(value or "")
    if match is None:
        return None
    year, month = (int(part) for part in match.group("ym").split("-"))
    if day > calendar.monthrange(year, month)[1]:
        return None
    return f"{match.group('ym')}-{day:02d}"
