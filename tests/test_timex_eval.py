"""The TimeML scorer: markup stripping, one-to-one matching and the X-wildcard diagnostic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from benchmarks.timex_eval import fits_underspecified, match, parse_tml, score
from bot.temporal import tag

TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-11">08/11/1998</TIMEX3></DCT>
<TEXT>
Officials said <TIMEX3 tid="t1" type="DATE" value="1998-08-10">Monday</TIMEX3> that the
bombings <TIMEX3 tid="t2" type="DATE" value="1998-WXX">last week</TIMEX3> killed &quot;many&quot;.
</TEXT>
</TimeML>
"""


@pytest.fixture
def doc_path(tmp_path: Path) -> Path:
    path = tmp_path / "APW_test.tml"
    path.write_text(TML, encoding="utf-8")
    return path


def test_markup_is_stripped_and_offsets_point_at_the_gold_text(doc_path: Path) -> None:
    doc = parse_tml(doc_path)
    assert doc.dct == dt.date(1998, 8, 11)
    assert [g.text for g in doc.gold] == ["Monday", "last week"]
    assert all(doc.text[g.start : g.end] == g.text for g in doc.gold)
    assert '"many"' in doc.text  # entities are unescaped


def test_scoring_counts_exact_values_only(doc_path: Path) -> None:
    doc = parse_tml(doc_path)
    tally = score([doc], "DATE", None)
    assert (tally.gold, tally.relaxed) == (2, 2)
    assert tally.value_ok == 1  # "last week" is 1998-W32, gold wrote 1998-WXX
    assert tally.value_fits == 2


def test_matching_pairs_each_expression_once(doc_path: Path) -> None:
    doc = parse_tml(doc_path)
    pairs = match(doc.gold, tag(doc.text, doc.dct) * 2)
    assert len(pairs) == 2


@pytest.mark.parametrize(
    ("gold", "system", "fits"),
    [
        ("1998-WXX", "1998-W32", True),
        ("1949-XX", "1949", True),
        ("199X", "199", False),
        ("1988-QX", "1988-Q3", True),
        ("1988-QX", "1989-Q3", False),
        ("1998-10-XX", "1998-W43", False),
        ("1998-08-10", "1998-08-10", True),
        ("1998-08-10", "1998-08-11", False),
        ("PAST_REF", None, False),
    ],
)
def test_x_digits_accept_a_filled_in_value(gold: str, system: str | None, fits: bool) -> None:
    assert fits_underspecified(gold, system) is fits
