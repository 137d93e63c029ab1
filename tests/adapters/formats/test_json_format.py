"""Dateline's JSON: every field of the model, what only the store knows under ``stored``,
readable by the sample timeline's reader, and bad events named by their line."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from adapters.formats import json_format, json_out
from adapters.formats.rows import FormatError
from storage import read_timeline
from tests.adapters.formats.format_events import EVENTS, STAMP, content, stored


def test_an_export_reads_back_as_the_same_events() -> None:
    result = json_format.load(json_format.dump(stored(), {1: [4, 9]}))
    assert result.bad_rows == []
    assert result.events == [content(event) for event in EVENTS]


def test_an_export_keeps_what_the_store_knows_with_history_ids() -> None:
    document = json.loads(json_format.dump(stored(), {1: [4, 9]}))
    assert document["version"] == 1
    assert document["events"][0]["stored"] == {
        "id": 1, "version": 1, "created_by": "test:u1", "created_at": STAMP.isoformat(),
        "updated_by": "test:u1", "updated_at": STAMP.isoformat(), "history": [4, 9],
        "merged_into": None,
    }
    assert document["events"][1]["stored"]["history"] == []
    assert document["events"][0]["sources"][1] == {
        "publisher": "AP", "title": "Second source", "url": None, "published": None,
        "quote": None,
    }


def test_content_only_leaves_out_what_the_store_knows() -> None:
    document = json.loads(json_format.dump(stored(), {1: [4]}, stored=False))
    assert all("stored" not in item for item in document["events"])


def test_the_sample_timeline_reader_reads_an_export() -> None:
    assert read_timeline(json_format.dump(stored())) == [content(e) for e in EVENTS]


def test_the_packaged_sample_loads_as_the_sample_reader_reads_it() -> None:
    sample = resources.files("storage").joinpath("sample_timeline.json").read_text("utf-8")
    assert json_format.load(sample).events == read_timeline(sample)


@pytest.mark.parametrize(
    "items",
    [[], [{}], [{"a": [1, {"b": []}], "c": "x\ny", "d": {}}, [], "q", None]],
)
def test_written_in_pieces_it_is_exactly_what_json_dumps_writes(items: list[object]) -> None:
    pieces = "".join(json_out.document({"version": 1}, items))
    assert pieces == json.dumps({"version": 1, "events": items}, indent=2) + "\n"


BAD_EVENTS = """{
  "version": 1,
  "events": [
    {"date": "2020-01-01", "title": "Good"},
    {"date": "2021-02-31", "title": "Bad day"},
    "not an object",
    {"date": "2020-01-02", "title": "Bad source",
     "sources": [{"title": "no publisher"}]},
    {"date": 2020, "title": "Number date"},
    {"date": "2020-01-03", "title": "Bad tags", "tags": "iran"}
  ]
}"""


def test_every_bad_event_is_named_by_the_line_it_starts_on() -> None:
    result = json_format.load(BAD_EVENTS)
    assert [event.title for event in result.events] == ["Good"]
    assert [(bad.line, bad.record) for bad in result.bad_rows] == [
        (5, 2), (6, 3), (7, 4), (9, 5), (10, 6)
    ]
    reasons = [bad.reason for bad in result.bad_rows]
    assert "February 2021 has no day 31" in reasons[0]
    assert reasons[1:] == [
        "an event must be an object {...}",
        "source 1: publisher is empty",
        'date must be text such as "2020-01-03", not \'2020\'',
        "tags must be a list [...]",
    ]


@pytest.mark.parametrize(
    ("text", "problem", "line"),
    [
        ('{"version": 1,\n "events": [\n {"date": "2020"\n ]}', "not valid JSON", 4),
        ('{"version": 2, "events": []}', 'has "version": 1, not 2', None),
        ('{"version": 1}', 'needs an "events" list', None),
        ("[1, 2]", "not valid JSON: expected '{'", 1),
        ('{"version": 1, "events": []} trailing', "extra data", 1),
        ("[" * 100_000, "not valid JSON", 1),
    ],
)
def test_a_file_that_is_not_dateline_json_is_refused_whole(
    text: str, problem: str, line: int | None
) -> None:
    with pytest.raises(FormatError, match=problem) as caught:
        json_format.load(text)
    assert caught.value.line == line


def test_deep_nesting_inside_an_event_is_refused_not_a_crash() -> None:
    text = '{"version": 1, "events": [' + "[" * 100_000 + "]" * 100_000 + "]}"
    with pytest.raises(FormatError, match="not valid JSON: nested too deeply"):
        json_format.load(text)
