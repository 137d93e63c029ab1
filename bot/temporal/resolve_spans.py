"""Resolvers for spans of time counted in units: durations, sets and deictic units.

"three years" (DURATION P3Y), "two years ago" (DATE, counted back from the DCT),
"a year earlier" (counted back from the date mentioned last), "last week" (the ISO week
before the DCT's), "every month" (SET P1M), "recently" (PAST_REF).
"""

from __future__ import annotations

import datetime as dt
import re

from bot.temporal import lexicon
from bot.temporal.anchoring import PAST, Context, Resolved
from bot.temporal.calendar_points import Gran, Point, duration_value, shift, weekday_near

# Unit word -> (duration letter, multiplier, calendar granularity for "N units ago").
_UNIT_INFO: dict[str, tuple[str, int, Gran | None]] = {
    "second": ("S", 1, None), "minute": ("MIN", 1, None), "hour": ("H", 1, None),
    "day": ("D", 1, "D"), "night": ("D", 1, "D"), "week": ("W", 1, "W"),
    "fortnight": ("W", 2, "W"), "month": ("M", 1, "M"), "quarter": ("Q", 1, "Q"),
    "year": ("Y", 1, "Y"), "decade": ("Y", 10, "Y"), "century": ("Y", 100, "Y"),
}
_BACKWARD = ("last", "past", "previous", "preceding", "this past", "the past", "the last",
             "the previous", "the preceding", "the latest")
_FORWARD = ("next", "coming", "this coming", "the next", "the coming", "the following")
_SAME = ("this", "current", "the current", "the")
_ANAPHORIC = ("that", "the same", "that same", "the very same")
_SPLIT_NUM = re.compile(r"[\s-]+")


def unit_name(word: str) -> str:
    low = " ".join(word.lower().split())
    low = low.removeprefix("fiscal ")
    return lexicon.UNIT_PLURALS.get(low, low)


def parse_number(text: str) -> float | None:
    """The amount in "24", "2 1/2", "twenty-four", "a couple of"; None if vague."""
    low = " ".join(text.lower().replace(",", "").split())
    if low in lexicon.VAGUE_QUANTITIES or low == "many":
        return None
    if low in lexicon.NUMBER_WORDS:
        return float(lexicon.NUMBER_WORDS[low])
    half = 0.5 if low.endswith(" 1/2") else 0.0
    low = low.removesuffix(" 1/2")
    try:
        return float(low) + half
    except ValueError:
        pass
    total = 0.0
    for part in _SPLIT_NUM.split(low):
        if part not in lexicon.NUMBER_WORDS:
            return None
        total += lexicon.NUMBER_WORDS[part]
    return total


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def r_duration(m: re.Match[str], ctx: Context) -> Resolved | None:
    unit = unit_name(m.group("unit"))
    letter, factor, gran = _UNIT_INFO[unit]
    post = _norm(m.group("post"))
    if post == "old":
        return None  # ages ("a 45-year-old man") are not temporal expressions
    amount = parse_number(m.group("num"))
    if amount is not None:
        amount *= factor
    if post in ("ago", "from now", "hence") or m.group("time"):
        return _counted_from_dct(ctx, amount, gran, -1 if post == "ago" else 1)
    if m.group("from") and gran is not None:
        past = ctx.tense(m.start(), m.end()) == PAST
        return _counted_from_day(ctx, amount, gran, m.group("from"), past=past)
    if post in ("earlier", "later", "before", "after"):
        return _counted_from_ref(ctx, amount, gran, post in ("earlier", "before"))
    if amount is not None and m.group("num2"):
        second = parse_number(m.group("num2"))
        amount = amount if second is not None else None
    return Resolved("DURATION", duration_value(amount, letter))


