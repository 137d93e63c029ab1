"""The tagger's family gates: a family is skipped over text that lacks its words, so
each gate must hold for every match the family can make, or the tagger would miss
expressions it used to find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.temporal import lexicon
from bot.temporal.holidays import HOLIDAYS
from bot.temporal.patterns import _FAMILIES, GATES, family_pattern, may_match
from tests.bot import test_temporal_table as table

# Phrases for every gated family, in the cases and spellings people write.
SHAPES = [
    "the week of March 3, 2020", "Jan. 8, 2020", "8th of SEPTEMBER '20", "Sept. 2019",
    "May last year", "last December", "the year 1999", "fiscal 2020",
    "nineteen ninety-six", "two thousand and one", "seventeen hundred", "early spring 2020",
    "the third quarter of 2019", "the first half", "the last two quarters", "Q3 2019", "4Q",
    "two years ago today", "on this day last year", "every other week", "each spring",
    "per day", "five years", "the past 3 decades", "two or three nights", "a fortnight",
    "the 2009-10 season", "1998/99",
    "Christmas Eve", "St. Patrick's Day", "Martin Luther King Jr. Day",
    "ſeptember 7", "ＪＡＮ 8",  # a long s and full-width letters: caseless matches too
]
CORPUS = SHAPES + [row[0] for rows in (
    table.SEED_PHRASES, table.EXPLICIT, table.BARE, table.RELATIVE, table.PERIODS,
    table.DURATIONS, table.VAGUE_AND_SETS, table.TIMES, table.EDGE,
) for row in rows]

WORDS = sorted({
    *lexicon.MONTHS, *lexicon.SEASONS, *lexicon.UNITS, *lexicon.UNIT_PLURALS,
    *(w for name in HOLIDAYS for w in name.split()), "the", "of", "last", "next", "this",
    "every", "each", "per", "first", "third", "half", "quarter", "quarters", "two", "Q2",
    "2Q", "ago", "today", "day", "on", "year", "1999", "2020", "'20", "7", "7th", "fiscal",
    "nineteen", "ninety-six", "thousand", "and", "early", "late", "week", "March", "May",
})


def _every_match_holds_its_gate(text: str) -> None:
    for family in GATES:
        for match in family_pattern(family).finditer(text):
            assert may_match(family, match.group(0).casefold()), (family, match.group(0))


def test_every_gated_family_match_in_the_corpus_holds_its_gate() -> None:
    for text in CORPUS:
        _every_match_holds_its_gate(text)


def test_the_corpus_exercises_every_gated_family() -> None:
    # A gate nobody's phrase reaches would be checked by nothing above.
    hit = {f for f in GATES for text in CORPUS if family_pattern(f).search(text)}
    assert hit == set(GATES)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_gates_hold_for_phrases_built_from_the_lexicon(words: list[str]) -> None:
    text = " ".join(words)
    _every_match_holds_its_gate(text)
    _every_match_holds_its_gate(text.upper())


def test_gates_name_only_families_that_exist() -> None:
    assert set(GATES) <= set(_FAMILIES)
    assert all(words and all(w == w.casefold() for w in words) for words in GATES.values())


def test_an_ungated_stretch_of_text_compiles_nothing_it_does_not_need() -> None:
    assert not any(may_match(f, "when was soleimani killed?") for f in ("mdy", "quarter"))
    assert may_match("mdy", "on 7 january") and not may_match("quarter", "on 7 january")


def test_a_question_read_again_on_another_day_resolves_anew() -> None:
    # The chosen candidates are remembered for short texts; their values must not be.
    from datetime import date  # noqa: PLC0415

    from bot.temporal import tag  # noqa: PLC0415

    first = tag("what happened yesterday and last week?", date(2026, 12, 1))
    second = tag("what happened yesterday and last week?", date(2025, 3, 9))
    assert [t.value for t in first] == ["2026-11-30", "2026-W48"]
    assert [t.value for t in second] == ["2025-03-08", "2025-W09"]
