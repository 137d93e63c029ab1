"""Regular expressions that find candidate temporal expressions.

Each pattern family recognises one shape of expression ("Jan. 8, 2020", "last week",
"three years ago", ...) and names the parts the resolvers need as regex groups. Families
are matched independently over the whole text; the tagger then keeps the longest
non-overlapping candidates. Every pattern is a sequence of alternations of literal words
joined by bounded whitespace, so matching is linear in the length of the text.

A group named ``x``, when present and matched, gives the extent of the expression; the
rest of the match is context that TimeML leaves outside the tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.temporal import lexicon
from bot.temporal.holidays import HOLIDAYS


def _alt(words: Iterable[str]) -> str:
    """A non-capturing alternation, longest first so "sept" beats "sep"."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


_S = r"[ \t]+"  # spaces inside a phrase; a newline ends a phrase
_SH = r"(?:[ \t]+|-)"  # "five-year" and "five year" alike
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# The full stop after an abbreviated month belongs to it; after a full name it ends the
# sentence and stays outside the extent.
MONTH_DOT = (
    r"(?:(?<=jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)(?P<dot>\.)|(?<=sept)(?P<dot2>\.))?"
)
WEEKDAY = _alt(lexicon.WEEKDAY_FULL)
WEEKDAY_ANY = _alt(lexicon.WEEKDAYS)
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?![\d])(?:st|nd|rd|th)?"
ORD_WORD = _alt(k for k in lexicon.ORDINALS if not k[0].isdigit())
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS_W = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_PAIR = rf"(?:{_TENS})(?:[ \t-]+(?:{_UNITS_W}))?"
# Years as broadcasts read them: "nineteen ninety-six", "nineteen oh five", "two thousand
# and one". A bare "two thousand" is left to the resolvers (usually it counts things).
YEAR_WORDS = (
    rf"(?:(?:sixteen|seventeen|eighteen|nineteen)[ \t-]+(?:hundred|oh[ \t-]+(?:{_UNITS_W})"
    rf"|{_TENS_PAIR}|{_TEENS})|two[ \t-]+thousand(?:(?:[ \t]+and)?[ \t-]+(?:{_TENS_PAIR}"
    rf"|{_TEENS}|{_UNITS_W}))?)\b"
)
YEAR = rf"(?:(?:1[6-9]\d\d|20\d\d)(?![\d])|{YEAR_WORDS})"
# "7th Jan '20": a two-digit year is only a year straight after a month or a day.
DATE_YEAR = rf"(?:{YEAR}|['’]\d\d(?![\d'’]))"
NUM_WORD = rf"(?:(?:{_TENS})(?:[ -](?:{_UNITS_W}))?|" + _alt(lexicon.NUMBER_WORDS)[3:]
NUM = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,6}(?:\.\d+)?(?:[ \t]+1/2)?|"
    + NUM_WORD[3:-1]
    + r"|a\s+few|few|several|some|a\s+couple\s+of|many)"
)
AGO_COUNT = rf"(?:\d{{1,4}}|a|one|{NUM_WORD[3:-1]})"
UNIT = _alt([*lexicon.UNITS, *lexicon.UNIT_PLURALS])
MOD = r"(?:(?:early|late|mid|the\s+(?:end|beginning|start|middle)\s+of)" + _SH + r")"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
# A zone written out ("3 p.m. Eastern Standard Time") belongs to the clock time.
TZ = (
    r"(?:[ \t]+(?:[ECMP][SD]T|GMT|BST|UTC|local\s+time|(?:Eastern|Central|Mountain|Pacific"
    r"|Atlantic|Greenwich\s+Mean|British\s+Summer)(?:\s+(?:Standard|Daylight))?\s+Time))"
)
REL = (
    r"(?:this\s+past|this\s+coming|this|last|next|coming|past|the\s+past|the\s+last|"
    r"the\s+next|the\s+previous|the\s+coming|the\s+current|the\s+following|the\s+same|"
    r"that\s+same|the\s+very\s+same|"
    r"the\s+latest|the\s+preceding|the\s+full|that|previous|current|the)"
)
QMOD = (
    r"(?:(?:about|around|roughly|approximately|nearly|almost|more\s+than|less\s+than|"
    r"fewer\s+than|at\s+least|at\s+most|up\s+to|only|just|barely|"
    r"no\s+more\s+than|well\s+over|the\s+better\s+part\s+of)\s+)"
)

