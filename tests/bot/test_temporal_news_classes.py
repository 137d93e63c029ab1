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
    ("Currently, the plant runs one shift.", WED, [("Currently", "DATE", "PRESENT_REF")]),
    ("No woman had led a mission until now.", WED, [("now", "DATE", "PRESENT_REF")]),
    # a sentence-initial "Now," is a discourse marker, not a time
    ("Now, he says, the deal is dead.", WED, []),
    # adverbial "at the time" is marked as TimeBank marks it ("the time", PAST_REF);
    # opening a clause or a noun phrase it is left alone
    ("At the time, he was the city's mayor.", WED, [("the time", "DATE", "PAST_REF")]),
    ("He was 12 at the time.", WED, [("the time", "DATE", "PAST_REF")]),
    ("He gave a speech, saying at the time he was willing to talk.", WED,
     [("the time", "DATE", "PAST_REF")]),
    ("At the time Howes was captured, the rebels held the north.", WED, []),
    ("There were 12 members at the time of its founding.", WED, []),
    ("At the same time, costs rose.", WED, []),
    ("Holders may buy shares at half the then-current price.", WED,
     [("then-current", "DATE", "PAST_REF")]),
]

FORWARD: list[Row] = [
    ("The company expects the deal to close by the end of the year.", OCT26,
     [("the end of the year", "DATE", "1989")]),
    ("The airline said it would cut flights through January.", OCT26,
     [("January", "DATE", "1990-01")]),
    # a future verb to the left of "until/through/by" wins over a nearer past-looking
    # word: the participle of "stay closed", the verb "last", a "said"
    ("He said the plant will stay closed until March.", WED, [("March", "DATE", "2020-03")]),
    ("The union said the strike, which began in December, will last until June.", WED,
     [("December", "DATE", "2019-12"), ("June", "DATE", "2020-06")]),
    ("She said the bridge is due to remain closed through August.", WED,
     [("August", "DATE", "2020-08")]),
    ("The agency said the road will stay closed until August, when repairs end.", OCT26,
     [("August", "DATE", "1990-08")]),
    ("The company said it will keep the dividend through the spring.", OCT26,
     [("the spring", "DATE", "1990-SP")]),
    ("The minister said the plan expects growth to resume by the second half.", OCT26,
     [("the second half", "DATE", "1989-H2")]),
    # deferrals and states still running point past the DCT, whatever their tense
    ("Officials postponed until Tuesday any action on the request.", OCT26,
     [("Tuesday", "DATE", "1989-10-31")]),
    ("The bank has extended $90 million in loans through January.", OCT26,
     [("January", "DATE", "1990-01")]),
    ("Officials said the moratorium runs through September.", WED,
     [("September", "DATE", "2020-09")]),
    # without a forward verb the tense decides as before
    ("The factory was shut until September.", WED, [("September", "DATE", "2019-09")]),
    ("Sales fell through March, the company said.", WED, [("March", "DATE", "2019-03")]),
    ("He was a trustee until 1974.", WED, [("1974", "DATE", "1974")]),
]

FROM_NOW: list[Row] = [
    ("Five years from now, the mine will be closed.", WED,
     [("Five years from now", "DATE", "2025")]),
    ("Three days from now, the polls open.", WED, [("Three days from now", "DATE", "2020-01-11")]),
    ("The report is due in two weeks' time.", WED, [("two weeks' time", "DATE", "2020-W04")]),
    ("The plant reopens in a year’s time.", WED, [("a year’s time", "DATE", "2021")]),
    ("The vote is set for a week from Friday.", WED,
     [("a week from Friday", "DATE", "2020-01-17")]),
    ("Talks resume two weeks from Tuesday.", WED,
     [("two weeks from Tuesday", "DATE", "2020-01-28")]),
    ("The ruling is due a month from today.", WED,
     [("a month from today", "DATE", "2020-02-08")]),
    ("The hearing is three days from tomorrow.", WED,
     [("three days from tomorrow", "DATE", "2020-01-12")]),
    # told in the past tense, the day counted from is the one before the DCT
    ("Three days from Monday's vote, talks resumed.", WED,
     [("Three days from Monday", "DATE", "2020-01-09")]),
    ("It is a few days from Friday.", WED, [("a few days from Friday", "DATE", "FUTURE_REF")]),
]

SAME_PERIOD: list[Row] = [
    ("The plant opened in March 2019. It was sold the same month.", WED,
     [("March 2019", "DATE", "2019-03"), ("the same month", "DATE", "2019-03")]),
    ("He was hired in 2015 and left that same year.", WED,
     [("2015", "DATE", "2015"), ("that same year", "DATE", "2015")]),
    ("The bomb exploded on 3 March 2019. That same day, police arrested two men.", WED,
     [("3 March 2019", "DATE", "2019-03-03"), ("That same day", "DATE", "2019-03-03")]),
    ("In March 2019 the firm failed. Later that same month its chief quit.", WED,
     [("March 2019", "DATE", "2019-03"), ("Later that same month", "DATE", "2019-03")]),
    ("He was arrested on 3 May 2019 and charged the same week.", WED,
     [("3 May 2019", "DATE", "2019-05-03"), ("the same week", "DATE", "2019-W18")]),
    # a finer unit than the period mentioned is some part of it, written with X
    ("He was hired in May 2019 and fired the same day.", WED,
     [("May 2019", "DATE", "2019-05"), ("the same day", "DATE", "2019-05-XX")]),
    ("Prices rose in 2018. The same month, wages fell.", WED,
     [("2018", "DATE", "2018"), ("The same month", "DATE", "2018-XX")]),
    # the last mentioned period, not the first
    ("Talks failed in 2017 and resumed in June 2018. The same year, a deal was signed.",
     WED, [("2017", "DATE", "2017"), ("June 2018", "DATE", "2018-06"),
           ("The same year", "DATE", "2018")]),
]

ROWS = (YEAR_SPANS + PARTS_OF_DAY + NAMES + NOW_AND_THE_TIME + FORWARD + FROM_NOW
        + SAME_PERIOD)


@pytest.mark.parametrize(("sentence", "dct", "expected"), ROWS,
                         ids=[row[0][:40] for row in ROWS])
def test_news_class(sentence: str, dct: date, expected: Expect) -> None:
    got = [(t.text, t.type, t.value) for t in tag(sentence, dct)]
    assert got == expected
