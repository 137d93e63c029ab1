"""Word tables for English temporal expressions.

Everything the tagger knows about individual words lives here: month, weekday, season
and ordinal names, number words, unit names and their TIMEX3 duration letters, and the
cue words that decide whether a bare "Friday" points backwards or forwards. Patterns are
built from these tables, so adding a spelling here makes it recognised everywhere.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

# Weekday abbreviations are common English words ("sat", "sun", "wed"), so only the full
# names are matched on their own; abbreviations are accepted only before a date.
WEEKDAY_FULL: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "tonight": "NI",
}

ORDINALS: dict[str, int] = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
for _unit, _word in enumerate(
    ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    start=1,
):
    ORDINALS[f"twenty-{_word}"] = 20 + _unit
    ORDINALS[f"twenty {_word}"] = 20 + _unit
ORDINALS["thirty-first"] = ORDINALS["thirty first"] = 31

NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a dozen": 12,
    "dozen": 12,
    "half a": 0,
    "a half": 0,
}



def count_number(token: str) -> int:
    """A small count written as digits or words: "3", "a", "twenty-five", "a couple of"."""
    low = " ".join(token.lower().split())
    if low.isdigit():
        return int(low)
    if low in NUMBER_WORDS:
        return NUMBER_WORDS[low]
    return sum(NUMBER_WORDS[w] for w in re.split(r"[\s-]+", low) if w)


# A year written with an apostrophe ("'20", "'99") is read in the century that puts it
# nearest the present: up to '49 in the 2000s, from '50 in the 1900s.
APOSTROPHE_PIVOT = 50


def year_number(token: str) -> int:
    """The year written as digits or words: "1996", "nineteen ninety-six", "two thousand
    and one", "nineteen oh five", "nineteen hundred", "'20"."""
    if token.isdigit():
        return int(token)
    if token[:1] in "'’" and token[1:].isdigit():
        short = int(token[1:])
        return (2000 if short < APOSTROPHE_PIVOT else 1900) + short
    words = [w for w in re.split(r"[\s-]+", token.lower()) if w and w != "and"]
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(NUMBER_WORDS[w] for w in words[2:])
    rest = [w for w in words[1:] if w not in ("oh", "hundred")]
    return NUMBER_WORDS[words[0]] * 100 + sum(NUMBER_WORDS[w] for w in rest)


# Quantities that are real but unknown: TIMEX3 writes them as "X" ("PXY").
VAGUE_QUANTITIES: frozenset[str] = frozenset(
    {"several", "a few", "few", "some", "many", "the next few", "a number of"}
)

# Unit word (singular) -> (TIMEX3 duration letter, is a time unit written after "T").
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True),
    "minute": ("M", True),
    "hour": ("H", True),
    "day": ("D", False),
    "night": ("D", False),
    "week": ("W", False),
    "month": ("M", False),
    "quarter": ("Q", False),
    "year": ("Y", False),
    "decade": ("DE", False),
    "century": ("CE", False),
}

UNIT_PLURALS: dict[str, str] = {
    "seconds": "second",
    "minutes": "minute",
    "hours": "hour",
    "days": "day",
    "nights": "night",
    "weeks": "week",
    "months": "month",
    "quarters": "quarter",
    "years": "year",
    "decades": "decade",
    "centuries": "century",
}

DECADE_WORDS: dict[str, int] = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}

# Vague references: the word itself fixes the value whatever the DCT.
VAGUE_REFS: dict[str, str] = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "just now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "at the moment": "PRESENT_REF",
    "the present": "PRESENT_REF",
    "recently": "PAST_REF",
    "recent": "PAST_REF",
    "lately": "PAST_REF",
    "previously": "PAST_REF",
    "the past": "PAST_REF",
    "formerly": "PAST_REF",
    "then current": "PAST_REF",
    "then-current": "PAST_REF",
    "the time": "PAST_REF",
    "earlier": "PAST_REF",
    "in the past": "PAST_REF",
    "once": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
    "shortly": "FUTURE_REF",
    "a later date": "FUTURE_REF",
    "the coming days": "FUTURE_REF",
    "future": "FUTURE_REF",
}

# Frequency adverbs: TIMEX3 SET with the period as value.
FREQUENCIES: dict[str, str] = {
    "hourly": "PT1H",
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "semiannually": "P6M",
}

# Words written with a full stop that does not end the sentence.
# fmt: off
ABBREVIATIONS: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
     "adm", "maj", "prof", "rev", "vs", "v", "jan", "feb", "mar", "apr", "jun", "jul",
     "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co", "ltd", "jr", "sr",
     "no", "ft", "mt", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga",
     "ill", "ind", "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont",
     "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo"}
)
# fmt: on

# Sentence cues for anchoring bare dates. The cue nearest to the expression decides
# (see anchoring.Context.tense), so a list only needs words that mark tense reliably.
# fmt: off
FUTURE_CUES: frozenset[str] = frozenset(
    {"will", "shall", "'ll", "going", "scheduled", "expected", "plans", "plan", "intends",
     "upcoming", "coming", "next", "due", "tomorrow", "soon", "expects", "expect",
     "await", "awaits", "forecast", "won't", "would", "effective", "hopes", "aims",
     # plans made in the past still point forward: "planned to leave on Thursday"
     "planned", "planning", "likely", "supposed"}
)
PAST_CUES: frozenset[str] = frozenset(
    {"was", "were", "had", "did", "said", "told", "ago", "last", "earlier", "yesterday",
     "been", "came", "went", "made", "took", "gave", "began", "met", "left", "saw", "won",
     "lost", "fell", "rose", "sold", "held", "announced", "reported", "killed",
     "previously", "since", "former", "has", "have", "ended", "closed", "spent", "got",
     "found", "put", "led", "shot", "hit", "ran", "paid", "wrote", "sent", "brought",
     "became"}
)
# fmt: on

# Verbs that put the end of a period after the moment they report, for a period
# introduced by "until", "through" or "by": a deferral ("postponed until Tuesday",
# "extended the loans through January", past tense and all) or a state still running
# ("the moratorium runs through September", "is set to last until June").
# fmt: off
FORWARD_VERBS: frozenset[str] = frozenset(
    {"postponed", "postpone", "postpones", "delayed", "delay", "delays", "deferred",
     "defer", "defers", "adjourned", "adjourn", "adjourns", "extended", "extend",
     "extends", "suspended", "suspend", "suspends", "runs", "lasts", "remains", "stays",
     "continues", "expires", "set"}
)
# fmt: on