_CENTURY_WORDS = (
    r"(?:twenty[ \t-]+first|twenty[ \t-]+second|tenth|eleventh|twelfth|thirteenth"
    r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)"
)

_DAY_REL = r"(?:last|next|this\s+past|this\s+coming)"

# A year range written with a hyphen or slash ("1957-58", "the 2009-2010 season",
# "1998/99"). A second part that could be a month ("2010-11") is read as a range only
# when it is the following year, which is how seasons and fiscal years are written;
# "2019-10" stays October 2019.
_YEAR_TAIL = r"(?![\w%/–-]|[.,]\d)"
_CONSECUTIVE = "|".join(f"{i:02d}[-/–]{(i + 1) % 100:02d}" for i in (*range(12), 99))
_YEAR_SPAN = (
    rf"(?<![\w$£€#./-])(?=(?:1[6-9]|20)(?:\d\d[-/–](?:(?:1[6-9]|20)\d\d|1[3-9]|[2-9]\d)"
    rf"|{_CONSECUTIVE}){_YEAR_TAIL})"
    rf"(?P<y>(?:1[6-9]|20)\d\d)[-/–](?P<y2>(?:1[6-9]|20)\d\d|\d\d){_YEAR_TAIL}"
)

_FAMILIES: dict[str, str] = {
    "year_span": _YEAR_SPAN,
    "iso": r"\b(?P<y>\d{4})-(?P<m>\d\d)(?:-(?P<d>\d\d))?"
    r"(?:T(?P<hh>\d\d):(?P<mi>\d\d)(?::\d\d(?:\.\d+)?)?Z?)?(?![\w-])",
    "numeric": r"(?<![\w/.-])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d\d)(?![\w/.]\w)",
    "week_of": rf"\b(?:the{_S})?week{_S}of{_S}(?:(?P<mon>{MONTH})\.?{_S}(?P<day>{DAY})|(?P<day2>"
    rf"{DAY}){_S}(?P<mon2>{MONTH})\b\.?)(?![\w])(?:,?{_S}(?P<y>{YEAR}))?",
    "mdy": rf"\b(?:(?P<wd>{WEEKDAY_ANY})\.?,?{_S})?(?:(?P<rel>{_DAY_REL}){_S})?(?P<mod>{MOD})?"
    rf"(?P<mon>{MONTH})\.?{_S}"
    rf"(?:the{_S})?(?P<day>{DAY}|{ORD_WORD})(?![\w])(?:,?{_S}(?P<y>{DATE_YEAR}))?",
    "dmy": rf"\b(?:(?P<wd>{WEEKDAY_ANY})\.?,?{_S})?(?:(?P<rel>{_DAY_REL}){_S})?(?:the{_S})?"
    rf"(?P<day>{DAY}|{ORD_WORD})"
    rf"{_S}(?:of{_S})?(?P<mon>{MONTH})\b{MONTH_DOT}(?:,?{_S}(?P<y>{DATE_YEAR}))?",
    "my": rf"\b(?P<mod>{MOD})?(?P<mon>{MONTH})\b\.?,?{_S}(?:of{_S})?(?P<y>{DATE_YEAR})",
    "month_rel_year": rf"\b(?P<mod>{MOD})?(?P<mon>{MONTH})\b{MONTH_DOT}(?:{_S}(?P<day>{DAY}))?"
    rf",?{_S}(?:of{_S})?(?P<rel>last|this|next){_S}year\b",
    "month": rf"\b(?:(?P<rel>this\s+past|this\s+coming|last|next|this|coming|past)\s+)?"
    rf"(?P<mod>{MOD})?(?P<mon>{MONTH})\b{MONTH_DOT}",
    "year": rf"(?<![\d.,$£€#/-])(?:(?P<the>the\s+year\s+)|(?P<mod>{MOD}))?"
    rf"(?:(?P<fy>fiscal|calendar|FY)(?:{_SH}|\s*))?(?P<y>{YEAR})(?!,\d|\.\d|-\d\d\d|\w)",
    "decade": rf"\b(?:the{_S})?(?P<mod>(?:early|late|mid){_SH})?"
    r"(?:(?P<c>1[5-9]|20)(?P<d>\d)0|'?(?P<d2>\d)0)'?s\b",
    "decade_word": rf"\b(?:the{_S})?(?P<mod>(?:early|late|mid){_SH})?(?:nineteen{_SH})?"
    rf"(?P<w>{_alt(lexicon.DECADE_WORDS)})\b",
    "season": rf"\b(?:(?P<rel>{REL}|last|next|this)\s+)?(?P<mod>(?:early|late|mid){_SH})?"
    rf"(?P<s>{_alt(lexicon.SEASONS)})\b(?:{_S}(?:of{_S})?(?P<y>{YEAR}))?",
    # "the third-quarter loss": a quarter used as a modifier leaves "the" to the noun.
    "quarter": rf"\b(?:(?:the|its){_S}(?!(?:first|second|third|fourth)-))?"
    rf"(?:(?P<yr>{YEAR}){_S}|(?P<rel>this|last|next){_S}year'?s{_S})?(?:(?:fiscal|calendar)"
    rf"{_SH})?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|(?:last|latter)(?={_SH}(?:half"
    rf"|two{_S}quarters))){_SH}(?:fiscal{_SH})?(?P<unit>quarter|half|two{_S}quarters)\b"
    # "the last half of the '80s" is part of a decade, not of a year
    rf"(?!{_S}of{_S}the{_S}(?:'?\d|decade|century))"
    rf"(?:{_S}of{_S}(?:(?:fiscal|"
    rf"calendar){_S})?(?:(?P<yr2>{YEAR})|(?P<rel2>this|last|next){_S}year)|{_S}(?P<yr3>{YEAR}))?",
    "qcode": rf"\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:{_S}?(?:FY)?(?P<y>{YEAR}))?\b",
    "quarter_ref": r"\b(?:the|this|that|its)\s+(?:(?P<rel>latest|current|past|previous|last"
    r"|same|comparable|recent|just-ended|most\s+recent|year-ago|year-earlier|first|fiscal)"
    r"\s+)?(?:(?:fiscal|calendar)\s+)?(?:quarter|period)\b",
    "year_ago": r"\b(?:the\s+)?(?:(?:comparable|same)\s+)?(?P<w>year-earlier|year-ago)"
    r"(?:\s+(?:first|second|third|fourth)(?:\s+|-))?(?:\s+(?P<unit>quarter|period))?\b",
    "period_last_year": r"\b(?:(?:the|its)\s+(?:corresponding|same|comparable)\s+"
    r"(?P<unit>quarter|period)\s+(?:of\s+)?last\s+year|last\s+year'?s\s+(?P<unit2>quarter"
    r"|period))\b",
    # "two years ago today", "on this day last year": one day, not a year and a day.
    "ago_today": rf"\b(?:(?:on{_S})?this{_S}day|today)(?:{_S}in{_S}history)?{_S}"
    rf"(?:(?P<n>{AGO_COUNT}){_S}years?{_S}ago|(?P<last>last){_S}year)\b"
    rf"|\b(?P<n2>{AGO_COUNT}){_S}years?{_S}ago{_S}(?:today|this{_S}day)\b",
    "relday": r"\b(?:(?P<mod>early|late|earlier|later)\s+)?(?:the\s+day\s+(?P<ba>before|after)"
    rf"\s+)?(?P<w>yesterday|today|tomorrow|tonight)\b(?:{_S}(?P<pod>{PART_OF_DAY})\b)?",
    "weekday": r"\b(?:(?P<rel>this\s+past|this\s+coming|last|next|this|coming|past|early|late"
    rf"|earlier|later)\s+)?(?P<wd>{WEEKDAY})\b(?:{_S}(?P<pod>{PART_OF_DAY})\b)?",
    "part_of_day": r"\b(?P<rel>this|last|early\s+this|late\s+last|later\s+this|earlier\s+this"
    rf"|late\s+this)\s+(?P<pod>{PART_OF_DAY}|overnight)\b",
    "clock": r"\b(?:(?:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before"
    r"|after))\s+)?(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*(?:(?P<ap>[ap])\.?m\b\.?|"
    rf"o'clock|(?P<in>{_S}in{_S}the{_S}(?P<pod>morning|afternoon|evening)))(?P<tz>{TZ})?",
    "clock24": rf"(?<=\bat )(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])(?P<tz>{TZ})?",
    "noon": r"\b(?:(?:about|around|shortly\s+(?:before|after))\s+)?(?P<w>noon|midnight|midday)"
    r"\b",
    "set": rf"\b(?:every|each|per)\s+(?:other\s+|single\s+)?(?:(?P<num>{NUM})\s+)?"
    rf"(?P<unit>{UNIT}|{WEEKDAY}|{MONTH}|{PART_OF_DAY}|weekend|spring|summer|fall|autumn"
    r"|winter)\b",
    "frequency": r"\b(?P<w>" + _alt(lexicon.FREQUENCIES) + r")\b",
    "times_per": r"\b(?:once|twice|\w+\s+times)\s+(?P<x>(?:a|per)\s+(?P<unit>year|month|week"
    r"|day|hour))\b",
    "unit_rel": rf"\b(?P<mod>(?:early|late|earlier|later|mid)\s+|(?:the\s+)?(?:end|beginning"
    rf"|start|middle|rest|remainder|balance)\s+of\s+)?(?P<rel>{REL})\s+(?P<unit>week|weekend"
    r"|month|year|quarter|decade|century|fortnight|fiscal\s+year|season|day|morning)\b",
    "year_end": r"\b(?:the\s+)?year-end\b",
    "duration": rf"\b(?P<qmod>{QMOD})?(?P<the>the\s+(?![\w.,]+-(?:{UNIT})\b))?"
    r"(?:(?P<dir>past|last|next|previous|coming|first|final|following|remaining|preceding|latest|initial|same)\s+)?"
    rf"(?P<num>{NUM})(?:\s+(?:or|to)\s+(?P<num2>{NUM}))?{_SH}(?:(?:more|additional|straight"
    rf"|consecutive|full|trading|business|long){_S})?(?P<unit>{UNIT})\b"
    # "13 days after the bombings": "after" introduces an event and stays outside; only
    # a clause-final "two days before." is anchored on the story's reference time.
    r"(?:(?P<sep>\s+|-)(?:or\s+so\s+)?(?P<post>ago|earlier|later"
    r"|(?:before|after)(?=[ \t]*(?:[.,;:!?)]|$))|from\s+now|hence|or\s+so|old"
    # "a week from Friday", "two days from tomorrow": counted from that day
    rf"|long|from{_S}(?P<from>today|tomorrow|{WEEKDAY}))\b"
    # "in two weeks' time", "in a year's time": counted from the DCT, like "from now"
    r"|(?P<time>['’]s?[ \t]+time)\b)?",
    "vague_units": r"\b(?:(?P<rel>recent|coming|the\s+coming|the\s+past\s+few|the\s+last\s+few"
    r"|the\s+next\s+few|the\s+past\s+several|the\s+next\s+several|future)\s+)"
    r"(?P<unit>years|months|weeks|days|decades|quarters|hours)\b",
    "bare_units": r"(?<=\bfor )(?:(?P<unit>years|months|weeks|days|decades|hours|centuries)"
    r"(?:\s+(?:or|and)\s+(?:years|months|weeks|days|decades))?)\b",
    "vague": r"\b(?:as\s+soon\s+as\s+possible|soon|right\s+now|just\s+now|now|currently"
    r"|then[\s-]+current|(?<=\bat )the\s+time"
    r"|current|nowadays|these\s+days|at\s+"
    r"present|presently|recently|more\s+recently|recent|lately|the\s+past|formerly|the\s+near\s+"
    r"future|the\s+future|the\s+near\s+term|the\s+short\s+term|the\s+long\s+term|a\s+later"
    r"\s+date|the\s+present)\b",
    "century": rf"\b(?:the{_S}(?![\w-]+-century))?(?P<mod>(?:early|late|mid){_SH})?"
    rf"(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<w>{_CENTURY_WORDS})){_SH}century\b",
    "holiday": rf"\b(?:(?P<rel>last|next|this)\s+)?(?P<h>{_alt(HOLIDAYS)})"
    rf"(?:{_S}(?P<y>{YEAR}))?(?!\w)",
}

