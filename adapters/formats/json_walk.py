"""Reading a JSON document of the form ``{..., "events": [...], ...}`` with the line each
event starts on, for Dateline's JSON and TimelineJS's.

``json.loads`` gives values but not where they were, and a bad event should be named by
its line. So the top-level object and the ``events`` array are stepped through here, and
every value (each key, each event, each other member) is decoded by ``json`` itself
(``JSONDecoder.raw_decode``); nothing of JSON's syntax is parsed by hand but commas,
colons and brackets between values.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, NoReturn

from adapters.formats.rows import FormatError, line_of

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@dataclass(slots=True)
class Document:
    """The top-level members but ``events``, and each event with its starting line."""

    members: dict[str, Any] = field(default_factory=dict)
    events: list[tuple[int, Any]] | None = None


def read(text: str) -> Document:
    """Step through the document; ``FormatError`` names the line of a syntax error."""
    try:
        return _Walker(text).document()
    except FormatError:
        raise
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise FormatError("not valid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise FormatError(f"not valid JSON: {exc}") from None


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 1
        self.counted = 0  # lines are counted up to here

    def document(self) -> Document:
        found = Document()
        self.expect("{")
        if not self.peek("}"):
            while True:
                key = self.value()
                if not isinstance(key, str):
                    self.fail("expected a member name in double quotes")
                self.expect(":")
                if key == "events" and self.peek("["):
                    found.events = self.array()
                else:
                    found.members[key] = self.value()
                if not self.peek(","):
                    break
                self.expect(",")
        self.expect("}")
        self.skip()
        if self.at != len(self.text):
            self.fail("extra data after the document")
        return found

    def array(self) -> list[tuple[int, Any]]:
        items: list[tuple[int, Any]] = []
        self.expect("[")
        if self.peek("]"):
            self.expect("]")
            return items
        while True:
            self.skip()
            items.append((self.here(), self.value()))
            if not self.peek(","):
                break
            self.expect(",")
        self.expect("]")
        return items

    def value(self) -> Any:
        self.skip()
        value, self.at = _DECODER.raw_decode(self.text, self.at)
        return value

    def skip(self) -> None:
        match = _SPACE.match(self.text, self.at)
        self.at = match.end() if match else self.at

    def peek(self, char: str) -> bool:
        self.skip()
        return self.text.startswith(char, self.at)

    def expect(self, char: str) -> None:
        if not self.peek(char):
            self.fail(f"expected {char!r}")
        self.at += 1

    def here(self) -> int:
        self.line = line_of(self.text, self.at, start=self.counted, line=self.line)
        self.counted = self.at
        return self.line

    def fail(self, reason: str) -> NoReturn:
        found = self.text[self.at : self.at + 1] or "the end of the file"
        raise FormatError(f"not valid JSON: {reason}, found {found!r}", self.here())
