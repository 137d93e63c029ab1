"""The extraction benchmark, as a test: over the labelled wire articles, dates and events
must reach 0.9 precision and 0.8 recall; the scorer itself must be able to fail."""

from __future__ import annotations

from benchmarks import extract_eval
from benchmarks.extract_eval import TARGET_PRECISION, TARGET_RECALL


def test_extraction_meets_the_precision_and_recall_targets() -> None:
    articles = extract_eval.load_articles()
    assert len(articles) >= 20, "the fixture lost its articles"
    score = extract_eval.run(articles)
    failures = "\n".join(score.failures)
    assert score.event_precision >= TARGET_PRECISION, failures
    assert score.date_precision >= TARGET_PRECISION, failures
    assert score.event_recall >= TARGET_RECALL, failures
    assert score.date_recall >= TARGET_RECALL, failures


def test_the_scorer_counts_extras_and_misses() -> None:
    article = {
        "id": "t", "published": "2020-01-12",
        "text": "The army shelled the town on 3 January. Talks failed in 2019.",
        "events": [{"date": "2020-01", "precision": "month", "keywords": ["shelled"]},
                   {"date": "2018", "precision": "year", "keywords": ["talks"]}],
    }
    score = extract_eval.run([article])
    assert (score.candidates, score.events_matched, score.labels_found) == (2, 1, 1)
    assert score.event_precision == 0.5 and score.event_recall == 0.5
    assert score.date_precision == 0.0  # "2020-01-03" is not the labelled "2020-01"
