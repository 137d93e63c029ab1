"""Resolvers for seasons, quarters and halves, including the anaphoric ones.

Business news counts in quarters: "the third quarter", "Q3 2020", "the latest quarter",
"the year-ago period". A bare quarter takes the DCT's year unless that quarter has not
begun yet (then it is last year's, unless the sentence looks ahead); "the quarter" and
"the year-earlier period" refer back to the quarter mentioned last.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.temporal import lexicon
from bot.temporal.anchoring import FUTURE, PAST, Context, Resolved
from bot.temporal.calendar_points import Point, safe_date, shift

_LAST = 9  # "the last half", "the latter half": whichever half comes second
_ORD = {"last": _LAST, "latter": _LAST, "first": 1, "1st": 1, "second": 2, "2nd": 2,
        "third": 3, "3rd": 3, "fourth": 4,
        "4th": 4}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_BACK = ("last", "past", "previous", "preceding", "latest", "recent", "just-ended")


def _quarter_point(year: int, quarter: int) -> Point | None:
    d = safe_date(year, 3 * quarter - 2, 1)
    return Point("Q", d) if d is not None else None


def _dct_quarter(ctx: Context) -> Point | None:
    return Point("Q", ctx.dct) if ctx.dct is not None else None


def _explicit_year(m: re.Match[str], ctx: Context) -> int | None:
    for name in ("yr", "yr2", "yr3"):
        if m.group(name):
            return lexicon.year_number(m.group(name))
    rel = (m.group("rel") or m.group("rel2") or "").lower()
    if rel and ctx.dct is not None:
        return ctx.dct.year + {"this": 0, "last": -1, "next": 1}[rel]
    return None


def r_quarter(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"the third quarter", "the first half of 1990", "the last two quarters"."""
    n = _ORD[m.group("ord").lower()]
    unit = m.group("unit").lower()
    half = unit != "quarter"
    if unit.startswith("two") and n not in (1, _LAST):
        return None  # "the second two quarters" names no calendar half
    n = 2 if n == _LAST else n
    if half and n > 2:
        return None
    year = _explicit_year(m, ctx)
    if year is None:
        year = _implicit_year(ctx, m, 6 * n - 5 if half else 3 * n - 2)
    if year is None:
        return Resolved("DATE", None)
    if half:
        d = safe_date(year, 6 * n - 5, 1)
        point = Point("H", d) if d else None
    else:
        point = _quarter_point(year, n)
    return Resolved("DATE", point.value if point else None, point)


def _implicit_year(ctx: Context, m: re.Match[str], first_month: int) -> int | None:
    if ctx.dct is None:
        return None
    start = dt.date(ctx.dct.year, first_month, 1)
    tense = ctx.tense(m.start(), m.end())
    if start > ctx.dct and tense != FUTURE:
        return ctx.dct.year - 1
    if tense == FUTURE and first_month + 6 <= ctx.dct.month:
        # A quarter that ended months ago, spoken of as ahead, is next year's.
        return ctx.dct.year + 1
    return ctx.dct.year


def r_qcode(m: re.Match[str], ctx: Context) -> Resolved | None:
    n = int(m.group("q") or m.group("q2"))
    if m.group("y"):
        year: int | None = lexicon.year_number(m.group("y"))
    else:
        year = _implicit_year(ctx, m, 3 * n - 2)
    point = _quarter_point(year, n) if year is not None else None
    return Resolved("DATE", point.value if point else None, point)


def r_quarter_ref(m: re.Match[str], ctx: Context) -> Resolved | None:
    rel = " ".join((m.group("rel") or "").lower().split())
    is_period = m.group(0).lower().rstrip().endswith("period")
    if is_period and ctx.last_quarter is None:
        return None
    if rel in ("year-ago", "year-earlier"):
        base = ctx.last_quarter or _previous_quarter(ctx)
        moved = shift(base, -1, "Y") if base is not None else None
        return Resolved("DATE", moved.value if moved else None, moved, anaphoric=True)
    if rel == "current" or (not rel and m.group(0).lower().startswith("this")):
        point = _dct_quarter(ctx)
        return Resolved("DATE", point.value if point else None, point)
    if rel in _BACK or rel == "most recent":
        # "the latest quarter" is the last one completed before the DCT.
        point = _previous_quarter(ctx)
        return Resolved("DATE", point.value if point else None, point)
    point = ctx.last_quarter or _previous_quarter(ctx)
    return Resolved("DATE", point.value if point else None, point, anaphoric=True)


def _previous_quarter(ctx: Context) -> Point | None:
    current = _dct_quarter(ctx)
    return shift(current, -1) if current is not None else None


