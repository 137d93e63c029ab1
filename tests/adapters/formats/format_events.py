"""Events for the format tests: every precision, a range, several sources, every status,
and text that is hostile to each format (quotes, separators, markup, formulas,
mentions, line breaks, non-Latin scripts)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from bot.model import Event, EventDate, Precision, Source, Status

STAMP = datetime(2024, 5, 1, 12, tzinfo=UTC)

EVENTS: tuple[Event, ...] = (
    Event(
        EventDate(date(2020, 1, 3)),
        "US drone strike kills Qasem Soleimani",
        summary="First line, with a comma.\nSecond line; \"quoted\".",
        place="Baghdad, Iraq",
        tags=("iran", "drone strike"),
        sources=(
            Source("Reuters", "Strike kills Soleimani", "https://example.com/a?x=1&y=2",
                   date(2020, 1, 3), "“A quote”"),
            Source("AP", "Second source"),
        ),
    ),
    Event(EventDate(date(2019, 10, 1), Precision.MONTH), "Month-precision claim"),
    Event(EventDate(date(2001, 1, 1), Precision.YEAR, date(2003, 1, 1)), "Years 2001 to 2003"),
    Event(EventDate(date(2020, 1, 3), Precision.DAY, date(2020, 1, 8)), "A six-day range"),
    Event(EventDate(date(2020, 2, 29)), "Leap day event", status=Status.DRAFT),
    Event(EventDate(date(1999, 12, 31)), "=HYPERLINK(\"http://evil.example\",\"x\")",
          summary="-2+3", place="@home", status=Status.REJECTED),
    Event(EventDate(date(2021, 6, 1)), "<script>alert(1)</script> & <@U123> *bold*",
          summary="<b>not markup</b>", tags=("'=quoted",)),
    Event(EventDate(date(2022, 3, 4)), "Заголовок 見出し عنوان", place="Київ"),
)


def stored(events: tuple[Event, ...] = EVENTS) -> list[Event]:
    """The events as a store returns them: numbered, stamped, at version 1."""
    return [
        replace(event, id=number, created_by="test:u1", created_at=STAMP,
                updated_by="test:u1", updated_at=STAMP, version=1)
        for number, event in enumerate(events, start=1)
    ]


def content(event: Event) -> Event:
    """What an import keeps of an event: everything but the store's own fields."""
    return replace(event, id=None, created_by="", created_at=None, updated_by="",
                   updated_at=None, version=0)
