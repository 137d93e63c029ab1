"""Sentence splitting respects news abbreviations, initials, quotes and line breaks."""

from __future__ import annotations

import pytest

from bot.extraction.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. envoy met Dr. Lee on Jan. 3. He left.",
         ["The U.S. envoy met Dr. Lee on Jan. 3.", "He left."]),
        ("Maj.-Gen. Ali died. Troops left.", ["Maj.-Gen. Ali died.", "Troops left."]),
        ("John F. Kennedy spoke. It rained.", ["John F. Kennedy spoke.", "It rained."]),
        ("“We won,” he said. Fans cheered.", ["“We won,” he said.", "Fans cheered."]),
        ('He said: "It is over." Then he left.', ['He said: "It is over."', "Then he left."]),
        ("Headline\n\nThe storm hit. It passed", ["Headline", "The storm hit.", "It passed"]),
        ("It cost 3.5 percent. Prices rose.", ["It cost 3.5 percent.", "Prices rose."]),
        ("", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_point_into_the_text() -> None:
    text = "  First one.  Second one.\nThird"
    assert all(text[s.start : s.end] == s.text for s in split_sentences(text))
