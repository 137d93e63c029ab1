"""Which words may make a match, and how close spellings are (pure rules, no store)."""

from __future__ import annotations

import pytest

from bot.wordrules import (
    ALIASES,
    KIND_OF,
    correction_budget,
    generic_neighbour,
    is_generic,
    spelling_cost,
    suggestion_budget,
    words,
)


def test_words_are_folded_and_split_as_the_store_splits_them() -> None:
    assert words("When was SOLEIMANI's Müller_x killed?") == [
        "when", "was", "soleimani", "s", "muller", "x", "killed"
    ]
    assert words('"AND( NEAR OR *') == ["and", "near", "or"]


@pytest.mark.parametrize("word", ["when", "did", "happen", "and", "near", "or", "killed",
                                  "died", "attack", "strike", "event", "second", "s"])
def test_question_glue_and_news_words_are_generic(word: str) -> None:
    assert is_generic(word)


@pytest.mark.parametrize("word", ["soleimani", "beirut", "9", "11", "us", "ps752", "blast"])
def test_names_places_things_and_digits_are_not(word: str) -> None:
    assert not is_generic(word)


def test_kinds_gather_the_forms_of_a_news_verb() -> None:
    assert KIND_OF["killed"] == KIND_OF["died"] == KIND_OF["assassination"] == "death"
    assert KIND_OF["shot"] == "shooting" and KIND_OF["strikes"] == "attack"


@pytest.mark.parametrize(
    ("wrote", "stored", "cost"),
    [
        ("suleimani", "soleimani", 0.5),  # one vowel for another
        ("sulaimani", "soleimani", 1.0),
        ("soleimany", "soleimani", 0.5),  # y for i
        ("assasinated", "assassinated", 0.5),  # an undoubled letter
        ("solemani", "soleimani", 0.5),  # a vowel beside a vowel
        ("gasem", "ghasem", 0.5),  # an h after a consonant
        ("qaddafi", "gaddafi", 0.5),
        ("beruit", "beirut", 1.0),  # a vowel moved: out of one pair, into another
        ("soleimnai", "soleimani", 1.0),  # swapped letters
        ("paris", "parks", 1.0),  # any other edit
    ],
)
def test_transliteration_edits_cost_half(wrote: str, stored: str, cost: float) -> None:
    assert spelling_cost(wrote, stored) == cost


def test_short_words_are_never_corrected_without_asking() -> None:
    assert correction_budget("bush") == 0.0 and suggestion_budget("bush") == 1.0
    assert correction_budget("paris") == 0.5 < spelling_cost("paris", "parks")
    assert correction_budget("2020s") == 0.0
    assert correction_budget("suleimani") >= spelling_cost("sulaimani", "soleimani")


def test_a_misspelt_generic_word_is_recognised() -> None:
    assert generic_neighbour("assasinated") == "assassinated"
    assert generic_neighbour("kiled") == "killed"
    assert generic_neighbour("soleimani") is None and generic_neighbour("bush") is None


def test_aliases_name_one_country_or_body_each() -> None:
    assert ALIASES["uk"] == ("uk", "united kingdom", "britain")
    assert "united kingdom" not in ALIASES  # phrases are found through their short form
