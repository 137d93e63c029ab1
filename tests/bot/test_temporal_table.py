"""The temporal tagger, table-driven: news phrasings with their extent, type and value.

Each row is (sentence, DCT, expected extent, expected type, expected value). The row
passes when the tagger reports exactly that extent with that type and value.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.temporal import tag

JAN12 = date(2020, 1, 12)  # a Sunday, ISO week 2020-W02
JAN03 = date(2022, 1, 3)  # a Monday, ISO week 2022-W01
NYE = date(2021, 12, 31)  # a Friday, ISO week 2021-W52
MAR01 = date(2020, 3, 1)  # a Sunday in a leap year
JUN15 = date(2019, 6, 15)  # a Saturday
OCT26 = date(1989, 10, 26)  # a Thursday, in the fourth quarter

Row = tuple[str, date | None, str, str, str | None]

SEED_PHRASES: list[Row] = [
    # the first seed article, published about 12 January 2020
    ("The strike on 3 January changed the region.", JAN12, "3 January", "DATE", "2020-01-03"),
    ("Officials confirmed the January 3 raid.", JAN12, "January 3", "DATE", "2020-01-03"),
    ("In October, an agency quoted a commander.", JAN12, "October", "DATE", "2019-10"),
    ("On 3 January, a convoy was hit.", JAN12, "3 January", "DATE", "2020-01-03"),
    ("Missiles were fired on 7 January.", JAN12, "7 January", "DATE", "2020-01-07"),
    # the second seed article, published about 3 January 2022
    ("On January 3rd, 2020 the news broke.", JAN03, "January 3rd, 2020", "DATE", "2020-01-03"),
    ("Two years have passed since the strike.", JAN03, "Two years", "DURATION", "P2Y"),
    ("The world watched it happen in 2020.", JAN03, "2020", "DATE", "2020"),
    ("After two years of silence, reports emerged.", JAN03, "two years", "DURATION", "P2Y"),
    ("Recently, the two governments held talks.", JAN03, "Recently", "DATE", "PAST_REF"),
]

EXPLICIT: list[Row] = [
    ("The vote was held Jan. 8.", JAN12, "Jan. 8", "DATE", "2020-01-08"),
    ("It opened on 8 January 2020 in Geneva.", JAN12, "8 January 2020", "DATE", "2020-01-08"),
    ("It opened on January 8th, 2020, in Geneva.", JAN12, "January 8th, 2020", "DATE",
     "2020-01-08"),
    ("The filing is dated 2020-01-08.", JAN12, "2020-01-08", "DATE", "2020-01-08"),
    ("The memo dated 1/8/2020 leaked.", JAN12, "1/8/2020", "DATE", "2020-01-08"),
    ("The ship docked on Sept. 30, 1989.", OCT26, "Sept. 30, 1989", "DATE", "1989-09-30"),
    ("Trading resumed on Monday, Oct. 16.", OCT26, "Monday, Oct. 16", "DATE", "1989-10-16"),
    ("Shares fell on the 3rd of January.", JAN12, "the 3rd of January", "DATE",
     "2020-01-03"),
    ("The treaty of June 1998 still holds.", JAN12, "June 1998", "DATE", "1998-06"),
    ("He was born in 1961 in Ohio.", JAN12, "1961", "DATE", "1961"),
    ("The plant closed in December 2019.", JAN12, "December 2019", "DATE", "2019-12"),
    ("The log shows 2020-01-07T15:00 as the time.", JAN12, "2020-01-07T15:00", "TIME",
     "2020-01-07T15:00"),
    ("The report for 2019-10 is late.", JAN12, "2019-10", "DATE", "2019-10"),
    ("The deal closes Dec. 15.", OCT26, "Dec. 15", "DATE", "1989-12-15"),
    ("Results are due Feb. 1.", OCT26, "Feb. 1", "DATE", "1990-02-01"),
    ("The fair runs until March 3, 2020.", JAN12, "March 3, 2020", "DATE", "2020-03-03"),
    ("The law took effect on 1 July.", JAN12, "1 July", "DATE", "2019-07-01"),
    ("The summit ended on the seventh of January.", JAN12, "the seventh of January",
     "DATE", "2020-01-07"),
    ("The order is dated Friday, January 10, 2020.", JAN12,
     "Friday, January 10, 2020", "DATE", "2020-01-10"),
    ("Voting ends November 3, 2020.", JAN12, "November 3, 2020", "DATE", "2020-11-03"),
    ("The ISO date 2021-12-31 closes the year.", NYE, "2021-12-31", "DATE", "2021-12-31"),
    ("Contracts signed on 31 Dec. 2021 count.", NYE, "31 Dec. 2021", "DATE", "2021-12-31"),
    ("It was announced Aug. 7, 1998.", JAN12, "Aug. 7, 1998", "DATE", "1998-08-07"),
    ("A ruling on April 22 is expected.", MAR01, "April 22", "DATE", "2020-04-22"),
    ("Rains began in mid-November.", JAN12, "mid-November", "DATE", "2019-11"),
    ("Sales were strong in early December.", JAN12, "early December", "DATE", "2019-12"),
    ("The index peaked in late 2019.", JAN12, "late 2019", "DATE", "2019"),
    ("Its fiscal 1989 results were weak.", OCT26, "fiscal 1989", "DATE", "1989"),
]

NUMERIC_ORDER: list[tuple[str, bool, str]] = [
    ("Filed 1/8/2020.", False, "2020-01-08"),
    ("Filed 1/8/2020.", True, "2020-08-01"),
    ("Filed 13/1/2020.", True, "2020-01-13"),
    ("Filed 12/25/19.", False, "2019-12-25"),
    ("Filed 08.01.2020.", True, "2020-01-08"),
]

BARE: list[Row] = [
    ("On Friday the minister resigned.", JAN12, "Friday", "DATE", "2020-01-10"),
    ("The minister said Friday he would stay.", JAN12, "Friday", "DATE", "2020-01-10"),
    ("The minister will speak on Friday.", JAN12, "Friday", "DATE", "2020-01-17"),
    ("Talks resume next Friday.", JAN12, "next Friday", "DATE", "2020-01-17"),
    ("Talks ended last Friday.", JAN12, "last Friday", "DATE", "2020-01-10"),
    ("The board meets this Friday.", JAN03, "this Friday", "DATE", "2022-01-07"),
    ("Markets were calm on Monday.", JAN03, "Monday", "DATE", "2022-01-03"),
    ("The vote will be held on Wednesday.", JAN03, "Wednesday", "DATE", "2022-01-05"),
    ("Police arrested him Saturday.", JAN12, "Saturday", "DATE", "2020-01-11"),
    ("In October, the agency quoted a general.", JAN12, "October", "DATE", "2019-10"),
    ("The election will take place in November.", JAN12, "November", "DATE", "2020-11"),
    ("Prices rose in March.", JAN12, "March", "DATE", "2019-03"),
    ("Snow fell last December.", JAN12, "last December", "DATE", "2019-12"),
    ("The talks collapsed last January.", JAN12, "last January", "DATE", "2019-01"),
    ("We expect a decision next June.", JAN12, "next June", "DATE", "2020-06"),
    ("The store opens in May.", JAN12, "May", "DATE", "2020-05"),
    ("The firm was founded in September.", JUN15, "September", "DATE", "2018-09"),
    ("Exports grew in April.", JUN15, "April", "DATE", "2019-04"),
    # a weekday's part of day is one TIME on that day (TIMEX3 "2020-01-14TMO")
    ("She flies home Tuesday morning.", JAN12, "Tuesday morning", "TIME", "2020-01-14TMO"),
    ("The rally took place Thursday night.", JAN12, "Thursday night", "TIME",
     "2020-01-09TNI"),
    ("The result came on Christmas Day.", JAN12, "Christmas Day", "DATE", "2019-12-25"),
    ("The parade is on Independence Day.", JUN15, "Independence Day", "DATE", "2019-07-04"),
    ("Stores opened on Thanksgiving Day.", JAN12, "Thanksgiving Day", "DATE", "2019-11-28"),
    ("Flights sold out last Thanksgiving.", JAN12, "last Thanksgiving", "DATE",
     "2019-11-28"),
]

RELATIVE: list[Row] = [
    ("The ministry said yesterday that talks failed.", JAN12, "yesterday", "DATE",
     "2020-01-11"),
    ("The talks resume today.", JAN12, "today", "DATE", "2020-01-12"),
    ("The court rules tomorrow.", JAN12, "tomorrow", "DATE", "2020-01-13"),
    ("Exports slumped last week.", JAN12, "last week", "DATE", "2020-W01"),
    ("Exports slumped this week.", JAN12, "this week", "DATE", "2020-W02"),
    ("Exports will recover next week.", JAN12, "next week", "DATE", "2020-W03"),
    ("The plant closed two years ago.", JAN12, "two years ago", "DATE", "2018"),
    ("The plant closed three months ago.", JAN12, "three months ago", "DATE", "2019-10"),
    ("The plant closed 10 days ago.", JAN12, "10 days ago", "DATE", "2020-01-02"),
    ("The plant closed a week ago.", JAN12, "a week ago", "DATE", "2020-W01"),
    ("Earlier this month, prices jumped.", JAN12, "Earlier this month", "DATE", "2020-01"),
    ("Prices jumped earlier this year.", JAN12, "earlier this year", "DATE", "2020"),
    ("Prices jumped last month.", JAN12, "last month", "DATE", "2019-12"),
    ("Prices jumped last year.", JAN12, "last year", "DATE", "2019"),
    ("Prices will rise next year.", JAN12, "next year", "DATE", "2021"),
    ("Prices will rise this year.", JAN12, "this year", "DATE", "2020"),
    ("Prices will rise next month.", JAN12, "next month", "DATE", "2020-02"),
    ("Sales fell this month.", JAN12, "this month", "DATE", "2020-01"),
    ("The rebels struck on 3 March 2015. The following day the army replied.", JAN12,
     "The following day", "DATE", "2015-03-04"),
    ("The rebels struck on 3 March 2015. A day later the army replied.", JAN12,
     "A day later", "DATE", "2015-03-04"),
    ("Profit hit $5 million in 2018. A year earlier it was $4 million.", JAN12,
     "A year earlier", "DATE", "2017"),
    ("The dam broke on 8 May 2010. Two days earlier rain had fallen.", JAN12,
     "Two days earlier", "DATE", "2010-05-06"),
    ("He arrived on 2 June 2016 and left that day.", JAN12, "that day", "DATE",
     "2016-06-02"),
    ("They met in 2012 and married the following year.", JAN12, "the following year",
     "DATE", "2013"),
    ("The deal was done late last year.", JAN12, "late last year", "DATE", "2019"),
    ("The merger closes early next year.", JAN12, "early next year", "DATE", "2021"),
    ("The storm hit late yesterday.", JAN12, "late yesterday", "DATE", "2020-01-11"),
    ("Rescue teams arrived this morning.", JAN12, "this morning", "TIME", "2020-01-12TMO"),
    ("Shots were heard last night.", JAN12, "last night", "TIME", "2020-01-11TNI"),
    ("The leader speaks tonight.", JAN12, "tonight", "TIME", "2020-01-12TNI"),
    ("The plant opens five years from now.", JAN12, "five years from now", "DATE", "2025"),
    ("A decade ago the town was empty.", JAN12, "A decade ago", "DATE", "2010"),
    ("Fighting resumed last weekend.", JAN12, "last weekend", "DATE", "2020-W01-WE"),
    ("The shelter filled up over the weekend.", JAN12, "the weekend", "DATE",
     "2020-W02-WE"),
]

PERIODS: list[Row] = [
    ("Profit rose in the third quarter.", OCT26, "the third quarter", "DATE", "1989-Q3"),
    ("Third-quarter profit rose.", OCT26, "Third-quarter", "DATE", "1989-Q3"),
    ("The firm reported its third-quarter loss.", OCT26, "third-quarter", "DATE",
     "1989-Q3"),
    ("Sales in the fourth quarter will be flat.", OCT26, "the fourth quarter", "DATE",
     "1989-Q4"),
    ("Sales in the fourth quarter fell.", JAN12, "the fourth quarter", "DATE", "2019-Q4"),
    ("Revenue in the first quarter of 2020 doubled.", JAN12, "the first quarter of 2020",
     "DATE", "2020-Q1"),
    ("Output fell in Q3 2019.", JAN12, "Q3 2019", "DATE", "2019-Q3"),
    ("Output rose in the second half of 2019.", JAN12, "the second half of 2019", "DATE",
     "2019-H2"),
    ("Output rose in the latest quarter.", OCT26, "the latest quarter", "DATE", "1989-Q3"),
    ("Output is weak in the current quarter.", OCT26, "the current quarter", "DATE",
     "1989-Q4"),
    ("Profit rose in the third quarter. Sales in the quarter doubled.", OCT26,
     "the quarter", "DATE", "1989-Q3"),
    ("Profit rose in the third quarter from the year-earlier quarter.", OCT26,
     "the year-earlier quarter", "DATE", "1988-Q3"),
    ("Profit rose in the third quarter from $4 million a year ago.", OCT26, "a year ago",
     "DATE", "1988-Q3"),
    ("Crops failed last summer.", JAN12, "last summer", "DATE", "2019-SU"),
    ("Crops failed last fall.", JAN12, "last fall", "DATE", "2019-FA"),
    ("Elections come next spring.", JAN12, "next spring", "DATE", "2020-SP"),
    ("The team trained in the summer of 2018.", JAN12, "the summer of 2018", "DATE",
     "2018-SU"),
    ("Tourists return this summer.", JAN12, "this summer", "DATE", "2020-SU"),
    ("Music changed in the 1990s.", JAN12, "the 1990s", "DATE", "199"),
    ("Music changed in the 80s.", JAN12, "the 80s", "DATE", "198"),
    ("Music changed in the '60s.", JAN12, "the '60s", "DATE", "196"),
    ("Music changed in the mid-1970s.", JAN12, "the mid-1970s", "DATE", "197"),
    ("Music changed in the eighties.", JAN12, "the eighties", "DATE", "198"),
    ("Music changed in the 2010s.", JAN12, "the 2010s", "DATE", "201"),
    ("Music changed in the 20s.", JAN12, "the 20s", "DATE", "202"),
    ("The deal should close by year-end.", OCT26, "year-end", "DATE", "1989-12-31"),
]

DURATIONS: list[Row] = [
    ("The war lasted three years.", JAN12, "three years", "DURATION", "P3Y"),
    ("Rain fell for three days.", JAN12, "three days", "DURATION", "P3D"),
    ("Markets fell 9% in the past 24 hours.", JAN12, "the past 24 hours", "DURATION",
     "PT24H"),
    ("Prices fell over the past two months.", JAN12, "the past two months", "DURATION",
     "P2M"),
    ("He served a five-year term.", JAN12, "five-year", "DURATION", "P5Y"),
    ("The trial lasted 2 1/2 years.", JAN12, "2 1/2 years", "DURATION", "P2Y6M"),
    ("The siege lasted nearly two weeks.", JAN12, "nearly two weeks", "DURATION", "P2W"),
    ("Talks lasted more than four hours.", JAN12, "more than four hours", "DURATION",
     "PT4H"),
    ("It took several years to rebuild.", JAN12, "several years", "DURATION", "PXY"),
    ("Rates will stay low for the next few months.", JAN12, "the next few months",
     "DURATION", "PXM"),
    ("Profit rose in the first nine months.", OCT26, "the first nine months", "DURATION",
     "P9M"),
    ("The flight took 90 minutes.", JAN12, "90 minutes", "DURATION", "PT90M"),
    ("The drought lasted two decades.", JAN12, "two decades", "DURATION", "P20Y"),
    ("The ceasefire held for twenty-four hours.", JAN12, "twenty-four hours", "DURATION",
     "PT24H"),
    ("Members serve a one-year term.", JAN12, "one-year", "DURATION", "P1Y"),
    ("The strike lasted a couple of weeks.", JAN12, "a couple of weeks", "DURATION",
     "P2W"),
    ("The bank has grown in recent years.", JAN12, "recent years", "DURATION", "PXY"),
    ("Officials debated for months.", JAN12, "months", "DURATION", "PXM"),
    ("Unemployment rose over the last three years.", JAN12, "the last three years",
     "DURATION", "P3Y"),
    ("A ten-day curfew was imposed.", JAN12, "ten-day", "DURATION", "P10D"),
    ("The 30-year bond rallied.", JAN12, "30-year", "DURATION", "P30Y"),
    ("Inflation fell during the year.", JAN12, "the year", "DURATION", "P1Y"),
]

VAGUE_AND_SETS: list[Row] = [
    ("The company is now profitable.", JAN12, "now", "DATE", "PRESENT_REF"),
    ("The company is currently profitable.", JAN12, "currently", "DATE", "PRESENT_REF"),
    ("The company recently cut jobs.", JAN12, "recently", "DATE", "PAST_REF"),
    ("Such strikes happened in the past.", JAN12, "the past", "DATE", "PAST_REF"),
    ("More strikes may follow in the future.", JAN12, "the future", "DATE", "FUTURE_REF"),
    ("Talks may resume in the near future.", JAN12, "the near future", "DATE",
     "FUTURE_REF"),
    ("Nowadays few people write letters.", JAN12, "Nowadays", "DATE", "PRESENT_REF"),
    ("The festival is held every year.", JAN12, "every year", "SET", "P1Y"),
    ("The paper is published daily.", JAN12, "daily", "SET", "P1D"),
    ("The board meets each month.", JAN12, "each month", "SET", "P1M"),
    ("The market opens every Monday.", JAN12, "every Monday", "SET", "XXXX-WXX-1"),
    ("Rents rise annually.", JAN12, "annually", "SET", "P1Y"),
    ("The magazine appears weekly.", JAN12, "weekly", "SET", "P1W"),
    ("Inspectors visit twice a year.", JAN12, "a year", "SET", "P1Y"),
    ("Fees are reviewed every two years.", JAN12, "every two years", "SET", "P2Y"),
    ("Right now the port is closed.", JAN12, "Right now", "DATE", "PRESENT_REF"),
    ("The fair takes place every July.", JAN12, "every July", "SET", "XXXX-07"),
]

TIMES: list[Row] = [
    ("The blast came at 5 p.m. on a busy street.", JAN12, "5 p.m.", "TIME",
     "2020-01-12T17:00"),
    ("Polls close at 8:30 p.m. EST.", JAN12, "8:30 p.m. EST", "TIME", "2020-01-12T20:30"),
    ("Polls opened at 7 a.m. Tuesday.", JAN03, "7 a.m. Tuesday", "TIME",
     "2022-01-04T07:00"),
    ("The deadline passed at noon.", JAN12, "noon", "TIME", "2020-01-12T12:00"),
    ("The curfew starts at midnight.", JAN12, "midnight", "TIME", "2020-01-12T24"),
    ("Doors open at 09:15 sharp.", JAN12, "09:15", "TIME", "2020-01-12T09:15"),
    ("The quake struck at 4 in the morning.", JAN12, "4 in the morning", "TIME",
     "2020-01-12T04:00"),
    ("Trading halted at 2:45 p.m., Jan. 8.", JAN12, "2:45 p.m., Jan. 8", "TIME",
     "2020-01-08T14:45"),
]

EDGE: list[Row] = [
    # 29 February: valid only in leap years; a bare one falls back to the last leap year
    ("The law passed on Feb. 29, 2020.", MAR01, "Feb. 29, 2020", "DATE", "2020-02-29"),
    ("The law passed on Feb. 29.", MAR01, "Feb. 29", "DATE", "2020-02-29"),
    ("The law passed on Feb. 29.", date(2021, 3, 1), "Feb. 29", "DATE", "2020-02-29"),
    # year boundaries
    ("Snow fell last December.", date(2021, 1, 5), "last December", "DATE", "2020-12"),
    ("The bill passed on Dec. 30.", date(2021, 1, 2), "Dec. 30", "DATE", "2020-12-30"),
    ("The vote is set for Jan. 4.", NYE, "Jan. 4", "DATE", "2022-01-04"),
    ("The vote was held yesterday.", date(2022, 1, 1), "yesterday", "DATE", "2021-12-31"),
    ("The vote is tomorrow.", NYE, "tomorrow", "DATE", "2022-01-01"),
    ("Sales grew last month.", date(2021, 1, 5), "last month", "DATE", "2020-12"),
    ("Sales will grow next month.", NYE, "next month", "DATE", "2022-01"),
    ("Sales will grow next year.", NYE, "next year", "DATE", "2022"),
    ("Sales grew this year.", NYE, "this year", "DATE", "2021"),
    ("Sales grew this week.", NYE, "this week", "DATE", "2021-W52"),
    ("Sales will grow next week.", NYE, "next week", "DATE", "2022-W01"),
    ("The plan starts in January.", NYE, "January", "DATE", "2022-01"),
    ("The season ended in December.", date(2022, 1, 2), "December", "DATE", "2021-12"),
    ("The plan starts next Monday.", NYE, "next Monday", "DATE", "2022-01-03"),
    ("The first quarter will be hard.", NYE, "The first quarter", "DATE", "2022-Q1"),
    # two-digit years and decades
    ("The coup of 5/14/98 is remembered.", JAN12, "5/14/98", "DATE", "1998-05-14"),
    ("The coup of 5/14/08 is remembered.", JAN12, "5/14/08", "DATE", "2008-05-14"),
    ("Fashion of the 80s is back.", JAN12, "the 80s", "DATE", "198"),
    ("Fashion of the '90s is back.", NYE, "the '90s", "DATE", "199"),
    # not dates
    ("She may resign.", JAN12, "", "", None),
    ("Prices fall when demand drops.", JAN12, "", "", None),
    ("A 45-year-old man was hurt.", JAN12, "", "", None),
    ("Theresa May spoke to reporters.", JAN12, "", "", None),
    ("Protesters march through the city.", JAN12, "", "", None),
    ("He sold 1,990 shares for $2,000.", JAN12, "", "", None),
]

NO_DCT: list[Row] = [
    ("In October, the agency quoted a general.", None, "October", "DATE", None),
    ("The ministry said yesterday that talks failed.", None, "yesterday", "DATE", None),
    ("On Friday the minister resigned.", None, "Friday", "DATE", None),
    ("It opened on 8 January 2020 in Geneva.", None, "8 January 2020", "DATE",
     "2020-01-08"),
    ("The war lasted three years.", None, "three years", "DURATION", "P3Y"),
    ("The company is now profitable.", None, "now", "DATE", "PRESENT_REF"),
    ("The plant closed two years ago.", None, "two years ago", "DATE", None),
    ("The festival is held every year.", None, "every year", "SET", "P1Y"),
    ("The treaty of June 1998 still holds.", None, "June 1998", "DATE", "1998-06"),
    ("Music changed in the 1990s.", None, "the 1990s", "DATE", "199"),
    ("Music changed in the 80s.", None, "the 80s", "DATE", "198"),
    ("Exports slumped last week.", None, "last week", "DATE", None),
    ("Profit rose in the third quarter of 2019.", None, "the third quarter of 2019", "DATE",
     "2019-Q3"),
]

# Rules of news English added from the TimeBank error analysis.
NEWS_RULES: list[Row] = [
    # a capitalised -ed word is a name, not a past-tense verb
    ("He will travel to the United States Thursday.", JAN12, "Thursday", "DATE",
     "2020-01-16"),
    # an -ed adjective after a determiner or with un- marks no tense
    ("The dividend will be paid on an unspecified date in January.", OCT26, "January",
     "DATE", "1990-01"),
    ("The proposed merger will close in January.", OCT26, "January", "DATE", "1990-01"),
    # "has" is past only as a perfect auxiliary ("has said"), not as possession
    ("The company has $90 million in loans through January.", OCT26, "January", "DATE",
     "1990-01"),
    ("The minister has said Friday that he would stay.", JAN12, "Friday", "DATE",
     "2020-01-10"),
    # "earlier Friday" is earlier on that Friday, which may be the DCT itself
    ("Earlier Friday, lawyers filed a petition.", NYE, "Earlier Friday", "DATE",
     "2021-12-31"),
    ("Later Friday, the court ruled.", NYE, "Later Friday", "DATE", "2021-12-31"),
    # "year-ago" after a past year: that year is the comparison period itself
    ("Profit was $5 million in the 1988 period. The year-ago results were restated.",
     OCT26, "The year-ago", "DATE", "1988"),
    # ... but "a year earlier" still counts back from an explicit year
    ("Sales were $2 billion in 1988, up from $1.8 billion a year earlier.", OCT26,
     "a year earlier", "DATE", "1987"),
    # "soon" as an adverb of a present or future clause is FUTURE_REF ...
    ("The firm said it soon will begin selling boxes.", JAN12, "soon", "DATE",
     "FUTURE_REF"),
    ("Prosecutors may soon seek an indictment.", JAN12, "soon", "DATE", "FUTURE_REF"),
    ("He wants the boy returned as soon as possible.", JAN12, "as soon as possible", "DATE",
     "FUTURE_REF"),
    # ... but "as soon as Tuesday" is about Tuesday
    ("They could leave as soon as Tuesday.", JAN12, "Tuesday", "DATE", "2020-01-14"),
    # sentence-initial "Now," is a discourse marker; adverbial "now" is PRESENT_REF
    ("The alliance is now bigger.", JAN12, "now", "DATE", "PRESENT_REF"),
    ("Now the alliance is bigger.", JAN12, "Now", "DATE", "PRESENT_REF"),
    ("He was soon released.", JAN12, "", "", None),
    ("It collapsed soon after the vote.", JAN12, "", "", None),
    ("Now, following asset sales, the firm is lean.", JAN12, "", "", None),
    ("Economists disagree. Now, he says, it looks worse.", JAN12, "", "", None),
    # "a year ago" while the text reports on a quarter named shortly before: that quarter
    # a year earlier, even when a day ("Sept. 30") was mentioned in between
    ("Net rose in the third quarter. Sales for the period ended Sept. 30 were $2 billion, "
     "up from $1.5 billion a year ago.", OCT26, "a year ago", "DATE", "1988-Q3"),
    ("The plant closed a year ago.", OCT26, "a year ago", "DATE", "1988"),
]

ALL_ROWS = SEED_PHRASES + EXPLICIT + BARE + RELATIVE + PERIODS + DURATIONS + VAGUE_AND_SETS
ALL_ROWS += TIMES + EDGE + NO_DCT + NEWS_RULES


def _ids(rows: list[Row]) -> list[str]:
    return [f"{r[0][:40]}|{r[1]}" for r in rows]


def test_table_is_big_enough() -> None:
    assert len(ALL_ROWS) + len(NUMERIC_ORDER) >= 150


@pytest.mark.parametrize("row", [r for r in ALL_ROWS if r[2]], ids=_ids([r for r in ALL_ROWS
                                                                         if r[2]]))
def test_phrase(row: Row) -> None:
    sentence, dct, extent, type_, value = row
    found = tag(sentence, dct)
    start = sentence.find(extent)
    assert start >= 0, "the extent must occur in the sentence"
    got = [(t.start, t.end, t.type, t.value) for t in found]
    assert (start, start + len(extent), type_, value) in got, got


@pytest.mark.parametrize("row", [r for r in ALL_ROWS if not r[2]],
                         ids=_ids([r for r in ALL_ROWS if not r[2]]))
def test_not_a_date(row: Row) -> None:
    sentence, dct, *_ = row
    assert tag(sentence, dct) == []


@pytest.mark.parametrize(("sentence", "day_first", "value"), NUMERIC_ORDER)
def test_numeric_order(sentence: str, day_first: bool, value: str) -> None:
    found = tag(sentence, JAN12, day_first=day_first)
    assert [t.value for t in found] == [value]
