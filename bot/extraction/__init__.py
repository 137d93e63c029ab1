"""Event extraction: an article (text, publication date, publisher, title, URL) becomes
candidate events for review.

``extract(article, timexes)`` is pure: the caller runs the temporal tagger (``tag`` in
``bot.temporal``, which may be slow on long texts and belongs off the event loop) and
passes its output in. ``extract_text`` does both for callers that need no loop.
Candidates are proposals: nothing here stores anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.extraction.candidates import Article, Candidate, SetAside, sentence_candidate
from bot.extraction.sentences import split_sentences
from bot.temporal import Timex, tag
from bot.text_input import valid_text


@dataclass(frozen=True, slots=True)
class Extraction:
    """The candidates of an article, and the dates that made none, with reasons."""

    candidates: tuple[Candidate, ...]
    set_aside: tuple[SetAside, ...]


def extract(article: Article, timexes: list[Timex]) -> Extraction:
    """The candidate events of ``article`` given the tagger's output for its text."""
    candidates: list[Candidate] = []
    aside: list[SetAside] = []
    for sentence in split_sentences(article.text):
        inside = [t for t in timexes if sentence.start <= t.start and t.end <= sentence.end]
        candidate = sentence_candidate(article, sentence, inside, aside)
        if candidate is not None:
            candidates.append(candidate)
    return Extraction(tuple(candidates), tuple(aside))


def extract_text(article: Article) -> Extraction:
    """Tag ``article.text`` against its publication date, then ``extract``. Control
    characters are dropped first, so no quote carries one into the store."""
    article = replace(article, text=valid_text(article.text))
    return extract(article, tag(article.text, article.published))


__all__ = ["Article", "Candidate", "Extraction", "SetAside", "extract", "extract_text"]
