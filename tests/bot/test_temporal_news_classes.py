"""Classes of news English the tagger used to miss (issue 14), as table rows.

Each row is (sentence, DCT, expected extents with type and value, in order). The
sentences are written for these tests in wire-copy style.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.temporal import tag

WED = date(2020, 1, 8)  # a Wednesday
OCT26 = date(1989, 10, 26)  # a Thursday

Expect = list[tuple[str, str, str]]
Row = tuple[str, date, Expect]

YEAR_SPANS: list[Row] = [
    ("He scored 30 goals in the 2009-2010 season.", WED,
     [("2009", "DATE", "2009"), ("2010", "DATE", "2010")]),
    ("Output fell sharply in 1957-58, the ministry said.", WED,
     [("1957", "DATE", "1957"), ("58", "DATE", "1958")]),
    ("The council approved its 1998/99 budget.", WED,
     [("1998", "DATE", "1998"), ("99", "DATE", "1999")]),
    ("The 2010-11 campaign ended in relegation.", WED,
     [("2010", "DATE", "2010"), ("11", "DATE", "2011")]),
    ("The 1999-2000 budget was lean.", WED,
     [("1999", "DATE", "1999"), ("2000", "DATE", "2000")]),
    # a month written after its year is still a month; a falling pair is no range
    ("The figures for 2019-10 were revised.", WED, [("2019-10", "DATE", "2019-10")]),
    ("The final score was 1995-90 after overtime.", WED, []),
]

PARTS_OF_DAY: list[Row] = [
    ("The talks resume Friday afternoon in Geneva.", WED,
     [("Friday afternoon", "TIME", "2020-01-10TAF")]),
    ("Police said the blast went off early Monday morning.", WED,
     [("early Monday morning", "TIME", "2020-01-06TMO")]),
    ("Polls close at 15:00 GMT Saturday.", WED,
     [("15:00 GMT Saturday", "TIME", "2020-01-11T15:00")]),
    ("Polls close Saturday at 3 p.m.", WED,
     [("Saturday", "DATE", "2020-01-11"), ("3 p.m.", "TIME", "2020-01-11T15:00")]),
    ("Voting ends at 8 p.m. on Friday.", WED,
     [("8 p.m.", "TIME", "2020-01-10T20:00"), ("Friday", "DATE", "2020-01-10")]),
    ("Trading halted at 3 p.m. Eastern Standard Time.", WED,
     [("3 p.m. Eastern Standard Time", "TIME", "2020-01-08T15:00")]),
]

NAMES: list[Row] = [
    ("Clocks go back when British Summer Time ends.", WED, []),
    ("She won gold at the Summer Olympics in Athens.", WED, []),
    ("He skated at the Winter Games for Canada.", WED, []),
    ("Crowds gathered for the Spring Festival parade.", WED, []),
    ("Protests spread after the Arab Spring uprisings.", WED, []),
    ("The film recalls the Fall of Saigon.", WED, []),
    # a season that is a date stays one, capitalised or not
    ("Last Summer, prices rose.", WED, [("Last Summer", "DATE", "2019-SU")]),
    ("The plant opens in Spring 2020.", WED, [("Spring 2020", "DATE", "2020-SP")]),
    ("Sales slowed last summer.", WED, [("last summer", "DATE", "2019-SU")]),
]

NOW_AND_THE_TIME: list[Row] = [
    ("The company now employs 400 people.", WED, [("now", "DATE", "PRESENT_REF")]),
    ("For now, the talks are on hold.", WED, [("now", "DATE", "PRESENT_REF")]),
    ("Five years from now, the mine will be closed.", WED,
     [("Five years from now", "DATE", "2025")]),
    # "at the time" refers back to an event; TimeBank leaves it untagged
    ("At the time, he was the city's mayor.", WED, []),
]

FORWARD: list[Row] = [
    ("The company expects the deal to close by the end of the year.", OCT26,
     [("the end of the year", "DATE", "1989")]),
    ("The airline said it would cut flights through January.", OCT26,
     [("January", "DATE", "1990-01")]),
]

ROWS = YEAR_SPANS + PARTS_OF_DAY + NAMES + NOW_AND_THE_TIME + FORWARD


@pytest.mark.parametrize(("sentence", "dct", "expected"), ROWS,
                         ids=[row[0][:40] for row in ROWS])
def test_news_class(sentence: str, dct: date, expected: Expect) -> None:
    got = [(t.text, t.type, t.value) for t in tag(sentence, dct)]
    assert got == expected
