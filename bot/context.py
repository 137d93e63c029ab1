"""What a command handler gets: the store, the asker, and the asker's local time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.datephrases import NumericOrder
from bot.messages import Actor
from bot.parsing import ParseSettings
from bot.ports import EventStore


@dataclass(frozen=True, slots=True)
class BotSettings:
    """The core's settings, loaded once by the composition root."""

    default_tz: str = "UTC"
    numeric_order: NumericOrder | None = None
    max_events: int = 25

    @property
    def parse_settings(self) -> ParseSettings:
        return ParseSettings(numeric_order=self.numeric_order)


@dataclass(frozen=True, slots=True)
class Context:
    """One request's view of the world. ``now`` is in the asker's timezone."""

    store: EventStore
    actor: Actor
    channel: str
    now: datetime
    tz: str
    settings: BotSettings = field(default_factory=BotSettings)

    @property
    def today(self) -> date:
        return self.now.date()
