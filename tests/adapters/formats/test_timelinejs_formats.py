"""TimelineJS's JSON and Google Sheet formats: the documented shape with escaped HTML,
published events only, files written by others read (title slides and eras skipped),
and bad slides named by their line."""

from __future__ import annotations

import csv
import io
import json

import pytest

from adapters.formats import timelinejs, timelinejs_csv
from adapters.formats.rows import FormatError
from bot.model import EventDate, Source, Status
from tests.adapters.formats.format_events import EVENTS, stored

PUBLISHED = [event for event in EVENTS if event.status is Status.PUBLISHED]

# The shape of the example in TimelineJS's documentation of its JSON format.
KNIGHTLAB = json.dumps({
    "title": {"text": {"headline": "Whitney Houston<br/> 1963 - 2012",
                       "text": "<p>Houston's voice caught the imagination of the world.</p>"}},
    "events": [
        {
            "media": {"url": "https://www.youtube.com/watch?v=fSrO91XO1Ck", "caption": "",
                      "credit": '<a href="http://unidiscmusic.com">Unidisc Music</a>'},
            "start_date": {"month": "1", "day": "1", "year": "1978"},
            "text": {"headline": "First Recording",
                     "text": "At the age of 15 Houston was featured on Michael Zager's song, "
                     '<a href="http://www.youtube.com/watch?v=VJ8TovoWBUk">Life\'s a Party.</a>'},
        },
        {
            "media": {"url": "<blockquote>embed code</blockquote>"},
            "start_date": {"year": 1985, "month": 2},
            "end_date": {"year": 1986, "month": 3},
            "text": {"headline": "<b>Whitney</b> &amp; more",
                     "text": "<p>One</p><p>Two<br>three</p><script>x()</script>"},
            "group": "Albums",
        },
    ],
})


def test_a_timelinejs_export_has_the_documented_shape_for_published_events_only() -> None:
    slides = json.loads(timelinejs.dump(stored()))["events"]
    assert len(slides) == len(PUBLISHED)
    first = slides[0]
    assert set(first) == {"start_date", "text", "media", "group", "unique_id"}
    assert first["start_date"] == {"year": 2020, "month": 1, "day": 3}
    assert first["text"]["text"] == "First line, with a comma.<br>Second line; \"quoted\"."
    assert first["media"] == {"url": "https://example.com/a?x=1&y=2", "credit": "Reuters",
                              "caption": "Strike kills Soleimani"}
    assert (first["group"], first["unique_id"]) == ("iran", "dateline-1")
    assert slides[1]["start_date"] == {"year": 2019, "month": 10}
    assert (slides[2]["start_date"], slides[2]["end_date"]) == ({"year": 2001}, {"year": 2003})
    assert slides[3]["end_date"] == {"year": 2020, "month": 1, "day": 8}


def test_text_is_escaped_so_timelinejs_shows_it_rather_than_runs_it() -> None:
    slides = json.loads(timelinejs.dump(stored()))["events"]
    hostile = next(s for s in slides if s.get("unique_id") == "dateline-7")
    assert hostile["text"]["headline"] == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;@U123&gt; *bold*"
    )
    assert hostile["text"]["text"] == "&lt;b&gt;not markup&lt;/b&gt;"


def test_a_timelinejs_export_reads_back_as_its_dates_titles_summaries_and_media() -> None:
    result = timelinejs.load(timelinejs.dump(stored()))
    assert result.bad_rows == []
    assert [(e.date, e.title, e.summary) for e in result.events] == [
        (e.date, e.title, e.summary) for e in PUBLISHED
    ]
    assert result.events[0].sources == (
        Source("Reuters", "Strike kills Soleimani", "https://example.com/a?x=1&y=2"),
    )


