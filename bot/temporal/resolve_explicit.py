"""Resolvers for expressions that name a calendar period or clock time themselves.

"8 January 2020", "Jan. 8", "1/8/2020", "October", "1998", "the 1990s", "last fall",
"the third quarter", "Christmas", "5 p.m.": the expression names the period, and the
DCT (with the sentence tense) only supplies a missing year. Each resolver takes the
regex match and the document context and returns a ``Resolved`` or None to reject the
candidate (an impossible date, a verb that looks like a month).
"""

from __future__ import annotations

import datetime as dt
import re

from bot.temporal import lexicon
from bot.temporal.anchoring import Context, Resolved
from bot.temporal.calendar_points import Point, pick_year, safe_date
from bot.temporal.holidays import WEEK_LONG, holiday_in, holiday_near

_LOWER_MONTH_OK = frozenset(
    {"january", "february", "april", "june", "july", "september", "october", "november",
     "december"}
)
# Words before "May"/"March" that make them months rather than a verb or a name.
_MONTH_LEAD = frozenset(
    {"in", "on", "by", "since", "until", "till", "through", "from", "to", "of", "during",
     "early", "late", "mid", "and", "or", "between", "before", "after", "last", "next",
     "this", "each", "every", "past", "coming", "around"}
)
_PREV_WORD = re.compile(r"([A-Za-z]+)[\s-]*$")


def month_number(token: str) -> int:
    return lexicon.MONTHS.get(token.lower().rstrip("."), 0)


def day_number(token: str) -> int:
    low = " ".join(token.lower().split())
    if low in lexicon.ORDINALS:
        return lexicon.ORDINALS[low]
    digits = low.rstrip("stndrh")
    return int(digits) if digits.isdigit() else 0


def _year_for(ctx: Context, start: int, month: int, day: int) -> int | None:
    """The year of a day and month written without one.

    Whichever year puts the date closest to the DCT, unless that is months away and
    the sentence tense points the other way ("took effect on 1 July" in January).
    """
    if ctx.dct is None:
        return None
    year = pick_year(ctx.dct, month, day, 0)
    near = safe_date(year, month, day) or safe_date(year, month, 28)
    if near is None or abs((near - ctx.dct).days) <= _TENSE_MATTERS_AFTER_DAYS:
        return year
    tense = ctx.tense(start, start)
    if tense != 0 and (near > ctx.dct) != (tense > 0):
        return pick_year(ctx.dct, month, day, tense)
    return year


_TENSE_MATTERS_AFTER_DAYS = 90


_DAY_BACK = frozenset({"last", "this past"})


def _day_point(year: int, month: int, day: int) -> Point | None:
    d = safe_date(year, month, day)
    return Point("D", d) if d is not None else None


def _dated(ctx: Context, m: re.Match[str], month: int, day: int) -> Resolved | None:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if m.group("y"):
        point = _day_point(lexicon.year_number(m.group("y")), month, day)
        return Resolved("DATE", point.value, point) if point else None
    if safe_date(2000, month, day) is None:
        return None
    rel = " ".join((m.groupdict().get("rel") or "").lower().split())
    if rel and ctx.dct is not None:
        # "last Oct. 23": the latest such day before the DCT; "next March 1" the first after
        year: int | None = pick_year(ctx.dct, month, day, -1 if rel in _DAY_BACK else 1)
    else:
        year = _year_for(ctx, m.start(), month, day)
    if year is None:
        return Resolved("DATE", None)
    for candidate in (year, year - 1, year - 2, year - 3, year - 4):
        # Walk back to a leap year for 29 February rather than reject it.
        point = _day_point(candidate, month, day)
        if point is not None:
            return Resolved("DATE", point.value, point)
    return None


def r_mdy(m: re.Match[str], ctx: Context) -> Resolved | None:
    return _dated(ctx, m, month_number(m.group("mon")), day_number(m.group("day")))


