"""Help and "not understood" offer their examples as actions (buttons on Discord and
Slack) and name each command as a typed reference a platform can show in its own form;
history and audit name moments and people as typed pieces."""

from __future__ import annotations

from adapters.console_render import render_text
from bot.helping import EXAMPLES
from bot.messages import CommandRef, Moment, Person, ReplyKind, Role, plain
from tests.conftest import Ask


async def test_general_help_offers_the_example_questions_as_actions(ask: Ask) -> None:
    reply = await ask("help")
    assert reply.kind is ReplyKind.HELP
    assert [a.command for a in reply.actions] == list(EXAMPLES)
    assert reply.actions[0].label == "What happened on 7 January?"


async def test_help_for_one_command_offers_its_own_examples(ask: Ask) -> None:
    reply = await ask("help upcoming")
    assert [a.command for a in reply.actions][:2] == ["upcoming", "upcoming 7"]


async def test_help_names_each_command_as_a_typed_reference(ask: Ask) -> None:
    reply = await ask("help", role=Role.MODERATOR)
    lines = [parts for s in reply.sections for parts in s.line_parts()]
    assert all(isinstance(parts[0], CommandRef) for parts in lines)
    assert ("timeline TOPIC: Events about a topic in date order"
            in [plain(parts) for parts in lines])


async def test_general_help_is_a_few_groups_a_platform_shows_in_one_message(ask: Ask) -> None:
    reply = await ask("help", role=Role.MODERATOR)
    assert [s.heading for s in reply.sections] == [
        "Questions", "Events (moderators)", "Audit (moderators)",
        "Scheduled posts (moderators)",
    ]
    member = await ask("help")
    assert [s.heading for s in member.sections] == ["Questions"]


async def test_help_for_one_command_shows_its_examples(ask: Ask) -> None:
    reply = await ask("help timeline")
    [section] = reply.sections
    assert section.rich_heading[0] == CommandRef("timeline", "timeline TOPIC")
    assert section.lines == ("Example: timeline Iran",)


async def test_not_understood_offers_the_examples_to_press(ask: Ask) -> None:
    reply = await ask("blorp")
    assert reply.kind is ReplyKind.ERROR
    assert [a.command for a in reply.actions] == list(EXAMPLES)


async def test_the_console_does_not_repeat_suggestions_the_text_already_shows(ask: Ask) -> None:
    text = render_text(await ask("help timeline"))
    assert text.count("timeline Iran") == 1
    assert "Try:" not in render_text(await ask("blorp"))


async def test_history_names_the_moment_and_the_person_as_typed_pieces(ask: Ask) -> None:
    await ask("add 2020-01-08 | Trump addresses the nation | | Washington | usa",
              role=Role.MODERATOR)
    reply = await ask("audit 1", role=Role.MODERATOR)
    [section] = reply.sections
    moment, _, person = section.rich_heading
    assert isinstance(moment, Moment) and moment.at.tzinfo is not None
    assert person == Person("test:U1")
    assert section.heading.startswith(moment.text + ": #")
    assert section.heading.endswith(" add by test:U1")
