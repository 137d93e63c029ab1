"""Places and actors named in a sentence, found from capitalisation alone.

A place is a run of capitalised words after "in", "at", "near", "outside" or "across"
("in Kerman", "at the Ayn Al-Asad Air Base"); an actor is any other run of capitalised
words that is not the sentence's first word on its own, a month, a weekday or a
dateline. Kept deliberately simple and general: no gazetteer, no name lists.
"""

from __future__ import annotations

import re

_CAP = r"[A-Z][\w’'.-]*"
_NAME = rf"{_CAP}(?:\s+(?:of|de|al|the|and)?\s*{_CAP})*"
_PLACE = re.compile(rf"\b(?:in|at|near|outside|across|into|from)\s+(?:the\s+)?({_NAME})")
_RUN = re.compile(_NAME)
_CALENDAR = frozenset(
    """january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
    thursday friday saturday sunday""".split()
)
_FUNCTION_WORDS = frozenset(
    """the a an in on at it its he she they we i his her their this that these those
    but and or if when while after before as on by for with from of officials police""".split()
)


def place_in(sentence: str) -> str:
    """The first place named after a locative preposition, or ""."""
    for match in _PLACE.finditer(sentence):
        name = _clean(match.group(1))
        if name:
            return name
    return ""


def actors_in(sentence: str, place: str = "") -> tuple[str, ...]:
    """Capitalised names in order of appearance, without the place and duplicates."""
    found: list[str] = []
    for match in _RUN.finditer(sentence):
        name = _clean(match.group(0))
        if not name or name == place or name in found:
            continue
        if match.start() == 0 and " " not in name and name.lower() in _FUNCTION_WORDS:
            continue
        if name.isupper() and len(name) > 4 and match.start() == 0:
            continue  # a wire dateline such as "BEIRUT"
        found.append(name)
    return tuple(found)


def _clean(name: str) -> str:
    """Drop calendar words and a leading function word ("The", "On") from a name."""
    words = [re.sub(r"[’']s$", "", w).rstrip(".,’'") for w in name.split()]
    while words and (words[0].lower() in _FUNCTION_WORDS or words[0].lower() in _CALENDAR):
        words = words[1:]
    while words and (words[-1].lower() in _CALENDAR or words[-1].lower() in _FUNCTION_WORDS):
        words = words[:-1]
    if any(w.lower() in _CALENDAR for w in words) or not words:
        return ""
    return " ".join(words)