# Families whose words are also ordinary words: matched case-sensitively on capitals
# elsewhere (see the month resolver), the rest ignore case.
FAMILY_NAMES: tuple[str, ...] = tuple(_FAMILIES)

# When two candidates have the same extent, the family listed first wins.
PRIORITY: dict[str, int] = {name: rank for rank, name in enumerate(_FAMILIES)}

_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec")


def _word_stems(phrases: Iterable[str]) -> tuple[str, ...]:
    """The longest plain piece of each phrase: a word every match of it must contain."""
    return tuple(sorted({max(re.split(r"[\s'’.]+", p), key=len).casefold() for p in phrases}))


# Words (case-folded) that every match of a family must contain. Compiling the larger
# families costs tens of milliseconds, more than most questions take to answer, so a
# family is compiled and run only over a stretch of text that holds one of its words.
# Each gate is a necessary condition, never a guess: the test suite checks it against
# the lexicon the patterns are built from.
GATES: dict[str, tuple[str, ...]] = {
    "year_span": ("-", "/", "–"),
    "week_of": ("week",),
    **dict.fromkeys(("mdy", "dmy", "my", "month_rel_year", "month"), _MONTH_STEMS),
    "year": (*"0123456789", "sixteen", "seventeen", "eighteen", "nineteen", "thousand"),
    "season": tuple(lexicon.SEASONS),
    "quarter": ("quarter", "half"),
    "qcode": ("q",),
    "ago_today": ("day",),
    "set": ("every", "each", "per"),
    "duration": _word_stems([*lexicon.UNITS, *lexicon.UNIT_PLURALS]),
    "holiday": _word_stems(HOLIDAYS),
}

