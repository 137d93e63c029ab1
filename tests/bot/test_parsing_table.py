"""The question parser, table-driven: each phrasing and the query it must become."""

from __future__ import annotations

from datetime import date

import pytest

from bot.date_order import NumericOrder
from bot.parsing import ParseSettings, parse
from bot.queries import (
    DayQuery,
    HelpQuery,
    InvalidQuery,
    MonthQuery,
    NotUnderstood,
    OpenRangeQuery,
    Query,
    RangeQuery,
    TimelineQuery,
    UpcomingQuery,
    WhenQuery,
    YearQuery,
)

TODAY = date(2026, 11, 21)  # a Saturday
D = date

CASES: list[tuple[str, Query]] = [
    # a day without a year
    ("what happened on 7 January?", DayQuery(1, 7)),
    ("What happened on 7 January", DayQuery(1, 7)),
    ("Jan 7th", DayQuery(1, 7)),
    ("jan 7", DayQuery(1, 7)),
    ("January 7", DayQuery(1, 7)),
    ("the 7th of January", DayQuery(1, 7)),
    ("7th January", DayQuery(1, 7)),
    ("on the seventh of january", DayQuery(1, 7)),
    ("what happened on Jan. 7?", DayQuery(1, 7)),
    ("anything on 3 jan", DayQuery(1, 3)),
    ("what happened on Feb 29?", DayQuery(2, 29)),
    ("what happened on 31 December", DayQuery(12, 31)),
    ("sept 11", DayQuery(9, 11)),
    ("@Dateline what happened on 7 January?", DayQuery(1, 7)),
    ("<@U123> what happened on 7 January?", DayQuery(1, 7)),
    # a full date
    ("7 January 2020", DayQuery(1, 7, 2020)),
    ("2020-01-07", DayQuery(1, 7, 2020)),
    ("January 7, 2020", DayQuery(1, 7, 2020)),
    ("what happened on January 7th, 2020?", DayQuery(1, 7, 2020)),
    ("the 7th of January 2020", DayQuery(1, 7, 2020)),
    ("2020/01/07", DayQuery(1, 7, 2020)),
    ("what happened on 29 February 2020", DayQuery(2, 29, 2020)),
    # a month or a year
    ("in January 2020", MonthQuery(2020, 1)),
    ("what happened in Jan 2020?", MonthQuery(2020, 1)),
    ("October 2019", MonthQuery(2019, 10)),
    ("2019-10", MonthQuery(2019, 10)),
    ("what happened in January", MonthQuery(2026, 1)),
    ("what happened in December", MonthQuery(2025, 12)),
    ("in 2020", YearQuery(2020)),
    ("what happened in 1999?", YearQuery(1999)),
    # ranges
    ("between 3 and 8 January 2020", RangeQuery(D(2020, 1, 3), D(2020, 1, 8))),
    ("what happened between 3 and 8 January 2020?", RangeQuery(D(2020, 1, 3), D(2020, 1, 8))),
    ("from 3 to 8 January 2020", RangeQuery(D(2020, 1, 3), D(2020, 1, 8))),
    ("3-8 January 2020", RangeQuery(D(2020, 1, 3), D(2020, 1, 8))),
    ("3 – 8 January 2020", RangeQuery(D(2020, 1, 3), D(2020, 1, 8))),
    ("January 3-8, 2020", RangeQuery(D(2020, 1, 3), D(2020, 1, 8))),
    ("from 28 December 2019 to 8 January 2020", RangeQuery(D(2019, 12, 28), D(2020, 1, 8))),
    ("between 3 January and 8 February 2020", RangeQuery(D(2020, 1, 3), D(2020, 2, 8))),
    ("between January and March 2020", RangeQuery(D(2020, 1, 1), D(2020, 3, 31))),
    ("between 2019 and 2021", RangeQuery(D(2019, 1, 1), D(2021, 12, 31))),
    ("first week of January 2020", RangeQuery(D(2020, 1, 1), D(2020, 1, 7))),
    ("the second week of January 2020", RangeQuery(D(2020, 1, 8), D(2020, 1, 14))),
    ("last week of February 2020", RangeQuery(D(2020, 2, 23), D(2020, 2, 29))),
    ("the week of 3 January 2020", RangeQuery(D(2019, 12, 30), D(2020, 1, 5))),
    ("between 3 and 8 January", RangeQuery(D(2000, 1, 3), D(2000, 1, 8), every_year=True)),
    # relative days in the asker's timezone
    ("today", DayQuery(11, 21, None, anniversary=True)),
    ("what happened on this day?", DayQuery(11, 21, None, anniversary=True)),
    ("on this day in history", DayQuery(11, 21, None, anniversary=True)),
    ("on this day in 2020", DayQuery(11, 21, 2020)),
    ("yesterday", DayQuery(11, 20)),
    ("what happened tomorrow in history", DayQuery(11, 22)),
    ("a week ago", DayQuery(11, 14, 2026)),
    ("what happened 3 days ago", DayQuery(11, 18, 2026)),
    ("a month ago", DayQuery(10, 21, 2026)),
    ("this day last year", DayQuery(11, 21, 2025)),
    ("on this day last year", DayQuery(11, 21, 2025)),
    ("two years ago today", DayQuery(11, 21, 2024)),
    ("this day 5 years ago", DayQuery(11, 21, 2021)),
    ("a year ago today", DayQuery(11, 21, 2025)),
    ("ten years ago", DayQuery(11, 21, 2016)),
    ("last week", RangeQuery(D(2026, 11, 9), D(2026, 11, 15))),
    ("this week", RangeQuery(D(2026, 11, 16), D(2026, 11, 22))),
    ("this month", MonthQuery(2026, 11)),
    ("last month", MonthQuery(2026, 10)),
    ("last year", YearQuery(2025)),
    ("in the last 7 days", RangeQuery(D(2026, 11, 14), D(2026, 11, 21))),
    ("the past two weeks", RangeQuery(D(2026, 11, 7), D(2026, 11, 21))),
    ("a couple of days ago", DayQuery(11, 19, 2026)),
    # when questions
    ("when was Soleimani killed?", WhenQuery("soleimani killed")),
    ("When did Iran attack Ain al-Asad?", WhenQuery("iran attack ain al-asad")),
    ("do you know when the missile strikes were", WhenQuery("missile strikes")),
    ("what date was Trump's address", WhenQuery("trump's address")),
    # timelines
    ("timeline Soleimani", TimelineQuery("soleimani")),
    ("timeline of the Iran crisis", TimelineQuery("iran crisis")),
    ("show me a timeline for Iraq", TimelineQuery("iraq")),
    ("Iran timeline", TimelineQuery("iran")),
    # upcoming anniversaries
    ("what anniversaries are coming up?", UpcomingQuery(TODAY, 30)),
    ("what anniversaries are coming up in the next 30 days?", UpcomingQuery(TODAY, 30)),
    ("anniversaries in the next 7 days", UpcomingQuery(TODAY, 7)),
    ("upcoming anniversaries next two weeks", UpcomingQuery(TODAY, 14)),
    ("any milestones coming up this week", UpcomingQuery(TODAY, 7, milestones=True)),
    ("anniversaries in the next 3 months", UpcomingQuery(TODAY, 90)),
    ("anniversaries in the next couple of weeks", UpcomingQuery(TODAY, 14)),
    # holidays, quarters, seasons, decades and years read out: the tagger's reading
    ("what happened on New Year's Day 2020?", DayQuery(1, 1, 2020)),
    ("Christmas Day 2019", DayQuery(12, 25, 2019)),
    ("what happened on Christmas", DayQuery(12, 25)),
    ("Easter 2020", DayQuery(4, 12, 2020)),
    ("in Q1 2020", RangeQuery(D(2020, 1, 1), D(2020, 3, 31), label="Q1 2020")),
    ("the third quarter of 2019", RangeQuery(D(2019, 7, 1), D(2019, 9, 30),
                                             label="the third quarter of 2019")),
    ("the first half of 2020", RangeQuery(D(2020, 1, 1), D(2020, 6, 30),
                                          label="the first half of 2020")),
    ("winter 2020", RangeQuery(D(2019, 12, 1), D(2020, 2, 29), label="winter 2020")),
    ("summer 2019", RangeQuery(D(2019, 6, 1), D(2019, 8, 31), label="summer 2019")),
    ("in the 1990s", RangeQuery(D(1990, 1, 1), D(1999, 12, 31), label="the 1990s")),
    ("the 80s", RangeQuery(D(1980, 1, 1), D(1989, 12, 31), label="the 80s")),
    ("what happened in nineteen ninety-nine", YearQuery(1999)),
    ("3 Jan in 2020", DayQuery(1, 3, 2020)),
    ("on 3 January in 2020", DayQuery(1, 3, 2020)),
    ("7th Jan '20", DayQuery(1, 7, 2020)),
    ("Jan '20", MonthQuery(2020, 1)),
    ("the twenty-first of January 2020", DayQuery(1, 21, 2020)),
    ("the day before yesterday", DayQuery(11, 19)),
    ("the day after tomorrow", DayQuery(11, 23)),
    ("last Friday", DayQuery(11, 20, 2026)),
    ("next week", RangeQuery(D(2026, 11, 23), D(2026, 11, 29))),
    ("this year", YearQuery(2026)),
    ("in the past 3 days", RangeQuery(D(2026, 11, 18), D(2026, 11, 21))),
    ("on this day in 2019", DayQuery(11, 21, 2019)),
    ("today in 2016", DayQuery(11, 21, 2016)),
    ("what happened 5 years ago today", DayQuery(11, 21, 2021)),
    # ranges the tagger's range reader adds
    ("2009-2010", RangeQuery(D(2009, 1, 1), D(2010, 12, 31))),
    ("2009-10", RangeQuery(D(2009, 1, 1), D(2010, 12, 31))),
    ("from 2019 to 2021", RangeQuery(D(2019, 1, 1), D(2021, 12, 31))),
    ("from March to May", RangeQuery(D(2026, 3, 1), D(2026, 5, 31))),
    ("from March to May 2020", RangeQuery(D(2020, 3, 1), D(2020, 5, 31))),
    ("from November 2019 to February 2020", RangeQuery(D(2019, 11, 1), D(2020, 2, 29))),
    ("between 28 December 2019 and 3 January", RangeQuery(D(2019, 12, 28), D(2020, 1, 3))),
    ("from 28 December to 3 January",
     RangeQuery(D(2000, 12, 28), D(2001, 1, 3), every_year=True)),
    ("January 3 to 8 2020", RangeQuery(D(2020, 1, 3), D(2020, 1, 8))),
    ("3rd to 8th January 2020", RangeQuery(D(2020, 1, 3), D(2020, 1, 8))),
    ("between the 3rd and the 8th of January 2020", RangeQuery(D(2020, 1, 3), D(2020, 1, 8))),
    ("from last week until yesterday", RangeQuery(D(2026, 11, 9), D(2026, 11, 20))),
    ("from 2019 to now", RangeQuery(D(2019, 1, 1), D(2026, 11, 21))),
    ("between 1 and 8 January", RangeQuery(D(2000, 1, 1), D(2000, 1, 8), every_year=True)),
    # open ranges, nearest first
    ("what happened before 2020", OpenRangeQuery(D(2019, 12, 31), "before",
                                                 "up to 31 December 2019")),
    ("since 7 January 2020", OpenRangeQuery(D(2020, 1, 7), "after", "from 7 January 2020")),
    ("after 7 January 2020", OpenRangeQuery(D(2020, 1, 8), "after", "from 8 January 2020")),
    ("until 7 January 2020", OpenRangeQuery(D(2020, 1, 7), "before", "up to 7 January 2020")),
    ("from 3 January 2020 onwards", OpenRangeQuery(D(2020, 1, 3), "after",
                                                   "from 3 January 2020")),
    ("3 January 2020 onwards", OpenRangeQuery(D(2020, 1, 3), "after", "from 3 January 2020")),
    ("prior to March 2020", OpenRangeQuery(D(2020, 2, 29), "before", "up to 29 February 2020")),
    ("after 2020", OpenRangeQuery(D(2021, 1, 1), "after", "from 1 January 2021")),
    ("2020 and later", OpenRangeQuery(D(2020, 1, 1), "after", "from 1 January 2020")),
    ("since January", OpenRangeQuery(D(2026, 1, 1), "after", "from 1 January 2026")),
    ("before 7 January", OpenRangeQuery(D(2026, 1, 6), "before", "up to 6 January 2026")),
    ("what happened since yesterday", OpenRangeQuery(D(2026, 11, 20), "after",
                                                     "from 20 November 2026")),
    # text normalised first: NFKC, invisible characters, curly quotes
    ("7\u200b January 2020", DayQuery(1, 7, 2020)),
    ("7 Jan\u00aduary 2020", DayQuery(1, 7, 2020)),
    ("\uff17 January \uff12\uff10\uff12\uff10", DayQuery(1, 7, 2020)),
    ("\u201c7 January\u201d", DayQuery(1, 7)),
    ("what\u2019s happened on 7 January?", DayQuery(1, 7)),
    ("\ufeffwhat happened on 8 January 2020", DayQuery(1, 8, 2020)),
    # what was left out is said, never silently dropped
    ("what happened in Iran in 2020", YearQuery(2020, ignored=("iran",))),
    ("what happened on 7 January 2020 in Baghdad", DayQuery(1, 7, 2020, ignored=("baghdad",))),
    ("7 January 2020 and 8 January 2020", DayQuery(1, 7, 2020, ignored=("8 january 2020",))),
    ("between 3 and 8 January 2020 in Iraq",
     RangeQuery(D(2020, 1, 3), D(2020, 1, 8), ignored=("iraq",))),
    # upcoming, and how long ago
    ("any anniversaries in January?", UpcomingQuery(D(2027, 1, 1), 31, label="in January 2027")),
    ("anniversaries in December", UpcomingQuery(D(2026, 12, 1), 31, label="in December 2026")),
    ("anniversaries this month", UpcomingQuery(TODAY, 10, label="in November 2026")),
    ("anniversaries next month", UpcomingQuery(D(2026, 12, 1), 31, label="in December 2026")),
    ("upcoming anniversaries", UpcomingQuery(TODAY, 30)),
    ("upcoming 2 weeks", UpcomingQuery(TODAY, 14)),
    ("upcoming 60", UpcomingQuery(TODAY, 60)),
    ("upcoming milestones", UpcomingQuery(TODAY, 30, milestones=True)),
    ("upcoming milestones in the next 3 months", UpcomingQuery(TODAY, 90, milestones=True)),
    ("how long ago was Soleimani killed?", WhenQuery("soleimani killed", elapsed=True)),
    ("how many years since the Beirut blast", WhenQuery("beirut blast", elapsed=True)),
    ("how long has it been since Brexit?", WhenQuery("brexit", elapsed=True)),
    ("how long since the Capitol riot", WhenQuery("capitol riot", elapsed=True)),
    ("on the anniversary of the Capitol riot", WhenQuery("capitol riot", elapsed=True)),
    ("when is the fifth anniversary of the Beirut blast?",
     WhenQuery("beirut blast", elapsed=True)),
    # a bare "from" names the period; early, mid and late name a part of it
    ("news from 2019", YearQuery(2019)),
    ("what happened from March 2020", MonthQuery(2020, 3)),
    ("what happened in mid-January 2020",
     RangeQuery(D(2020, 1, 11), D(2020, 1, 20), label="mid-January 2020")),
    ("early January 2020", RangeQuery(D(2020, 1, 1), D(2020, 1, 10), label="early January 2020")),
    ("late 2019", RangeQuery(D(2019, 9, 1), D(2019, 12, 31), label="late 2019")),
    ("from late February to early March 2021", RangeQuery(D(2021, 2, 21), D(2021, 3, 10))),
    # help
    ("help", HelpQuery()),
    ("", HelpQuery()),
    ("what can you do?", HelpQuery()),
    # impossible dates name the problem
    ("31 February", InvalidQuery("February never has a 31st day")),
    ("29 February 2021", InvalidQuery("February 2021 has no 29th day (it has 28)")),
    ("2020-13-01", InvalidQuery("there is no month 13; months run from 1 to 12")),
    ("April 31 2020", InvalidQuery("April 2020 has no 31st day (it has 30)")),
    (
        "anniversaries in the next 1000 days",
        InvalidQuery("I can look ahead between 1 and 366 days"),
    ),
    # not understood
    ("blorp", NotUnderstood("blorp")),
    ("who are you", NotUnderstood("who are you")),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] or "<empty>" for c in CASES])
