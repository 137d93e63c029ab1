"""Unit tests of the FTS5 escaping helpers and the expressions built from a ``WordQuery``."""

from __future__ import annotations

from bot.ports import WordQuery
from storage import fts

OWN = "{title summary place tags_text}"


def test_tokens_are_unicode_words_deduplicated() -> None:
    assert fts.word_tokens('Killed "AND( Müller müller x*') == ["Killed", "AND", "Müller", "x"]
    assert fts.word_tokens("?!* ()") == []


def test_each_spelling_is_one_quoted_phrase() -> None:
    assert fts.quote_token('x"y') == '"x""y"'
    assert fts.phrase('al-Asad "AND(') == '"al Asad AND"'
    assert fts.phrase("?!*") is None


def test_required_groups_are_anded_in_own_columns_and_spellings_ored() -> None:
    query = WordQuery((("a",), ("NEAR", "united kingdom")))
    assert fts.required_match(query) == f'{OWN} : (("a") AND ("NEAR" OR "united kingdom"))'
    assert fts.title_match(query) == (
        f'{OWN} : (("a") AND ("NEAR" OR "united kingdom")) AND '
        '{title} : (("a") AND ("NEAR" OR "united kingdom"))'
    )
    assert fts.required_match(WordQuery((("*",),))) is None


def test_also_groups_need_enough_of_them_in_any_column() -> None:
    query = WordQuery((("a",),), also=(("b",), ("c",), ("d",)), also_needed=2)
    assert fts.required_match(query) == (
        f'{OWN} : (("a")) AND ((("b") AND ("c")) OR (("b") AND ("d")) OR (("c") AND ("d")))'
    )


def test_ranking_words_are_optional_phrases() -> None:
    query = WordQuery((("a",),), ranking=("OR", "b"))
    assert fts.ranked_match(query) == f'{OWN} : (("a")) AND ({OWN} : ("a") OR "OR" OR "b")'


def test_trigrams_cover_letters_and_consonants() -> None:
    assert fts.trigrams("beruit") == (
        '{word} : ("ber" OR "eru" OR "rui" OR "uit") OR {consonants} : ("brt")'
    )
    assert fts.trigrams("ab") is None


def test_phrase_count_is_capped() -> None:
    many = WordQuery(tuple((f"w{i}",) for i in range(500)))
    assert (fts.required_match(many) or "").count('"w') == fts.MAX_TOKENS
