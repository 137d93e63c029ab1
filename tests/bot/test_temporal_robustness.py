"""The temporal tagger never raises and always reports extents that lie in the text."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.temporal import Timex, tag

NEWSY = st.sampled_from(
    ["On", "Friday", "Jan.", "8", ",", "2020", "last", "week", "the", "past", "two",
     "years", "ago", "a", "year", "earlier", "3", "January", "1/8/2020", "5", "p.m.",
     "EST", "third-quarter", "the 80s", "every", "now", "recently", "Feb.", "29", "-",
     "'", "2020-01-07T15:00", "quarter", "fall", "May", "\n", ".", "Q3", "noon"]
)


def _check(text: str, found: list[Timex]) -> None:
    previous_end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value is None or isinstance(t.value, str)
        assert t.start >= previous_end, "expressions do not overlap and come in order"
        previous_end = t.end


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(),
    dct=st.one_of(st.none(), st.dates()),
    day_first=st.booleans(),
)
def test_any_text_any_dct(text: str, dct: date | None, day_first: bool) -> None:
    _check(text, tag(text, dct, day_first=day_first))


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(NEWSY, max_size=30),
    dct=st.one_of(st.none(), st.dates()),
)
def test_newsy_word_salad(words: list[str], dct: date | None) -> None:
    text = " ".join(words)
    _check(text, tag(text, dct))


def test_empty_text() -> None:
    assert tag("", date(2020, 1, 12)) == []
    assert tag("", None) == []


def test_extreme_dcts() -> None:
    text = "Last year, two years ago, next month, tomorrow, the 80s and Q4 were busy."
    for dct in (date.min, date.max, date(1, 1, 1), date(9999, 12, 31)):
        _check(text, tag(text, dct))


def test_ten_megabytes_completes() -> None:
    filler = (
        "The committee heard arguments from both sides and the chairman asked for calm "
        "as reporters gathered outside the building in the rain. "
    ) * 4
    dated = (
        "On Friday, Jan. 8, 2020, the ministry said profits fell 5% in the third quarter "
        "from a year earlier; talks resume next week, three years after they began. "
    )
    paragraph = filler + dated
    text = paragraph * (10_000_000 // len(paragraph) + 1)
    found = tag(text, date(2020, 1, 12))
    assert len(found) > 10_000
    _check(text[:5000], [t for t in found if t.end <= 5000])


def test_a_megabyte_of_digits_completes() -> None:
    text = "2020" * 250_000
    _check(text, tag(text, date(2020, 1, 12)))


def test_binary_looking_text() -> None:
    text = bytes(range(256)).decode("latin-1") * 50 + "\x00\ufffd\ud800" + "Jan. 8\x00"
    _check(text, tag(text, date(2020, 1, 12)))


def test_repeated_digits_and_punctuation() -> None:
    for text in ("1" * 100_000, "1/" * 50_000, "-" * 100_000, "a " * 50_000, ". " * 50_000):
        _check(text, tag(text, None))