def test_phrasing_parses_to_query(text: str, expected: Query) -> None:
    assert parse(text, TODAY) == expected


def test_table_has_at_least_150_phrasings() -> None:
    assert len(CASES) + len(NUMERIC) >= 150


NUMERIC = [
    ("7/1", NumericOrder.DAY_FIRST, DayQuery(1, 7)),
    ("7/1", NumericOrder.MONTH_FIRST, DayQuery(7, 1)),
    ("07.01.2020", NumericOrder.DAY_FIRST, DayQuery(1, 7, 2020)),
    ("1/7/2020", NumericOrder.MONTH_FIRST, DayQuery(1, 7, 2020)),
    ("7/1/20", NumericOrder.DAY_FIRST, DayQuery(1, 7, 2020)),
    ("31/2", NumericOrder.DAY_FIRST, InvalidQuery("February never has a 31st day")),
]


@pytest.mark.parametrize(("text", "order", "expected"), NUMERIC)
def test_numeric_dates_follow_the_configured_order(
    text: str, order: NumericOrder, expected: Query
) -> None:
    assert parse(text, TODAY, ParseSettings(order)) == expected


def test_numeric_dates_without_an_order_are_refused_as_ambiguous() -> None:
    query = parse("what happened on 7/1?", TODAY)
    assert isinstance(query, InvalidQuery)
    assert "ambiguous" in query.problem


