"""Anniversary arithmetic, posting instants across time zones and DST, weekend moves
and occasion keys: the pure rules of scheduled posts, as tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.model import anniversary_in
from bot.reminders import rules
from bot.reminders.model import Kind


@pytest.mark.parametrize(
    ("origin", "year", "expected"),
    [
        (date(2020, 1, 3), 2022, date(2022, 1, 3)),
        (date(2024, 2, 29), 2026, date(2026, 2, 28)),  # leap day in a common year
        (date(2024, 2, 29), 2028, date(2028, 2, 29)),
        (date(2023, 2, 28), 2024, date(2024, 2, 28)),  # 28 February stays put in a leap year
        (date(1999, 12, 31), 2000, date(2000, 12, 31)),
    ],
)
def test_anniversary_falls_on_month_and_day_with_the_leap_day_rule(
    origin: date, year: int, expected: date
) -> None:
    assert anniversary_in(origin, year) == expected


@pytest.mark.parametrize(
    ("occurs", "years", "expected"),
    [
        (date(2022, 1, 3), (2,), {date(2020, 1, 3): 2}),
        (date(2022, 1, 3), (1, 2, 5), {date(2021, 1, 3): 1, date(2020, 1, 3): 2,
                                       date(2017, 1, 3): 5}),
        # 28 February of a common year also remembers 29 February of leap years.
        (date(2026, 2, 28), (2, 3), {date(2024, 2, 28): 2, date(2024, 2, 29): 2,
                                     date(2023, 2, 28): 3}),
        (date(2028, 2, 29), (4, 1), {date(2024, 2, 29): 4}),  # 2027 has no 29 February
        (date(2028, 2, 28), (4,), {date(2024, 2, 28): 4}),  # a leap year's 28th is its own
        (date(5, 1, 1), (10,), {}),  # no year 0 or before
    ],
)
def test_origins_invert_the_anniversary_rule(
    occurs: date, years: tuple[int, ...], expected: dict[date, int]
) -> None:
    assert rules.origins(occurs, years) == expected
    for origin, n in expected.items():
        assert anniversary_in(origin, origin.year + n) == occurs


@pytest.mark.parametrize(
    ("day", "at", "tz", "utc"),
    [
        # Europe/London: an ordinary day, both DST days at 09:00, a skipped and a repeated time.
        (date(2026, 1, 3), time(9), "Europe/London", datetime(2026, 1, 3, 9, tzinfo=UTC)),
        (date(2026, 3, 29), time(9), "Europe/London", datetime(2026, 3, 29, 8, tzinfo=UTC)),
        (date(2026, 10, 25), time(9), "Europe/London", datetime(2026, 10, 25, 9, tzinfo=UTC)),
        (date(2026, 3, 29), time(1, 30), "Europe/London",
         datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),  # 01:30 does not exist: 02:30 BST
        (date(2026, 10, 25), time(1, 30), "Europe/London",
         datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # 01:30 happens twice: the first one
        # America/New_York: both DST days, a skipped and a repeated time.
        (date(2026, 3, 8), time(9), "America/New_York", datetime(2026, 3, 8, 13, tzinfo=UTC)),
        (date(2026, 11, 1), time(9), "America/New_York", datetime(2026, 11, 1, 14, tzinfo=UTC)),
        (date(2026, 3, 8), time(2, 30), "America/New_York",
         datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        (date(2026, 11, 1), time(1, 30), "America/New_York",
         datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        # Half-hour and +14 zones: the local day is not the UTC day.
        (date(2026, 1, 3), time(9), "Asia/Tehran", datetime(2026, 1, 3, 5, 30, tzinfo=UTC)),
        (date(2026, 1, 3), time(9), "Pacific/Kiritimati", datetime(2026, 1, 2, 19, tzinfo=UTC)),
        (date(2026, 1, 3), time(0, 0), "Pacific/Kiritimati",
         datetime(2026, 1, 2, 10, tzinfo=UTC)),
    ],
)
def test_posting_instant_in_the_channels_zone(day: date, at: time, tz: str, utc: datetime) -> None:
    assert rules.posting_instant(day, at, tz) == utc


def test_posting_days_lists_each_local_day_once_even_on_a_repeated_hour() -> None:
    after = datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    until = datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    assert rules.posting_days(after, until, time(1, 30), "Europe/London") == [date(2026, 10, 25)]


@pytest.mark.parametrize(
    ("after", "until", "tz", "expected"),
    [
        (datetime(2026, 1, 2, 9, tzinfo=UTC), datetime(2026, 1, 3, 9, tzinfo=UTC), "UTC",
         [date(2026, 1, 3)]),  # (after, until]: the 2nd was already done
        (datetime(2026, 1, 2, 9, tzinfo=UTC), datetime(2026, 1, 3, 8, 59, tzinfo=UTC), "UTC", []),
        (datetime(2026, 1, 1, 0, tzinfo=UTC), datetime(2026, 1, 4, 0, tzinfo=UTC), "UTC",
         [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)]),
        (datetime(2026, 1, 2, 18, tzinfo=UTC), datetime(2026, 1, 2, 20, tzinfo=UTC),
         "Pacific/Kiritimati", [date(2026, 1, 3)]),
    ],
)
def test_posting_days_in_a_window(
    after: datetime, until: datetime, tz: str, expected: list[date]
) -> None:
    assert rules.posting_days(after, until, time(9), tz) == expected


def test_next_posting_instant_is_strictly_after() -> None:
    at = datetime(2026, 1, 3, 9, tzinfo=UTC)
    assert rules.next_posting_instant(at, time(9), "UTC") == datetime(2026, 1, 4, 9, tzinfo=UTC)
    before = datetime(2026, 1, 3, 8, tzinfo=UTC)
    assert rules.next_posting_instant(before, time(9), "UTC") == at


@pytest.mark.parametrize(
    ("natural", "friday", "sent"),
    [
        (date(2026, 1, 3), True, date(2026, 1, 2)),  # Saturday -> Friday
        (date(2026, 1, 4), True, date(2026, 1, 2)),  # Sunday -> Friday
        (date(2026, 1, 5), True, date(2026, 1, 5)),  # Monday stays
        (date(2026, 1, 4), False, date(2026, 1, 4)),  # the setting is off
    ],
)
def test_weekend_alerts_move_to_the_friday_before(natural: date, friday: bool, sent: date) -> None:
    assert rules.send_day(natural, friday) == sent
    assert natural in rules.natural_days_sent_on(sent, friday)


def test_nothing_is_sent_on_a_weekend_when_alerts_move_to_friday() -> None:
    assert rules.natural_days_sent_on(date(2026, 1, 3), True) == []
    assert rules.natural_days_sent_on(date(2026, 1, 2), True) == [
        date(2026, 1, 2), date(2026, 1, 3), date(2026, 1, 4)
    ]


def test_occasion_keys_round_trip_and_refuse_garbage() -> None:
    assert rules.digest_key(date(2026, 1, 3)) == "digest:2026-01-03"
    assert rules.alert_key(12, date(2026, 1, 3), 7) == "alert:12:2026-01-03:7"
    assert rules.parse_key("digest:2026-01-03") == (Kind.DIGEST, date(2026, 1, 3), None, None)
    assert rules.parse_key("alert:12:2026-01-03:7") == (Kind.ALERT, date(2026, 1, 3), 12, 7)
    for bad in ("", "digest:", "alert:1:2026-01-03", "nonsense:1", "alert:x:2026-01-03:7"):
        with pytest.raises(ValueError):
            rules.parse_key(bad)
