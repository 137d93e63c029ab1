"""Which words of a question may make a match, and how close two spellings are.

A "when" question or a timeline topic is matched on its distinctive words: the names,
places and things it is about. The rest never make a match on their own:

- glue and question words ("when", "did", "and", "near"), which only say it is a question;
- ordinals ("first", "second"), which only rank ("the second time");
- the generic words of news, sorted into kinds of event (``KINDS``: "killed", "died" and
  "assassinated" are deaths; "shot" a shooting; "attack" and "strike" attacks). A kind
  does not find events (otherwise "when was bin Laden killed?" would answer with any
  killing in the store), but it is not dropped either: the event must be of that kind.

Spellings are compared with an edit distance that charges half for the differences that
transliteration and hurried typing produce (one vowel for another, a doubled or undoubled
letter, q/k/c, an added "h"), so "Suleimani", "Soleimany" and "Sulaimani" are close to
"Soleimani" while "Paris" is not close enough to "Parks" to be taken for it. A few
country and body names are also written both ways (``ALIASES``: "UK", "United Kingdom").
"""

from __future__ import annotations

import re
import unicodedata

#: Glue and question words: they say it is a question, not what about.
_GLUE = """
a about after again against ago all also am an and any are around as at be been before being
between both but by can could date day days did do does doing done down during each either
ever exact exactly for from get gets got had has have he her his how i if in into is it its
just long many may me might more most much my near never no nor not now of off on once only
or other our out over please recent recently said same say says shall she should since so
some such than that the their them then there these they this those through time times to
too under until up upon very was we were what when where whether which while who whom whose
why will with within would year years yet you your tell know remember approximately roughly
happen happened happening happens occur occurred occurring occurs take taken takes took place
event events incident incidents thing things news story stories report reports reported
begin began begins beginning begun start started starting starts end ended ending ends
go goes going went come came make made hit hits
"""

#: Ordinals rank ("the second time", "the first lockdown") but never make or break a match.
ORDINALS = frozenset("first second third fourth fifth last final latest next previous".split())

#: Kinds of news event. A question that names a kind ("killed", "died", "shot") is about an
#: event of that kind, so the event must use some word of that kind (in any form: the
#: store's stemmer joins "kills", "killed" and "killing"); the word alone matches nothing.
KINDS: dict[str, tuple[str, ...]] = {
    # One form per stem the store's stemmer makes ("killed" is "kill", but "died" is not "die").
    "death": ("kill", "die", "died", "dying", "dead", "death", "murder", "assassination",
              "slain", "execution"),
    "shooting": ("shot", "shoot", "gunman", "gunmen", "gunfire"),
    "attack": ("attack", "strike", "struck", "raid", "assault", "bombing"),
}
_KIND_FORMS = {
    "death": "killed kills killing killings killer killers dies deaths murders murdered "
             "murdering slay slew assassinate assassinated assassinates assassinating "
             "assassinations execute executed executes",
    "shooting": "shoots shooting shootings shots",
    "attack": "attacks attacked attacking strikes striking raids assaults bombings bombed",
}
KIND_OF: dict[str, str] = {
    form: kind
    for kind, forms in KINDS.items()
    for form in (*forms, *_KIND_FORMS[kind].split())
}

#: Names news writes both ways: a word of a set also finds the others ("UK" finds "United
#: Kingdom"). Each set holds one country or body, so nothing else is ever widened.
_ALIAS_SETS = (
    ("uk", "united kingdom", "britain"),
    ("us", "usa", "united states"),
    ("eu", "european union"),
    ("un", "united nations"),
)
ALIASES: dict[str, tuple[str, ...]] = {
    name: (name, *(other for other in names if other != name))
    for names in _ALIAS_SETS
    for name in names
    if " " not in name
}

GENERIC_WORDS = frozenset(_GLUE.split()) | ORDINALS | frozenset(KIND_OF)

#: A question is cut to this many words, to keep a hostile message cheap.
MAX_WORDS = 12

