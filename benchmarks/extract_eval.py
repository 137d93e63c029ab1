"""Score event extraction against wire-style articles labelled with their events.

Loads ``benchmarks/fixtures/articles.json`` (articles written for this benchmark, each
with its publication date and labelled events: date, precision, key words), runs
``bot.extraction`` over every article and prints a markdown table of

* date precision/recall: the distinct dates of an article's candidates against the
  distinct dates of its labels (same value, same precision);
* event precision/recall: candidates paired one-to-one with labels whose date is
  compatible (one covers the other: 3 January 2020 fits "2020-01") and whose key
  words all appear in the candidate's title. A second candidate for an already
  paired label counts against precision.

Run ``python -m benchmarks.extract_eval [--articles FILE] [--holdout-only] [--failures]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.extraction import Article, Candidate, extract_text
from bot.model import EventDate, parse_iso

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles.json"
TARGET_PRECISION = 0.9
TARGET_RECALL = 0.8


@dataclass(frozen=True, slots=True)
class Label:
    date: EventDate
    keywords: tuple[str, ...]


@dataclass(slots=True)
class Score:
    """Counts over all articles, and a line for every miss or false candidate."""

    candidates: int = 0
    labels: int = 0
    events_matched: int = 0
    labels_found: int = 0
    dates_predicted: int = 0
    dates_gold: int = 0
    dates_right: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def event_precision(self) -> float:
        return self.events_matched / self.candidates if self.candidates else 1.0

    @property
    def event_recall(self) -> float:
        return self.labels_found / self.labels if self.labels else 1.0

    @property
    def date_precision(self) -> float:
        return self.dates_right / self.dates_predicted if self.dates_predicted else 1.0

    @property
    def date_recall(self) -> float:
        return self.dates_right / self.dates_gold if self.dates_gold else 1.0


def load_articles(path: Path = ARTICLES) -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["articles"]
    return articles


def compatible(found: EventDate, label: EventDate) -> bool:
    """Whether one date covers the other: a day inside a labelled month fits it."""
    return found.start <= label.last_day and label.start <= found.last_day


def fits(candidate: Candidate, label: Label) -> bool:
    title = candidate.title.lower()
    return compatible(candidate.date, label.date) and all(k in title for k in label.keywords)


def score_article(raw: dict[str, Any], score: Score) -> None:
    """Add one article's counts (and its failures) to ``score``."""
    published, _ = parse_iso(raw["published"])
    article = Article(raw["text"], published, raw.get("publisher", ""), raw.get("title", ""))
    candidates = extract_text(article).candidates
    labels = [Label(EventDate(*parse_iso(e["date"])), tuple(k.lower() for k in e["keywords"]))
              for e in raw["events"]]
    unpaired = list(labels)
    for candidate in candidates:
        label = next((lab for lab in unpaired if fits(candidate, lab)), None)
        if label is None:
            score.failures.append(f"{raw['id']}: extra {candidate.date.iso()} {candidate.title!r}")
            continue
        unpaired.remove(label)
        score.events_matched += 1
    for label in unpaired:
        score.failures.append(f"{raw['id']}: missed {label.date.iso()} {list(label.keywords)}")
    found = {c.date.iso() for c in candidates}
    gold = {lab.date.iso() for lab in labels}
    score.candidates += len(candidates)
    score.labels += len(labels)
    score.labels_found += len(labels) - len(unpaired)
    score.dates_predicted += len(found)
    score.dates_gold += len(gold)
    score.dates_right += len(found & gold)


def run(articles: list[dict[str, Any]]) -> Score:
    score = Score()
    for raw in articles:
        score_article(raw, score)
    return score


def table(score: Score, articles: int) -> str:
    """The markdown table the README shows."""
    return "\n".join([
        f"| {articles} articles, {score.labels} labelled events | precision | recall |",
        "|---|---|---|",
        f"| dates | {score.date_precision:.2f} | {score.date_recall:.2f} |",
        f"| events | {score.event_precision:.2f} | {score.event_recall:.2f} |",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extract_eval")
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--holdout-only", action="store_true",
                        help="score only the articles kept aside while writing the rules")
    parser.add_argument("--failures", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    articles = load_articles(args.articles)
    if args.holdout_only:
        articles = [a for a in articles if a.get("holdout")]
    score = run(articles)
    print(table(score, len(articles)))
    if args.failures:
        print("\n".join(score.failures))
    met = min(score.event_precision, score.date_precision) >= TARGET_PRECISION
    return 0 if met and min(score.event_recall, score.date_recall) >= TARGET_RECALL else 1


if __name__ == "__main__":
    sys.exit(main())
