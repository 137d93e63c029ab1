"""Slack mrkdwn from plain text: shows exactly the text, never formats, mentions or links.

``shown`` models what Slack displays for Dateline's escaped text: a date token
``<!date^…|fallback>`` it cannot format shows its fallback verbatim, and
``&amp;``/``&lt;``/``&gt;`` show as ``&``, ``<``, ``>``. Outside date tokens
no formatting character, ``<`` or bare ``&`` may remain: those are what Slack
parses.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack_.markup import SOFT_HYPHEN, escape_mrkdwn, link, safe_url
from adapters.slack_.render import chunks, render, section_blocks
from bot.messages import Action, Citation, Reply, ReplyKind, Section

DATE_TOKEN = re.compile(r"<!date\^00000000\^\{_\}\|([^<>|]*)>")
FORMATTING = "*_~`＊＿｀"


def shown(mrkdwn: str) -> str:
    text = DATE_TOKEN.sub(r"\1", mrkdwn)
    text = re.sub(f"^{SOFT_HYPHEN}(?=&gt;|＞)", "", text, flags=re.MULTILINE)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def parsed_by_slack(mrkdwn: str) -> str:
    """What is left for Slack's formatting and mention parser once tokens are set aside."""
    return re.sub(r"&(?:amp|lt|gt);", "", DATE_TOKEN.sub("", mrkdwn))


PLAIN = st.text(alphabet=st.characters(blacklist_characters=SOFT_HYPHEN), max_size=200) | (
    st.text(alphabet=f"{FORMATTING}<>&|!@#: \nab>", max_size=200)
)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(PLAIN)
def test_escaped_text_shows_exactly_and_leaves_nothing_to_parse(text: str) -> None:
    escaped = escape_mrkdwn(text)
    assert shown(escaped) == text
    left = parsed_by_slack(escaped)
    assert not set(left) & set(FORMATTING + "<>&")
    assert not re.search(r"^(?:&gt;|＞)", escaped, re.MULTILINE)  # no line starts a quote


HOSTILE = "*a* _b_ ~c~ `d` ＊e＊\n> f <!here> & #general"


def test_event_text_is_escaped_wherever_it_appears() -> None:
    reply = Reply(
        ReplyKind.ANSWER, HOSTILE * 4, HOSTILE,
        (Section(HOSTILE, (HOSTILE,), (Citation(HOSTILE, HOSTILE, None, HOSTILE),)),),
        actions=(Action(HOSTILE, "x" * 2100),), footer=HOSTILE,
    )
    texts = [obj["text"] for m in render(reply) for b in m.blocks
             for obj in [b.get("text"), *b.get("elements", ())] if obj and obj["type"] == "mrkdwn"]
    assert len(texts) == 5  # title, lead, section, spilled action, footer
    for text in texts:
        own = re.sub(r"`/dateline x+`", "", text)  # the command Dateline spells out
        own = re.sub(r"^\*(.*)\*$", r"\1", own, flags=re.MULTILINE)  # a heading's bold
        assert not set(parsed_by_slack(own)) & set(FORMATTING + "<>")


def test_formatting_characters_cannot_break_the_bold_heading() -> None:
    [block] = section_blocks(Section("*Strike* on _Iran_ ~or~ `not`"))
    heading = block["text"]["text"]
    assert heading.startswith("*") and heading.endswith("*")
    assert "*" not in parsed_by_slack(heading)[1:-1]
    assert shown(heading) == "**Strike* on _Iran_ ~or~ `not`*"


def test_blank_heading_gets_a_placeholder() -> None:
    [block] = section_blocks(Section("  \n ", ("line",)))
    assert block["text"]["text"] == "*(untitled)*\nline"


def test_every_mrkdwn_object_is_verbatim() -> None:
    reply = Reply(ReplyKind.ANSWER, "T" * 200, "https://x.example #general @sam",
                  (Section("h", ("l",)),), footer="f", reference="r`1")
    mrkdwn = [obj for m in render(reply) for b in m.blocks
              for obj in [b.get("text"), *b.get("elements", ())] if obj and obj["type"] == "mrkdwn"]
    assert len(mrkdwn) == 5 and all(obj["verbatim"] is True for obj in mrkdwn)
    assert "`r'1`" in mrkdwn[-1]["text"]  # a backtick cannot end the code span early


def test_a_pipe_in_an_address_keeps_the_link() -> None:
    assert link("https://example.com/a|b", "Pub") == "<https://example.com/a%7Cb|Pub>"
    assert link("https://example.com/a|<!channel>", "x") == (
        "<https://example.com/a%7C%3C!channel%3E|x>"
    )
    assert safe_url("https://e.com/a (b)?q=1&r=2") == "https://e.com/a%20(b)?q=1&r=2"
    assert link("https://e.com/a?x=1&y=2", "") == "<https://e.com/a?x=1&amp;y=2>"


def test_an_empty_reply_is_still_a_message_with_a_block() -> None:
    [message] = render(Reply(ReplyKind.EMPTY, " "))
    assert message.blocks == ({"type": "header", "text": {"type": "plain_text",
                                                          "text": "Dateline"}},)
    assert message.text == "Dateline"


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="ab *_&<>\n", max_size=3000), st.integers(min_value=80, max_value=400))
def test_chunks_never_split_a_date_token(raw: str, limit: int) -> None:
    escaped = escape_mrkdwn(raw.replace("\n", ""))
    pieces = chunks(escaped, limit)
    assert all(len(piece) <= limit for piece in pieces)
    assert "".join(pieces) == escaped
    assert all(shown(piece).count("<") == piece.count("&lt;") for piece in pieces)
