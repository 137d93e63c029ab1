"""Extractive titles and the places and actors of a sentence."""

from __future__ import annotations

import pytest

from bot.extraction.places import actors_in, place_in
from bot.extraction.titles import remove_span, title_from


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("BEIRUT (Wire) — A blast hit the port, officials said.", "A blast hit the port"),
        ("Police said that two men were arrested.", "Two men were arrested"),
        ("Iran retaliated, when it attacked US forces at a base.", "Iran retaliated"),
        ("The minister resigned after newspapers reported that she lied.",
         "The minister resigned after newspapers reported that she lied"),
        ("One two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen.", "One two three four five six seven eight nine ten eleven twelve "
         "thirteen fourteen"),
    ],
)
def test_titles(sentence: str, title: str) -> None:
    assert title_from(sentence) == title


@pytest.mark.parametrize(
    ("sentence", "date_text", "without"),
    [
        ("On Tuesday, the army withdrew.", "Tuesday", "the army withdrew."),
        ("Iran retaliated on 7 January, when it fired.", "7 January",
         "Iran retaliated, when it fired."),
        ("In October 2019 the plant closed.", "October 2019", "the plant closed."),
    ],
)
def test_the_date_phrase_and_its_preposition_are_removed(
    sentence: str, date_text: str, without: str
) -> None:
    start = sentence.index(date_text)
    assert remove_span(sentence, start, start + len(date_text)) == without


@pytest.mark.parametrize(
    ("sentence", "place", "actors"),
    [
        # no lexicon: a capitalised first word counts, whether "Rebels" or "Iran"
        ("Rebels shelled a hospital in Aleppo on Monday.", "Aleppo", ("Rebels",)),
        ("The UN said troops left the Ayn Al-Asad Air Base.", "", ("UN", "Ayn Al-Asad Air Base")),
        ("Angela Merkel met Emmanuel Macron in Paris in March.", "Paris",
         ("Angela Merkel", "Emmanuel Macron")),
        ("On Tuesday the IRGC’s chief spoke near Kerman.", "Kerman", ("IRGC",)),
    ],
)
def test_places_and_actors(sentence: str, place: str, actors: tuple[str, ...]) -> None:
    assert place_in(sentence) == place
    assert actors_in(sentence, place) == actors
