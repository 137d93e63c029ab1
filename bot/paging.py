"""Pages of long answers: which slice a request asks for, and how a reply says what it
shows, how many there are in all, and the command that shows the next page.

A request names its page with a trailing ``page N`` ("onthisday 7 January page 2");
the reply's ``next`` is the same command one page on, which adapters offer as a
"More" button and ``more`` runs for whoever asked last in that channel.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from bot.messages import Action

_PAGE = re.compile(r"(?:^|\s+)page\s*(\d{1,6})\s*$", re.IGNORECASE)
MAX_REMEMBERED = 10_000


def split_page(args: str) -> tuple[str, int]:
    """The arguments without a trailing ``page N``, and N (1 when absent or zero)."""
    match = _PAGE.search(args)
    if match is None:
        return args, 1
    return args[: match.start()].rstrip(), max(int(match.group(1)), 1)


@dataclass(frozen=True, slots=True)
class Page:
    """The slice of a list one reply shows."""

    number: int
    size: int
    command: str  # the request without its page, to name the next one

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def past_the_end(self, total: int) -> bool:
        return self.number > 1 and self.offset >= total

    def footer(self, shown: int, total: int) -> str:
        """"Showing 26–50 of 140. Say “more” for the next 25." (nothing when all fit)."""
        if total <= shown and self.number == 1:
            return ""
        first, last = self.offset + 1, self.offset + shown
        text = f"Showing {first:,}–{last:,} of {total:,}."
        remaining = total - last
        if remaining > 0:
            text += f" Say “more” for the next {min(remaining, self.size):,}."
        return text

    def next(self, shown: int, total: int) -> str | None:
        if self.offset + shown >= total:
            return None
        return f"{self.command} page {self.number + 1}"

    def actions(self, shown: int, total: int) -> tuple[Action, ...]:
        following = self.next(shown, total)
        return (Action("More", following, "primary"),) if following else ()

    def beyond(self, total: int, noun: str) -> str:
        pages = max(1, -(-total // self.size))
        return f"There is no page {self.number}: {total:,} {noun} make {pages:,} page" + (
            "s." if pages != 1 else "."
        )


class Continuations:
    """The last "next page" command per asker and channel, so ``more`` can run it.
    Bounded, oldest forgotten first; kept in memory only."""

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        self._next: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._limit = limit

    def remember(self, who: str, channel: str, command: str | None) -> None:
        key = (who, channel)
        self._next.pop(key, None)
        if command:
            self._next[key] = command
            while len(self._next) > self._limit:
                self._next.popitem(last=False)

    def get(self, who: str, channel: str) -> str | None:
        return self._next.get((who, channel))