_WORD = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiouy")
_ALIKE = frozenset({("c", "k"), ("k", "c"), ("k", "q"), ("q", "k"), ("c", "q"), ("q", "c"),
                    ("g", "q"), ("q", "g"), ("s", "z"), ("z", "s"), ("v", "w"), ("w", "v")})


def fold(text: str) -> str:
    """Lower case without diacritics, as the store's full-text index folds words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The distinct folded words of ``text`` in order, split as the store splits them."""
    return list(dict.fromkeys(_WORD.findall(fold(text))))[:MAX_WORDS]


def is_generic(word: str) -> bool:
    """A word that never makes a match on its own: a glue, question or news word, an
    ordinal, or a single letter (the "s" of "Soleimani's"; a digit is a word)."""
    return (len(word) < 2 and not word.isdigit()) or word in GENERIC_WORDS


def generic_neighbour(word: str) -> str | None:
    """The generic word ``word`` misspells ("assasinated": "assassinated"), if it is as
    close to one as a correction may be."""
    budget = correction_budget(word)
    if not budget:
        return None
    close = [
        (spelling_cost(word, g), g)
        for g in GENERIC_WORDS
        if g[0] == word[0] and len(g) > 3 and abs(len(g) - len(word)) <= 2
    ]
    best = min(close, default=None)
    return best[1] if best is not None and best[0] <= budget else None


def correction_budget(word: str) -> float:
    """How different a stored spelling may be for the store to use it in place of ``word``
    without asking. Short words get none: "Bush" is not a misspelling of "Bash"."""
    if len(word) <= 4 or not word.isalpha():
        return 0.0
    if len(word) == 5:
        return 0.5
    return 1.0 if len(word) <= 8 else 1.5


def suggestion_budget(word: str) -> float:
    """How different a stored spelling may be to be offered as "did you mean"."""
    if len(word) <= 3 or not word.isalpha():
        return 0.0
    return correction_budget(word) + 1.0


def spelling_cost(wrote: str, stored: str) -> float:
    """A weighted edit distance (with adjacent transpositions): 0.5 for the edits
    transliteration makes, 1 for any other edit."""
    rows = [[0.0] * (len(stored) + 1) for _ in range(len(wrote) + 1)]
    for i in range(1, len(wrote) + 1):
        rows[i][0] = rows[i - 1][0] + _indel(wrote, i - 1)
    for j in range(1, len(stored) + 1):
        rows[0][j] = rows[0][j - 1] + _indel(stored, j - 1)
    for i in range(1, len(wrote) + 1):
        for j in range(1, len(stored) + 1):
            a, b = wrote[i - 1], stored[j - 1]
            best = min(
                rows[i - 1][j] + _indel(wrote, i - 1),
                rows[i][j - 1] + _indel(stored, j - 1),
                rows[i - 1][j - 1] + _substitution(a, b),
            )
            if i > 1 and j > 1 and a == stored[j - 2] and wrote[i - 2] == b and a != b:
                swap = 0.5 if a in _VOWELS and b in _VOWELS else 1.0
                best = min(best, rows[i - 2][j - 2] + swap)
            rows[i][j] = best
    return rows[-1][-1]


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if (a in _VOWELS and b in _VOWELS) or (a, b) in _ALIKE:
        return 0.5
    return 1.0


def _indel(word: str, at: int) -> float:
    """Adding or dropping ``word[at]``: cheap for a doubled letter, a vowel beside a vowel
    ("ei" for "e") and an "h" after a consonant ("gh", "kh", "dh")."""
    letter = word[at]
    before = word[at - 1] if at > 0 else ""
    after = word[at + 1] if at + 1 < len(word) else ""
    if letter in (before, after):
        return 0.5
    if letter in _VOWELS and (before in _VOWELS or after in _VOWELS):
        return 0.5
    if letter == "h" and before and before not in _VOWELS:
        return 0.5
    return 1.0
