"""Random replies for the rendering property tests (``test_render_schemas``): every
kind, blank, huge, unicode and hostile text, many sections (some naming moments,
people and commands as typed pieces), citations with odd URLs, many actions, long
footers; and random display names (hostile ones too) and command forms, as the
Discord and Slack clients look them up before rendering."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from adapters.discord_.command_forms import slash_forms
from adapters.discord_.inline import Lookups as DiscordLookups
from adapters.slack_.command_forms import slack_forms
from adapters.slack_.inline import Lookups as SlackLookups
from bot.command_set import build_commands
from bot.messages import (
    Action,
    Citation,
    CommandRef,
    Moment,
    Person,
    Reply,
    ReplyKind,
    Section,
    rich_section,
)

HOSTILE = (
    "<@123456789012345678>", "<@!1>", "<@&2>", "<#3>", "</ask:4>", "</ask sub:5>",
    "<t:1618953630:f>", "<t:1>", "<:pog:6>", "<a:pog:7>", "<id:customize>", "@everyone",
    "@here", "*b*", "**", "_i_", "~s~", "~~", "`c`", "```", "||s||", "> q", ">>> q", "# h",
    "-# s", "1. x", "- x", "[x](https://evil.example)", "[", "]", "(", ")", "\\", "<!channel>",
    "<!here>", "<@U123>", "<https://evil.example|click>", "#general", "&amp;", "&", "<", ">",
    "|", ":smile:", "https://bare.example/a_(b)", "＊", "＿", "｀", "＞",
    "\u200b", "\u00a0", "\u3000", "\u2028", "\u00ad", "é", "👍🏽", "ﷺ", "\n", " ", "\t",
)
SPACES = (" ", "\t", "\n", " \n", "\u3000", "\u00a0", "\u2028")
PIECES = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))
BLANK = st.sampled_from(["", " ", "   ", "\n", "\t \u3000\u00a0\u2028", "\n\n  \n"])


@st.composite
def huge(draw: st.DrawFn, most: int = 7000) -> str:
    # Half the runs are whitespace: the runs a splitter can turn into blank pieces.
    piece = draw(st.sampled_from((*HOSTILE, "word ", "x", "é\n")) | st.sampled_from(SPACES))
    size = draw(st.sampled_from([n for n in (300, 1100, 2100, 4200, 7000) if n <= most]))
    return (piece * (size // len(piece) + 1))[:size]


def padded(run: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A long run between other text, on a line of its own or not."""
    edge = st.sampled_from(("", "\n"))
    return st.tuples(PIECES, edge, run, edge, PIECES).map("".join)


TEXTS = st.one_of(st.lists(PIECES, max_size=6).map("".join), BLANK, huge(), padded(huge()))
# Section text is repeated up to 30 times per reply; 2,100 characters still
# overflows a field value and a section block, at a third of the rendering time.
SECTION_TEXTS = st.one_of(
    st.lists(PIECES, max_size=6).map("".join), BLANK, huge(2100), padded(huge(2100))
)
SHORT = st.one_of(st.lists(PIECES, max_size=3).map("".join), BLANK)
URLS = st.one_of(
    st.none(),
    st.sampled_from((
        "https://en.wikipedia.org/wiki/Foo_(b)", "https://x.example/a((b))", "https://x.example/a(b",
        "https://x.example/a)b", "https://x.example/a|<!channel>", "https://x.example/a>b c",
        "https://bücher.example/ä?q=1&r=2#f", "javascript:alert(1)", "ftp://x.example/f", "",
        "https://", "https://x.example/" + "a" * 3000, "HTTPS://X.EXAMPLE/Q?A=B&C=D",
    )),
    PIECES.map(lambda tail: "https://news.example/" + tail),
)
CITATIONS = st.builds(Citation, SHORT, SECTION_TEXTS, URLS, SHORT)
PLAIN_SECTIONS = st.builds(
    Section, SECTION_TEXTS, st.lists(SECTION_TEXTS, max_size=3).map(tuple),
    st.lists(CITATIONS, max_size=3).map(tuple), st.none() | st.integers(1, 99),
)
# Typed pieces: moments (naive ones too, and before 1970) with hostile fallback text,
# people of every kind of ref, commands of the table and made-up ones.
TABLE = build_commands()
NAIVE_TIMES = st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1))  # noqa: DTZ001
MOMENTS = st.builds(Moment, NAIVE_TIMES | NAIVE_TIMES.map(lambda t: t.replace(tzinfo=UTC)), SHORT)
REFS = st.sampled_from(("discord:42", "discord:7", "slack:U42", "slack:U7", "console:local",
                        "import")) | PIECES
COMMAND_REFS = st.builds(CommandRef, st.sampled_from([c.name for c in TABLE]) | PIECES, SHORT)
INLINES = st.one_of(SHORT, SHORT, huge(2100), MOMENTS, st.builds(Person, REFS), COMMAND_REFS)
PARTS = st.lists(INLINES, max_size=5).map(tuple)
RICH_SECTIONS = st.builds(rich_section, PARTS, st.lists(PARTS, max_size=3).map(tuple))
SECTIONS = PLAIN_SECTIONS | RICH_SECTIONS
# A line of moments with no space to split at, longer than a field value or section.
LONG_MOMENTS = rich_section((Moment(datetime(2026, 1, 1), "x|y>"),) * 2,  # noqa: DTZ001
                            ((Moment(datetime(2026, 1, 1, tzinfo=UTC), "z" * 50),) * 300,))
NAMES = st.dictionaries(REFS, SHORT | st.sampled_from(HOSTILE), max_size=4)
DISCORD_FORMS = (
    {}, slash_forms(TABLE), slash_forms(TABLE, {c.name: 10**17 + i for i, c in enumerate(TABLE)}))
NO_LOOKUPS = DiscordLookups()
DISCORD_LOOKUPS = st.builds(DiscordLookups, NAMES, st.sampled_from(DISCORD_FORMS))
SLACK_LOOKUPS = st.builds(SlackLookups, NAMES, st.sampled_from(({}, slack_forms(TABLE))))
COMMANDS = st.one_of(
    st.text(min_size=1, max_size=30), st.sampled_from(("x" * 98, "y" * 150, "z" * 2100))
)
ACTIONS = st.builds(
    Action, SHORT | st.just("L" * 90), COMMANDS,
    st.sampled_from(("default", "primary", "danger", "odd")),
)


@st.composite
def replies(draw: st.DrawFn) -> Reply:
    # Repeating a few drawn sections reaches 25+ fields and 50+ blocks cheaply.
    sections = draw(st.lists(SECTIONS, max_size=4)) * draw(st.sampled_from((1, 1, 1, 30)))
    actions = draw(st.lists(ACTIONS, max_size=4)) * draw(st.sampled_from((1, 1, 8)))
    return Reply(
        kind=draw(st.sampled_from(ReplyKind)),
        title=draw(TEXTS),
        text=draw(TEXTS),
        sections=tuple(sections),
        actions=tuple(actions),
        footer=draw(TEXTS),
        reference=draw(st.none() | SHORT),
        private=draw(st.booleans()),
        total=draw(st.none() | st.integers(0, 10_000)),
        next=draw(st.none() | COMMANDS),
    )
