"""Reply -> Block Kit: Slack's limits, splitting without loss, escaping and link safety."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from adapters.slack_.markup import escape, link, safe_url
from adapters.slack_.render import (
    MAX_BLOCKS,
    MAX_HEADER,
    MAX_MESSAGE_TEXT,
    MAX_SECTION_TEXT,
    SlackMessage,
    block_chars,
    chunks,
    home_view,
    render,
)
from bot.messages import Action, Citation, Reply, ReplyKind, Section

PINGS = "Strike <!channel> <!here> <@U123> & <#C1> <https://evil.example|click>"


def all_text(messages: list[SlackMessage]) -> str:
    return json.dumps([m.payload() for m in messages], ensure_ascii=False)


def assert_within_limits(message: SlackMessage) -> None:
    assert len(message.blocks) <= MAX_BLOCKS
    assert sum(block_chars(b) for b in message.blocks) <= MAX_MESSAGE_TEXT
    for block in message.blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= MAX_HEADER
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= MAX_SECTION_TEXT
    assert message.text


def test_escape_turns_control_characters_into_entities() -> None:
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape("<!channel>") == "&lt;!channel&gt;"


def test_event_text_can_never_ping_or_link() -> None:
    reply = Reply(
        ReplyKind.ANSWER,
        PINGS,
        PINGS,
        sections=(Section(PINGS, (PINGS,), (Citation(PINGS, PINGS, None, PINGS),)),),
        footer=PINGS,
    )
    messages = render(reply)
    dumped = all_text(messages)
    for raw in ("<!channel>", "<!here>", "<@U123>", "<#C1>", "<https://evil"):
        assert raw not in dumped
    assert "&lt;!channel&gt;" in dumped
    assert "&lt;@U123&gt; &amp; " in dumped
    assert "<" not in messages[0].text


def test_links_are_built_only_from_safe_http_urls() -> None:
    assert link("https://example.com/a?x=1&y=2", "Pub: <b>") == (
        "<https://example.com/a?x=1&amp;y=2|Pub: &lt;b&gt;>"
    )
    for bad in (
        "javascript:alert(1)",
        "ftp://example.com/file",
        "https://exa mple.com",
        "https://",
        "",
        None,
    ):
        assert safe_url(bad) is None
        assert link(bad, "<!here>") == "&lt;!here&gt;"


def test_citation_with_unsafe_url_keeps_the_label_without_a_link() -> None:
    section = Section("Event", (), (Citation("Pub", "Title", "javascript:alert(1)", "1 May"),))
    text = render(Reply(ReplyKind.ANSWER, "T", sections=(section,)))[0].blocks[-1]["text"]["text"]
    assert "• Pub: Title (1 May)" in text
    assert "javascript" not in text


def test_long_answer_is_split_into_messages_within_limits_and_nothing_is_lost() -> None:
    sections = tuple(
        Section(f"Event number {i}", ("x" * 900, f"marker-{i}-end"), event_id=i) for i in range(80)
    )
    reply = Reply(ReplyKind.ANSWER, "Many events", "lead", sections=sections, footer="foot")
    messages = render(reply)
    assert len(messages) > 1
    for message in messages:
        assert_within_limits(message)
    dumped = all_text(messages)
    for i in range(80):
        assert f"marker-{i}-end" in dumped
    assert "Part 1 of" in dumped
    assert f"part {len(messages)} of {len(messages)}" in dumped


def test_many_small_sections_respect_the_block_limit() -> None:
    sections = tuple(Section(f"e{i}") for i in range(130))
    messages = render(Reply(ReplyKind.LIST, "List", sections=sections))
    assert len(messages) == 3
    for message in messages:
        assert_within_limits(message)


def test_one_huge_section_is_split_across_blocks() -> None:
    huge = "word " * 2000  # 10,000 characters in one line
    messages = render(Reply(ReplyKind.ANSWER, "T", sections=(Section("h", (huge,)),)))
    for message in messages:
        assert_within_limits(message)
    joined = "".join(
        b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section"
    )
    assert joined.count("word") == 2000


def test_long_title_is_not_cut_but_moved_out_of_the_header() -> None:
    title = "T" * 400
    blocks = render(Reply(ReplyKind.ANSWER, title))[0].blocks
    assert blocks[0]["type"] == "section"
    assert title in blocks[0]["text"]["text"]


def test_errors_and_help_are_ephemeral_answers_are_not() -> None:
    assert render(Reply(ReplyKind.ERROR, "Not allowed", "no"))[0].ephemeral
    assert render(Reply(ReplyKind.HELP, "Help"))[0].ephemeral
    assert not render(Reply(ReplyKind.ANSWER, "Answer"))[0].ephemeral


def test_actions_become_buttons_whose_value_is_the_command() -> None:
    reply = Reply(
        ReplyKind.ANSWER,
        "T",
        actions=(Action("Approve <!here>", "approve 3", "primary"), Action("x" * 90, "reject 3")),
    )
    actions = next(b for b in render(reply)[0].blocks if b["type"] == "actions")
    first, second = actions["elements"]
    assert first["value"] == "approve 3" and first["style"] == "primary"
    assert first["action_id"] != second["action_id"]
    assert len(second["text"]["text"]) <= 75 and second["text"]["text"].endswith("…")


def test_home_view_lists_upcoming_and_says_how_to_ask() -> None:
    upcoming = Reply(ReplyKind.LIST, "Upcoming", sections=(Section("In 2 days: <!here>"),))
    view = home_view(upcoming)
    dumped = json.dumps(view)
    assert view["type"] == "home"
    assert "/dateline help" in dumped and "In 2 days: &lt;!here&gt;" in dumped


def test_home_view_says_when_it_cannot_show_everything() -> None:
    upcoming = Reply(
        ReplyKind.LIST, "Upcoming", sections=tuple(Section(f"e{i}") for i in range(150))
    )
    view = home_view(upcoming)
    assert len(view["blocks"]) <= 100
    assert "not shown here" in json.dumps(view)


@given(st.text(alphabet="ab &<>\n", max_size=3000), st.integers(min_value=20, max_value=400))
def test_chunks_never_exceed_the_limit_nor_break_an_entity(raw: str, limit: int) -> None:
    escaped = escape(raw.replace("\n", ""))
    pieces = chunks(escaped, limit)
    assert all(len(piece) <= limit for piece in pieces)
    assert "".join(pieces) == escaped
    for piece in pieces:
        tail = piece[piece.rfind("&") :] if "&" in piece else ""
        assert not tail or ";" in tail
