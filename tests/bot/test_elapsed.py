"""How long ago, worded by one rule everywhere: days under a month, months under a
year, then whole years; an anniversary of 29 February counts on 28 February."""

from __future__ import annotations

from datetime import date

import pytest

from bot.model import Precision
from bot.wording import age

DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR


@pytest.mark.parametrize(
    ("when", "today", "precision", "said"),
    [
        (date(2026, 12, 1), date(2026, 12, 1), DAY, "today"),
        (date(2026, 11, 30), date(2026, 12, 1), DAY, "yesterday"),
        (date(2026, 11, 11), date(2026, 12, 1), DAY, "20 days ago"),
        (date(2026, 11, 1), date(2026, 12, 1), DAY, "1 month ago"),
        (date(2026, 10, 31), date(2026, 11, 30), DAY, "1 month ago"),  # 31st clamps to the 30th
        (date(2026, 1, 31), date(2026, 2, 27), DAY, "27 days ago"),
        (date(2026, 1, 2), date(2026, 12, 1), DAY, "10 months ago"),
        (date(2025, 12, 2), date(2026, 12, 1), DAY, "11 months ago"),
        (date(2025, 12, 1), date(2026, 12, 1), DAY, "1 year ago"),
        (date(2020, 1, 3), date(2026, 12, 1), DAY, "6 years ago"),
        (date(2024, 2, 29), date(2025, 2, 28), DAY, "1 year ago"),  # the leap-day rule
        (date(2024, 2, 29), date(2025, 2, 27), DAY, "11 months ago"),
        (date(2024, 2, 29), date(2028, 2, 28), DAY, "3 years ago"),  # 2028 has a 29th
        (date(2026, 12, 2), date(2026, 12, 1), DAY, "tomorrow"),
        (date(2026, 12, 31), date(2026, 12, 1), DAY, "in 30 days"),
        (date(2019, 10, 1), date(2020, 1, 7), MONTH, "3 months ago"),
        (date(2019, 12, 1), date(2020, 1, 7), MONTH, "last month"),
        (date(2020, 1, 1), date(2020, 1, 7), MONTH, "this month"),
        (date(2019, 1, 1), date(2020, 1, 7), MONTH, "1 year ago"),
        (date(2000, 5, 1), date(2026, 4, 1), MONTH, "25 years ago"),
        (date(2020, 1, 1), date(2020, 6, 1), YEAR, "this year"),
        (date(2019, 1, 1), date(2020, 6, 1), YEAR, "last year"),
        (date(2010, 1, 1), date(2020, 6, 1), YEAR, "10 years ago"),
    ],
)
def test_elapsed_time_is_worded_by_one_rule(
    when: date, today: date, precision: Precision, said: str
) -> None:
    assert age(when, today, precision) == said
