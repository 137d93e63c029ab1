"""Expression forms beyond the core table: spoken years, compound months, report years.

Rows are (sentence, DCT, expected extent, expected type, expected value); a row with an
empty extent says the sentence holds no temporal expression at all.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.temporal import tag

FEB27 = date(1998, 2, 27)
NOV02 = date(1989, 11, 2)

Row = tuple[str, date, str, str, str | None]

SPOKEN_YEARS: list[Row] = [
    ("Atlanta, nineteen ninety-six. A bomb blast shocks the games.", FEB27,
     "nineteen ninety-six", "DATE", "1996"),
    ("In nineteen seventy-nine the Soviet Union invaded.", FEB27, "nineteen seventy-nine",
     "DATE", "1979"),
    ("January nineteen ninety-seven. Atlanta again.", FEB27,
     "January nineteen ninety-seven", "DATE", "1997-01"),
    ("Prices last fell like this in the winter of nineteen ninety-four.", FEB27,
     "the winter of nineteen ninety-four", "DATE", "1994-WI"),
    ("The promise to halve unemployment by the year two thousand was dropped.", FEB27,
     "the year two thousand", "DATE", "2000"),
    ("The law took effect in two thousand and one.", FEB27, "two thousand and one",
     "DATE", "2001"),
    ("The house was built in nineteen oh five.", FEB27, "nineteen oh five", "DATE", "1905"),
    ("Two thousand troops arrived.", FEB27, "", "", None),
    ("Nineteen people were hurt.", FEB27, "", "", None),
]

MONTH_OF_A_NAMED_YEAR: list[Row] = [
    ("In July last year in Phnom Penh, the army took over.", date(1998, 2, 19),
     "July last year", "DATE", "1997-07"),
    ("In January this year, police officers arrived.", date(1998, 2, 19),
     "January this year", "DATE", "1998-01"),
    ("They join NATO in April next year.", date(1998, 12, 3), "April next year", "DATE",
     "1999-04"),
    ("He was shot on Oct. 23 last year.", date(1999, 4, 19), "Oct. 23 last year", "DATE",
     "1998-10-23"),
    ("The House approved it in early October of this year.", date(1998, 12, 3),
     "early October of this year", "DATE", "1998-10"),
    ("The effect may last year after year.", FEB27, "", "", None),
]

REPORTING_YEAR: list[Row] = [
    # in a results story "the year" is the year being reported on ...
    ("For the year, pet food volume was flat.", NOV02, "the year", "DATE", "1989"),
    ("Sales for the full year were $6.6 billion.", NOV02, "the full year", "DATE", "1989"),
    ("Herbicide use was delayed earlier in the year by rain.", NOV02, "the year", "DATE",
     "1989"),
    ("Earnings will be lower for the fiscal year.", NOV02, "the fiscal year", "DATE",
     "1989"),
    # ... but "the year ended March 31" is a twelve-month span
    ("Revenue was $76 million for the year ended March 31.", NOV02, "the year", "DURATION",
     "P1Y"),
    ("It expects a loss for the year ending tomorrow.", NOV02, "the year", "DURATION",
     "P1Y"),
    ("Profit fell to $3 million from $4 million the year before.", NOV02, "", "", None),
    ("He worked there the full month.", NOV02, "", "", None),
]

CENTURIES_AND_VAGUE: list[Row] = [
    ("Angkor Wat is the fabled 11th century temple.", FEB27, "11th century", "DATE", "10"),
    ("It was among the great events of the 20th century.", FEB27, "the 20th century",
     "DATE", "19"),
    ("He spoke of the twenty-first century.", FEB27, "the twenty-first century", "DATE",
     "20"),
    ("She runs a 21st-century newsroom.", FEB27, "21st-century", "DATE", "20"),
    ("It holds 14.6%, according to a recent SEC filing.", FEB27, "recent", "DATE",
     "PAST_REF"),
    ("Then, a week or so ago, the general moved his troops.", date(1991, 2, 25),
     "a week or so ago", "DATE", "1991-W08"),
]

SPANS_BEFORE_EVENTS: list[Row] = [
    ("It may be resolved at a hearing the week of March 6, his lawyer said.",
     date(2000, 2, 24), "the week of March 6", "DATE", "2000-W10"),
    ("Talks resume during the week of 6 March 2023.", FEB27, "the week of 6 March 2023",
     "DATE", "2023-W10"),
    # "after"/"before" an event is a signal: the expression is the span alone
    ("Retaliating 13 days after the embassy bombings, the US struck.", date(1998, 8, 20),
     "13 days", "DURATION", "P13D"),
    ("Banks must wait at least 30 days before closing the purchase.", NOV02,
     "at least 30 days", "DURATION", "P30D"),
    # ... but at the end of a clause it counts from the story's reference time
    ("He had left two days before.", date(1998, 8, 20), "two days before", "DATE",
     "1998-08-18"),
]

_Q3 = "Net for the third quarter ended Sept. 30 fell. "
COMPARISON_PERIODS: list[Row] = [
    (_Q3 + "It compares with $1.8 million for the corresponding period last year.", NOV02,
     "the corresponding period last year", "DATE", "1988-Q3"),
    (_Q3 + "U.K. sales for last year's quarter were about $3 million.", NOV02,
     "last year's quarter", "DATE", "1988-Q3"),
]

HALVES_AND_MARKED_DAYS: list[Row] = [
    ("It means lower earnings for the last half of 1989.", NOV02, "the last half of 1989",
     "DATE", "1989-H2"),
    ("Output should hold through the first two quarters of 1990.", NOV02,
     "the first two quarters of 1990", "DATE", "1990-H1"),
    ("Sales in the last quarter fell.", NOV02, "the last quarter", "DATE", "1989-Q3"),
    ("Sales followed the trend of the last half of the '80s.", NOV02, "the '80s", "DATE",
     "198"),
    ("He was shot to death last Oct. 23 at his home.", date(1999, 4, 19), "last Oct. 23",
     "DATE", "1998-10-23"),
    ("The vote next March 1 will be close.", date(1999, 4, 19), "next March 1", "DATE",
     "2000-03-01"),
]

ROWS = SPOKEN_YEARS + MONTH_OF_A_NAMED_YEAR + REPORTING_YEAR + CENTURIES_AND_VAGUE
ROWS += HALVES_AND_MARKED_DAYS
ROWS += COMPARISON_PERIODS
ROWS += SPANS_BEFORE_EVENTS


def _ids(rows: list[Row]) -> list[str]:
    return [f"{r[0][:40]}|{r[1]}" for r in rows]


@pytest.mark.parametrize("row", [r for r in ROWS if r[2]], ids=_ids([r for r in ROWS if r[2]]))
def test_form_is_tagged(row: Row) -> None:
    sentence, dct, extent, type_, value = row
    start = sentence.index(extent)
    got = [(t.start, t.end, t.type, t.value) for t in tag(sentence, dct)]
    assert (start, start + len(extent), type_, value) in got, got


@pytest.mark.parametrize("row", [r for r in ROWS if not r[2]],
                         ids=_ids([r for r in ROWS if not r[2]]))
def test_lookalike_is_not_tagged(row: Row) -> None:
    assert tag(row[0], row[1]) == []
