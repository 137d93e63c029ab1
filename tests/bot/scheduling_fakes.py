"""Tiny fakes for scheduler tests: a clock the test moves, and a recording publisher
that can fail, hang mid-post, or behave like a platform's idempotency on retry."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.messages import Reply
from bot.ports import Posted


class SteppedClock:
    """``sleep_until`` blocks until the test moves time to or past the wake-up time."""

    def __init__(self, start: datetime) -> None:
        self.current = start
        self.sleepers: list[datetime] = []
        self.naps = 0
        self._seen = 0
        self._moved = asyncio.Condition()

    def now(self) -> datetime:
        return self.current

    async def sleep_until(self, when: datetime) -> None:
        async with self._moved:
            self.sleepers.append(when)
            self.naps += 1
            self._moved.notify_all()
            try:
                await self._moved.wait_for(lambda: self.current >= when)
            finally:
                self.sleepers.remove(when)
                self._moved.notify_all()

    async def set(self, when: datetime) -> None:
        async with self._moved:
            self.current = when
            self._moved.notify_all()

    async def advance(self, **delta: float) -> None:
        await self.set(self.current + timedelta(**delta))

    async def asleep(self) -> datetime:
        """Wait for a new sleep (one begun since the last call) until a time still
        ahead; returns that time."""

        def waiting() -> bool:
            return self.naps > self._seen and any(when > self.current for when in self.sleepers)

        async with self._moved:
            await asyncio.wait_for(self._moved.wait_for(waiting), 5)
            self._seen = self.naps
            return self.sleepers[-1]


@dataclass
class Post:
    channel: str
    key: str
    reply: Reply
    retry: bool


@dataclass
class RecordingPublisher:
    """Records every post. ``failures[channel]`` are raised one per attempt; a channel in
    ``hang_after_landing`` records the post, then never answers (a crash after the
    platform accepted it). On ``retry`` it finds an earlier post with the same key, as
    Discord's nonce and Slack's metadata lookup do."""

    posts: list[Post] = field(default_factory=list)
    attempts: list[Post] = field(default_factory=list)
    failures: dict[str, list[Exception]] = field(default_factory=dict)
    hang_after_landing: set[str] = field(default_factory=set)
    hanging: asyncio.Event = field(default_factory=asyncio.Event)

    async def publish(self, channel: str, reply: Reply, *, key: str, retry: bool = False) -> Posted:
        post = Post(channel, key, reply, retry)
        self.attempts.append(post)
        pending = self.failures.get(channel)
        if pending:
            raise pending.pop(0)
        if retry:
            for index, earlier in enumerate(self.posts):
                if (earlier.channel, earlier.key) == (channel, key):
                    return Posted(f"m{index}", deduplicated=True)
        self.posts.append(post)
        if channel in self.hang_after_landing:
            self.hanging.set()
            await asyncio.Event().wait()
        return Posted(f"m{len(self.posts) - 1}")

    def keys(self, channel: str | None = None) -> list[str]:
        return [p.key for p in self.posts if channel is None or p.channel == channel]
