"""Linguistic cues that decide whether a dated phrase reports something that happened.

Quoted passages, future modals ("will", "plans to") governing a date, reporting verbs
and hedges: each is a small rule for news English, not for any one article. The
confidence of a candidate is built here from these cues.
"""

from __future__ import annotations

import re

_FUTURE = re.compile(
    r"\b(?:will|won't|shall|would|plans? to|planned to|planning to|intends? to|is to|are to"
    r"|is due to|are due to|was due to|were due to|is expected to|are expected to|is set to"
    r"|are set to|is scheduled to|are scheduled to|scheduled for|due on|set for|aims? to"
    r"|hopes? to|expects? to|expected to)\b",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|confirmed|added|claimed|cited|noted"
    r"|wrote|insisted|warned|showed|according to)\b",
    re.IGNORECASE,
)
# Regular past tense plus the irregular verbs wire copy uses most.
_PAST = re.compile(
    r"\b(?:\w{3,}ed|said|told|met|won|lost|hit|struck|fell|rose|took|made|gave|held|left"
    r"|began|broke|came|fled|fought|found|got|led|ran|sent|shot|sold|spoke|stood|swept"
    r"|threw|tore|went|wrote|overthrew|beat|bought|brought|built|caught|chose|drew|drove"
    r"|flew|froze|grew|hid|kept|knew|laid|let|paid|put|quit|read|rode|rang|saw|set|shook"
    r"|shut|slid|sank|stole|stuck|swore|spent|split|spread|sprang|taught|thought|understood"
    r"|was|were|had|did)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|possibly|perhaps|unconfirmed|rumou?red|may have|might have)\b",
    re.IGNORECASE,
)
_QUOTE_PAIRS = (("“", "”"), ('"', '"'))
_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s|\s-\s")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The quoted passages of ``text`` as (start, end) offsets, quote marks included."""
    spans: list[tuple[int, int]] = []
    for opener, closer in _QUOTE_PAIRS:
        pos = 0
        while (begin := text.find(opener, pos)) != -1:
            finish = text.find(closer, begin + 1)
            if finish == -1:
                break
            spans.append((begin, finish + 1))
            pos = finish + 1
    return spans


def enclosing_quote(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The quoted passage holding ``text[start:end]``, if any."""
    for begin, finish in quote_spans(text):
        if begin < start and end < finish:
            return begin, finish
    return None


def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding ``text[start:end]``: bounded by commas, dashes, semicolons.

    A fronted date ("On Tuesday, ...") is a clause of its own; it governs the clause
    that follows, so that one is taken instead."""
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text)]
    begin = max((e for s, e in breaks if e <= start), default=0)
    finish = min((s for s, e in breaks if s >= end), default=len(text))
    if len(text[begin:finish].split()) <= 5 and begin == 0 and finish < len(text):
        following = min((s for s, e in breaks if s > finish), default=len(text))
        after = next(e for s, e in breaks if s == finish)
        return after, following
    return begin, finish


def is_future(text: str, start: int, end: int) -> bool:
    """Whether a date is governed by a future modal: "will meet on Tuesday", "plans to
    vote in March". A modal after a reporting verb ("said on Tuesday it will ...")
    leaves the date on the saying; a modal after the date in the date's own clause
    ("On Friday, the leaders will meet") governs it."""
    quote = enclosing_quote(text, start, end)
    if quote is not None and _FUTURE.search(text, quote[0], quote[1]):
        return True
    begin, finish = clause_around(text, start, end)
    if begin >= end:  # a fronted date: the clause after it decides
        return _modal_before_reporting(text[begin:finish])
    before = text[begin:start]
    modals = list(_FUTURE.finditer(before))
    if not modals:
        return False
    return _REPORTING.search(before, modals[-1].end()) is None


def _modal_before_reporting(clause: str) -> bool:
    modal = _FUTURE.search(clause)
    if modal is None:
        return False
    reporting = _REPORTING.search(clause)
    return reporting is None or modal.start() < reporting.start()


def in_trailing_attribution(text: str, start: int) -> bool:
    """Whether a date sits in a closing ", officials said on Monday": the date of the
    saying, which yields to any other date the sentence reports."""
    comma = text.rfind(", ", 0, start)
    return comma != -1 and _REPORTING.search(text, comma) is not None and (
        "," not in text[start:].rstrip(".")
    )


def has_past_verb(text: str) -> bool:
    return _PAST.search(text) is not None


def confidence(sentence: str, start: int, end: int, *, explicit: bool) -> float:
    """How sure a candidate is, from 0 to 1: an explicit full date beats a relative
    one; a past-tense verb helps; a date inside a quotation or a hedged report costs."""
    score = 0.5 + (0.25 if explicit else 0.1)
    if has_past_verb(sentence):
        score += 0.15
    if enclosing_quote(sentence, start, end) is not None:
        score -= 0.2
    if _HEDGE.search(sentence):
        score -= 0.15
    return round(max(0.0, min(1.0, score)), 2)
