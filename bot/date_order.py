"""How a newsroom reads purely numeric dates such as "7/1": a setting on its own, so
that reading the settings never loads the date parser."""

from __future__ import annotations

from enum import StrEnum


class NumericOrder(StrEnum):
    """How to read purely numeric dates such as "7/1"."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"
