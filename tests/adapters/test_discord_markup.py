"""Discord text and links: nothing in event text impersonates, every link keeps its address.

Links are checked with the masked-link grammar Discord's client uses, that of
simple-markdown (Khan Academy), ported below: ``[label](target)`` where the
target is plain characters or ``(…)`` groups.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord_.markup import ZWSP, escape, inert, masked_link, safe_url
from adapters.discord_.render import citation_line
from bot.messages import Citation

LINK_INSIDE = r"(?:\[[^\]]*\]|[^\[\]]|\](?=[^\[]*\]))*"
LINK_HREF_AND_TITLE = r"\s*<?((?:\([^)]*\)|[^\s\\]|\\.)*?)>?(?:\s+['\"]([\s\S]*?)['\"])?\s*"
MASKED_LINK = re.compile(r"\[(" + LINK_INSIDE + r")\]\(" + LINK_HREF_AND_TITLE + r"\)")

# Discord's message formatting reference: each renders as a pill, link,
# timestamp or emoji when its "<" is directly followed by the sigil.
MENTION_FORMS = (
    "<@80351110224678912>", "<@!80351110224678912>", "<@&165511591545143296>",
    "<#103735883630395392>", "</airhorn:816437322781949972>", "</ask sub:5>",
    "<:mmLol:216154654256398347>", "<a:b1nzy:392938283556143104>", "<t:1618953630>",
    "<t:1618953630:d>", "<id:customize>",
)
LIVE = re.compile(r"<(?:@[!&]?\d+|#\d+|/[^<>:]+:\d+|a?:\w+:\d+|t:-?\d+(?::\w)?|id:\w+)>")


def link_target(markdown: str) -> str | None:
    """The address Discord links ``markdown``'s first masked link to."""
    found = MASKED_LINK.search(markdown)
    return re.sub(r"\\([^0-9A-Za-z\s])", r"\1", found.group(2)) if found else None


def test_mention_forms_show_as_typed_but_never_parse() -> None:
    for form in MENTION_FORMS:
        for shown in (escape(form), inert(form), escape(f"**{form}**")):
            assert not LIVE.search(shown)
        assert escape(form).replace(ZWSP, "") == form  # nothing visible changes


def test_everyone_and_here_are_broken_too() -> None:
    assert escape("@everyone and @here") == f"@{ZWSP}everyone and @{ZWSP}here"


def test_footer_text_is_not_markdown_escaped() -> None:
    # Footers do not render markdown: a backslash there would be shown.
    assert inert("a_b *c* [d]") == "a_b *c* [d]"


def test_wikipedia_address_is_kept_exactly_in_a_masked_link() -> None:
    url = "https://en.wikipedia.org/wiki/Foo_(b)"
    line = citation_line(Citation("Wikipedia", "Foo (b)", url, "1 May"))
    assert line == f"• [Wikipedia: Foo (b)]({url}) (1 May)"
    assert link_target(line) == url


def test_only_characters_a_uri_cannot_hold_are_encoded() -> None:
    assert safe_url("https://e.com/x y|z\"<>") == "https://e.com/x%20y%7Cz%22%3C%3E"
    assert safe_url("https://e.com/a?b=1&c=[2]#x!$'*+,;=~") == "https://e.com/a?b=1&c=[2]#x!$'*+,;=~"
    assert safe_url("https://e.com/%28already%29") == "https://e.com/%28already%29"
    assert safe_url("https://bücher.example/ä") == "https://xn--bcher-kva.example/%C3%A4"


def test_parentheses_are_encoded_only_when_a_link_could_not_hold_them() -> None:
    assert safe_url("https://e.com/a(b)c(d)") == "https://e.com/a(b)c(d)"
    assert safe_url("https://e.com/a((b))") == "https://e.com/a%28%28b%29%29"
    assert safe_url("https://e.com/a)b(") == "https://e.com/a%29b%28"


def test_unusable_addresses_make_no_link() -> None:
    for bad in ("javascript:alert(1)", "ftp://e.com/f", "https://", "https://exa mple.com", "",
                None, "https://[broken/"):
        assert safe_url(bad) is None
    assert masked_link("Pub", "javascript:alert(1)") == "Pub"
    assert masked_link(" ", "https://e.com/a_(b)") == "<https://e.com/a_(b)>"


URL_TAILS = st.text(alphabet="abc()[]_-~%!$&'*+,;=:@/?#|<> \"\\é", max_size=30)
LABELS = st.text(alphabet="ab[]()\\*_`|<>: ", max_size=20)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(URL_TAILS, LABELS)
def test_every_citation_links_to_its_address(tail: str, label: str) -> None:
    url = "https://e.example/" + tail
    target = safe_url(url)
    assert target is not None
    line = citation_line(Citation(label, "t", url, "1 May"))
    assert link_target(line) == target
    assert line.endswith(f"]({target}) (1 May)")  # the link ends where the address does
    kept = all(ch not in tail for ch in "|<> \"\\é")
    if kept and re.fullmatch(r"[^()]*(\([^()]*\)[^()]*)*", tail):
        assert target == url  # nothing needed encoding: the very same string
