"""Temporal tagging for news English: find TIMEX3 expressions and normalise them.

``tag(text, dct)`` returns every temporal expression in ``text`` with its exact
character extent, its TIMEX3 type (DATE, TIME, DURATION or SET) and its normalised
value, anchored on the document creation time ``dct``. Pure: no I/O, no clock.

Without a DCT (``dct=None``) extents are still reported; a value that would need the
DCT as an anchor ("yesterday", "In October", "two years ago") is ``None`` rather than a
guess, while self-contained values ("8 January 2020", "P3Y", "PRESENT_REF") are given.
"""

from __future__ import annotations

import datetime as dt

from bot.temporal.timex import Timex


def tag(text: str, dct: dt.date | None, *, day_first: bool = False) -> list[Timex]:
    """All temporal expressions in ``text``, in order, anchored on ``dct`` (see
    ``bot.temporal.tagger.tag``)."""
    # Imported on first use: compiling the pattern families is most of a cold start's
    # import time, and commands that read no dates (help, when, timeline) never need it.
    from bot.temporal.tagger import tag as tag_text  # noqa: PLC0415

    return tag_text(text, dct, day_first=day_first)


__all__ = ["Timex", "tag"]
