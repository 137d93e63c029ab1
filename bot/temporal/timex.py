"""The ``Timex`` record: one temporal expression found in a text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Timex:
    """A TIMEX3 expression.

    ``start``/``end`` are Python string indices (end exclusive) and
    ``text == source[start:end]``. ``type`` is "DATE", "TIME", "DURATION" or "SET".
    ``value`` is the normalised TIMEX3 value, or None when it needs a document creation
    time that was not given (or cannot be computed).
    """

    start: int
    end: int
    text: str
    type: str
    value: str | None
