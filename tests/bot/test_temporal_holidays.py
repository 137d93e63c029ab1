"""Named days: fixed feasts, movable feasts and how the tagger places them."""

from __future__ import annotations

from datetime import date

import pytest

from bot.temporal import tag
from bot.temporal.holidays import holiday_in, holiday_near

KNOWN_DAYS = [
    ("easter", 2000, date(2000, 4, 23)),
    ("easter", 2024, date(2024, 3, 31)),
    ("easter", 2025, date(2025, 4, 20)),
    ("good friday", 2024, date(2024, 3, 29)),
    ("easter monday", 2025, date(2025, 4, 21)),
    ("thanksgiving", 2020, date(2020, 11, 26)),
    ("thanksgiving", 2022, date(2022, 11, 24)),
    ("election day", 1998, date(1998, 11, 3)),
    ("election day", 2020, date(2020, 11, 3)),
    ("election day", 2024, date(2024, 11, 5)),
    ("election day", 2026, date(2026, 11, 3)),  # 1 November is a Sunday
    ("memorial day", 2021, date(2021, 5, 31)),
    ("labor day", 2023, date(2023, 9, 4)),
    ("martin luther king day", 2024, date(2024, 1, 15)),
    ("mother's day", 2024, date(2024, 5, 12)),
    ("father's day", 2024, date(2024, 6, 16)),
    ("christmas", 2024, date(2024, 12, 25)),
]


@pytest.mark.parametrize(("name", "year", "day"), KNOWN_DAYS)
def test_holiday_falls_on_its_day(name: str, year: int, day: date) -> None:
    assert holiday_in(name, year) == day


def test_week_long_feast_has_begun_from_its_monday() -> None:
    # Easter 2000 is Sunday 23 April; on Monday 17 April its week has begun.
    assert holiday_near("easter week", date(2000, 4, 17), -1) == date(2000, 4, 23)
    assert holiday_near("easter", date(2000, 4, 17), -1) == date(1999, 4, 4)


def test_holiday_off_the_calendar_is_none() -> None:
    assert holiday_in("christmas", 10000) is None


ROWS = [
    ("Protesters prayed as Easter week began.", date(2000, 4, 17), "Easter week",
     "2000-W16"),
    ("Violence will be a theme from now to Election Day.", date(1998, 10, 26),
     "Election Day", "1998-11-03"),
    ("Stores will open on Thanksgiving.", date(2020, 11, 1), "Thanksgiving", "2020-11-26"),
    ("He was arrested on Good Friday.", date(2020, 4, 20), "Good Friday", "2020-04-10"),
    ("Last Christmas the shelters were full.", date(2020, 1, 5), "Last Christmas",
     "2019-12-25"),
    ("The parade marks Memorial Day 2021.", date(2020, 1, 5), "Memorial Day 2021",
     "2021-05-31"),
]


@pytest.mark.parametrize(("sentence", "dct", "extent", "value"), ROWS)
def test_holiday_is_tagged(sentence: str, dct: date, extent: str, value: str) -> None:
    start = sentence.index(extent)
    got = [(t.start, t.end, t.type, t.value) for t in tag(sentence, dct)]
    assert (start, start + len(extent), "DATE", value) in got, got