def r_year_ago(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"a year-earlier period", "the corresponding period last year", "year-ago"."""
    ref = ctx.reference()
    if _has_unit(m) or (ref is not None and ref.gran == "Q"):
        base = ctx.last_quarter or _previous_quarter(ctx)
    elif ref is not None:
        base = Point("Y", comparison_base(ctx, ref).day)
    else:
        base = None
    moved = shift(base, -1, "Y") if base is not None else None
    return Resolved("DATE", moved.value if moved else None, moved, anaphoric=True)


def _has_unit(m: re.Match[str]) -> bool:
    return any(m.groupdict().get(name) for name in ("unit", "unit2"))


def comparison_base(ctx: Context, ref: Point) -> Point:
    """The period a "year-ago" comparison moves back from.

    Results are compared with the same period a year before the one being reported. A
    year mentioned last that already lies before the DCT's year is usually the
    comparison period itself ("in the 1988 period. The year-ago results ..."), so the
    comparison is made from the DCT's year instead of stepping back once more.
    """
    if ctx.dct is not None and ref.gran == "Y" and ref.day.year < ctx.dct.year:
        return Point("Y", ctx.dct)
    return ref


# A capitalised season between capitalised words is part of a name: "British Summer
# Time", "the Summer Olympics", "the Arab Spring", "the Spring Festival".
_NAME_AFTER = re.compile(r"[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?[A-Z][a-z]")
_NAME_BEFORE = re.compile(r"(?:^|(?P<lead>[^.!?\s\"“'‘(]))[ \t]*(?P<w>[A-Z][A-Za-z]+)[ \t]+$")
_NOT_NAME_WORDS = frozenset({"last", "next", "this", "that", "the", "early", "late", "mid",
                             "coming", "past", "previous", "in", "by", "since", "until"})


def _inside_name(text: str, start: int, end: int) -> bool:
    if not text[start].isupper():
        return False
    if _NAME_AFTER.match(text, end):
        return True  # "Summer Olympics", "the Fall of Saigon"; "Summer 2020" is a date
    before = _NAME_BEFORE.search(text, max(0, start - 40), start)
    return (before is not None and before.group("lead") is not None
            and before.group("w").lower() not in _NOT_NAME_WORDS)


def r_season(m: re.Match[str], ctx: Context) -> Resolved | None:
    word = m.group("s")
    code = lexicon.SEASONS[word.lower()]
    if _inside_name(ctx.text, m.start("s"), m.end("s")):
        return None
    rel = " ".join((m.group("rel") or "").lower().split())
    if not (rel or m.group("mod") or m.group("y")) and (
        word.lower() in ("fall", "spring") or (word[0].islower() and word.lower() == "fall")
    ):
        # "prices fall", "a spring in his step": a bare season word must be marked.
        return None
    if rel in ("the", "that") and not m.group("y"):
        rel = "this"
    if m.group("y"):
        return Resolved("DATE", f"{lexicon.year_number(m.group('y')):04d}-{code}")
    if ctx.dct is None:
        return Resolved("DATE", None)
    year = _season_year(ctx.dct, code, rel)
    if rel in ("", "this") and _season_over(ctx.dct, code, year) and (
        ctx.tense(m.start(), m.end()) == FUTURE
    ):
        # "will keep the dividend through the spring", said in October: next spring.
        year += 1
    return Resolved("DATE", f"{year:04d}-{code}")


def _season_over(dct: dt.date, code: str, year: int) -> bool:
    """Whether the season of that name beginning in ``year`` ended before ``dct``."""
    start = _SEASON_START[code]
    end_year, end_month = (year + 1, start + 3 - 12) if start + 3 > 12 else (year, start + 3)
    return dt.date(end_year, end_month, 1) <= dct


def _season_year(dct: dt.date, code: str, rel: str) -> int:
    start_month = _SEASON_START[code]
    # The year whose season of this name began most recently on or before the DCT.
    current = dct.year if dct.month >= start_month else dct.year - 1
    words = rel.split()
    in_it = _in_season(dct, code)
    if (words and words[-1] in ("last", "past", "previous")) or words[:2] == ["this", "past"]:
        return current - 1 if in_it else current
    if words and words[-1] in ("next", "coming", "following"):
        return current + 1
    if in_it or not words:
        return current if in_it else current + (1 if start_month > dct.month else 0)
    return current + 1 if not in_it and start_month > dct.month else current


def _in_season(dct: dt.date, code: str) -> bool:
    start = _SEASON_START[code]
    return (dct.month - start) % 12 < 3


def r_year_end(m: re.Match[str], ctx: Context) -> Resolved | None:
    if ctx.dct is None:
        return Resolved("DATE", None)
    year = ctx.dct.year - (ctx.tense(m.start(), m.end()) == PAST)
    point = Point("D", dt.date(year, 12, 31))
    return Resolved("DATE", point.value, point)
