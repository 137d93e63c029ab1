"""Score the temporal tagger against TimeML gold data (TempEval-3 Task A conventions).

Reads every ``*.tml`` file under the data directory (default ``../shared/data/timeml``
relative to the repository root), strips the inline TIMEX3/EVENT/SIGNAL markup from
``<TEXT>`` while tracking character offsets, runs ``bot.temporal.tag`` on the plain text
anchored on the document's DCT, and prints:

* strict and relaxed extent precision/recall/F1,
* value accuracy over relaxed matches and value F1 (relaxed F1 x value accuracy),
* type accuracy over relaxed matches,

for DATE expressions (gold DATE against system DATE) and for all types, then the
throughput (median of several runs over the whole corpus) and the worst errors.

Run: ``python -m benchmarks.timex_eval [DATA_DIR] [--errors N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.temporal import Timex, tag

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "timeml"

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    text: str
    dct: dt.date
    gold: list[Gold]


def parse_tml(path: Path) -> Document:
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    if dct_match is None:
        raise ValueError(f"{path}: no DCT")
    dct = dt.date.fromisoformat(dct_match.group(1))
    body_match = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    if body_match is None:
        raise ValueError(f"{path}: no TEXT")
    text, gold = _strip_markup(body_match.group(1))
    return Document(path.stem, text, dct, gold)


def _strip_markup(body: str) -> tuple[str, list[Gold]]:
    pieces: list[str] = []
    length = 0
    gold: list[Gold] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        pieces.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if m.group(1) == "":
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            gold.append(Gold(start, length, "", attrs.get("type", ""), attrs.get("value")))
            open_timex = None
    pieces.append(html.unescape(body[pos:]))
    text = "".join(pieces)
    gold = [Gold(g.start, g.end, text[g.start : g.end], g.type, g.value) for g in gold]
    return text, gold


def load_corpus(data_dir: Path) -> list[Document]:
    return [parse_tml(p) for p in sorted(data_dir.rglob("*.tml"))]


@dataclass
class Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value_ok: int = 0
    type_ok: int = 0
    # Diagnostic, not part of TempEval-3: values that fit a gold value's X wildcards.
    value_fits: int = 0

    def value_f1(self, hits: int) -> float:
        _, _, rf = _prf(self.relaxed, self.relaxed, self.system, self.gold)
        return rf * (hits / self.relaxed if self.relaxed else 0.0)

    def report(self, label: str) -> str:
        sp, sr, sf = _prf(self.strict, self.strict, self.system, self.gold)
        rp, rr, rf = _prf(self.relaxed, self.relaxed, self.system, self.gold)
        vacc = self.value_ok / self.relaxed if self.relaxed else 0.0
        tacc = self.type_ok / self.relaxed if self.relaxed else 0.0
        return (
            f"| {label} | {self.gold} | {self.system} | {sp:.1%} / {sr:.1%} / {sf:.1%} | "
            f"{rp:.1%} / {rr:.1%} / {rf:.1%} | {vacc:.1%} | {tacc:.1%} | {rf * vacc:.1%} |"
        )


def fits_underspecified(gold: str | None, system: str | None) -> bool:
    """Whether ``system`` is ``gold`` or a reading of it with the X digits filled in.

    Annotators wrote "1989-WXX" for "last week" and "1949-XX" for "1949"; a value that
    names the week or stops at the year carries the same or more information.
    """
    if gold is None or system is None or gold == system:
        return gold == system
    if "X" not in gold:
        return False
    pattern = "".join("[0-9X]" if ch == "X" else re.escape(ch) for ch in gold)
    if re.fullmatch(pattern, system):
        return True
    trimmed = re.sub(r"(?:-X+)+$", "", gold)
    return trimmed != gold and trimmed == system


def _prf(hit_p: int, hit_r: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = hit_p / n_sys if n_sys else 0.0
    r = hit_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _overlap(a: Gold | Timex, b: Gold | Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match(gold: list[Gold], system: list[Timex]) -> list[tuple[Gold, Timex]]:
    """One-to-one pairing of overlapping expressions, largest overlap first."""
    pairs = sorted(
        ((_overlap(g, s), gi, si) for gi, g in enumerate(gold) for si, s in enumerate(system)
         if _overlap(g, s) > 0),
        reverse=True,
    )
    used_g: set[int] = set()
    used_s: set[int] = set()
    out: list[tuple[Gold, Timex]] = []
    for _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        out.append((gold[gi], system[si]))
    return out


@dataclass
class Errors:
    missed: Counter[str]
    spurious: Counter[str]
    wrong_value: Counter[str]
    extent: Counter[str]


def score(docs: list[Document], only_type: str | None, errors: Errors | None) -> Tally:
    tally = Tally()
    for doc in docs:
        system = tag(doc.text, doc.dct)
        gold = [g for g in doc.gold if only_type is None or g.type == only_type]
        sys_ = [s for s in system if only_type is None or s.type == only_type]
        tally.gold += len(gold)
        tally.system += len(sys_)
        pairs = match(gold, sys_)
        tally.relaxed += len(pairs)
        for g, s in pairs:
            tally.strict += (g.start, g.end) == (s.start, s.end)
            tally.value_ok += g.value == s.value
            tally.value_fits += fits_underspecified(g.value, s.value)
            tally.type_ok += g.type == s.type
        if errors is not None:
            _collect_errors(doc, gold, sys_, pairs, errors)
    return tally


def _collect_errors(
    doc: Document, gold: list[Gold], system: list[Timex],
    pairs: list[tuple[Gold, Timex]], errors: Errors,
) -> None:
    matched_g = {id(g) for g, _ in pairs}
    matched_s = {id(s) for _, s in pairs}
    for g in gold:
        if id(g) not in matched_g:
            errors.missed[f"{g.text!r} {g.type} {g.value}"] += 1
    for s in system:
        if id(s) not in matched_s:
            errors.spurious[f"{s.text!r} {s.type} {s.value}"] += 1
    for g, s in pairs:
        if g.value != s.value:
            ctx = doc.text[max(0, g.start - 40) : g.end + 20].replace("\n", " ")
            errors.wrong_value[
                f"{g.text!r} gold={g.value} sys={s.value} dct={doc.dct} | {ctx}"
            ] += 1
        if (g.start, g.end) != (s.start, s.end):
            errors.extent[f"gold={g.text!r} sys={s.text!r}"] += 1


def throughput(docs: list[Document], runs: int = 5) -> tuple[float, int]:
    chars = sum(len(d.text) for d in docs)
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for d in docs:
            tag(d.text, d.dct)
        rates.append(chars / (time.perf_counter() - t0))
    return statistics.median(rates), chars


def _print_errors(errors: Errors, n: int) -> None:
    for title, counter in (
        ("missed", errors.missed),
        ("spurious", errors.spurious),
        ("wrong value", errors.wrong_value),
        ("extent differs (relaxed match)", errors.extent),
    ):
        print(f"\n## {title}: {sum(counter.values())} total")
        for key, count in counter.most_common(n):
            print(f"{count:4d}  {key}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=25, help="examples per error category")
    parser.add_argument("--runs", type=int, default=5, help="timing runs (median reported)")
    args = parser.parse_args(argv)
    docs = load_corpus(args.data_dir)
    if not docs:
        print(f"no .tml files under {args.data_dir}", file=sys.stderr)
        return 2
    errors = Errors(Counter(), Counter(), Counter(), Counter())
    date_tally = score(docs, "DATE", None)
    all_tally = score(docs, None, errors)
    print(f"{len(docs)} documents, {sum(len(d.gold) for d in docs)} gold TIMEX3\n")
    print("| types | gold | system | strict P / R / F1 | relaxed P / R / F1 "
          "| value acc | type acc | value F1 |")
    print("| --- | ---: | ---: | --- | --- | ---: | ---: | ---: |")
    print(date_tally.report("DATE"))
    print(all_tally.report("all"))
    date_fit = date_tally.value_f1(date_tally.value_fits)
    all_fit = all_tally.value_f1(all_tally.value_fits)
    print(f"\nDiagnostic only (not TempEval-3): counting a value that fills in a gold "
          f"value's X digits as right, value F1 would be {date_fit:.1%} (DATE) and "
          f"{all_fit:.1%} (all).")
    rate, chars = throughput(docs, args.runs)
    print(f"\nthroughput: {rate:,.0f} characters/s "
          f"(median of {args.runs} runs over {chars:,} chars)")
    if args.errors:
        _print_errors(errors, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
