"""Unit tests of the FTS5 escaping helpers."""

from __future__ import annotations

from storage import fts


def test_tokens_are_unicode_words_deduplicated() -> None:
    assert fts.word_tokens('Killed "AND( Müller müller x*') == ["Killed", "AND", "Müller", "x"]
    assert fts.word_tokens("?!* ()") == []


def test_each_token_is_quoted() -> None:
    assert fts.match_all(["a", "NEAR"]) == '"a" "NEAR"'
    assert fts.match_any(["a", "b"]) == '"a" OR "b"'
    assert fts.quote_token('x"y') == '"x""y"'


def test_token_count_is_capped() -> None:
    assert len(fts.word_tokens(" ".join(f"w{i}" for i in range(500)))) == fts.MAX_TOKENS
