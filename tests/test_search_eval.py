"""The search evaluation, as a test: over the fixture timeline in the repository, "when"
answers must reach the top-1 precision and "nothing" targets; the scorer itself must be
able to fail."""

from __future__ import annotations

import pytest

from benchmarks import search_eval
from benchmarks.search_eval import TARGET_NOTHING, TARGET_PRECISION, Score


@pytest.fixture(scope="module")
def score() -> Score:
    return search_eval.run(search_eval.load_queries())


def test_when_answers_meet_the_precision_and_nothing_targets(score: Score) -> None:
    assert score.expected >= 80 and score.absent >= 25, "the fixture lost its questions"
    assert score.precision >= TARGET_PRECISION, search_eval.report(score, "precision")
    assert score.nothing_rate >= TARGET_NOTHING, search_eval.report(score, "nothing")


def test_timelines_list_their_topic_and_not_headline_only_events(score: Score) -> None:
    assert score.timeline_wrong == 0.0, score.failures
    assert score.timeline_found >= 0.95, score.failures


def test_the_scorer_counts_wrong_answers_and_misses() -> None:
    queries = [
        {"kind": "when", "text": "when was Soleimani killed?",
         "expect": "Trump unveils Middle East peace plan alongside Netanyahu"},
        {"kind": "when", "text": "when was Soleimani killed?", "expect": None},
        {"kind": "when", "text": "when was Zzyzx crowned?", "expect": "Nothing like this"},
        {"kind": "timeline", "text": "Beirut", "expect_all": ["No such event"],
         "expect_none": ["Massive explosion at the Port of Beirut kills more than 200"]},
    ]
    bad = search_eval.run(queries)
    assert (bad.right, bad.answered, bad.expected) == (0, 1, 2)
    assert (bad.nothing, bad.absent) == (0, 1)
    assert (bad.listed, bad.intruded) == (0, 1)
    assert not bad.meets_targets() and len(bad.failures) == 5
