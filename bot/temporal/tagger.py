"""The tagging pipeline: find candidates, keep the best extents, resolve in text order.

1. Every pattern family proposes candidate extents over the whole text.
2. Longest candidates win; among equal extents the family listed first in
   ``patterns.PRIORITY`` wins. Overlapping shorter candidates are dropped.
3. The survivors are resolved left to right so that anaphoric expressions ("a year
   earlier", "the following day") see the dates mentioned before them.
4. A clock time directly followed by a day ("5 p.m. EST, Nov. 9") becomes one TIME.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from bot.temporal import resolve_days as days
from bot.temporal import resolve_explicit as explicit
from bot.temporal import resolve_periods as periods
from bot.temporal import resolve_spans as spans
from bot.temporal.anchoring import Context, Resolved
from bot.temporal.patterns import (
    FAMILY_NAMES,
    PRIORITY,
    TRIGGER,
    TRIGGER_AFTER,
    TRIGGER_BEFORE,
    family_pattern,
    may_match,
)
from bot.temporal.timex import Timex

Resolver = Callable[[re.Match[str], Context], Resolved | None]

RESOLVERS: dict[str, Resolver] = {
    "year_span": explicit.r_year_span,
    "iso": explicit.r_iso, "week_of": explicit.r_week_of, "numeric": explicit.r_numeric,
    "mdy": explicit.r_mdy,
    "dmy": explicit.r_dmy, "my": explicit.r_my, "month": explicit.r_month,
    "month_rel_year": explicit.r_month_rel_year,
    "year": explicit.r_year, "decade": explicit.r_decade,
    "decade_word": explicit.r_decade_word, "century": explicit.r_century,
    "holiday": explicit.r_holiday,
    "season": periods.r_season, "quarter": periods.r_quarter, "qcode": periods.r_qcode,
    "quarter_ref": periods.r_quarter_ref, "year_ago": periods.r_year_ago,
    "period_last_year": periods.r_year_ago,
    "year_end": periods.r_year_end, "ago_today": days.r_ago_today, "relday": days.r_relday,
    "weekday": days.r_weekday,
    "part_of_day": days.r_part_of_day, "clock": days.r_clock, "clock24": days.r_clock24,
    "noon": days.r_noon, "unit_rel": spans.r_unit_rel, "duration": spans.r_duration,
    "vague_units": spans.r_vague_units, "bare_units": spans.r_vague_units,
    "vague": spans.r_vague, "set": spans.r_set, "frequency": spans.r_frequency,
    "times_per": spans.r_times_per,
}

_CLOCK_FAMILIES = frozenset({"clock", "clock24", "noon"})
_TIME_DATE_GAP = re.compile(r"[ \t]*,?[ \t]*")


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    family: str
    match: re.Match[str]


def tag(text: str, dct: dt.date | None, *, day_first: bool = False) -> list[Timex]:
    """All temporal expressions in ``text``, in order, anchored on ``dct``."""
    if not isinstance(text, str) or not text:
        return []
    ctx = Context(text=text, dct=dct, day_first=day_first)
    found: list[tuple[_Candidate, Resolved]] = []
    for cand in _kept(text):
        ctx.pos = cand.start
        resolved = _resolve(cand, ctx)
        if resolved is None:
            continue
        if not resolved.anaphoric and resolved.type == "DATE":
            ctx.remember(resolved.point)
        if cand.family == "year_span":
            found.extend(_year_span_parts(cand, resolved))
        else:
            found.append((cand, resolved))
    return _merge_clock_and_day(text, found)


def _year_span_parts(
    cand: _Candidate, first: Resolved
) -> list[tuple[_Candidate, Resolved]]:
    """ "1957-58" as two DATEs, "1957" and "58" (value 1958): a TIMEX3 value names one
    period, so TimeML tags each end of a range."""
    m = cand.match
    end = explicit.span_end_year(m)
    second = Resolved("DATE", f"{end:04d}")
    return [(_Candidate(m.start("y"), m.end("y"), "year", m), first),
            (_Candidate(m.start("y2"), m.end("y2"), "year", m), second)]


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around trigger words, merged where they overlap."""
    out: list[tuple[int, int]] = []
    for m in TRIGGER.finditer(text):
        lo = max(0, m.start() - TRIGGER_BEFORE)
        hi = min(len(text), m.end() + TRIGGER_AFTER)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


