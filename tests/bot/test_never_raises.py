"""Property tests: no text makes the parser or Bot.handle raise."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from hypothesis import HealthCheck, given, settings
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
    ]
)
TEXT = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=12).map(" ".join))


@given(text=TEXT, today=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
@settings(max_examples=400, deadline=None)
def test_parse_never_raises(text: str, today: date) -> None:
    parse(text, today)


@given(text=TEXT, role=st.sampled_from(list(Role)))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
async def test_bot_handle_never_raises(bot: Bot, text: str, role: Role) -> None:
    at = datetime.combine(date(2026, 11, 21), time(12), tzinfo=UTC)
    reply = await bot.handle(Incoming(text, Actor("test", "U1", "", role), "C", at))
    assert reply.title
