"""Plain text to and from the HTML that TimelineJS shows.

TimelineJS puts a slide's headline and text into the page as HTML. Dateline's text is
plain text, so an export escapes it (a ``<script>`` in a title is shown, never run) and
turns line breaks into ``<br>``; an import reads the HTML back to plain text with the
standard library's ``html.parser``: tags dropped, entities decoded, ``<br>`` and the ends
of paragraphs made line breaks, scripts and styles left out.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BREAKS = frozenset({"br"})
_BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})
_HIDDEN = frozenset({"script", "style", "template"})
_MANY_BREAKS = re.compile(r"\n{3,}")


def to_html(text: str) -> str:
    """``text`` escaped for HTML, each line break a ``<br>``."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def to_text(markup: str) -> str:
    reader = _TextReader()
    reader.feed(markup)
    reader.close()
    return _MANY_BREAKS.sub("\n\n", "".join(reader.parts)).strip()


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)
