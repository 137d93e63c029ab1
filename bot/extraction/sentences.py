"""Sentence splitting for wire copy: where one sentence ends and the next begins.

Periods after abbreviations common in news English ("Jan.", "U.S.", "Dr.", "Maj.-Gen.",
initials such as "J.") do not end a sentence; a blank line or a line break always does,
because headlines and datelines stand on lines of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri
    sat sun mr mrs ms dr prof gen maj lt col capt cmdr adm sgt cpl sen rep gov pres rev st
    mt ft jr sr inc corp ltd co bros no nos vs etc approx est dept univ govt a.m p.m u.s
    u.k u.n e.u u.s.a d.c i.e e.g""".split()
)
# A candidate end: terminal punctuation, any closing quotes or brackets, then space.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_LINE_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and where it starts in the article (end exclusive)."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order, stripped, with offsets into ``text``."""
    sentences: list[Sentence] = []
    line_start = 0
    for brk in [*_LINE_BREAK.finditer(text), None]:
        line_end = len(text) if brk is None else brk.start()
        _split_line(text, line_start, line_end, sentences)
        if brk is not None:
            line_start = brk.end()
    return sentences


def _split_line(text: str, start: int, stop: int, into: list[Sentence]) -> None:
    begin = start
    for match in _END.finditer(text, start, stop):
        if text[match.start()] == "." and _is_abbreviation(text, begin, match.start()):
            continue
        if not _next_starts_sentence(text, match.end(), stop):
            continue
        _add(text, begin, match.end(), into)
        begin = match.end()
    _add(text, begin, stop, into)


def _is_abbreviation(text: str, begin: int, dot: int) -> bool:
    word_start = dot
    while word_start > begin and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lstrip("(\"'“‘").lower()
    # "Maj.-Gen." and similar compounds: the last piece decides.
    piece = word.rsplit("-", 1)[-1]
    if piece in _ABBREVIATIONS or word in _ABBREVIATIONS:
        return True
    return len(piece) == 1 and piece.isalpha()  # an initial, as in "John F. Kennedy"


def _next_starts_sentence(text: str, pos: int, stop: int) -> bool:
    rest = text[pos:stop].lstrip()
    if not rest:
        return True
    first = rest.lstrip("\"'“‘(")[:1]
    return first.isupper() or first.isdigit()


def _add(text: str, begin: int, end: int, into: list[Sentence]) -> None:
    raw = text[begin:end]
    stripped = raw.strip()
    if stripped:
        offset = begin + (len(raw) - len(raw.lstrip()))
        into.append(Sentence(offset, offset + len(stripped), stripped))