# Finding and choosing candidates does not depend on the anchor day, and a question is
# often read twice (a second time on another day, to learn whether its answer depends
# on "today"); short texts keep their choice for that second reading.
_REMEMBERED_TEXT = 1000


def _kept(text: str) -> tuple[_Candidate, ...]:
    """The candidates the tagger keeps in ``text``, in order."""
    if len(text) > _REMEMBERED_TEXT:
        return tuple(_select(_candidates(text)))
    return _kept_short(text)


@lru_cache(maxsize=64)
def _kept_short(text: str) -> tuple[_Candidate, ...]:
    return tuple(_select(_candidates(text)))


def _candidates(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    windows = [(lo, hi, text[lo:hi].casefold()) for lo, hi in _windows(text)]
    for family in FAMILY_NAMES:
        spans = [(lo, hi) for lo, hi, folded in windows if may_match(family, folded)]
        if not spans:
            continue
        pattern = family_pattern(family)
        has_x = "x" in pattern.groupindex
        for lo, hi in spans:
            for m in pattern.finditer(text, lo, hi):
                start, end = m.span("x") if has_x and m.group("x") else m.span()
                if end > start:
                    out.append(_Candidate(start, end, family, m))
    return out


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then family priority; drop anything overlapping a kept one."""
    cands.sort(key=lambda c: (c.start - c.end, PRIORITY[c.family], c.start))
    taken = bytearray(max((c.end for c in cands), default=0))
    kept: list[_Candidate] = []
    for c in cands:
        if taken.find(1, c.start, c.end) != -1:
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def _resolve(cand: _Candidate, ctx: Context) -> Resolved | None:
    try:
        return RESOLVERS[cand.family](cand.match, ctx)
    except OverflowError:
        # "yesterday" on 1 January of year 1: a date expression whose value is off the
        # calendar. The extent stays, so a reader can say why it has no value.
        return Resolved("DATE", None)
    except (ValueError, KeyError, IndexError):
        # A malformed number: the candidate is not a date.
        return None


_CLOCK_ON_DAY = re.compile(r"[ \t]*,?[ \t]+on[ \t]+")
_DAY_AT_CLOCK = re.compile(r"[ \t]*,?[ \t]+at[ \t]+")


def _clocks_on_their_days(text: str, found: list[tuple[_Candidate, Resolved]]) -> None:
    """ "3 p.m. on Saturday", "Saturday at 3 p.m.": two expressions, but the clock time
    is on that day, not on the DCT."""
    for i in range(len(found) - 1):
        (a, a_res), (b, b_res) = found[i], found[i + 1]
        if a.family in _CLOCK_FAMILIES and _is_day(b_res) and b_res.value is not None:
            if _CLOCK_ON_DAY.fullmatch(text, a.end, b.start):
                found[i] = (a, _on_day(a_res, b_res.value))
        elif (b.family in _CLOCK_FAMILIES and _is_day(a_res) and a_res.value is not None
              and _DAY_AT_CLOCK.fullmatch(text, a.end, b.start)):
            found[i + 1] = (b, _on_day(b_res, a_res.value))


def _on_day(clock: Resolved, day: str) -> Resolved:
    if clock.value is None or "T" not in clock.value:
        return clock
    return Resolved(clock.type, day + clock.value[clock.value.index("T") :], clock.point)


def _merge_clock_and_day(text: str, found: list[tuple[_Candidate, Resolved]]) -> list[Timex]:
    _clocks_on_their_days(text, found)
    out: list[Timex] = []
    i = 0
    while i < len(found):
        cand, res = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and cand.family in _CLOCK_FAMILIES and _is_day(nxt[1]):
            gap = _TIME_DATE_GAP.fullmatch(text, cand.end, nxt[0].start)
            if gap is not None:
                out.append(_joined(text, cand, res, nxt[0], nxt[1]))
                i += 2
                continue
        out.append(Timex(cand.start, cand.end, text[cand.start : cand.end], res.type,
                         res.value))
        i += 1
    return out


def _is_day(res: Resolved) -> bool:
    return res.type == "DATE" and (res.value is None or len(res.value) == 10)


def _joined(
    text: str, clock: _Candidate, clock_res: Resolved, day: _Candidate, day_res: Resolved
) -> Timex:
    value = None
    if clock_res.value is not None and day_res.value is not None:
        value = day_res.value + clock_res.value[clock_res.value.index("T") :]
    return Timex(clock.start, day.end, text[clock.start : day.end], "TIME", value)