def test_relative_days_follow_the_date_given_not_the_clock() -> None:
    assert parse("yesterday", date(2021, 3, 1)) == DayQuery(2, 28)
    assert parse("two years ago today", date(2024, 2, 29)) == DayQuery(2, 28, 2022)
    assert parse("a week ago", date(2020, 1, 3)) == DayQuery(12, 27, 2019)


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("1 week ago", date(1, 1, 1)),
        ("yesterday", date(1, 1, 1)),
        ("tomorrow", date(9999, 12, 31)),
        ("3 days ago", date(1, 1, 2)),
        ("upcoming 30", date(9999, 12, 31)),
        ("anniversaries in the next 2 weeks", date(9999, 12, 25)),
        ("before 7 January", date(1, 1, 1)),
        ("the day before yesterday", date(1, 1, 2)),
        ("two years ago today", date(2, 5, 5)),
        ("what happened in the past 3000 years", date(2026, 11, 21)),
    ],
)
def test_dates_off_either_end_of_the_calendar_are_refused_by_name(text: str, today: date) -> None:
    query = parse(text, today)
    assert isinstance(query, InvalidQuery) and "outside the calendar" in query.problem


@pytest.mark.parametrize(("text", "today"), [("next year", date(9999, 12, 31)),
                                             ("last year", date(1, 5, 5))])
def test_years_off_either_end_of_the_calendar_are_refused(text: str, today: date) -> None:
    query = parse(text, today)
    assert isinstance(query, InvalidQuery) and "outside the calendar" in query.problem
