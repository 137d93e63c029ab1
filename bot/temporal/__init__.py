"""Temporal tagging for news English: find TIMEX3 expressions and normalise them.

``tag(text, dct)`` returns every temporal expression in ``text`` with its exact
character extent, its TIMEX3 type (DATE, TIME, DURATION or SET) and its normalised
value, anchored on the document creation time ``dct``. Pure: no I/O, no clock.

Without a DCT (``dct=None``) extents are still reported; a value that would need the
DCT as an anchor ("yesterday", "In October", "two years ago") is ``None`` rather than a
guess, while self-contained values ("8 January 2020", "P3Y", "PRESENT_REF") are given.
"""

from __future__ import annotations

from bot.temporal.tagger import tag
from bot.temporal.timex import Timex

__all__ = ["Timex", "tag"]
