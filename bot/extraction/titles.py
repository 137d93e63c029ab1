"""Extractive titles and summaries: the words of the sentence, trimmed to its main clause.

A title drops the wire dateline ("BEIRUT (Wire) —"), the date phrase itself ("On
Tuesday,", "on 3 January"), a leading attribution ("Police said that") and a trailing
one (", officials said"), then keeps the main clause up to a clause break and a word
limit. Nothing is paraphrased: every word comes from the sentence.
"""

from __future__ import annotations

import re

from bot.extraction.cues import has_past_verb

MAX_TITLE_WORDS = 14
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,\s*[A-Za-z .]+)?\s*(?:\([^)]*\)\s*)?[—–-]+\s*")
_TRAILING_ATTRIBUTION = re.compile(
    r",?\s*(?:[\w.'’ -]{1,60}?\s)?(?:said|says|told reporters|reported|announced"
    r"|confirmed|added|claimed|showed|according to [^,.;]+)(?:\s+on\s+\w+)?\s*[.!]?\s*$",
    re.IGNORECASE,
)
_LEADING_ATTRIBUTION = re.compile(
    # The speaker is a short name or noun phrase (group 1 is the reporting verb).
    r"^[A-Z][\w.'’-]*(?:\s[\w.'’-]+){0,4}?\s(said|announced|confirmed|reported|claimed"
    r"|told \w+)\s+(?:that\s+)?",
)
_DATE_PREPOSITION = re.compile(r"(?:\b(?:on|in|at|during|since|by|from|of)\s*)?$", re.IGNORECASE)
_CLAUSE_END = re.compile(
    r"\s*(?:;|:|\s[—–]\s|,\s(?:which|who|when|where|after|before|but|while|as|although"
    r"|though|following|saying|citing|according)\b)"
)


def strip_dateline(sentence: str) -> str:
    """``sentence`` without a leading wire dateline such as "GENEVA (Wire) —"."""
    return _DATELINE.sub("", sentence, count=1)


def remove_span(sentence: str, start: int, end: int) -> str:
    """``sentence`` without ``sentence[start:end]`` and the preposition leading to it."""
    head = _DATE_PREPOSITION.sub("", sentence[:start].rstrip())
    tail = sentence[end:]
    if tail.startswith(",") and (not head.strip() or head.rstrip().endswith(",")):
        tail = tail[1:]  # "On Tuesday, the army ..." -> "the army ..."
    if head.rstrip().endswith(",") and tail.lstrip().startswith((",", ".")):
        head = head.rstrip()[:-1]
    joined = re.sub(r"\s{2,}", " ", f"{head.rstrip()} {tail.lstrip()}")
    return re.sub(r"\s+([,.;:])", r"\1", joined).strip(" ,")


def title_from(sentence: str) -> str:
    """A concise title from a sentence whose date phrase has already been removed."""
    text = strip_dateline(sentence).strip()
    if not _starts_with_quote(text):
        text = _TRAILING_ATTRIBUTION.sub("", text) or text
        text = _without_leading_attribution(text)
    clause = _CLAUSE_END.search(text)
    if clause is not None and len(text[: clause.start()].split()) >= 2:
        text = text[: clause.start()]
    words = text.split()
    if len(words) > MAX_TITLE_WORDS:
        words = words[:MAX_TITLE_WORDS]
    title = " ".join(words).strip(" ,.;:—–\"“”'")
    return title[:1].upper() + title[1:]


def _without_leading_attribution(text: str) -> str:
    """ "Police said that X" -> "X"; a speaker with a verb of its own ("X resigned after
    papers reported that ...") is not a speaker, so such a sentence is kept whole."""
    match = _LEADING_ATTRIBUTION.match(text)
    if match is None or has_past_verb(text[: match.start(1)]) or match.end() == len(text):
        return text
    return text[match.end() :]


def summary_from(sentence: str) -> str:
    """The summary is the sentence itself, without the wire dateline."""
    return strip_dateline(sentence).strip()


def _starts_with_quote(text: str) -> bool:
    return text[:1] in "\"“‘'"
