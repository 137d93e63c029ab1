"""Property tests: no text, on any day of the calendar, makes the parser raise or
Bot.handle fall back to its internal-error reply (which would hide the exception)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.core import Bot
from bot.messages import Actor, Incoming, Role
from bot.parsing import parse

WORDS = st.sampled_from(
    [
        "on",
        "7",
        "31",
        "January",
        "Feb",
        "2020",
        "-",
        "between",
        "and",
        "when",
        "timeline",
        "ago",
        "years",
        "today",
        "/",
        "13",
        "2020-13-01",
        "anniversaries",
        "next",
        "help",
        "add",
        "|",
        "cite",
        '"AND(',
        "NEAR",
        "*",
        "@everyone",
        "<@&1>",
        "week",
        "of",
        "first",
        "0",
        "²",
        "①",
        "٣",
        "upcoming",
        "event",
        "history",
        "audit",
        "before",
        "since",
        "until",
        "onwards",
        "yesterday",
        "tomorrow",
        "year",
        "past",
        "3000",
        "9999",
        "0001",
        "milestones",
        "Q1",
        "winter",
        "'20",
        "\u200b",
        "more",
        "page",
        "99999999999999999999",
        "-1",
        "how long ago",
        "since",
        "not",
    ]
)
TEXT = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=12).map(" ".join))


@given(text=TEXT, today=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
@settings(max_examples=400, deadline=None)
def test_parse_never_raises(text: str, today: date) -> None:
    parse(text, today)


DAYS = st.one_of(
    st.sampled_from([date(1, 1, 1), date(1, 1, 7), date(9999, 12, 31), date(9999, 12, 20),
                     date(2024, 2, 29), date(2026, 11, 21)]),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)


# The reproductions of issue 11 stay as fixed examples, so a regression fails every run.
@example(text="event ①", role=Role.MEMBER, today=date(2026, 11, 21))
@example(text="history ³", role=Role.MODERATOR, today=date(2026, 11, 21))
@example(text="audit ²", role=Role.OWNER, today=date(2026, 11, 21))
@example(text="upcoming ²", role=Role.MEMBER, today=date(2026, 11, 21))
@example(text="tomorrow", role=Role.MEMBER, today=date(9999, 12, 31))
@example(text="yesterday", role=Role.MEMBER, today=date(1, 1, 1))
@example(text="next year", role=Role.MEMBER, today=date(9999, 12, 31))
@example(text="upcoming 30", role=Role.MEMBER, today=date(9999, 12, 31))
@example(text="before 7 January", role=Role.MEMBER, today=date(1, 1, 1))
@example(text="what happened in the past 3000 years", role=Role.MEMBER,
         today=date(2026, 11, 21))
@given(text=TEXT, role=st.sampled_from(list(Role)), today=DAYS)
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
async def test_bot_handle_never_gives_an_internal_error(
    bot: Bot, text: str, role: Role, today: date
) -> None:
    at = datetime.combine(today, time(12), tzinfo=UTC)
    reply = await bot.handle(Incoming(text, Actor("test", "U1", "", role), "C", at))
    assert reply.title
    assert reply.reference is None, (text, today, reply.text)
