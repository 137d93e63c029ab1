"""What an expression is anchored on: the DCT, the discourse so far, the sentence tense.

``Context`` carries the document creation time, the most recently mentioned date (the
reference time that "a year earlier" or "the following day" move from) and answers
"does the sentence around this expression look past or future?", which decides whether
a bare "Friday" or "October" points backwards or forwards from the DCT.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.temporal import lexicon
from bot.temporal.calendar_points import Point

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|'ll")
_SENTENCE_END = re.compile(r"(?P<word>[A-Za-z]*)(?P<mark>[.!?;\n])[\"'”’)]?\s")
# How far to look for the sentence around an expression; bounded so that a text with
# no punctuation still costs constant work per expression.
_WINDOW = 160
# How long (in characters, about two sentences) a named quarter stays the period that
# "a year ago" compares against.
_QUARTER_FOCUS = 300
PAST = -1
FUTURE = 1
UNKNOWN = 0


@dataclass(frozen=True, slots=True)
class Resolved:
    """A resolver's verdict: TIMEX3 type and value, and the date it denotes if any.

    ``point`` becomes the reference time for later anaphora unless ``anaphoric`` says
    the value was itself computed from the reference time.
    """

    type: str
    value: str | None
    point: Point | None = None
    anaphoric: bool = False


@dataclass(slots=True)
class Context:
    """Per-document state threaded through the resolvers in text order."""

    text: str
    dct: dt.date | None
    day_first: bool = False
    ref: Point | None = None
    last_quarter: Point | None = None
    # Where the expression being resolved starts, and where the last quarter was named.
    pos: int = 0
    last_quarter_pos: int = -1

    def remember(self, point: Point | None) -> None:
        """Make ``point`` the reference time for later anaphoric expressions."""
        if point is None:
            return
        self.ref = point
        if point.gran == "Q":
            self.last_quarter = point
            self.last_quarter_pos = self.pos

    def quarter_in_focus(self) -> Point | None:
        """The quarter named shortly before, while the text still reports on it."""
        if self.last_quarter is not None and self.pos - self.last_quarter_pos <= _QUARTER_FOCUS:
            return self.last_quarter
        return None

    def reference(self) -> Point | None:
        """The latest mentioned date, else the DCT as a day."""
        if self.ref is not None:
            return self.ref
        return Point("D", self.dct) if self.dct is not None else None

    def tense(self, start: int, end: int) -> int:
        """PAST, FUTURE or UNKNOWN for the sentence around ``text[start:end]``.

        The cue word nearest to the expression decides: in "said Friday it will" the
        verb governing "Friday" is "said", not the "will" further away. A cue in the
        same clause beats a nearer one across a comma: in "talks that are supposed to
        conclude by May, invited Sinn Fein" May belongs to "supposed to conclude".
        """
        left, right = self._sentence_bounds(start, end)
        c_left, c_right = _clause_bounds(self.text, left, start, end, right)
        if _FORWARD_LEAD.search(self.text, max(left, start - 12), start) and (
            _forward_verb_before(self.text, c_left, start) == FUTURE
            or _forward_verb_before(self.text, left, start) == FUTURE
        ):
            return FUTURE
        in_clause = _nearest_cue(self.text, c_left, start, end, c_right)
        if in_clause != UNKNOWN or (c_left, c_right) == (left, right):
            return in_clause
        return _nearest_cue(self.text, left, start, end, right)

    def _sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        lo = max(0, start - _WINDOW)
        left = lo
        for m in _SENTENCE_END.finditer(self.text, lo, start):
            if _ends_sentence(m):
                left = m.end()
        hi = min(len(self.text), end + _WINDOW)
        right = hi
        for m in _SENTENCE_END.finditer(self.text, end, hi):
            if _ends_sentence(m):
                right = m.start("mark") + 1
                break
        return left, right


# "until March", "through the summer", "by the end of the year": the end of a period or
# a deadline. Governed by a future verb to its left ("will stay closed until March",
# "expects to finish by June", "postponed until Tuesday"), it lies after the DCT even
# when a nearer past verb ("he said") would otherwise decide.
_FORWARD_LEAD = re.compile(r"\b(?:until|till|through|thru|by)[ \t]+$", re.IGNORECASE)


def _forward_verb_before(text: str, left: int, start: int) -> int:
    """The first cue reading leftwards from ``start``, a forward verb counting as FUTURE."""
    words = list(reversed(_WORD.findall(text[left:start])))
    for word, cue in zip(words, _cues(words, backwards=True), strict=True):
        if word.lower() in lexicon.FORWARD_VERBS:
            return FUTURE
        if cue != UNKNOWN:
            return cue
    return UNKNOWN


_CLAUSE_BREAK = re.compile(r",|--| _ |:|\(|\)")


def _clause_bounds(text: str, left: int, start: int, end: int, right: int) -> tuple[int, int]:
    c_left = left
    for m in _CLAUSE_BREAK.finditer(text, left, start):
        c_left = m.end()
    m_right = _CLAUSE_BREAK.search(text, end, right)
    return c_left, m_right.start() if m_right else right


def _nearest_cue(text: str, left: int, start: int, end: int, right: int) -> int:
    before = _WORD.findall(text[left:start])
    after = _WORD.findall(text[end:right])
    best = (len(before) + len(after) + 1, UNKNOWN)
    for distance, cue in enumerate(_cues(list(reversed(before)), backwards=True)):
        if cue != UNKNOWN:
            best = (distance, cue)
            break
    for distance, cue in enumerate(_cues(after, backwards=False)):
        if cue != UNKNOWN and distance < best[0]:
            best = (distance, cue)
            break
    return best[1]


def _ends_sentence(m: re.Match[str]) -> bool:
    """False for the full stop of an abbreviation: "Roe vs. Wade", "U.S.", "Ala."."""
    if m.group("mark") != ".":
        return True
    word = m.group("word")
    return not (len(word) == 1 and word.isupper()) and word.lower() not in lexicon.ABBREVIATIONS


def _cues(words: list[str], *, backwards: bool) -> list[int]:
    """The cue of each word (as written, in any case).

    A participle after "be" ("will be held") marks no tense, nor does an -ed adjective
    after a determiner ("the proposed merger", "an unspecified date").
    """
    cues = [_cue(w) for w in words]
    for i in range(len(words)):
        j = i + 1 if backwards else i - 1
        prev = words[j].lower() if 0 <= j < len(words) else ""
        if cues[i] == PAST and (
            prev in _PASSIVE_AUX or prev in _DETERMINERS or prev in _MODALS
            or (prev in _LINKING and words[i].lower() not in _ADVERB_CUES)
        ):
            # "will stay closed", "is due to remain shut", "will last": the verb
            # before decides, not the participle or the verb that looks past.
            cues[i] = UNKNOWN
        elif words[i].lower() in _PERFECT_AUX:
            # "has said" is past; "has $90 million" and "have to" are not.
            k = i - 1 if backwards else i + 1
            following = words[k] if 0 <= k < len(words) else ""
            if _cue(following) != PAST or following.lower() in _PERFECT_AUX:
                cues[i] = UNKNOWN
    return cues


_PERFECT_AUX = frozenset({"has", "have"})


_PASSIVE_AUX = frozenset({"be", "being", "to"})
# A participle after these describes a present state ("is closed", "stays shut").
_LINKING = frozenset({"is", "are", "stay", "stays", "remain", "remains", "keep", "keeps"})
_ADVERB_CUES = frozenset({"ago", "last", "earlier", "yesterday", "since", "previously",
                          "former"})
_MODALS = frozenset({"will", "would", "shall", "'ll", "won't", "can", "could", "may",
                     "might", "must", "should"})
_DETERMINERS = frozenset(
    {"a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "these",
     "those", "still"}
)


def _cue(word: str) -> int:
    lower = word.lower()
    if lower in lexicon.FUTURE_CUES:
        return FUTURE
    if lower in lexicon.PAST_CUES or (word.islower() and _looks_past(lower)):
        return PAST
    return UNKNOWN


def _looks_past(word: str) -> bool:
    # Regular past forms; short words ending in -ed ("bed", "red", "need") are not, nor
    # un- adjectives ("unspecified", "unexpected"). Capitalised -ed words are left to
    # the caller: mostly names ("United States", "Allied Signal").
    return (len(word) > 4 and word.endswith("ed") and not word.endswith("eed")
            and not word.startswith("un"))
