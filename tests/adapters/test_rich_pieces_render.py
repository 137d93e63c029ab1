"""Typed pieces (moments, people, commands) rendered for Discord and Slack: native
forms only from typed pieces, display names as escaped plain text, help's command
forms built from the command table, and no split through a native form."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from adapters.discord_.command_forms import SlashForm, slash_forms
from adapters.discord_.inline import Lookups as DiscordLookups
from adapters.discord_.render import MAX_FIELD_VALUE, render_reply, section_fields, split_text
from adapters.people_refs import people_in, person_text
from adapters.slack_.command_forms import slack_forms
from adapters.slack_.inline import Lookups as SlackLookups
from adapters.slack_.inline import moment_mrkdwn
from adapters.slack_.render import MAX_SECTION_TEXT, chunks, render, section_blocks
from bot.command_set import build_commands
from bot.messages import CommandRef, Moment, Person, Reply, ReplyKind, rich_section

AT = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
UNIX = int(AT.timestamp())
MOMENT = Moment(AT, "2026-01-01 09:30 UTC")
HISTORY = rich_section(
    (MOMENT, ": #1 edit by ", Person("discord:42")),
    (("Title <t:0:f> by ", Person("slack:U42"), " at ", MOMENT),),
)
SLACK_TOKEN = re.compile(r"<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>|]*>")


# -- the command forms ---------------------------------------------------------------


def test_discord_forms_are_the_registered_slash_commands_and_options() -> None:
    forms = slash_forms(build_commands())
    assert forms["ask"].typed == "/ask question:"
    assert forms["upcoming"].typed == "/upcoming [window:]"
    assert forms["history"].typed == "/history id: [share:]"  # required options first
    assert forms["more"].typed == "/more"
    assert forms["ask"].mention is None


def test_a_discord_mention_needs_a_valid_name_and_id() -> None:
    assert SlashForm("ask", ("question:",), 123).mention == "</ask:123>"
    assert SlashForm("a b", (), 123).mention is None
    assert SlashForm("ask>", (), 123).mention is None
    assert SlashForm("ask", (), 0).mention is None


def test_slack_forms_follow_the_apps_slash_command() -> None:
    forms = slack_forms(build_commands())
    assert forms["ask"] == "/dateline ask QUESTION"
    assert forms["history"] == "/dateline history ID [share]"


# -- people ----------------------------------------------------------------------------


def test_people_are_listed_once_in_order_and_shown_by_name_or_neutrally() -> None:
    reply = Reply(ReplyKind.LIST, "t", sections=(HISTORY, HISTORY))
    assert people_in(reply) == ["discord:42", "slack:U42"]
    names = {"discord:42": "  Ana\nRuiz "}
    assert person_text("discord:42", names, "discord", "Discord") == "Ana Ruiz"
    assert person_text("discord:7", names, "discord", "Discord") == "Discord user 7"
    assert person_text("slack:U42", names, "discord", "Discord") == "slack:U42"
    assert person_text("import", names, "discord", "Discord") == "import"


# -- Discord -----------------------------------------------------------------------------


def test_discord_moment_heading_leads_the_field_value_as_a_timestamp() -> None:
    [field] = section_fields(HISTORY, DiscordLookups({"discord:42": "Ana_Ruiz"}))
    assert field["name"] == "\u200b"
    assert field["value"] == (
        f"**<t:{UNIX}:f>: #1 edit by Ana\\_Ruiz**\n"
        f"Title <\u200bt:0:f> by slack:U42 at <t:{UNIX}:f>"
    )


def test_discord_names_are_plain_text_never_user_mentions() -> None:
    names = {"discord:42": "<@1> @everyone"}
    [field] = section_fields(HISTORY, DiscordLookups(names))
    assert "edit by <\u200b@1> @\u200beveryone**" in field["value"]
    at_end = rich_section(("h",), (("by @", Person("discord:42")),))
    [field] = section_fields(at_end, DiscordLookups({"discord:42": "here"}))
    assert "@here" not in field["name"] + field["value"]


def test_discord_help_heading_without_ids_stays_the_field_name() -> None:
    forms = slash_forms(build_commands())
    section = rich_section((CommandRef("upcoming", "upcoming [DAYS]"), ": Anniversaries"))
    [field] = section_fields(section, DiscordLookups(forms=forms))
    assert field["name"] == "`/upcoming [window:]`: Anniversaries"
    [unknown] = section_fields(rich_section((CommandRef("zzz", "zzz *X*"),)))
    assert unknown["name"] == "zzz \\*X\\*"


def test_discord_help_heading_with_an_id_is_a_command_mention() -> None:
    forms = slash_forms(build_commands(), {"ask": 99})
    section = rich_section((CommandRef("ask", "ask QUESTION"), ": Ask"))
    [field] = section_fields(section, DiscordLookups(forms=forms))
    assert field["value"] == "**</ask:99> `question:`: Ask**"


def test_discord_never_splits_a_timestamp() -> None:
    # No space to split at, and the limit falls inside a timestamp.
    text = "x" + "".join(f"<t:{UNIX + n}:f>" for n in range(300))
    for chunk in split_text(text, MAX_FIELD_VALUE):
        assert re.fullmatch(r"x?(?:<t:\d+:f>)+", chunk), chunk[-20:]
    section = rich_section(("h",), (("x", *[MOMENT] * 300),))
    fields = [f for m in render_reply(Reply(ReplyKind.LIST, "t", sections=(section,)))
              for e in m.embeds for f in e["fields"]]
    assert "".join(f["value"] for f in fields).count(f"<t:{UNIX}:f>") == 300


# -- Slack -------------------------------------------------------------------------------


def test_slack_moment_is_a_date_token_with_a_safe_fallback() -> None:
    assert moment_mrkdwn(MOMENT) == (
        f"<!date^{UNIX}^{{date_short_pretty}} {{time}}|2026-01-01 09:30 UTC>"
    )
    odd = moment_mrkdwn(Moment(AT, "a|b>c<d&e\nf"))
    assert odd.endswith("|a b c d e f>") and SLACK_TOKEN.fullmatch(odd)
    assert moment_mrkdwn(Moment(AT, " | ")).endswith("|2026-01-01 09:30 UTC>")
    naive = moment_mrkdwn(Moment(AT.replace(tzinfo=None), "x"))
    assert naive.startswith(f"<!date^{UNIX}^")


def test_slack_section_shows_tokens_names_and_escaped_text() -> None:
    lookups = SlackLookups({"slack:U42": "Bo *<@U1>*"})
    [block] = section_blocks(HISTORY, lookups)
    text = block["text"]["text"]
    token = f"<!date^{UNIX}^{{date_short_pretty}} {{time}}|2026-01-01 09:30 UTC>"
    assert text.startswith(f"*{token}: #1 edit by discord:42*\n")
    assert "&lt;t:0:f&gt; by Bo " in text and "&lt;@U1&gt;" in text and "<@U1>" not in text
    assert text.endswith(f" at {token}")
    unknown = section_blocks(rich_section((Person("slack:U7"),)))[0]["text"]["text"]
    assert unknown == "*Slack user U7*"


def test_slack_help_heading_is_the_slack_form() -> None:
    section = rich_section((CommandRef("ask", "ask QUESTION"), ": Ask"))
    forms = slack_forms(build_commands())
    [block] = section_blocks(section, SlackLookups(forms=forms))
    assert block["text"]["text"] == "*/dateline ask QUESTION: Ask*"


def test_slack_never_splits_a_date_token() -> None:
    text = " ".join([moment_mrkdwn(MOMENT)] * 200)
    for piece in chunks(text, MAX_SECTION_TEXT):
        assert SLACK_TOKEN.sub("", piece).strip() == "", piece[-90:]
    section = rich_section(("h",), (tuple([MOMENT, " "] * 200),))
    messages = render(Reply(ReplyKind.LIST, "t", sections=(section,)))
    shown = "".join(b["text"]["text"] for m in messages for b in m.blocks if "text" in b)
    assert len(SLACK_TOKEN.findall(shown)) == 200
