"""How the tagger reads a sentence to place bare dates: plans, clauses, abbreviations.

Each row is (sentence, DCT, expected extent, expected type, expected value), as in
``test_temporal_table``; these rows pin down the sentence-reading rules one by one.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.temporal import tag

FRI = date(2000, 1, 7)  # a Friday
OCT30 = date(1989, 10, 30)  # a Monday
OCT25 = date(1998, 10, 25)  # a Sunday
MAR22 = date(1998, 3, 22)  # a Sunday

Row = tuple[str, date, str, str, str]

ROWS: list[Row] = [
    # a plan made in the past still points forward
    ("Protesters planned a large demonstration on Saturday.", FRI, "Saturday", "DATE",
     "2000-01-08"),
    ("They were planning to drive around the airport on Monday.", FRI, "Monday", "DATE",
     "2000-01-10"),
    ("The accession was planned for early March.", date(1999, 2, 10), "early March",
     "DATE", "1999-03"),
    ("The index is likely to fall on Friday.", OCT30, "Friday", "DATE", "1989-11-03"),
    # the clause a date sits in outranks a nearer verb across a comma
    ("The talks that are supposed to conclude by May, invited Sinn Fein back.", MAR22,
     "May", "DATE", "1998-05"),
    ("The court ruled Friday, and the family will appeal.", FRI, "Friday", "DATE",
     "2000-01-07"),
    # an abbreviation's full stop does not end the sentence that carries the verb
    ("In January, a week after the Roe vs. Wade anniversary, a bomb killed a guard.",
     OCT25, "January", "DATE", "1998-01"),
    # the month next to the DCT's is the nearest one whatever the tense
    ("Merieux was given until mid-November to submit information.", OCT30,
     "mid-November", "DATE", "1989-11"),
    ("Orders poured in for November delivery.", OCT30, "November", "DATE", "1989-11"),
    ("Sales slumped in September.", OCT30, "September", "DATE", "1989-09"),
    # three months away by its own day, not by the 28th: the tense decides
    ("In the fiscal year ended Jan. 31, the company reported sales of $1 billion.",
     date(1989, 10, 31), "Jan. 31", "DATE", "1989-01-31"),
    # ... but further months still follow the tense
    ("Sales slumped in March.", OCT30, "March", "DATE", "1989-03"),
    ("The plant will reopen in March.", OCT30, "March", "DATE", "1990-03"),
]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0][:40]}|{r[1]}" for r in ROWS])
def test_bare_date_follows_the_sentence(row: Row) -> None:
    sentence, dct, extent, type_, value = row
    start = sentence.index(extent)
    got = [(t.start, t.end, t.type, t.value) for t in tag(sentence, dct)]
    assert (start, start + len(extent), type_, value) in got, got
