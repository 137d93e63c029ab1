"""Import files as bytes: UTF-8 only (with or without a byte-order mark), other encodings
refused at the line and byte of the first bad byte, the format told from the content,
and which events count as already there."""

from __future__ import annotations

import io

import pytest

from adapters.formats import detect
from adapters.formats.duplicates import Duplicates, link_key, title_key
from adapters.formats.rows import FormatError, Loaded
from bot.model import Event, EventDate, Source


def test_utf_8_with_a_byte_order_mark_is_read_without_it() -> None:
    assert detect.decode("\ufeffdate,title\r\n2020-01-01,Café\r\n".encode()) == (
        "date,title\r\n2020-01-01,Café\r\n"
    )


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        ("date,title\n2020-01-01,Café\n".encode("latin-1"), 2,
         "byte 0xe9 (byte 15 of the line, 26 of the file) is not UTF-8"),
        ("date,title\n".encode("utf-16"), 1, "the file is UTF-16, not UTF-8"),
        ("date,title\n".encode("utf-32"), 1, "the file is UTF-32, not UTF-8"),
        (b"date,title\n\n\x00\x01\x02", 3, "NUL characters: it is not a text file"),
    ],
)
def test_a_file_that_is_not_utf_8_is_refused_at_its_first_bad_byte(
    data: bytes, line: int, words: str
) -> None:
    with pytest.raises(FormatError) as caught:
        detect.decode(data)
    assert caught.value.line == line
    assert words in caught.value.reason


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read_whole() -> None:
    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            buffer[:] = b"x" * len(buffer)
            return len(buffer)

    with pytest.raises(FormatError, match="larger than 1 MiB; split it"):
        detect.read(io.BufferedReader(Endless()), limit=2**20)
    assert detect.MAX_BYTES == 256 * 2**20


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('{"version": 1, "events": []}', "json"),
        ('\n  {"events": [{"start_date": {"year": 2020}}]}', "timelinejs"),
        ('{"events": [{"title": "mentions \\"start_date\\": in text"}], "version": 1}', "json"),
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "ics"),
        ("Year,Month,Day,Time,Headline\n", "timelinejs-csv"),
        ("id,Date,TITLE,summary\n", "csv"),
        ("title,date\n", "csv"),
    ],
)
def test_the_format_is_told_from_the_content(text: str, name: str) -> None:
    assert detect.guess(text) == name


@pytest.mark.parametrize("text", ["", "just words\nand more", "date;title\n", "\x7fELF"])
def test_a_file_of_no_known_format_is_refused_with_what_to_do(text: str) -> None:
    with pytest.raises(FormatError, match=r"cannot tell the file's format.*give --format"):
        detect.guess(text)


def _event(day: str, title: str, *urls: str, end: str | None = None) -> Event:
    sources = tuple(Source("P", "", url) for url in urls)
    return Event(EventDate.parse(day, end), title, sources=sources)


STORED = [
    Event(EventDate.parse("2020-01-03"), "US drone strike kills Soleimani", id=7,
          sources=(Source("P", "", "https://www.example.com/story/"),)),
]


@pytest.mark.parametrize(
    ("event", "same_as"),
    [
        (_event("2020-01-03", "US drone strike kills Soleimani"), "event #7"),
        (_event("2020-01-03", "  us DRONE strike — kills Soleimani!  "), "event #7"),
        (_event("2020-01-03", "Retitled", "http://example.com/story#top"), "event #7"),
        (_event("2020-01-04", "US drone strike kills Soleimani"), None),
        (_event("2020-01", "US drone strike kills Soleimani"), None),
        (_event("2020-01-03", "US drone strike kills Soleimani", end="2020-01-05"), None),
        (_event("2020-01-04", "Retitled", "https://www.example.com/story/"), None),
        (_event("2020-01-03", "Another story", "https://www.example.com/other"), None),
    ],
)
def test_an_event_is_a_duplicate_by_date_and_title_or_date_and_link(
    event: Event, same_as: str | None
) -> None:
    fresh, found = Duplicates(STORED).split([Loaded(5, event)])
    assert [d.same_as for d in found] == ([same_as] if same_as else [])
    assert len(fresh) == (0 if same_as else 1)


def test_the_second_of_two_equal_events_in_a_file_is_a_duplicate_of_the_first() -> None:
    first, second = _event("2021-06-01", "Once"), _event("2021-06-01", "ONCE.")
    fresh, found = Duplicates().split([Loaded(2, first), Loaded(9, second)])
    assert [item.line for item in fresh] == [2]
    assert [(d.line, d.same_as, d.why) for d in found] == [
        (9, "line 2", "the same date and title")
    ]


def test_keys_fold_case_width_and_punctuation_but_not_words() -> None:
    assert title_key("ＩＲＡＮ  fires—missiles!") == title_key("iran fires missiles")
    assert title_key("Iran fires missiles") != title_key("Iran fires rockets")
    assert link_key("https://WWW.Example.com/a/?q=1#x") == link_key("http://example.com/a?q=1")
    assert link_key("https://example.com/a?q=1") != link_key("https://example.com/a?q=2")
