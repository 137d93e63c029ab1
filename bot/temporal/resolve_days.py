"""Resolvers for days and times of day relative to the DCT.

"yesterday", "tomorrow morning", "last night", "on Friday", "next Friday", "5 p.m.",
"noon". A bare weekday is placed by the sentence tense: on or before the DCT in a
past-tense sentence, on or after it in a future one, otherwise the closest one.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.model import anniversary_in
from bot.temporal import lexicon
from bot.temporal.anchoring import Context, Resolved
from bot.temporal.calendar_points import Point, weekday_near

_RELDAY_OFFSET = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}
_PREVIOUS = ("last", "past", "this past")
_FOLLOWING = ("next", "coming", "this coming")


def _pod_code(word: str | None) -> str | None:
    return lexicon.PARTS_OF_DAY.get(word.lower()) if word else None


def _day_result(day: dt.date | None, pod: str | None) -> Resolved:
    if day is None:
        return Resolved("TIME" if pod else "DATE", None)
    point = Point("D", day)
    if pod:
        return Resolved("TIME", f"{point.value}T{pod}", point)
    return Resolved("DATE", point.value, point)


def r_relday(m: re.Match[str], ctx: Context) -> Resolved | None:
    word = m.group("w").lower()
    offset = _RELDAY_OFFSET[word]
    if m.group("ba"):
        offset += -1 if m.group("ba").lower() == "before" else 1
    pod = _pod_code(m.group("pod")) or ("NI" if word == "tonight" else None)
    day = ctx.dct + dt.timedelta(days=offset) if ctx.dct is not None else None
    return _day_result(day, pod)


def r_ago_today(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"two years ago today", "on this day last year": the same day N years back, with
    29 February falling on 28 February in a common year (the kernel's one leap rule)."""
    if ctx.dct is None:
        return Resolved("DATE", None)
    years = 1 if m.group("last") else lexicon.count_number(m.group("n") or m.group("n2"))
    if years < 1:
        return None
    if years >= ctx.dct.year:
        return Resolved("DATE", None)  # before year 1: a date with no value
    return _day_result(anniversary_in(ctx.dct, ctx.dct.year - years), None)


def r_weekday(m: re.Match[str], ctx: Context) -> Resolved | None:
    weekday = lexicon.WEEKDAYS[m.group("wd").lower()]
    if ctx.dct is None:
        return _day_result(None, None)
    rel = " ".join((m.group("rel") or "").lower().split())
    if rel in _PREVIOUS:
        day = weekday_near(ctx.dct - dt.timedelta(days=1), weekday, -1)
    elif rel in _FOLLOWING:
        day = weekday_near(ctx.dct + dt.timedelta(days=1), weekday, 1)
    elif rel == "this":
        monday = ctx.dct - dt.timedelta(days=ctx.dct.weekday())
        day = monday + dt.timedelta(days=weekday)
    else:
        day = weekday_near(ctx.dct, weekday, ctx.tense(m.start(), m.end()))
    # "Friday afternoon" is one TIME on that day (TIMEX3 "2020-01-10TAF"), as TimeBank
    # marks a weekday with a part of the day; the day stays the reference time.
    return _day_result(day, _pod_code(m.group("pod")))


def r_part_of_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    rel = m.group("rel").lower().split()[-1]
    pod = _pod_code(m.group("pod")) or "NI"
    if ctx.dct is None:
        return Resolved("TIME", None)
    day = ctx.dct - dt.timedelta(days=1) if rel == "last" else ctx.dct
    return _day_result(day, pod)


def _clock_value(ctx: Context, hour: int, minute: int | None) -> Resolved:
    if ctx.dct is None:
        return Resolved("TIME", None)
    stamp = f"{hour:02d}" if minute is None else f"{hour:02d}:{minute:02d}"
    return Resolved("TIME", f"{ctx.dct.isoformat()}T{stamp}", Point("D", ctx.dct))


def r_clock(m: re.Match[str], ctx: Context) -> Resolved | None:
    hour = int(m.group("h"))
    minute = int(m.group("mi")) if m.group("mi") else 0
    ap = (m.group("ap") or "").lower()
    pod = (m.group("pod") or "").lower()
    if ap or pod:
        if hour == 0 or hour > 12:
            return None
        if (ap == "p" or pod in ("afternoon", "evening")) and hour != 12:
            hour += 12
        elif (ap == "a" or pod == "morning") and hour == 12:
            hour = 0
    return _clock_value(ctx, hour, minute)


def r_clock24(m: re.Match[str], ctx: Context) -> Resolved | None:
    return _clock_value(ctx, int(m.group("h")), int(m.group("mi")))


def r_noon(m: re.Match[str], ctx: Context) -> Resolved | None:
    word = m.group("w").lower()
    return _clock_value(ctx, 24 if word == "midnight" else 12,
                        None if word == "midnight" else 0)
