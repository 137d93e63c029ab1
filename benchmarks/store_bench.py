"""Timing and memory benchmark of the event store at 10k, 100k and 1M events.

Run ``python -m benchmarks.store_bench [--sizes 10000,100000,1000000] [--out DIR]``.
Each size runs in its own subprocess (so peak RSS is per size): it builds a
store of synthetic, deterministic events (seeded random headlines over 200
years, 90% day / 7% month / 3% year precision, some ranges) with
``import_events`` in batches, then times these questions over many random
inputs and reports p50/p99 latency:

- day:     ``on_month_days([(month, day)])`` with the default limit of 200; through the
  bot, "what happened on 7 March?" (and for day@25, "onthisday March 7")
- day@25:  ``on_month_days_page``, a chat page of that day with its true total and first
  and last start, what a day question reads (until issue 11 item 25 this column timed
  ``on_month_days(limit=25)``, a page without its total)
- range:   ``in_period(start, start + ~6 days)``
- range@25: ``in_period_page``, a chat page of that range with its true total, what a
  range question reads (before issue 11 it read ``in_period(limit=25)`` then
  ``count_in_period``)
- lookup:  one indexed search for a page of 25 events (one (month, day)), the baseline
  the range page is compared with; through the bot, ``event ID`` (a primary-key read)
- keyword: ``search(WordQuery)`` requiring "<surname>" and "<verb>" in the event's own
  fields, ranked (the store's part of a "when" question; ``--mode bot`` times all of it)

Every store also holds one day-precision event ten years long (``LONG_EVENT``, added to
a reused store if missing), so no range lookup can rely on events being short.

The questions go through ``Questions``; a ``--through-bot`` variant only has to
provide another ``Questions`` (asking ``Bot.handle``) and register it in ``MODES``.
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.core import Bot
from bot.messages import Actor, Incoming, ReplyKind, Role
from bot.model import Event, EventDate, Precision, Source, Status
from bot.ports import WordQuery
from storage.sqlite_store import SqliteEventStore

SEED = 20240501
BATCH = 20_000
PAGE = 25  # a chat-sized page of a day's events, timed beside the default limit of 200
NOW = datetime(2024, 5, 1, tzinfo=UTC)
FIRST_DAY = date(1825, 1, 1)
DAYS = (date(2024, 12, 31) - FIRST_DAY).days
#: A decade-long, day-precision event: it overlaps every range inside 2010-2019.
LONG_EVENT = Event(
    EventDate(date(2010, 1, 1), Precision.DAY, date(2019, 12, 31)),
    "Decade-long Okafor inquiry sits",
    "A public inquiry that sat for ten years.",
    "London",
    ("inquiry",),
    Status.PUBLISHED,
)

FIRST = ("Ana Omar Li Maria John Fatima Yuki Pedro Ivan Amara Chen Sofia Ahmed Elena "
         "David Aisha Lars Priya Kwame Noor Hugo Mei Tomas Leila Rafael Zara Igor Nadia").split()
SURNAMES = (
    "Okafor Lindqvist Moreau Tanaka Petrov Haddad Kowalski Nguyen Fischer Alvarez Mensah "
    "Rossi Ibrahim Novak Schmidt Dubois Yilmaz Kim Sato Costa Silva Jansen Horvat Popescu "
    "Kariuki Banda Osei Mahmoud Rahman Chowdhury Gupta Sharma Iyer Reyes Castillo Romero "
    "Vargas Morales Ortega Navarro Delgado Keller Weber Becker Hoffmann Wagner Bauer Richter "
    "Klein Wolf Neumann Zimmermann Kruger Lehmann Berg Holm Dahl Nilsson Eriksson Larsen "
    "Hansen Nielsen Virtanen Korhonen Makinen Nowak Wisniewski Wojcik Kaminski Lewandowski "
    "Zielinski Szabo Toth Nagy Varga Kiss Molnar Papadopoulos Georgiou Dimitriou Demir Sahin "
    "Celik Aydin Ozturk Arslan Abbasi Karimi Hosseini Sadeghi Moradi Farouk Mansour Nasser "
    "Saleh Adeyemi Balogun Okonkwo Eze Nwosu Mwangi Otieno Kamau Njoroge Achieng Tshabalala "
    "Dlamini Nkosi Mokoena Botha Pretorius Watanabe Suzuki Takahashi Ito Yamamoto Nakamura "
    "Kobayashi Park Choi Jung Kang Cho Yoon Huang Zhao Zhou Wu Xu Sun Ma Zhu Hu Guo Lin "
    "Tran Pham Hoang Phan Vu Dang Bui Do Ho Ngo Duong Ly Santos Oliveira Souza Lima Pereira "
    "Ferreira Almeida Carvalho Gomes Martins Araujo Ribeiro Rocha Dias Barbosa Cardoso Teixeira "
    "Mendes Moreira Fontaine Lefebvre Mercier Girard Bonnet Lambert Fournier Rousseau Vincent "
    "Muller Meyer Schulz Koch Schafer Walker Harris Clarke Lewis Robinson Wright Thompson "
    "Hughes Edwards Green Hall Wood Turner Baker Carter Mitchell Campbell Murphy Kelly Byrne"
).split()
VERBS = ("resigns wins loses signs arrested elected killed wounded visits meets sues bans "
         "launches announces denies defeats reelected impeached acquitted convicted appointed "
         "dismissed kidnapped freed honoured sanctioned pardoned charged indicted crowned "
         "assassinated exiled returns marries dies founded opens closes protests strikes").split()
PLACES = (
    "Baghdad Paris Lagos Nairobi Tokyo Berlin Madrid Lima Quito Cairo Tehran Kabul Delhi "
    "Mumbai Dhaka Jakarta Manila Hanoi Seoul Beijing Shanghai Moscow Kyiv Warsaw Prague "
    "Vienna Budapest Rome Athens Istanbul Ankara Beirut Damascus Amman Riyadh Doha Dubai "
    "Karachi Lahore Colombo Bangkok Yangon Sydney Auckland Santiago Bogota Caracas Havana "
    "Mexico Toronto Chicago Boston London Dublin Edinburgh Oslo Stockholm Helsinki Copenhagen "
    "Lisbon Brussels Amsterdam Geneva Zurich Accra Dakar Kinshasa Luanda Harare Lusaka Addis "
    "Khartoum Tripoli Tunis Algiers Rabat Johannesburg Durban Kampala Kigali Mogadishu"
).split()
ORGS = ("parliament senate court army police union party ministry council cabinet "
        "regiment navy bank exchange university church league federation committee "
        "assembly tribunal commission agency company railway guild").split()
NOUNS = ("treaty election strike ceasefire budget reform scandal flood earthquake fire "
         "bridge railway vaccine trial referendum coup uprising summit merger bankruptcy "
         "drought harvest festival stadium cathedral dam mine pipeline embargo tariff").split()
PUBLISHERS = ("Reuters,Associated Press,AFP,BBC News,The Guardian,Le Monde,El País,"
              "Al Jazeera,Der Spiegel,The Times,Asahi Shimbun,The Hindu,Daily Nation,"
              "Folha de S.Paulo,La Nación,ANSA,Kyodo,Xinhua,Yonhap,Bloomberg").split(",")
TAGS = sorted({w.lower() for w in PLACES[:60] + NOUNS + ORGS})


def synthetic_events(count: int, seed: int = SEED) -> Iterator[Event]:
    """``count`` deterministic, headline-like events spread over 200 years."""
    rng = random.Random(seed)
    for _ in range(count):
        yield _event(rng)


def _event(rng: random.Random) -> Event:
    person = f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}"
    verb, place, org, noun = (rng.choice(VERBS), rng.choice(PLACES), rng.choice(ORGS),
                              rng.choice(NOUNS))
    title = rng.choice((
        f"{person} {verb} in {place}",
        f"{place} {org} {verb} over {noun}",
        f"{person} of the {org} {verb} after {noun}",
    ))
    summary = (f"{person} of the {place} {org} {verb} as the {noun} continues. "
               f"Officials in {rng.choice(PLACES)} said the {rng.choice(NOUNS)} "
               f"would follow {rng.choice(SURNAMES)}.")
    when = _date(rng)
    sources = tuple(
        Source(rng.choice(PUBLISHERS), f"{place}: {noun} {verb}",
               f"https://news.example/{rng.getrandbits(40):x}",
               when.start + timedelta(days=rng.randint(0, 30)) if rng.random() < 0.8 else None)
        for _ in range(rng.choice((1, 1, 2)))
    )
    roll = rng.random()
    status = Status.PUBLISHED if roll < 0.95 else Status.DRAFT if roll < 0.99 else Status.REJECTED
    tags = tuple(dict.fromkeys(rng.choice(TAGS) for _ in range(rng.randint(1, 3))))
    return Event(when, title, summary, place, tags, status, sources)


def _date(rng: random.Random) -> EventDate:
    start = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    roll = rng.random()
    if roll < 0.90:
        end = start + timedelta(days=rng.randint(1, 14)) if rng.random() < 0.05 else None
        return EventDate(start, Precision.DAY, end)
    if roll < 0.97:
        first = start.replace(day=1)
        if rng.random() < 0.1:
            months = first.month + rng.randint(1, 6)
            last = date(first.year + (months - 1) // 12, (months - 1) % 12 + 1, 1)
            return EventDate(first, Precision.MONTH, last)
        return EventDate(first, Precision.MONTH)
    first = date(start.year, 1, 1)
    if rng.random() < 0.1 and start.year < 2020:
        return EventDate(first, Precision.YEAR, date(start.year + rng.randint(1, 4), 1, 1))
    return EventDate(first, Precision.YEAR)


@dataclass(frozen=True, slots=True)
class Questions:
    """The three timed questions; another mode (e.g. through ``Bot.handle``) swaps these."""

    day: Callable[[int, int], Awaitable[object]]
    day_page: Callable[[int, int], Awaitable[object]]
    range: Callable[[date, date], Awaitable[object]]
    range_page: Callable[[date, date], Awaitable[object]]
    lookup: Callable[[int, int, int], Awaitable[object]]  # (month, day, event id)
    keyword: Callable[[str], Awaitable[object]]


def store_questions(store: SqliteEventStore) -> Questions:
    return Questions(
        day=lambda month, day: store.on_month_days([(month, day)]),
        day_page=lambda month, day: store.on_month_days_page([(month, day)], limit=PAGE),
        range=store.in_period,
        range_page=lambda start, end: store.in_period_page(start, end, limit=PAGE),
        lookup=lambda month, day, _: store.on_month_days([(month, day)], limit=PAGE),
        keyword=lambda text: store.search(WordQuery(tuple((w,) for w in text.split()))),
    )


def bot_questions(store: SqliteEventStore) -> Questions:
    """The same questions as chat text through ``Bot.handle``: parse, answer, store, reply."""
    bot = Bot(store)
    actor = Actor("bench", "U1", "bench", Role.MEMBER)
    asked_at = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)

    async def ask(text: str) -> object:
        reply = await bot.handle(Incoming(text, actor, "bench", asked_at))
        if reply.kind is ReplyKind.ERROR:
            raise RuntimeError(f"the bot could not answer {text!r}: {reply.text}")
        return reply

    def month(number: int) -> str:
        return calendar.month_name[number]

    return Questions(
        day=lambda m, d: ask(f"what happened on {d} {month(m)}?"),
        day_page=lambda m, d: ask(f"onthisday {month(m)} {d}"),
        range=lambda a, b: ask(f"what happened between {a.isoformat()} and {b.isoformat()}?"),
        range_page=lambda a, b: ask(f"between {a.isoformat()} and {b.isoformat()}"),
        lookup=lambda _m, _d, event_id: ask(f"event {event_id}"),
        keyword=lambda text: ask(f"when was {text}?"),
    )


MODES: dict[str, Callable[[SqliteEventStore], Questions]] = {
    "store": store_questions,
    "bot": bot_questions,
}


async def _time(samples: list[float], call: Awaitable[object]) -> None:
    started = time.perf_counter()
    await call
    samples.append((time.perf_counter() - started) * 1000)


async def measure(
    questions: Questions, queries: int, ids: list[int], seed: int = SEED + 1
) -> dict[str, float]:
    """p50 and p99 in milliseconds of each question over ``queries`` random inputs."""
    rng = random.Random(seed)
    keys = ("day", "day_page", "range", "range_page", "lookup", "keyword")
    timings: dict[str, list[float]] = {key: [] for key in keys}
    for i in range(queries + 20):  # the first 20 rounds warm the cache and are dropped
        if i == 20:
            timings = {key: [] for key in timings}
        some_day = date(2000, 1, 1) + timedelta(days=rng.randrange(366))
        await _time(timings["day"], questions.day(some_day.month, some_day.day))
        await _time(timings["day_page"], questions.day_page(some_day.month, some_day.day))
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 10))
        await _time(timings["range"], questions.range(start, start + timedelta(days=6)))
        await _time(timings["range_page"], questions.range_page(start, start + timedelta(days=6)))
        lookup = questions.lookup(some_day.month, some_day.day, rng.choice(ids))
        await _time(timings["lookup"], lookup)
        text = f"{rng.choice(SURNAMES)} {rng.choice(VERBS)}"
        await _time(timings["keyword"], questions.keyword(text))
    out: dict[str, float] = {}
    for key, samples in timings.items():
        cuts = statistics.quantiles(samples, n=100, method="inclusive")
        out[f"{key}_p50"], out[f"{key}_p99"] = cuts[49], cuts[98]
    return out


async def load(store: SqliteEventStore, size: int) -> float:
    """Import ``size`` synthetic events in batches; the time it took in seconds."""
    started = time.perf_counter()
    batch: list[Event] = []
    for event in synthetic_events(size):
        batch.append(event)
        if len(batch) == BATCH:
            await store.import_events(batch, "bench", NOW)
            batch = []
    await store.import_events(batch, "bench", NOW)
    return time.perf_counter() - started


async def published_ids(store: SqliteEventStore) -> list[int]:
    """Ids of some published events across the store, for the primary-key lookups."""
    pairs = [(month, 15) for month in range(1, 13)]
    return [e.id for e in await store.on_month_days(pairs, limit=600) if e.id is not None]


async def ensure_long_event(store: SqliteEventStore) -> None:
    """Add ``LONG_EVENT`` unless the store holds it already (a store built before it)."""
    inside = date(2015, 6, 1)
    held = await store.in_period(inside, inside, limit=1000)
    if all(event.title != LONG_EVENT.title for event in held):
        await store.add(LONG_EVENT, "bench", NOW)


async def run_size(
    size: int, path: Path, queries: int, mode: str, *, reuse: bool
) -> dict[str, float]:
    """Build (or, with ``reuse``, reopen) a store of ``size`` events at ``path`` and measure it."""
    store = await SqliteEventStore.open(path)
    try:
        seconds = float("nan") if reuse else await load(store, size)
        await ensure_long_event(store)
        timings = await measure(MODES[mode](store), queries, await published_ids(store))
        result = {"size": float(size), "load_s": seconds, **timings}
    finally:
        await store.close()
    return result


def child(size: int, out: Path, queries: int, mode: str, reuse: bool) -> dict[str, float]:
    """One size, in its own process so that peak RSS belongs to that size alone."""
    path = out / f"store_{size}.db"
    files = [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm")]
    reuse = reuse and path.exists()
    if not reuse:
        for file in files:
            file.unlink(missing_ok=True)
    result = asyncio.run(run_size(size, path, queries, mode, reuse=reuse))
    result["db_mb"] = sum(f.stat().st_size for f in files if f.exists()) / 2**20
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def table(results: list[dict[str, float]]) -> str:
    head = ("| events | load s | db MB | day p50 | day p99 | day@25 p99 | range p50 | range p99 "
            "| range@25 p50 | range@25 p99 | lookup p50 | lookup p99 | range@25 / lookup p99 "
            "| keyword p50 | keyword p99 | peak RSS MB |")
    lines = [head, "|" + " ---: |" * 16]
    for r in results:
        lines.append(
            f"| {int(r['size']):,} | {r['load_s']:.1f} | {r['db_mb']:.0f} "  # nan: reused
            f"| {r['day_p50']:.2f} ms | {r['day_p99']:.2f} ms | {r['day_page_p99']:.2f} ms "
            f"| {r['range_p50']:.2f} ms | {r['range_p99']:.2f} ms "
            f"| {r['range_page_p50']:.2f} ms | {r['range_page_p99']:.2f} ms "
            f"| {r['lookup_p50']:.2f} ms | {r['lookup_p99']:.2f} ms "
            f"| {r['range_page_p99'] / r['lookup_p99']:.1f}x "
            f"| {r['keyword_p50']:.2f} ms | {r['keyword_p99']:.2f} ms | {r['rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--mode", choices=sorted(MODES), default="store")
    parser.add_argument(
        "--reuse", action="store_true", help="measure stores left in --out by an earlier run"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.child is not None:
        print(json.dumps(child(args.child, args.out, args.queries, args.mode, args.reuse)))
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, "-m", "benchmarks.store_bench", "--child", str(size),
                   "--out", str(args.out), "--queries", str(args.queries), "--mode", args.mode,
                   *(["--reuse"] if args.reuse else [])]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"size {size:,} done in {results[-1]['load_s']:.1f} s load", file=sys.stderr)
    report = table(results)
    (args.out / "store_bench.md").write_text(report + "\n", encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