def r_week_of(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"the week of March 6": the ISO week holding that day."""
    month = month_number(m.group("mon") or m.group("mon2"))
    day = _dated(ctx, m, month, day_number(m.group("day") or m.group("day2")))
    if day is None or day.point is None:
        return day
    week = Point("W", day.point.day)
    return Resolved("DATE", week.value, week)


def r_dmy(m: re.Match[str], ctx: Context) -> Resolved | None:
    token = m.group("mon")
    if token.lower() in ("may", "march") and not m.group("y") and token[0].islower():
        return None  # "5 may" is usually not a date; "5 May" is

    return _dated(ctx, m, month_number(m.group("mon")), day_number(m.group("day")))


def r_numeric(m: re.Match[str], ctx: Context) -> Resolved | None:
    a, b = int(m.group("a")), int(m.group("b"))
    month, day = (b, a) if ctx.day_first else (a, b)
    year = int(m.group("y"))
    if len(m.group("y")) == 2:
        year += 1900 if year >= 50 else 2000
    point = _day_point(year, month, day)
    return Resolved("DATE", point.value, point) if point else None


def r_iso(m: re.Match[str], ctx: Context) -> Resolved | None:
    year, month = int(m.group("y")), int(m.group("m"))
    if not 1 <= month <= 12:
        return None
    if m.group("d") is None:
        first = safe_date(year, month, 1)
        return Resolved("DATE", Point("M", first).value, Point("M", first)) if first else None
    point = _day_point(year, month, int(m.group("d")))
    if point is None:
        return None
    if m.group("hh") is None:
        return Resolved("DATE", point.value, point)
    hh, mi = int(m.group("hh")), int(m.group("mi"))
    if hh > 24 or mi > 59:
        return None
    return Resolved("TIME", f"{point.value}T{hh:02d}:{mi:02d}", point)


def r_my(m: re.Match[str], ctx: Context) -> Resolved | None:
    d = safe_date(lexicon.year_number(m.group("y")), month_number(m.group("mon")), 1)
    if d is None:
        return None
    point = Point("M", d)
    return Resolved("DATE", point.value, point)


def r_month_rel_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"June last year", "Oct. 23 last year", "early April next year"."""
    if m.group("mon")[0].islower() and m.group("mon").lower() in ("may", "march"):
        return None  # "the drought may last year after year"
    if ctx.dct is None:
        return Resolved("DATE", None)
    year = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
    month = month_number(m.group("mon"))
    if m.group("day"):
        point = _day_point(year, month, day_number(m.group("day")))
    else:
        first = safe_date(year, month, 1)
        point = Point("M", first) if first is not None else None
    return Resolved("DATE", point.value, point) if point is not None else None


def r_month(m: re.Match[str], ctx: Context) -> Resolved | None:
    token = m.group("mon")
    month = month_number(token)
    if not _plausible_bare_month(m, ctx, token):
        return None
    rel = (m.group("rel") or "").lower().split()
    if ctx.dct is None:
        return Resolved("DATE", None)
    if rel and rel[-1] == "this" and len(rel) == 1:
        year = ctx.dct.year
    elif (rel and rel[0] in ("last", "past")) or rel[-1:] == ["past"]:
        year = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
    elif rel:
        year = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    else:
        year = _bare_month_year(ctx, m, month)
    point = Point("M", safe_date(year, month, 1) or ctx.dct)
    return Resolved("DATE", point.value, point)


def _bare_month_year(ctx: Context, m: re.Match[str], month: int) -> int:
    """The nearest such month when it is next to the DCT's, else the one the tense says.

    In late October, "November" is the coming one whatever the verb: a reporter would
    write "last November" for the other.
    """
    assert ctx.dct is not None
    nearest = pick_year(ctx.dct, month, None, 0)
    gap = abs((nearest - ctx.dct.year) * 12 + month - ctx.dct.month)
    if gap <= 1:
        return nearest
    return pick_year(ctx.dct, month, None, ctx.tense(m.start(), m.end()))


def _plausible_bare_month(m: re.Match[str], ctx: Context, token: str) -> bool:
    low = token.lower()
    if token[0].islower():
        return low in _LOWER_MONTH_OK
    full = (low in lexicon.MONTHS and len(low) > 4) or low in ("may", "june", "july")
    if not full and not (m.group("dot") or m.group("dot2")):
        return False
    if low in ("may", "march") and not m.group("rel") and not m.group("mod"):
        prev = _PREV_WORD.search(ctx.text, max(0, m.start() - 20), m.start())
        return prev is not None and prev.group(1).lower() in _MONTH_LEAD
    return True


def r_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    token = m.group("y")
    if token.lower().split() == ["two", "thousand"] and not m.group("the"):
        return None  # "two thousand troops"; "the year two thousand" is a year
    d = safe_date(lexicon.year_number(token), 1, 1)
    if d is None:
        return None
    point = Point("Y", d)
    return Resolved("DATE", point.value, point)


def span_end_year(m: re.Match[str]) -> int | None:
    """The later year of "1957-58" or "2009-2010", or None when it does not follow the
    first within a lifetime (a score, a reference number)."""
    first, second = int(m.group("y")), m.group("y2")
    end = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if len(second) == 2 and end < first:
        end += 100  # "1999-00"
    return end if first < end <= first + 50 else None


def r_year_span(m: re.Match[str], ctx: Context) -> Resolved | None:
    """The first year of a range; TimeML marks each year of "1957-58" on its own."""
    if span_end_year(m) is None:
        return None
    point = Point("Y", dt.date(int(m.group("y")), 1, 1))
    return Resolved("DATE", point.value, point)


def r_decade(m: re.Match[str], ctx: Context) -> Resolved | None:
    if m.group("c"):
        return Resolved("DATE", f"{m.group('c')}{m.group('d')}")
    return _decade_of_century(ctx, int(m.group("d2")))


def r_century(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"the 20th century" is "19": TIMEX3 writes a century by its leading digits."""
    if m.group("n"):
        n = int(m.group("n"))
    else:
        words = re.split(r"[\s-]+", m.group("w").lower())
        n = sum(lexicon.NUMBER_WORDS.get(w, 0) + lexicon.ORDINALS.get(w, 0) for w in words)
    if not 1 <= n <= 99:
        return None
    return Resolved("DATE", f"{n - 1:02d}")


def r_decade_word(m: re.Match[str], ctx: Context) -> Resolved | None:
    return _decade_of_century(ctx, lexicon.DECADE_WORDS[m.group("w").lower()])


def _decade_of_century(ctx: Context, digit: int) -> Resolved:
    # "the 80s": the latest such decade that has begun by the DCT; without a DCT the
    # twentieth century, which is what two-digit decades almost always mean.
    if ctx.dct is None:
        return Resolved("DATE", f"19{digit}")
    century = ctx.dct.year // 100
    if century * 100 + digit * 10 > ctx.dct.year:
        century -= 1
    return Resolved("DATE", f"{century:02d}{digit}")


def r_holiday(m: re.Match[str], ctx: Context) -> Resolved | None:
    name = " ".join(m.group("h").lower().split())
    if m.group("y"):
        day = holiday_in(name, lexicon.year_number(m.group("y")))
    elif ctx.dct is None:
        return Resolved("DATE", None)
    else:
        rel = (m.group("rel") or "").lower()
        if rel == "this":
            day = holiday_in(name, ctx.dct.year)
        else:
            direction = {"last": -1, "next": 1}.get(rel, ctx.tense(m.start(), m.end()))
            day = holiday_near(name, ctx.dct, direction)
    if day is None:
        return Resolved("DATE", None)
    point = Point("W" if name in WEEK_LONG else "D", day)
    return Resolved("DATE", point.value, point)
