"""Pure conversions of the Discord adapter: payloads -> Actor/Role, the command
table -> slash command payloads, Reply -> embeds within limits, settings, and
hash-gated command syncing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from adapters.discord_ import load_settings
from adapters.discord_.appcommands import (
    command_payloads,
    compose_text,
    focused_option,
    option_values,
    sync_commands,
)
from adapters.discord_.client import strip_mention
from adapters.discord_.identity import actor_for, facts_from_payload
from adapters.discord_.render import (
    MAX_EMBED_TOTAL,
    MAX_FIELD_NAME,
    MAX_FIELD_VALUE,
    MAX_FIELDS,
    TRUNCATED,
    embed_length,
    escape,
    render_reply,
)
from adapters.settings import SettingsError
from bot.command_set import build_commands
from bot.messages import Action, Citation, Reply, ReplyKind, Role, Section

MODS = (6666,)


def interaction(member: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"id": "1", "type": 2, "token": "t", "channel_id": "4444", **extra}
    if member is not None:
        payload["member"] = member
        payload["guild_id"] = "3333"
    return payload


def member(user_id: str = "7777", permissions: str = "3072", roles: tuple[str, ...] = ()):
    user = {"id": user_id, "username": "sam", "global_name": "Sam"}
    return {"user": user, "roles": list(roles), "permissions": permissions, "nick": None}


def role_of(payload: dict[str, Any], owner: int | None = 5555) -> Role:
    return actor_for(facts_from_payload(payload, owner), MODS).role


def test_discord_roles_from_interaction_payloads() -> None:
    assert role_of(interaction(member())) is Role.MEMBER
    assert role_of(interaction(member(permissions=str(1 << 5)))) is Role.MODERATOR
    assert role_of(interaction(member(permissions=str(1 << 3)))) is Role.MODERATOR
    assert role_of(interaction(member(roles=("6666",)))) is Role.MODERATOR
    assert role_of(interaction(member(roles=("1234",)))) is Role.MEMBER
    assert role_of(interaction(member(user_id="5555"))) is Role.OWNER
    assert role_of(interaction(member(user_id="5555")), owner=None) is Role.MEMBER


def test_discord_dm_and_missing_data_mean_member() -> None:
    dm = interaction(None, user={"id": "5555", "username": "boss"})
    actor = actor_for(facts_from_payload(dm, 5555), MODS)
    assert actor.role is Role.MEMBER and actor.user_id == "5555"
    assert actor_for(facts_from_payload({}), MODS).role is Role.MEMBER
    broken = interaction(member(permissions="lots", roles=("x",)))
    assert role_of(broken) is Role.MEMBER
    assert actor_for(facts_from_payload(interaction(member())), MODS).ref == "discord:7777"


def test_discord_commands_generated_from_the_table() -> None:
    table = build_commands()
    payloads = {p["name"]: p for p in command_payloads(table)}
    assert set(payloads) == {c.name for c in table}
    for command in table:
        payload = payloads[command.name]
        moderator = command.role >= Role.MODERATOR
        assert (payload["default_member_permissions"] == "32") is moderator
        assert 1 <= len(payload["description"]) <= 100
        assert [o["name"] for o in payload["options"]] == [p.name for p in command.params]
    count, share = payloads["audit"]["options"]
    assert (count["type"], count["min_value"], count["max_value"]) == (4, 1, 200)
    assert share["name"] == "share" and not share["required"]
    [window] = payloads["upcoming"]["options"]
    assert window["type"] == 3 and not window["required"]
    [topic] = payloads["timeline"]["options"]
    assert topic["autocomplete"] is True and topic["required"] is True


def test_discord_options_compose_the_core_text() -> None:
    table = build_commands()
    data = {"name": "audit", "options": [{"name": "count", "type": 4, "value": 7}]}
    assert compose_text(table.get("audit"), option_values(data)) == "audit 7"  # type: ignore[arg-type]
    data = {"name": "upcoming", "options": [{"name": "window", "type": 3, "value": "2 weeks"}]}
    assert compose_text(table.get("upcoming"), option_values(data)) == "upcoming 2 weeks"  # type: ignore[arg-type]
    assert compose_text(table.get("onthisday"), {}).strip() == "onthisday"  # type: ignore[arg-type]
    typing = {"options": [{"name": "topic", "value": "ir", "focused": True}]}
    assert focused_option(typing) == ("topic", "ir")
    assert focused_option({}) is None


def test_discord_mentions_are_stripped() -> None:
    assert strip_mention("<@2222> what happened on 7 January?", 2222) == (
        "what happened on 7 January?"
    )
    assert strip_mention("hey <@!2222>", 2222) == "hey"
    assert strip_mention("<@2222>", 2222) == "help"
    assert strip_mention("<@3333> hi", 2222) is None


def huge_reply(kind: ReplyKind = ReplyKind.ANSWER) -> Reply:
    sections = tuple(
        Section(
            f"Heading {i} " + "h" * 300,
            ("word " * 400, "@everyone <@&1> <@2>"),
            (Citation("Pub", f"Title {i}", "https://example.com/a (b)", "3 January 2020"),),
        )
        for i in range(80)
    )
    return Reply(kind, "T" * 400, "lead " * 2000, sections, footer="Showing 80 of 80")


def test_discord_huge_reply_is_split_within_limits_and_nothing_lost() -> None:
    messages = render_reply(huge_reply())
    assert len(messages) > 5
    for message in messages:
        assert 1 <= len(message.embeds) <= 10 and len(message.content) <= 2000
        assert sum(embed_length(e) for e in message.embeds) <= MAX_EMBED_TOTAL
        for embed in message.embeds:
            assert len(embed["title"]) <= 256 and len(embed.get("description", "")) <= 4096
            fields = embed.get("fields", [])
            assert len(fields) <= MAX_FIELDS
            assert all(len(f["name"]) <= MAX_FIELD_NAME for f in fields)
            assert all(0 < len(f["value"]) <= MAX_FIELD_VALUE for f in fields)
    text = str([m.embeds for m in messages])
    assert all(f"Title {i}" in text for i in range(80))
    assert text.count("word") == 80 * 400
    assert TRUNCATED in messages[0].embeds[0]["title"]  # the one unsplittable item says so
    assert f"Part {len(messages)} of {len(messages)}" in text


def test_discord_citations_links_and_escaping() -> None:
    reply = Reply(
        ReplyKind.ANSWER,
        "On *7* January",
        "[forged](https://evil.example) _x_",
        (Section("Strike", (), (Citation("Ex [News]", "A (b)", "https://e.com/x y", "3 Jan"),)),),
    )
    embed = render_reply(reply)[0].embeds[0]
    assert embed["title"] == "On \\*7\\* January"
    assert "[forged]" not in embed["description"] and "\\_x\\_" in embed["description"]
    value = embed["fields"][0]["value"]
    assert value == "• [Ex \\[News\\]: A (b)](https://e.com/x%20y) (3 Jan)"
    no_link = Section("S", (), (Citation("Pub", "T", "javascript:alert(1)"),))
    value = render_reply(Reply(ReplyKind.ANSWER, "t", sections=(no_link,)))[0].embeds[0]
    assert "javascript" not in str(value)
    assert escape("a\\[b") == "a\\\\\\[b"


def test_discord_footer_counts_toward_every_embed_total() -> None:
    reply = Reply(ReplyKind.ANSWER, "T" * 300, "x" * 5000, footer="f" * 2100)
    messages = render_reply(reply, "ref post-1")
    assert len(messages) == 2
    for part, message in enumerate(messages, start=1):
        [embed] = message.embeds
        assert embed_length(embed) <= MAX_EMBED_TOTAL
        assert embed["footer"]["text"].endswith(f"ref post-1 · Part {part} of 2")
    assert sum(m.embeds[0]["description"].count("x") for m in messages) == 5000


def test_discord_blank_title_and_heading_get_visible_placeholders() -> None:
    reply = Reply(ReplyKind.LIST, " \n\u3000", sections=(Section("\t", ("line",)),))
    [embed] = render_reply(reply)[0].embeds
    assert embed["title"] == "Dateline"
    assert embed["fields"] == [{"name": "(untitled)", "value": "line", "inline": False}]


def test_discord_footer_is_plain_text_without_live_mentions() -> None:
    [embed] = render_reply(Reply(ReplyKind.LIST, "t", footer="a_b *c* <@1>"))[0].embeds
    assert embed["footer"]["text"] == "a_b *c* <\u200b@1>"  # no backslashes: footers show them


def test_discord_buttons_beyond_discords_25_are_listed_instead() -> None:
    actions = tuple(Action(f"Page {i}", f"more page {i}") for i in range(30))
    [message] = render_reply(Reply(ReplyKind.LIST, "t", actions=actions), buttons=True)
    assert [a.label for a in message.actions] == [f"Page {i}" for i in range(25)]
    [listed] = message.embeds[0]["fields"]
    assert listed["name"] == "Next" and "Page 29: `/more page 29`" in listed["value"]
    [blank] = render_reply(Reply(ReplyKind.LIST, "t", actions=(Action("", "help"),)),
                           buttons=True)[0].actions
    assert blank == Action("help", "help")  # Discord rejects a button with a blank label


def test_discord_errors_and_help_are_ephemeral() -> None:
    assert render_reply(Reply(ReplyKind.ERROR, "Not allowed", "no"))[0].ephemeral
    assert render_reply(Reply(ReplyKind.HELP, "Help", "x"))[0].ephemeral
    assert not render_reply(Reply(ReplyKind.ANSWER, "A", "x"))[0].ephemeral
    assert all(m.ephemeral for m in render_reply(huge_reply(ReplyKind.HELP)))
    assert render_reply(Reply(ReplyKind.EMPTY, ""))[0].embeds  # never empty


def test_discord_settings_report_every_problem(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"DISCORD_GUILD_IDS": "12,abc", "DISCORD_MESSAGE_CONTENT": "maybe",
                       "DISCORD_MODERATOR_ROLE_IDS": "x"})
    assert len(caught.value.problems) == 4
    env = {"DISCORD_TOKEN": "s3cr3t-value", "DISCORD_GUILD_IDS": "12, 34", "DATELINE_DB":
           str(tmp_path / "d.sqlite3"), "DISCORD_MESSAGE_CONTENT": "on"}
    settings = load_settings(env)
    assert settings.guild_ids == (12, 34) and settings.message_content
    assert "s3cr3t" not in repr(settings) and settings.token.reveal() == "s3cr3t-value"
    assert settings.command_state_path == tmp_path / "d.sqlite3.discord-commands.json"
    defaults = load_settings({"DISCORD_TOKEN": "tok", "HOME": str(tmp_path)})
    assert defaults.guild_ids == () and not defaults.message_content


class RecordingHTTP:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int | None]] = []

    async def bulk_upsert_global_commands(self, application_id: int, payload: Any) -> Any:
        self.calls.append(("global", None))

    async def bulk_upsert_guild_commands(self, application_id: int, guild_id: int,
                                         payload: Any) -> Any:
        self.calls.append(("guild", guild_id))


async def test_discord_sync_skipped_when_commands_unchanged(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    payloads = command_payloads(build_commands())
    http = RecordingHTTP()
    assert await sync_commands(http, 1, (10, 20), payloads, state) == ["10", "20"]
    assert await sync_commands(http, 1, (10, 20), payloads, state) == []
    assert await sync_commands(http, 1, (10, 30), payloads, state) == ["30"]
    changed = [*payloads, {**payloads[0], "name": "extra"}]
    assert await sync_commands(http, 1, (10,), changed, state) == ["10"]
    assert await sync_commands(http, 1, (), payloads, state) == ["global"]
    assert await sync_commands(http, 2, (), payloads, state) == ["global"]  # another app
    assert http.calls == [("guild", 10), ("guild", 20), ("guild", 30), ("guild", 10),
                          ("global", None), ("global", None)]


async def test_button_custom_ids_carry_short_commands_and_remember_long_ones() -> None:
    # async: discord.py views only track being stopped on a running loop
    from adapters.discord_.buttons import ButtonCommands  # noqa: PLC0415
    from bot.messages import Action  # noqa: PLC0415

    buttons = ButtonCommands(remember=2)
    assert buttons.custom_id("onthisday 6 May page 2") == "dl:onthisday 6 May page 2"
    long = "ask " + "what happened " * 10 + "page 2"
    digest = buttons.custom_id(long)
    assert digest.startswith("dl#") and len(digest) <= 100
    assert buttons.command(digest) == long
    buttons.custom_id("x" * 120)
    buttons.custom_id("y" * 120)  # the oldest long command is forgotten
    assert buttons.command(digest) is None
    assert buttons.command("someone-else's-button") is None
    view = buttons.view((Action("More", "more page 2", "primary"), Action("L" * 90, "help")))
    assert view is not None and view.is_finished()
    labels = [item.label for item in view.children]  # type: ignore[attr-defined]
    assert labels[0] == "More" and len(labels[1]) == 80
    assert buttons.view(()) is None