def _counted_from_dct(
    ctx: Context, amount: float | None, gran: Gran | None, sign: int
) -> Resolved:
    if amount is None:
        return Resolved("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if ctx.dct is None:
        return Resolved("DATE", None)
    ref = ctx.reference()
    if gran == "Y" and amount == 1 and sign < 0 and ref is not None and ref.gran != "Q":
        ref = ctx.quarter_in_focus() or ref
    if gran == "Y" and amount == 1 and ref is not None and ref.gran == "Q":
        # "earnings rose from a year ago" after a quarter: the year-ago quarter.
        moved_q = shift(ref, sign, "Y")
        return Resolved("DATE", moved_q.value if moved_q else None, moved_q, anaphoric=True)
    base = Point(gran or "D", ctx.dct)
    moved = shift(base, sign * int(amount), gran or "D") if gran else base
    return Resolved("DATE", moved.value if moved else None, moved)


def _counted_from_day(ctx: Context, amount: float | None, gran: Gran, anchor: str, *,
                      past: bool) -> Resolved:
    """ "a week from Friday": the coming Friday (or today, tomorrow) moved on by the
    amount, a day. The Friday is the one before the DCT only in a past-tense sentence
    ("three days from Monday's vote, talks resumed"); the amount is never counted back."""
    if amount is None:
        return Resolved("DATE", "FUTURE_REF")  # "a few days from Friday"
    if ctx.dct is None:
        return Resolved("DATE", None)
    word = anchor.lower()
    if word in lexicon.WEEKDAYS:
        base = weekday_near(ctx.dct, lexicon.WEEKDAYS[word], -1 if past else 1)
    else:
        base = ctx.dct + dt.timedelta(days=1 if word == "tomorrow" else 0)
    moved = shift(Point("D", base), int(amount), gran)
    return Resolved("DATE", moved.value if moved else None, moved)


def _counted_from_ref(
    ctx: Context, amount: float | None, gran: Gran | None, back: bool
) -> Resolved:
    ref = ctx.reference()
    if gran == "Y" and amount == 1 and back and ref is not None and ref.gran != "Q":
        ref = ctx.quarter_in_focus() or ref
    if amount is None or ref is None or gran is None:
        return Resolved("DATE", None if ref is None else ("PAST_REF" if back else "FUTURE_REF"))
    if gran in ("D", "W") and _coarser(ref.gran, gran):
        return Resolved("DATE", None, None, anaphoric=True)
    moved = shift(ref, (-1 if back else 1) * int(amount), gran)
    return Resolved("DATE", moved.value if moved else None, moved, anaphoric=True)


_ORDER: dict[str, int] = {"D": 0, "W": 1, "M": 2, "Q": 3, "H": 4, "Y": 5, "DE": 6, "CE": 7}


def _coarser(a: str, b: str) -> bool:
    """True when granularity ``a`` is coarser than ``b``."""
    return _ORDER[a] > _ORDER[b]


def r_unit_rel(m: re.Match[str], ctx: Context) -> Resolved | None:
    rel = _norm(m.group("rel"))
    unit = unit_name(m.group("unit"))
    mod = _norm(m.group("mod"))
    if unit in ("day", "morning", "season"):
        return _anaphoric_day(ctx, rel, unit)
    if rel in ("the", "the full") and not mod and unit == "year":
        return _the_year(m, ctx)
    if rel == "the" and not mod and unit == "week":
        # "during the week": news mostly means the span, not a date.
        return Resolved("DURATION", duration_value(1, "W"))
    if (rel == "the" and not mod and unit != "weekend") or rel == "the full":
        return None
    if unit == "weekend":
        return _weekend(ctx, rel)
    gran = _UNIT_INFO[unit][2] if unit in _UNIT_INFO else None
    if gran is None or unit == "fortnight":
        return None
    if rel in _ANAPHORIC or rel == "the following":
        ref = ctx.reference()
        if ref is None:
            return Resolved("DATE", None)
        if _coarser(ref.gran, gran):
            # "the same month" after "2018": some month of 2018 ("2018-XX").
            value = within(ref, gran) if rel in _ANAPHORIC else None
            return Resolved("DATE", value, None, anaphoric=True)
        base = Point(gran, ref.day)
        moved = shift(base, 1 if rel == "the following" else 0)
        return Resolved("DATE", moved.value if moved else None, moved, anaphoric=True)
    if ctx.dct is None:
        return Resolved("DATE", None)
    offset = -1 if rel in _BACKWARD else 1 if rel in _FORWARD else 0
    moved = shift(Point(gran, ctx.dct), offset)
    return Resolved("DATE", moved.value if moved else None, moved)


_YEAR_SPAN_FOLLOWS = re.compile(r"\s+(?:ended|ending|through|to\s+date)\b", re.I)
_YEAR_BEFORE_FOLLOWS = re.compile(r"\s+(?:before|earlier|after|later|ago)\b", re.I)
_SPAN_PREPOSITION = re.compile(r"\b(?:during|throughout|over|across)\s+$", re.I)


def _the_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    """"the year ended June 30" and "during the year" are spans; "for the year" and
    "the full year" the year the story reports on; "the year before" is left alone."""
    if _YEAR_SPAN_FOLLOWS.match(ctx.text, m.end()) or _SPAN_PREPOSITION.search(
        ctx.text, max(0, m.start() - 12), m.start()
    ):
        return Resolved("DURATION", "P1Y")
    if _YEAR_BEFORE_FOLLOWS.match(ctx.text, m.end()):
        return None
    if ctx.dct is None:
        return Resolved("DATE", None)
    point = Point("Y", ctx.dct)
    return Resolved("DATE", point.value, point)


def within(ref: Point, gran: Gran) -> str | None:
    """A period of granularity ``gran`` somewhere inside ``ref``, as TIMEX3 writes an
    unknown part: a day of March 2019 is "2019-03-XX", a month of 2018 "2018-XX"."""
    if ref.gran == "M" and gran == "D":
        return f"{ref.value}-XX"
    if ref.gran == "Y" and gran in ("M", "D"):
        return f"{ref.value}-XX" + ("-XX" if gran == "D" else "")
    return None


def _anaphoric_day(ctx: Context, rel: str, unit: str) -> Resolved | None:
    offsets = {"that": 0, "the same": 0, "that same": 0, "the very same": 0,
               "the following": 1, "the next": 1, "the previous": -1, "the preceding": -1}
    if rel not in offsets or unit == "season":
        return None
    ref = ctx.reference()
    if ref is not None and ref.gran != "D" and rel in _ANAPHORIC and rel != "that":
        # "the same day" after "in May 2019": a day of that month, "2019-05-XX".
        return Resolved("DATE", within(ref, "D"), None, anaphoric=True)
    if ref is None or ref.gran != "D":
        return Resolved("DATE", None) if ref is None else None
    moved = shift(ref, offsets[rel])
    return Resolved("DATE", moved.value if moved else None, moved, anaphoric=True)


def _weekend(ctx: Context, rel: str) -> Resolved:
    if ctx.dct is None:
        return Resolved("DATE", None)
    offset = -1 if rel in _BACKWARD else 1 if rel in _FORWARD else 0
    if rel in ("the", "this") and ctx.dct.weekday() < 2:
        offset = -1  # early in the week "the weekend" is the one just gone
    moved = shift(Point("W", ctx.dct), offset)
    return Resolved("DATE", f"{moved.value}-WE" if moved else None, moved)


def r_vague_units(m: re.Match[str], ctx: Context) -> Resolved | None:
    letter = _UNIT_INFO[unit_name(m.group("unit"))][0]
    return Resolved("DURATION", duration_value(None, letter))


_SOON_CONNECTIVE = re.compile(r"\s+(?:as|after|afterwards?|before|thereafter)\b", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n][\"'”’)]*\s*|``\s*)$")


def r_vague(m: re.Match[str], ctx: Context) -> Resolved | None:
    low = _norm(m.group(0))
    if low == "soon" and not _soon_is_future(m, ctx):
        return None
    if low == "now" and _discourse_now(m):
        return None
    if low == "the time" and not _time_then(m):
        return None
    value = lexicon.VAGUE_REFS.get(low) or ("PAST_REF" if "recent" in low else None)
    return Resolved("DATE", value) if value else None


def _soon_is_future(m: re.Match[str], ctx: Context) -> bool:
    """ "soon" is FUTURE_REF as an adverb of a clause about the future or present.

    Not in "as soon as Tuesday" or "soon after the vote" (the time is the other
    expression), nor in a past clause ("was soon released": soon after a past event).
    """
    text = m.string
    if text[max(0, m.start() - 3) : m.start()].lower() == "as ":
        return False
    if _SOON_CONNECTIVE.match(text, m.end()):
        return False
    return ctx.tense(m.start(), m.end()) != PAST


def _discourse_now(m: re.Match[str]) -> bool:
    """Sentence-initial "Now," / "Now for ..." is a discourse marker, not a time."""
    text = m.string
    if not _SENTENCE_START.search(text, max(0, m.start() - 4), m.start()):
        return False
    return text.startswith(",", m.end()) or text.startswith(" for ", m.end())


# "at the time" is an adverb ("said at the time he was willing", "At the time, …"),
# which TimeBank marks as "the time" (PAST_REF), or it opens a clause or a noun phrase
# ("At the time Howes was captured", "at the time of its founding"), which it leaves.
_TIME_CLAUSE_AFTER = re.compile(r"\s+(?:of|when|that|which|and|but)\b", re.I)
_TIME_ADVERB_AFTER = re.compile(r"\s*(?:[,.;:!?)]|--|''|[\"”]|$)")
_TIME_VERB_BEFORE = re.compile(
    r"\b(?:said|says|saying|told|telling|wrote|noted|added|stated|announced|reported"
    r"|explained|argued|insisted|acknowledged|admitted|conceded|claimed|testified"
    r"|predicted|warned|was|were|is|are|been)[ \t]+at[ \t]+$",
    re.I,
)


def _time_then(m: re.Match[str]) -> bool:
    text = m.string
    if _TIME_ADVERB_AFTER.match(text, m.end()):
        return True
    if _TIME_CLAUSE_AFTER.match(text, m.end()):
        return False
    return _TIME_VERB_BEFORE.search(text, max(0, m.start() - 20), m.start()) is not None


def r_set(m: re.Match[str], ctx: Context) -> Resolved | None:
    word = m.group("unit").lower()
    if word in lexicon.WEEKDAYS:
        return Resolved("SET", f"XXXX-WXX-{lexicon.WEEKDAYS[word] + 1}")
    if word in lexicon.MONTHS:
        return Resolved("SET", f"XXXX-{lexicon.MONTHS[word]:02d}")
    if word in lexicon.SEASONS:
        return Resolved("SET", f"XXXX-{lexicon.SEASONS[word]}")
    if word in lexicon.PARTS_OF_DAY:
        return Resolved("SET", f"XXXX-XX-XXT{lexicon.PARTS_OF_DAY[word]}")
    if word == "weekend":
        return Resolved("SET", "XXXX-WXX-WE")
    letter, factor, _ = _UNIT_INFO[unit_name(word)]
    amount = parse_number(m.group("num")) if m.group("num") else 1.0
    return Resolved("SET", duration_value(amount * factor if amount else None, letter))


def r_frequency(m: re.Match[str], ctx: Context) -> Resolved | None:
    return Resolved("SET", lexicon.FREQUENCIES[m.group("w").lower()])


def r_times_per(m: re.Match[str], ctx: Context) -> Resolved | None:
    letter = _UNIT_INFO[unit_name(m.group("unit"))][0]
    return Resolved("SET", duration_value(1, letter))
