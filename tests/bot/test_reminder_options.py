"""Reading subscription options from text: every form a moderator types, and a clear
refusal for anything else."""

from __future__ import annotations

from datetime import time

import pytest

from bot.errors import UserError
from bot.reminders.manage import channel_id
from bot.reminders.model import DEFAULT_LEAD_DAYS, DEFAULT_MILESTONES, Policy
from bot.reminders.options import PolicyChange, describe, parse_options

ROWS: list[tuple[str, PolicyChange]] = [
    ("", PolicyChange()),
    ("digest", PolicyChange(digest=True, alerts=False)),
    ("alerts", PolicyChange(digest=False, alerts=True)),
    ("both", PolicyChange(digest=True, alerts=True)),
    ("digest alerts", PolicyChange(digest=True, alerts=True)),
    ("at 08:30", PolicyChange(post_at=time(8, 30))),
    ("08:30", PolicyChange(post_at=time(8, 30))),
    ("at 7", PolicyChange(post_at=time(7))),
    ("at 9am", PolicyChange(post_at=time(9))),
    ("at 5:30 pm", PolicyChange(post_at=time(17, 30))),
    ("at 12am", PolicyChange(post_at=time(0))),
    ("tz europe/london", PolicyChange(tz="Europe/London")),
    ("timezone Asia/Tehran", PolicyChange(tz="Asia/Tehran")),
    ("America/New_York", PolicyChange(tz="America/New_York")),
    ("tz utc", PolicyChange(tz="UTC")),
    ("milestones 1,2,5", PolicyChange(milestones=(1, 2, 5))),
    ("milestones 5, 2, 1, 2", PolicyChange(milestones=(1, 2, 5))),
    ("milestones default", PolicyChange(milestones=DEFAULT_MILESTONES)),
    ("lead 7,30,0", PolicyChange(lead_days=(30, 7, 0))),
    ("lead-days 1", PolicyChange(lead_days=(1,))),
    ("lead default", PolicyChange(lead_days=DEFAULT_LEAD_DAYS)),
    ("tags Iran,IRAQ", PolicyChange(tags=("iran", "iraq"))),
    ("tags none", PolicyChange(tags=())),
    ("weekends friday", PolicyChange(weekend_friday=True)),
    ("weekends keep", PolicyChange(weekend_friday=False)),
    ("empty on", PolicyChange(post_empty=True)),
    ("empty off", PolicyChange(post_empty=False)),
    ("#3 at 10:00", PolicyChange(subscription_id=3, post_at=time(10))),
    ("id 3", PolicyChange(subscription_id=3)),
    (
        "digest at 08:30 tz Europe/London milestones 1,10 lead 7,0 tags iran weekends friday",
        PolicyChange(
            digest=True, alerts=False, post_at=time(8, 30), tz="Europe/London",
            milestones=(1, 10), lead_days=(7, 0), tags=("iran",), weekend_friday=True,
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[r[0] or "empty" for r in ROWS])
def test_options_are_read_the_same_however_they_are_typed(
    text: str, expected: PolicyChange
) -> None:
    assert parse_options(text) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("at 25:00", "not a time"),
        ("at 9:75", "not a time"),
        ("at 13pm", "am or pm"),
        ("tz Mars/Olympus", "not a time zone"),
        ("tz ../../etc/passwd", "not a time zone"),
        ("milestones 0", "from 1 to 1000"),
        ("milestones 1,x", "“x” is not one"),
        ("milestones ²", "“²” is not one"),
        ("lead 400", "from 0 to 366"),
        ("lead -1", "“-1” is not one"),
        ("weekends sometimes", "weekends must be"),
        ("empty maybe", "empty must be"),
        ("hourly", "did not understand “hourly”"),
        ("id x", "not a subscription number"),
    ],
)
def test_bad_options_are_refused_by_name(text: str, named: str) -> None:
    with pytest.raises(UserError, match=named):
        parse_options(text)


def test_a_change_applies_only_what_was_given() -> None:
    policy = Policy(tz="Europe/London", tags=("iran",))
    changed = parse_options("at 07:15").apply(policy)
    assert changed.post_at == time(7, 15)
    assert (changed.tz, changed.tags, changed.milestones) == ("Europe/London", ("iran",),
                                                              DEFAULT_MILESTONES)


def test_description_tells_what_a_channel_receives() -> None:
    text = "\n".join(describe(Policy(tz="Asia/Tehran", weekend_friday=True, lead_days=(7, 0))))
    assert "digest and alerts, posted at 09:00 Asia/Tehran" in text
    assert "7 days before, on the day" in text
    assert "Friday before" in text
    assert "Tags: all events" in text


@pytest.mark.parametrize(
    ("platform", "typed", "stored"),
    [
        ("discord", "123456789012345678", "123456789012345678"),
        ("discord", "<#123456789012345678>", "123456789012345678"),
        ("slack", "C0123ABCD", "C0123ABCD"),
        ("slack", "c0123abcd", "C0123ABCD"),
        ("slack", "<#C0123ABCD|general>", "C0123ABCD"),
        ("console", "desk", "desk"),
    ],
)
def test_channel_ids_are_taken_as_pasted(platform: str, typed: str, stored: str) -> None:
    assert channel_id(platform, typed) == stored


@pytest.mark.parametrize(
    ("platform", "typed"),
    [("slack", "general"), ("slack", "#general"), ("discord", "#desk"), ("discord", "0"),
     ("console", "two words"), ("teams", "desk")],
)
def test_channel_ids_that_cannot_be_right_are_refused(platform: str, typed: str) -> None:
    with pytest.raises(UserError):
        channel_id(platform, typed)
