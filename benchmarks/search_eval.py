"""Score "when" answers and timelines against a labelled set of questions.

Loads ``benchmarks/fixtures/search_timeline.json`` (the timeline import format) into a
temporary SQLite store through the project's own code, asks every question of
``benchmarks/fixtures/search_queries.json`` through ``Bot.handle`` exactly as a chat
message ("when was Soleimani killed?", "timeline Beirut"), and prints:

* top-1 precision: of the answered questions whose event is in the store, the share
  whose first event is the expected one;
* recall: of the questions whose event is in the store, the share answered with it first;
* "nothing" rate: of the questions about events the store does not hold, the share
  answered with no event;
* for timelines, the share of the expected events listed, and the share of the events
  that must not be listed that were;

then every failure. Run ``python -m benchmarks.search_eval [--queries FILE]
[--timeline FILE] [--extra]``; ``--extra`` also scores the maintainers' own questions
(``EXTRA_QUERIES``, kept apart from the fixture's labels).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core import Bot
from bot.messages import Actor, Incoming, Reply, Role
from bot.model import Event
from storage.sample import read_timeline
from storage.sqlite_store import SqliteEventStore

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TIMELINE = FIXTURES / "search_timeline.json"
QUERIES = FIXTURES / "search_queries.json"
ASKED_AT = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
TARGET_PRECISION = 0.95
TARGET_NOTHING = 0.95
MAX_PAGES = 40

#: Questions added by Dateline's maintainers, not by the fixture's authors: spellings
#: and question shapes the fixture does not cover. Scored only with ``--extra``.
EXTRA_QUERIES: list[dict[str, Any]] = [
    {"kind": "when", "text": "when Suleimani",
     "expect": "US drone strike kills Qasem Soleimani at Baghdad airport"},
    {"kind": "when", "text": "when was Soleimnai killed",
     "expect": "US drone strike kills Qasem Soleimani at Baghdad airport"},
    {"kind": "when", "text": "when was Mahsa Aminy's funeral",
     "expect": "Protests erupt at Mahsa Amini's funeral in Saqqez"},
    {"kind": "when", "text": "when did Zelenskiy visit Washington",
     "expect": "Zelensky visits Washington and addresses Congress"},
    {"kind": "when", "text": "when was Soleimani killed in Paris", "expect": None},
    {"kind": "when", "text": "when was the attack", "expect": None},
    {"kind": "when", "text": "when did Gaddafi die", "expect": None},
    {"kind": "timeline", "text": "Suleimani",
     "expect_all": ["US drone strike kills Qasem Soleimani at Baghdad airport"],
     "expect_none": ["Trump unveils Middle East peace plan alongside Netanyahu"]},
]


@dataclass(slots=True)
class Score:
    """Counts for one run, and every failure in words."""

    expected: int = 0  # "when" questions whose event is in the store
    answered: int = 0  # ... of which answered with some event
    right: int = 0  # ... of which answered with the expected event first
    absent: int = 0  # "when" questions about events the store does not hold
    nothing: int = 0  # ... of which answered with no event
    wanted: int = 0  # events a timeline must list
    listed: int = 0  # ... of which it did
    unwanted: int = 0  # events a timeline must not list
    intruded: int = 0  # ... of which it did
    failures: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.answered if self.answered else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def nothing_rate(self) -> float:
        return self.nothing / self.absent if self.absent else 1.0

    @property
    def timeline_found(self) -> float:
        return self.listed / self.wanted if self.wanted else 1.0

    @property
    def timeline_wrong(self) -> float:
        return self.intruded / self.unwanted if self.unwanted else 0.0

    def meets_targets(self) -> bool:
        return self.precision >= TARGET_PRECISION and self.nothing_rate >= TARGET_NOTHING


async def ask(bot: Bot, text: str) -> Reply:
    actor = Actor("eval", "U1", "eval", Role.MEMBER)
    return await bot.handle(Incoming(text, actor, "eval", ASKED_AT))


async def score_when(bot: Bot, query: dict[str, Any], score: Score) -> None:
    reply = await ask(bot, query["text"])
    top = reply.events[0].title if reply.events else None
    expect = query["expect"]
    if expect is None:
        score.absent += 1
        if top is None:
            score.nothing += 1
        else:
            score.failures.append(f"{query['text']!r}: expected nothing, got {top!r}")
        return
    score.expected += 1
    score.answered += top is not None
    if top == expect:
        score.right += 1
    else:
        got = repr(top) if top else f"nothing ({reply.text[:90]})"
        score.failures.append(f"{query['text']!r}: expected {expect!r}, got {got}")


async def timeline_titles(bot: Bot, topic: str) -> set[str]:
    """Every event of every page of ``timeline TOPIC``."""
    reply = await ask(bot, f"timeline {topic}")
    titles = {e.title for e in reply.events}
    for _ in range(MAX_PAGES):
        if reply.next is None:
            break
        reply = await ask(bot, reply.next)
        titles |= {e.title for e in reply.events}
    return titles


async def score_timeline(bot: Bot, query: dict[str, Any], score: Score) -> None:
    titles = await timeline_titles(bot, query["text"])
    missing = [t for t in query["expect_all"] if t not in titles]
    wrong = [t for t in query["expect_none"] if t in titles]
    score.wanted += len(query["expect_all"])
    score.listed += len(query["expect_all"]) - len(missing)
    score.unwanted += len(query["expect_none"])
    score.intruded += len(wrong)
    for title in missing:
        score.failures.append(f"timeline {query['text']!r}: did not list {title!r}")
    for title in wrong:
        score.failures.append(f"timeline {query['text']!r}: wrongly listed {title!r}")


def run(queries: Sequence[dict[str, Any]], timeline: Path = TIMELINE) -> Score:
    """Load ``timeline`` into a fresh store and score ``queries`` through the bot."""
    return asyncio.run(evaluate(queries, read_timeline(timeline.read_bytes())))


async def evaluate(queries: Sequence[dict[str, Any]], events: Sequence[Event]) -> Score:
    """Score ``queries`` through the bot over a fresh temporary store of ``events``."""
    score = Score()
    with tempfile.TemporaryDirectory() as folder:
        store = await SqliteEventStore.open(Path(folder) / "eval.db")
        try:
            await store.import_events(events, "eval", ASKED_AT)
            bot = Bot(store)
            for query in queries:
                if query["kind"] == "when":
                    await score_when(bot, query, score)
                else:
                    await score_timeline(bot, query, score)
        finally:
            await store.close()
    return score


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    if document.get("version") != 1:
        raise ValueError(f"{path}: unsupported version {document.get('version')!r}")
    return list(document["queries"])


def report(score: Score, label: str) -> str:
    lines = [
        f"## {label}",
        "",
        "| measure | value | target |",
        "| --- | ---: | ---: |",
        f"| top-1 precision ({score.right}/{score.answered} answered) "
        f"| {score.precision:.3f} | ≥ {TARGET_PRECISION} |",
        f"| recall ({score.right}/{score.expected}) | {score.recall:.3f} | |",
        f"| “nothing” when the store lacks the event ({score.nothing}/{score.absent}) "
        f"| {score.nothing_rate:.3f} | ≥ {TARGET_NOTHING} |",
        f"| timeline events listed ({score.listed}/{score.wanted}) "
        f"| {score.timeline_found:.3f} | |",
        f"| timeline events wrongly listed ({score.intruded}/{score.unwanted}) "
        f"| {score.timeline_wrong:.3f} | |",
        "",
        f"{len(score.failures)} failures" + (":" if score.failures else "."),
    ]
    lines += [f"- {failure}" for failure in score.failures]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--timeline", type=Path, default=TIMELINE)
    parser.add_argument("--extra", action="store_true", help="also score EXTRA_QUERIES")
    args = parser.parse_args(argv)
    score = run(load_queries(args.queries), args.timeline)
    print(report(score, f"Fixture questions ({args.queries.name})"))
    if args.extra:
        extra = run(EXTRA_QUERIES, args.timeline)
        print()
        print(report(extra, "Maintainers' extra questions (not part of the fixture)"))
    return 0 if score.meets_targets() else 1


if __name__ == "__main__":
    sys.exit(main())