def test_a_timeline_made_with_timelinejs_is_read_as_plain_text() -> None:
    result = timelinejs.load(KNIGHTLAB)
    assert result.bad_rows == []
    first, second = result.events
    assert (first.date, first.title) == (EventDate.parse("1978-01-01"), "First Recording")
    assert first.summary == (
        "At the age of 15 Houston was featured on Michael Zager's song, Life's a Party."
    )
    assert first.sources == (
        Source("Unidisc Music", "", "https://www.youtube.com/watch?v=fSrO91XO1Ck"),
    )
    assert second.date == EventDate.parse("1985-02", "1986-03")
    assert (second.title, second.summary) == ("Whitney & more", "One\n\nTwo\nthree")
    assert (second.sources, second.tags) == ((), ("Albums",))


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        ('{"month": 1}', "start_date has no year"),
        ('{"year": 2021, "month": 2, "day": 31}', "February 2021 has no day 31"),
        ('{"year": "-44", "month": 3, "day": 15}', "years BC cannot be stored"),
        ('{"year": 0}', "there is no year 0"),
        ('{"year": 2020, "month": 13}', "start_date month 13: there is no such month"),
        ('{"year": 2020, "day": 5}', "start_date has a day but no month"),
        ('{"year": "MMXX"}', "start_date year must be a whole number, not 'MMXX'"),
        ('"2020-01-01"', "start_date must be an object"),
    ],
)
def test_a_bad_slide_is_named_by_its_line_and_why(start: str, reason: str) -> None:
    text = (
        '{"events": [\n{"start_date": {"year": 2020}, "text": {"headline": "Good"}},\n'
        f'{{"start_date": {start}, "text": {{"headline": "Bad"}}}}\n]}}'
    )
    result = timelinejs.load(text)
    assert [e.title for e in result.events] == ["Good"]
    [bad] = result.bad_rows
    assert bad.line == 3
    assert reason in bad.reason


def test_a_timelinejs_file_without_events_is_refused() -> None:
    with pytest.raises(FormatError, match='needs an "events" list'):
        timelinejs.load('{"title": {"text": {"headline": "Only a title"}}}')


def test_a_sheet_export_has_the_template_columns_in_order() -> None:
    rows = list(csv.reader(io.StringIO(timelinejs_csv.dump(stored()), newline="")))
    assert rows[0] == [
        "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
        "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
        "Media Thumbnail", "Type", "Group", "Background",
    ]
    assert len(rows) == len(PUBLISHED) + 1
    cells = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [cells[1][k] for k in ("Year", "Month", "Day")] == ["2019", "10", ""]
    assert [cells[3][k] for k in ("Year", "Day", "End Year", "End Month", "End Day")] == [
        "2020", "3", "2020", "1", "8"
    ]
    assert cells[0]["Media Credit"] == "Reuters" and cells[0]["Group"] == "iran"


def test_a_sheet_export_reads_back_as_the_same_dates_titles_and_summaries() -> None:
    result = timelinejs_csv.load(timelinejs_csv.dump(stored()))
    assert result.bad_rows == []
    assert [(e.date, e.title, e.summary) for e in result.events] == [
        (e.date, e.title, e.summary) for e in PUBLISHED
    ]


def test_a_sheet_skips_title_and_era_rows_and_reads_column_names_in_any_case() -> None:
    text = (
        "year,MONTH,Day,Headline,Text,Type\n"
        "2020,,,The whole story,Intro,title\n"
        "2019,,,The era,,era\n"
        "2020,1,7,Missiles,Iran <i>fires</i>,\n"
    )
    result = timelinejs_csv.load(text)
    [event] = result.events
    assert (event.date, event.title, event.summary) == (
        EventDate.parse("2020-01-07"), "Missiles", "Iran fires"
    )
    assert result.notes == ["skipped 2 title and era rows (they are not events)"]


def test_a_sheet_without_year_or_headline_is_refused_whole() -> None:
    with pytest.raises(FormatError, match="missing column Headline") as caught:
        timelinejs_csv.load("Year,Month,Day,Text\n2020,1,1,x\n")
    assert caught.value.line == 1
