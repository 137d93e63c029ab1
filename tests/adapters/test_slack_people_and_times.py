"""End to end on Slack: moderator reports name moments as date tokens (each reader's
own time) and people by display name, from one cached ``users.info`` lookup on the
stand-in; help names commands as typed after ``/dateline``; event text still cannot
pass for a date token or a mention."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fake_slack import MODERATOR, NOW, Harness, post_signed, running_app, slash_body

from bot.model import Event, EventDate

AUTHOR = "USEED"  # running_app adds the events as slack:USEED
HOSTILE_TITLE = "Missiles <t:0:f> <@U123> <!date^0^{date}|x> hit bases"
MOMENT = f"<!date^{int(NOW.timestamp())}^{{date_short_pretty}} {{time}}|2026-01-01 12:00 UTC>"
TOKEN = re.compile(r"<[^<>]*>")


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[Harness]:
    events = [Event(EventDate.parse("2020-01-07"), HOSTILE_TITLE)]
    async with running_app(tmp_path / "p.db", events=events) as h:
        yield h


async def slash(h: Harness, text: str) -> str:
    """The mrkdwn of every section of a moderator's answer (one message here)."""
    before = len(h.fake.of("response_url"))
    response_url = h.fake.response_url(f"r{before}")
    status, _, _ = await post_signed(h.events_url, slash_body(text, MODERATOR, response_url))
    assert status == 200
    calls = await h.fake.wait_for("response_url", count=before + 1)
    blocks = calls[before].params["blocks"]
    return "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")


def name_lookups(h: Harness, user: str) -> int:
    return len([c for c in h.fake.calls if c.method == "users.info" and c.params["user"] == user])


async def test_history_shows_a_date_token_and_the_authors_display_name(app: Harness) -> None:
    app.fake.users[AUTHOR] = {"id": AUTHOR, "profile": {"display_name": "Ana Ruiz"}}
    shown = await slash(app, "history 1")
    assert f"*{MOMENT}: #1 add by Ana Ruiz*" in shown
    assert "slack:USEED" not in shown and AUTHOR not in shown


async def test_a_hostile_title_and_name_stay_inert_beside_the_date_token(
    app: Harness,
) -> None:
    hostile_name = "<@U999> <!date^0^{date}|x> *Ana*"
    app.fake.users[AUTHOR] = {"id": AUTHOR, "profile": {"display_name": hostile_name}}
    shown = await slash(app, "history 1")
    assert "&lt;t:0:f&gt; &lt;@U123&gt; &lt;!date^0^{date}|x&gt;" in shown
    tokens = [t for t in TOKEN.findall(shown) if not t.startswith("<!date^00000000^{_}|")]
    assert tokens == [MOMENT]  # Dateline's own, and only it; the rest are entities
    assert "add by &lt;@U999&gt; &lt;!date^0^{date}|x&gt; " in shown


async def test_names_are_looked_up_once_for_two_reports(app: Harness) -> None:
    app.fake.users[AUTHOR] = {"id": AUTHOR, "profile": {"display_name": "Ana Ruiz"}}
    first = await slash(app, "history 1")
    second = await slash(app, "audit 5")
    assert "Ana Ruiz" in first and "Ana Ruiz" in second
    assert name_lookups(app, AUTHOR) == 1


async def test_an_unknown_user_reads_as_a_neutral_name_without_failing(app: Harness) -> None:
    shown = await slash(app, "history 1")
    assert f"#1 add by Slack user {AUTHOR}*" in shown
    assert "slack:" not in shown


async def test_help_names_commands_as_typed_after_the_slash_command(app: Harness) -> None:
    shown = await slash(app, "help")
    assert "/dateline ask QUESTION: Ask any date question" in shown
    assert "/dateline history ID [share]: Who created" in shown