_COMPILED: dict[str, re.Pattern[str]] = {}


def family_pattern(name: str) -> re.Pattern[str]:
    """The compiled pattern of family ``name``, compiled on first use."""
    pattern = _COMPILED.get(name)
    if pattern is None:
        pattern = _COMPILED[name] = re.compile(_FAMILIES[name], re.IGNORECASE)
    return pattern


def may_match(name: str, folded_window: str) -> bool:
    """Whether family ``name`` can match in a case-folded stretch of text."""
    gate = GATES.get(name)
    return gate is None or any(word in folded_window for word in gate)


# Every expression contains one of these word starts (or a digit). The tagger runs the
# families only in windows around them, which skips most of an ordinary text.
TRIGGER = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun"
    r"|year|month|week|day|hour|minute|second|decade|centur|quarter|half|now|current|recent"
    r"|soon"
    r"|past|future|present|lately|formerly|today|tonight|tomorrow|yesterday|noon|midnight"
    r"|midday|daily|weekly|monthly|annual|yearly|hourly|nightly|biweekly|semiannual|spring"
    r"|summer|fall|autumn|winter|morning|afternoon|evening|night|overnight|o'clock"
    r"|christmas|thanksgiving|new\s+year|valentine|independence|halloween|boxing|bastille"
    r"|easter|good\s+friday|holy\s+week|election|memorial|labor|mother|father|martin"
    r"|presidents"
    r"|st\.\s+patrick"
    r"|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|term|later"
    r"|at\s+the\s+time"
    r"|fortnight|weekend|period|fiscal|q[1-4]|[1-4]q|sixteen|seventeen|eighteen|nineteen"
    r"|thousand)",
    re.IGNORECASE,
)
# How far before and after a trigger an expression may reach ("the better part of the
# past two years", "Wednesday, September 30, 2020").
TRIGGER_BEFORE = 60
TRIGGER_AFTER = 80
