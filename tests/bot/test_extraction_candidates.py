"""Candidate events: which dated sentences become events, with what date, title, place
and confidence; reported speech, background and future plans."""

from __future__ import annotations

from datetime import date

import pytest

from bot.extraction import Article, extract_text
from bot.extraction.candidates import event_date
from bot.model import Precision

PUBLISHED = date(2020, 1, 12)


def candidates(text: str, published: date | None = PUBLISHED) -> list[tuple[str, str]]:
    found = extract_text(Article(text, published, "Wire", "Headline")).candidates
    return [(c.date.iso(), c.title) for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # explicit and relative dates, trailing attribution dropped from the title
        ("The army shelled the town on 3 January, officials said.",
         [("2020-01-03", "The army shelled the town")]),
        ("On Tuesday, protesters stormed the embassy in Baghdad.",
         [("2020-01-07", "Protesters stormed the embassy in Baghdad")]),
        # reported speech: the citing is the October event
        ("In October, the agency cited its intelligence chief as saying a plot was foiled.",
         [("2019-10", "The agency cited its intelligence chief as saying a plot was foiled")]),
        # future plans, in a quote or not, are not events
        ("The ministers will meet next week.", []),
        ("“We will meet on Tuesday,” the minister said.", []),
        ("Officials said the vote would be held on 20 December.", []),
        ("The leaders will meet in Geneva on 9 January, the ministry said.", []),
        # an announcement is an event of its own day; the plan it announces is not
        ("The ministry said on Monday it will hold talks next month.",
         [("2020-01-06", "It will hold talks next month")]),
        # background with an earlier date is an event at that date
        ("The region was last hit by a quake in June 2001.",
         [("2001-06", "The region was last hit by a quake")]),
        # the reported date beats the date of the saying
        ("Exports fell 3 percent in December, data showed on Friday.",
         [("2019-12", "Exports fell 3 percent")]),
        # no date, a duration, an anaphoric date: nothing
        ("The talks lasted three days. Prices rose in the same month.", []),
        ("Nothing happened here.", []),
    ],
)
def test_candidates(text: str, expected: list[tuple[str, str]]) -> None:
    assert candidates(text) == expected


def test_without_a_publication_date_relative_dates_are_set_aside_with_the_reason() -> None:
    text = "Police said on Tuesday that two men were arrested. The vote was held on 3 March 2020."
    found = extract_text(Article(text, None))
    assert [c.date.iso() for c in found.candidates] == ["2020-03-03"]
    assert [(a.date_text, a.reason) for a in found.set_aside] == [
        ("Tuesday", "needs a publication date to resolve")
    ]


def test_a_candidate_carries_source_quote_place_actors_and_confidence() -> None:
    text = "WASHINGTON (Wire) — Iran attacked the Ayn Al-Asad Air Base in Iraq on 8 January 2020."
    (found,) = extract_text(Article(text, PUBLISHED, "Wire", "Strike", "https://x.test/a")).candidates
    assert found.date.precision is Precision.DAY
    assert found.place == "Iraq"
    assert found.actors == ("Iran", "Ayn Al-Asad Air Base")
    assert found.source.quote == text
    assert (found.source.publisher, found.source.url) == ("Wire", "https://x.test/a")
    assert found.source.published == PUBLISHED
    assert found.summary.startswith("Iran attacked")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Troops entered the city on 3 January 2020.", 0.85, 1.0),
        ("Troops entered the city on Tuesday.", 0.7, 0.8),
        ("Troops reportedly entered the city on Tuesday.", 0.5, 0.65),
    ],
)
def test_confidence_prefers_explicit_dates_and_plain_reports(
    text: str, low: float, high: float
) -> None:
    (found,) = extract_text(Article(text, PUBLISHED)).candidates
    assert low <= found.confidence <= high


@pytest.mark.parametrize(
    ("value", "iso", "precision"),
    [("2020-01-03", "2020-01-03", Precision.DAY), ("2019-10", "2019-10", Precision.MONTH),
     ("1968", "1968", Precision.YEAR), ("2020-01-12T15:00", "2020-01-12", Precision.DAY),
     ("2020-W03", None, None), ("PRESENT_REF", None, None), (None, None, None),
     ("2019-02-30", None, None)],
)
def test_timex_values_become_event_dates(
    value: str | None, iso: str | None, precision: Precision | None
) -> None:
    when = event_date(value)
    assert (None if when is None else (when.iso(), when.precision)) == (
        None if iso is None else (iso, precision)
    )


def test_a_source_without_a_headline_is_named_by_what_it_reports() -> None:
    from datetime import date  # noqa: PLC0415

    from bot.extraction import Article, extract_text  # noqa: PLC0415

    article = Article("Rebels seized the town of Kidal on 3 March 2021.", date(2021, 3, 5),
                      publisher="Wire", title="", url="")
    [candidate] = extract_text(article).candidates
    assert candidate.source.title == candidate.title != ""
